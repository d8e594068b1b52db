"""Bad input, generated: every case ends in exit 2 and one line naming the file, the field
and the problem; no traceback; nothing written; an existing --out left as it was.

Cases are generated with hypothesis (seeded by its database-free derandomized mode, so a
run is reproducible): a valid small scenario with one value replaced by something no
organization can be (inf, NaN, huge, tiny, negative, true, text, a list), unknown keys
anywhere, broken structure, special files, traversal paths, and sweep specs with bad
factors. `orgsim run --out` is pointed at a folder holding a sentinel file each time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_inputs import BAD, BASE, STATION, TINY, scenario_text

from orgsim.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def assert_refused(args: list[str], capsys, out: Path | None = None, name: str = "") -> str:
    before = sorted(p.name for p in out.iterdir()) if out is not None else None
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2, (args, err)
    lines = [ln for ln in err.splitlines() if ": warning: " not in ln]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("orgsim "), err
    if name:
        assert name in lines[0], (name, lines[0])
    if out is not None:
        assert sorted(p.name for p in out.iterdir()) == before
        assert (out / "sentinel.txt").read_text() == "keep me"
    return lines[0]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentinel.txt").write_text("keep me")
    return out


def test_the_base_scenario_is_valid(tmp_path: Path, capsys):
    path = tmp_path / "ok.toml"
    path.write_text(scenario_text(BASE, STATION))
    assert main(["check", str(path)]) == 0


@SETTINGS
@given(field=st.sampled_from(sorted(BASE)), bad=st.sampled_from(BAD))
def test_a_bad_scenario_value_is_refused_naming_the_field(field, bad, tmp_path, capsys, out_dir):
    if field in ("policy.wip_limit", "policy.release_every") and bad in ("-0.5",):
        bad = "-1"
    path = tmp_path / "bad.toml"
    path.write_text(scenario_text({**BASE, field: bad}, STATION))
    line = assert_refused(["run", str(path), "--out", str(out_dir)], capsys, out_dir, str(path))
    assert field.split(".")[-1] in line, line


@SETTINGS
@given(field=st.sampled_from(sorted(STATION)), bad=st.sampled_from(BAD + TINY))
def test_a_bad_station_value_is_refused_naming_the_station(field, bad, tmp_path, capsys):
    if field == "service.cv" and bad in TINY:
        bad = "1e300"  # a tiny cv is a valid one
    path = tmp_path / "bad.toml"
    path.write_text(scenario_text(BASE, {**STATION, field: bad}))
    line = assert_refused(["check", str(path)], capsys, name=str(path))
    assert "pipeline.coding" in line or "pipeline.review" in line, line


@SETTINGS
@given(
    key=st.sampled_from(["simulation", "org", "ai", "policy", "org.demand", "people"]),
    word=st.from_regex(r"[a-z][a-z_]{2,12}", fullmatch=True),
)
def test_an_unknown_key_is_refused(key, word, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(scenario_text({**BASE, f"{key}.zz_{word}": "1"}, STATION))
    assert_refused(["check", str(path)], capsys, name=f"zz_{word}")


@SETTINGS
@given(override=st.sampled_from(sorted(BASE)), bad=st.sampled_from(BAD))
def test_a_bad_set_override_is_refused(override, bad, tmp_path, capsys):
    path = tmp_path / "ok.toml"
    path.write_text(scenario_text(BASE, STATION))
    assert_refused(["check", str(path), "--set", f"{override}={bad}"], capsys, name=override)


BROKEN = {
    "empty": "",
    "comments only": "# nothing here\n\n# at all\n",
    "invalid TOML": "[simulation\ndays = 3\n",
    "deep nesting": "x = " + "[" * 3000 + "]" * 3000 + "\n",
    "not UTF-8": b"\xff\xfe[simulation]\n",
    "binary": bytes(range(256)),
    "pipeline of nothing": "[simulation]\ndays = 5\n[[pipeline]]\n",
    "no such role": '[[pipeline]]\nname = "x"\nrole = "wizard"\n',
    "huge team count": "[org]\nteams = 9223372036854775807\n",
    "huge horizon": "[simulation]\ndays = 1e12\n",
    "huge people": "[org.shared_people]\napprover = 1000000000\n",
    "gate every nanosecond": scenario_text(BASE, STATION).replace(
        '[[pipeline]]\nname = "review"',
        '[[pipeline]]\nname = "gated"\nrole = "automated"\n[pipeline.gate]\nevery = 1e-9\n'
        '[[pipeline]]\nname = "review"',
    ),
    "topology outside the folder": '[org]\nteams = 2\n[org.topology]\nkind = "file"\n'
    'file = "../../../../etc/passwd"\n',
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_refused(case, tmp_path, capsys, out_dir):
    path = tmp_path / "broken.toml"
    data = BROKEN[case]
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    assert_refused(["run", str(path), "--out", str(out_dir)], capsys, out_dir, str(path))


@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "missing", "too large"])
def test_a_special_file_is_refused_without_reading_it(kind, tmp_path, capsys):
    path = tmp_path / "special.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "too large":
        path.write_text("# padding\n" * 200_000)
    assert_refused(["check", str(path)], capsys, name=str(path))


@pytest.mark.parametrize("target", ["/sys/orgsim-out", "/proc/orgsim-out", "file"])
def test_an_unwritable_out_is_refused_before_the_run(target, tmp_path, capsys):
    path = tmp_path / "ok.toml"
    path.write_text(scenario_text(BASE, STATION))
    if target == "file":
        target = str(tmp_path / "a-file")
        Path(target).write_text("x")
    assert_refused(["run", str(path), "--out", target], capsys, name="--out")


def test_a_full_disk_leaves_the_previous_output(tmp_path, capsys, out_dir, monkeypatch):
    import orgsim.files as files

    path = tmp_path / "ok.toml"
    path.write_text(scenario_text(BASE, STATION))
    real = files.atomic_write

    def full(target, content, **kw):
        if Path(target).name == "items.parquet":
            raise OSError(28, "No space left on device")
        return real(target, content, **kw)

    monkeypatch.setattr(files, "atomic_write", full)
    line = assert_refused(["run", str(path), "--out", str(out_dir)], capsys, out_dir)
    assert "No space left on device" in line and "nothing was changed" in line


SWEEP_BAD = {
    "inf factor": '[factors."ai.coding_speedup"]\nvalues = [inf]\n',
    "nan factor": '[factors."ai.coding_speedup"]\nvalues = [nan]\n',
    "text factor": '[factors."ai.coding_speedup"]\nvalues = ["fast"]\n',
    "bool factor": '[factors."org.teams"]\nvalues = [true]\n',
    "unknown factor key": '[factors."ai.wizardry"]\nvalues = [1.0]\n',
    "inverted range": '[factors."ai.coding_speedup"]\nrange = [3.0, 1.0]\n',
    "huge factor": '[factors."simulation.days"]\nvalues = [1e12]\n',
    "unknown top key": "colour = 3\n",
    "negative seeds": "",
}


@pytest.mark.parametrize("case", sorted(SWEEP_BAD))
def test_a_bad_sweep_spec_is_refused(case, tmp_path, capsys):
    scn = tmp_path / "base.toml"
    scn.write_text(scenario_text(BASE, STATION))
    seeds = -2 if case == "negative seeds" else 2
    spec = tmp_path / "spec.toml"
    spec.write_text(f'base = "{scn}"\nseeds = {seeds}\n' + SWEEP_BAD[case])
    out = tmp_path / "sweep-out"
    assert_refused(["sweep", str(spec), "--out", str(out), "--workers", "0"], capsys)
    assert not out.exists()


@pytest.mark.parametrize("target", ["/sys/orgsim-sweep", "/proc/orgsim/sweep"])
def test_a_sweep_into_an_unwritable_out_is_refused_before_it_starts(target, tmp_path, capsys):
    scn = tmp_path / "base.toml"
    scn.write_text(scenario_text(BASE, STATION))
    spec = tmp_path / "spec.toml"
    spec.write_text(f'base = "{scn}"\nseeds = 2\n')
    assert_refused(["sweep", str(spec), "--out", target, "--workers", "0"], capsys, name=target)


def test_a_full_disk_mid_sweep_is_one_line_with_the_resume_command(tmp_path, capsys, monkeypatch):
    import orgsim.sweeps.store as store

    scn = tmp_path / "base.toml"
    scn.write_text(scenario_text(BASE, STATION))
    spec = tmp_path / "spec.toml"
    spec.write_text(f'base = "{scn}"\nseeds = 3\n')
    real, calls = store.write_table, []

    def full(path, table, metadata=None):
        calls.append(path)
        if len(calls) > 1:  # the first batch lands, then the disk is full
            raise OSError(28, "No space left on device")
        return real(path, table, metadata)

    monkeypatch.setattr(store, "write_table", full)
    out = tmp_path / "sweep-out"
    line = assert_refused(["sweep", str(spec), "--out", str(out), "--workers", "0"], capsys)
    assert "No space left on device" in line and "--resume" in line, line
