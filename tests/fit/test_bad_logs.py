"""`fit`, `backtest` and `log from-git` on ordinary bad data: duplicated rows, control
characters in commit text, one-event logs, Parquet columns of every type, a bad
--tag-pattern or --out, a fit orgsim cannot run. Each ends in exit 0 (with a warning
where something was set aside) or one line with exit 2, never a traceback."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fit_logs import run_cli, synthetic_log

from orgsim.fit.discover import discover
from orgsim.fit.log import LogWarning, read_log

HEAD = "case_id,activity,start,end\n"


def one_line(code: int, err: str) -> str:
    lines = [ln for ln in err.strip().splitlines() if ": warning: " not in ln]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_duplicate_rows_are_dropped_with_a_warning_that_counts_them(tmp_path, capsys):
    log = synthetic_log(days=200)
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    log.to_csv(once, index=False)
    pd.concat([log, log.head(40)]).to_csv(twice, index=False)
    with pytest.warns(LogWarning, match="40 duplicate rows"):
        doubled = discover(read_log(twice))
    single = discover(read_log(once))
    assert doubled.rate_per_team == single.rate_per_team
    assert [s.rework for s in doubled.stations] == [None, None, None]
    assert [s.servers for s in doubled.stations] == [s.servers for s in single.stations]
    code, _, err = run_cli(["fit", twice, "--out", tmp_path / "f.toml"], capsys)
    assert code == 0
    assert f"orgsim fit: warning: {twice}: 40 duplicate rows (exact copies" in err


def test_a_log_without_duplicates_reads_without_a_warning(synthetic_csv):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LogWarning)
        read_log(synthetic_csv)


ONE_EVENT = {
    "one open event": HEAD + "1,coding,2024-01-02T10:00:00Z,\n",
    "one instant": HEAD + "1,coding,2024-01-02T10:00:00Z,2024-01-02T10:00:00Z\n",
    "one event": HEAD + "1,coding,2024-01-02T10:00:00Z,2024-01-03T10:00:00Z\n",
    "one case": HEAD + "1,coding,2024-01-02T10:00:00Z,2024-01-03T10:00:00Z\n"
    "1,review,2024-01-03T10:00:00Z,2024-01-04T10:00:00Z\n",
    "a weekend only": HEAD + "1,coding,2024-01-06T10:00:00Z,2024-01-06T11:00:00Z\n"
    "2,coding,2024-01-06T12:00:00Z,2024-01-07T10:00:00Z\n",
}


@pytest.mark.parametrize("case", sorted(ONE_EVENT))
def test_a_log_too_short_to_fit_is_one_line(case, tmp_path, capsys):
    path = tmp_path / "log.csv"
    path.write_text(ONE_EVENT[case])
    code, _, err = run_cli(["fit", path, "--out", tmp_path / "f.toml"], capsys)
    line = one_line(code, err)
    assert str(path) in line and ("nothing to fit" in line or "no case arrives" in line)
    assert not (tmp_path / "f.toml").exists()


def test_a_one_event_xes_log_is_one_line(tmp_path, capsys):
    path = tmp_path / "log.xes"
    path.write_text(
        '<log><trace><string key="concept:name" value="1"/><event>'
        '<string key="concept:name" value="coding"/>'
        '<date key="time:timestamp" value="2024-01-02T10:00:00Z"/></event></trace></log>'
    )
    code, _, err = run_cli(["fit", path, "--out", tmp_path / "f.toml"], capsys)
    assert "nothing to fit" in one_line(code, err)


def _columns(log: pd.DataFrame) -> dict[str, pa.Table]:
    base = pa.Table.from_pandas(log, preserve_index=False)
    start = pd.to_datetime(log["start"], utc=True)
    end = pd.to_datetime(log["end"], utc=True)

    def col(name: str, array) -> pa.Table:
        return base.set_column(base.schema.get_field_index(name), name, array)

    n = len(log)
    teams = pa.array((["t1", "t2"] * n)[:n])
    return {
        "naive timestamps": col("start", pa.array(start.dt.tz_localize(None))),
        "timestamps with a zone": col("start", pa.array(start)),
        "millisecond timestamps in Paris": col(
            "start", pa.array(start).cast(pa.timestamp("ms", "Europe/Paris"))
        ),
        "dates": col("start", pa.array(start.dt.date)),
        "int timestamps": col("start", pa.array(start.astype("int64"))),
        "float timestamps": col("start", pa.array(start.astype("int64") / 1e9)),
        "durations for ends": col("end", pa.array((end - start).to_numpy())),
        "large strings": base.cast(
            pa.schema(
                [
                    pa.field(f.name, pa.large_string()) if f.type == pa.string() else f
                    for f in base.schema
                ]
            )
        ),
        "dictionary-encoded cases": col(
            "case_id", pa.array(log["case_id"].astype(str)).dictionary_encode()
        ),
        "dictionary-encoded activities": col(
            "activity", pa.array(log["activity"]).dictionary_encode()
        ),
        "categorical resources": pa.Table.from_pandas(
            log.assign(resource=log["resource"].astype("category")), preserve_index=False
        ),
        "a missing case id": col("case_id", pa.array([None, *log["case_id"].astype(str)[1:]])),
        "int activities": col("activity", pa.array(range(n))),
        "bool activities": col("activity", pa.array([True] * n)),
        "binary activities": col("activity", pa.array([s.encode() for s in log["activity"]])),
        "list resources": col("resource", pa.array([[s] for s in log["resource"]])),
        "struct resources": col("resource", pa.array([{"who": s} for s in log["resource"]])),
        "null ends": col("end", pa.nulls(n, pa.string())),
        "decimal sizes": base.append_column("size", pa.array([1] * n).cast(pa.decimal128(30, 2))),
        "text sizes": base.append_column("size", pa.array(["big"] * n)),
        "dictionary-encoded teams": base.append_column("team", teams.dictionary_encode()),
        "int teams": base.append_column("team", pa.array(([1, 2] * n)[:n])),
        "no rows": base.slice(0, 0),
        "one row": base.slice(0, 1),
    }


COLUMNS = sorted(_columns(synthetic_log(days=5)))


@pytest.mark.parametrize("kind", COLUMNS)
def test_parquet_columns_of_any_type_fit_or_fail_in_one_line(kind, tmp_path, capsys):
    path = tmp_path / "log.parquet"
    pq.write_table(_columns(synthetic_log(days=120))[kind], path)
    out = tmp_path / "f.toml"
    code, _, err = run_cli(["fit", path, "--out", out], capsys)
    if code == 0:
        assert out.is_file()
    else:
        assert str(path) in one_line(code, err)
        assert not out.exists()


def test_a_bad_tag_pattern_is_one_line_before_git_is_read(tmp_path, capsys):
    out = tmp_path / "log.csv"
    code, _, err = run_cli(
        ["log", "from-git", tmp_path / "nowhere", "--tag-pattern", "(", "--out", out], capsys
    )
    line = one_line(code, err)
    assert "--tag-pattern" in line and "not a regular expression" in line
    assert not out.exists()


def _usable_log(tmp_path):
    path = tmp_path / "log.csv"
    synthetic_log(days=60).to_csv(path, index=False)
    return path


BAD_OUT = ["/proc/orgsim/out", "/sys/orgsim-out", "a folder"]


@pytest.mark.parametrize("target", BAD_OUT)
@pytest.mark.parametrize("command", ["fit", "log from-git", "backtest", "compare"])
def test_a_bad_out_is_refused_before_the_work(command, target, tmp_path, capsys):
    from helpers import AI

    if target == "a folder":
        target = tmp_path / "taken"
        target.mkdir()
        if command in ("backtest", "compare"):  # these write folders: a file is in the way
            target = tmp_path / "taken" / "file"
            target.write_text("x")
    missing = tmp_path / "missing.csv"  # never read: the --out check comes first
    argv = {
        "fit": ["fit", missing, "--out", target],
        "log from-git": ["log", "from-git", tmp_path / "nowhere", "--out", target],
        "backtest": ["backtest", AI, missing, "--from", "2024-01-01", "--to", "2024-02-01",
                     "--out", target],
        "compare": ["compare", AI, AI, "--seeds", "1", "--days", "1", "--out", target],
    }[command]  # fmt: skip
    code, _, err = run_cli(argv, capsys)
    assert "--out" in one_line(code, err)


def test_an_unrunnable_fit_names_the_fit_and_the_value_not_a_temporary_file(
    tmp_path, capsys, monkeypatch
):
    import orgsim.fit.emit as emit

    real = emit.scenario_toml

    def tiny_service(fit, name):  # as if the log's durations fitted a mean below the bound
        return re.sub(r"\nmean = [^\n]*", "\nmean = 1e-12", real(fit, name), count=1)

    monkeypatch.setattr(emit, "scenario_toml", tiny_service)
    log, out = _usable_log(tmp_path), tmp_path / "fitted.toml"
    code, _, err = run_cli(["fit", log, "--out", out], capsys)
    line = one_line(code, err)
    assert f"{log}: the fit as known at" in line
    assert "the coding station's service mean of 1e-12" in line
    assert ".tmp" not in line and f"nothing was written to {out}" in line
    assert list(tmp_path.iterdir()) == [log]


# -- log from-git -------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo, *args, date="2024-01-08T10:00:00+00:00", author="Ann"):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@x",
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@x",
        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _repo_with_a_merge(tmp_path, subject: str, author: str):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "a.txt").write_text("a\n")
    _git(repo, "add", "a.txt")
    _git(repo, "commit", "-m", "base", date="2024-01-01T09:00:00+00:00")
    _git(repo, "checkout", "-q", "-b", "feature")
    (repo / "b.txt").write_text("b\n")
    _git(repo, "add", "b.txt")
    _git(repo, "commit", "-m", "work", author=author)
    _git(repo, "checkout", "-q", "main")
    _git(repo, "merge", "--no-ff", "-m", subject, "feature", date="2024-01-09T12:00:00+00:00",
         author=author)  # fmt: skip
    return repo


@needs_git
def test_a_unit_separator_in_a_subject_or_name_reads_back(tmp_path, capsys):
    repo = _repo_with_a_merge(tmp_path, "Merge pull request #7 \x1f from x\x1fy", "Ann\x1fLee")
    out = tmp_path / "log.csv"
    code, _, err = run_cli(["log", "from-git", repo, "--out", out, "--real-names"], capsys)
    assert code == 0, err
    log = pd.read_csv(out)
    assert list(log["case_id"].astype(str).unique()) == ["7"]
    assert set(log["resource"].dropna()) == {"Ann\x1fLee"}


@needs_git
def test_real_names_that_look_like_formulas_are_written_as_text(tmp_path, capsys):
    repo = _repo_with_a_merge(tmp_path, "Merge pull request #3 from x", "=HYPERLINK(1)")
    out = tmp_path / "log.csv"
    code, _, err = run_cli(["log", "from-git", repo, "--out", out, "--real-names"], capsys)
    assert code == 0, err
    with open(out, newline="") as f:
        names = {row["resource"] for row in csv.DictReader(f)} - {""}
    assert names == {"'=HYPERLINK(1)"}
