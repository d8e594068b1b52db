"""Bad delivery logs: one line naming the file and the row or column, exit 2, nothing written."""

from __future__ import annotations

import pytest
from fit_logs import NUMPY_SLICE, run_cli

GOOD = "case_id,activity,start,end\n1,coding,2024-01-02T10:00:00Z,2024-01-03T10:00:00Z\n1,review,2024-01-03T10:00:00Z,2024-01-04T10:00:00Z\n"

BAD = {
    "missing_column": (
        "case_id,activity,start\n1,coding,2024-01-02T10:00:00Z\n",
        "column 'end': missing",
    ),
    "unparseable_timestamp": (
        GOOD + "2,coding,yesterday at noon,2024-01-05T10:00:00Z\n",
        "row 4: column 'start': cannot parse timestamp 'yesterday at noon'",
    ),
    "end_before_start": (
        GOOD + "2,coding,2024-01-05T10:00:00Z,2024-01-04T10:00:00Z\n",
        "row 4: column 'end': end",
    ),
    "empty_log": ("case_id,activity,start,end\n", "empty log"),
    "zero_bytes": ("", "empty log"),
    "unmapped_activity": (
        GOOD + "2,lunch break,2024-01-05T10:00:00Z,2024-01-05T11:00:00Z\n",
        "row 4: column 'activity': no station for activity 'lunch break'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_fit_reports_a_bad_log_on_one_line_and_writes_nothing(case, tmp_path, capsys):
    text, expected = BAD[case]
    log = tmp_path / "log.csv"
    log.write_text(text)
    out = tmp_path / "fitted.toml"
    code, _stdout, err = run_cli(["fit", log, "--out", out], capsys)
    assert code == 2
    assert err.count("\n") == 1, err
    assert str(log) in err and expected in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [log]


def test_until_outside_the_log_is_rejected_naming_the_flag(tmp_path, capsys):
    out = tmp_path / "fitted.toml"
    code, _, err = run_cli(["fit", NUMPY_SLICE, "--until", "2031-01-01", "--out", out], capsys)
    assert code == 2 and "--until: 2031-01-01 is outside the log" in err and err.count("\n") == 1
    assert not out.exists()


def test_an_unparseable_until_is_a_usage_error(tmp_path, capsys):
    code, _, err = run_cli(
        ["fit", NUMPY_SLICE, "--until", "soon", "--out", tmp_path / "x.toml"], capsys
    )
    assert code == 2 and "--until" in err and err.count("\n") == 1


def test_backtest_window_outside_the_log_writes_no_report(tmp_path, capsys):
    scn = tmp_path / "s.toml"
    assert run_cli(["fit", NUMPY_SLICE, "--until", "2024-10-01", "--out", scn], capsys)[0] == 0
    out = tmp_path / "report"
    code, _, err = run_cli(
        ["backtest", scn, NUMPY_SLICE, "--from", "2019-01-01", "--to", "2025-01-01", "--out", out],
        capsys,
    )
    assert code == 2 and "--from: 2019-01-01 is outside the log" in err and err.count("\n") == 1
    assert not out.exists()


def test_columns_and_activities_can_be_mapped_and_naive_times_read_in_a_zone(tmp_path, capsys):
    log = tmp_path / "jira.csv"
    log.write_text(
        "key,step,began,finished\n"
        + "".join(
            f"K-{i},In Progress,2024-01-{2 + i % 20:02d} 09:00,2024-01-{3 + i % 20:02d} 17:00\n"
            f"K-{i},Peer check,2024-01-{3 + i % 20:02d} 17:00,2024-01-{4 + i % 20:02d} 12:00\n"
            for i in range(40)
        )
    )
    from orgsim.fit.log import LogMapping, read_log

    m = LogMapping(tz="Europe/Berlin")
    for ours, theirs in (
        ("case_id", "key"),
        ("activity", "step"),
        ("start", "began"),
        ("end", "finished"),
    ):
        m.set_column(ours, theirs)
    m.set_activity("Peer check", "review:reviewer")
    ev = read_log(log, m).events
    assert set(ev["station"]) == {"coding", "review"}
    assert str(ev["start"].iloc[0]) == "2024-01-02 08:00:00+00:00"  # 09:00 in Berlin (CET)
