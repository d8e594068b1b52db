"""The command line fuzzed in-process: generated scenario files (valid, and TOML mutated
character by character), delivery logs (CSV with random columns and values) and flags
go to `orgsim.cli.main.main`. Whatever comes in, the command ends with exit 0, or with
exit 2 and exactly one line on stderr (capacity warnings aside), and on failure nothing
is written to --out.

hypothesis runs seeded (`derandomize=True`), so CI sees the same examples every time;
runs are kept to a day or two and a small event budget.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_inputs import BASE, STATION, scenario_text

from orgsim.cli.main import main

FUZZ = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SMALL_RUN = ["--days", "1", "--max-events", "2e5"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def outcome(argv: list[str], capsys, out: Path | None = None) -> int:
    """Run the CLI; assert exit 0, or exit 2 with one error line and `out` untouched."""
    before = snapshot(out) if out is not None and out.is_dir() else None
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code)
    err = capsys.readouterr().err
    lines = [ln for ln in err.strip().splitlines() if ": warning: " not in ln]
    assert "Traceback" not in err, err
    if code == 0:
        return code
    assert code == 2, (argv, err)
    assert len(lines) == 1 and lines[0].startswith("orgsim"), (argv, err)
    if before is not None:
        assert snapshot(out) == before, argv
    return code


def workdir(tmp_path: Path) -> Path:
    """A fresh folder per example (hypothesis reuses the test's tmp_path)."""
    path = Path(tempfile.mkdtemp(dir=tmp_path))
    (path / "out").mkdir()
    (path / "out" / "sentinel.txt").write_text("keep me")
    return path


VALID = scenario_text(BASE, STATION)
# Characters that break TOML in interesting ways: quotes, brackets, dots, escapes, controls.
NOISE = st.sampled_from([*"\"'[]{}.=,#\\\n\t \x00\x1b\x7f0123456789-+eEinfa", "\u00e9", "\u2028"])


@st.composite
def mutated_toml(draw) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        if op == "insert":
            text = text[:i] + draw(NOISE) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)) :]
        elif op == "replace":
            text = text[:i] + draw(NOISE) + text[i + 1 :]
        else:
            j = draw(st.integers(i, min(len(text), i + 60)))
            text = text[:j] + text[i:j] + text[j:]
    return text


NUMBER = st.one_of(
    st.integers(-5, 50).map(str),
    st.floats(allow_nan=True, allow_infinity=True, width=32).map(
        lambda x: {float("inf"): "inf", float("-inf"): "-inf"}.get(x, "nan" if x != x else repr(x))
    ),
    st.sampled_from(["true", '"2"', "[1]", "{}", "1e300", "0"]),
)


@FUZZ
@given(values=st.dictionaries(st.sampled_from(sorted(BASE)), NUMBER, max_size=4))
def test_generated_scenarios_run_or_fail_in_one_line(values, tmp_path, capsys):
    work = workdir(tmp_path)
    path = work / "s.toml"
    path.write_text(scenario_text({**BASE, **values}, STATION))
    outcome(["run", path, *SMALL_RUN, "--out", work / "out"], capsys, work / "out")


@FUZZ
@given(text=mutated_toml())
def test_mutated_scenario_files_run_or_fail_in_one_line(text, tmp_path, capsys):
    work = workdir(tmp_path)
    path = work / "s.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    outcome(["run", path, *SMALL_RUN, "--out", work / "out"], capsys, work / "out")


COLUMN = st.sampled_from(
    ["case_id", "activity", "start", "end", "resource", "team", "size", "case", "task", "x", ""]
)
CELL = st.one_of(
    st.sampled_from(
        [
            "coding",
            "review",
            "release",
            "qa",
            "lunch",
            "",
            "1",
            "-3",
            "2024-01-02",
            "2024-01-02T10:00:00Z",
            "2024-01-05 09:00",
            "2023-12-29T23:00:00+05:00",
            "yesterday",
            "=cmd()",
            "9999-12-31",
            "0001-01-01",
            "NaN",
            "1e308",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters=',\n\r"'), max_size=8),
)


@st.composite
def csv_log(draw) -> str:
    """A delivery log of a few cases through coding, review and release, then spoilt a
    little: cells replaced by odd values, extra or renamed columns, repeated rows."""
    columns = ["case_id", "activity", "start", "end", "resource"]
    rows = []
    for case in range(draw(st.integers(3, 12))):
        t = draw(st.floats(0, 40))
        for activity in ("coding", "review", "release")[: draw(st.integers(1, 3))]:
            length = draw(st.floats(0.05, 5))
            start = pd.Timestamp("2024-01-01T00:00:00Z") + pd.Timedelta(days=t)
            end = start + pd.Timedelta(days=length)
            rows.append([str(case), activity, start.isoformat(), end.isoformat(), f"p{case % 3}"])
            t += length
    for _ in range(draw(st.integers(0, 3))):  # spoil some cells
        r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(columns) - 1))
        rows[r][c] = draw(CELL)
    if draw(st.booleans()):
        columns[draw(st.integers(0, len(columns) - 1))] = draw(COLUMN)
    if draw(st.booleans()):
        rows += draw(st.lists(st.sampled_from(rows), max_size=5))  # exported twice
    return "\n".join(",".join(r) for r in [columns, *rows]) + "\n"


@FUZZ
@given(text=csv_log(), until=st.sampled_from([[], ["--until", "2024-01-20"]]))
def test_generated_logs_fit_or_fail_in_one_line(text, until, tmp_path, capsys):
    work = workdir(tmp_path)
    log = work / "log.csv"
    log.write_text(text)
    outcome(["fit", log, *until, "--out", work / "out" / "fitted.toml"], capsys, work / "out")


FLAG_VALUES = {
    "--seed": ["0", "-1", "x", "1e3", "99999999999999999999"],
    "--days": ["1", "0", "-2", "nan", "inf", "abc"],
    "--set": ["ai.coding_speedup=2", "x", "=1", "ai.nope=1", "org.teams=[", "a.b.c.d.e=1",
              'org.topology.file="/etc/passwd"', "simulation.days=1e9"],
    "--max-events": ["2e5", "0", "-1", "x"],
    "--out": ["OUT", "/proc/orgsim/x", "/dev/null"],
    "--progress": ["off", "sideways"],
}  # fmt: skip


@FUZZ
@given(
    command=st.sampled_from(["run", "check"]),
    flags=st.lists(
        st.sampled_from(sorted(FLAG_VALUES)).flatmap(
            lambda f: st.tuples(st.just(f), st.sampled_from(FLAG_VALUES[f]))
        ),
        max_size=4,
    ),
)
def test_generated_flags_run_or_fail_in_one_line(command, flags, tmp_path, capsys):
    work = workdir(tmp_path)
    path = work / "s.toml"
    path.write_text(VALID)
    argv: list[str] = [command, str(path)]
    for flag, value in flags:
        if command == "check" and flag in ("--seed", "--days", "--out", "--progress"):
            continue
        argv += [flag, str(work / "out") if value == "OUT" else value]
    if command == "run":
        argv += ["--days", "1", "--max-events", "2e5"] if "--days" not in argv else []
    outcome(argv, capsys, work / "out")


@pytest.mark.parametrize("argv", [["run"], ["fit"], ["sweep", "--resume"], ["--data-dir"]])
def test_missing_arguments_are_one_line(argv, capsys):
    outcome(argv, capsys)
