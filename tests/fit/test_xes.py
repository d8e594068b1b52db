"""XES event logs, read natively: traces are cases, lifecycle pairs are intervals."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pandas as pd
import pytest
from fit_logs import run_cli, synthetic_log

from orgsim.fit.log import LogMapping, read_log
from orgsim.fit.xes import read_xes

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
HEAD += '<global scope="event"><string key="concept:name" value="__INVALID__"/></global>\n'
HEAD += '<string key="concept:name" value="tiny"/>\n'


def event(activity: str, time: str, life: str | None = None, **attrs) -> str:
    out = [f'<string key="concept:name" value={quoteattr(activity)}/>']
    if life:
        out.append(f'<string key="lifecycle:transition" value="{life}"/>')
    out.append(f'<date key="time:timestamp" value="{time}"/>')
    return "<event>" + "".join(out) + attributes(attrs) + "</event>\n"


def attributes(attrs: dict) -> str:
    kinds = {int: "int", float: "float", str: "string"}
    return "".join(
        f'<{kinds[type(v)]} key="{k}" value={quoteattr(str(v))}/>' for k, v in attrs.items()
    )


def trace(case: str, *events: str, **attrs) -> str:
    head = f'<trace><string key="concept:name" value={quoteattr(case)}/>' + attributes(attrs)
    return head + "\n" + "".join(events) + "</trace>\n"


TINY = HEAD + (
    trace(
        "pr-1",
        event("coding", "2024-01-02T10:00:00.000+01:00", "start", **{"org:resource": "ana"}),
        event("coding", "2024-01-03T10:00:00.000+01:00", "complete", lines=12, effort=2.5),
        event("review", "2024-01-04T09:30:00Z"),  # no transition: an instant
        event("release", "2024-01-04T12:00:00", "start"),  # never completed
        team="core",
        size=12,
    )
    + trace(
        "pr-2",
        event("coding", "2024-01-02T08:00:00Z", "start"),
        event("coding", "2024-01-02T09:00:00Z", "schedule"),  # skipped
        event("review", "2024-01-02T11:00:00Z", "start", **{"org:resource": "bo"}),
        event("coding", "2024-01-02T10:00:00Z", "complete"),
        event("review", "2024-01-02T15:00:00Z", "complete"),
        event("release", "2024-01-05T16:00:00Z", "complete"),
        team="web",
        size=3,
    )
    + "</log>\n"
)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


@pytest.mark.parametrize("name", ["tiny.xes", "tiny.xes.gz"])
def test_xes_traces_become_cases_and_lifecycle_pairs_intervals(name, tmp_path):
    path = tmp_path / name
    data = TINY.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    mapping = LogMapping()
    mapping.set_column("team", "case:team")  # trace attributes, named as pm4py does
    mapping.set_column("size", "case:size")
    ev = read_log(path, mapping).events.sort_values(["case_id", "start"]).reset_index(drop=True)
    rows = list(ev[["case_id", "activity", "start", "end"]].itertuples(index=False, name=None))
    nat = pd.NaT
    assert rows[0] == ("pr-1", "coding", utc("2024-01-02 09:00"), utc("2024-01-03 09:00"))
    assert rows[1] == ("pr-1", "review", utc("2024-01-04 09:30"), utc("2024-01-04 09:30"))
    assert rows[2][:3] == ("pr-1", "release", utc("2024-01-04 12:00")) and rows[2][3] is nat
    assert rows[3:] == [
        ("pr-2", "coding", utc("2024-01-02 08:00"), utc("2024-01-02 10:00")),
        ("pr-2", "review", utc("2024-01-02 11:00"), utc("2024-01-02 15:00")),
        ("pr-2", "release", utc("2024-01-05 16:00"), utc("2024-01-05 16:00")),
    ]
    assert ev["team"].tolist() == ["core"] * 3 + ["web"] * 3
    assert ev["size"].tolist() == [12.0] * 3 + [3.0] * 3
    assert ev["resource"].iloc[0] == "ana" and ev["resource"].iloc[4] == "bo"
    assert ev["station"].tolist() == ["coding", "review", "release"] * 2


def test_other_event_attributes_are_columns_under_their_key(tmp_path):
    path = tmp_path / "tiny.xes"
    path.write_text(TINY)
    raw = read_xes(path, str(path), "UTC")
    coding = raw[raw["concept:name"] == "coding"].set_index("case:concept:name")
    assert coding.loc["pr-1", "lines"] == 12 and coding.loc["pr-1", "effort"] == 2.5
    assert coding.loc["pr-1", "org:resource"] == "ana"
    assert "lifecycle:transition" not in raw


def test_naive_xes_times_are_read_in_the_log_zone(tmp_path):
    path = tmp_path / "tiny.xes"
    path.write_text(TINY)
    ev = read_log(path, LogMapping(tz="Europe/Berlin")).events
    release = ev[(ev["case_id"] == "pr-1") & (ev["activity"] == "release")]
    assert release["start"].iloc[0] == utc("2024-01-04 11:00")  # 12:00 in Berlin (CET)


def xes_of(df: pd.DataFrame) -> str:
    """A CSV-style log as XES: each row a start and (if it ended) a complete event."""
    out = [HEAD]
    for case, g in df.groupby("case_id", sort=False):
        events = []
        for r in g.itertuples():
            events.append(event(r.activity, r.start, "start", **{"org:resource": r.resource}))
            if isinstance(r.end, str) and r.end:
                events.append(event(r.activity, r.end, "complete"))
        out.append(trace(str(case), *events))
    return "".join(out) + "</log>\n"


def test_an_xes_log_reads_and_fits_as_its_csv_twin(tmp_path, capsys):
    df = synthetic_log(seed=3, days=120)
    csv, xes = tmp_path / "log.csv", tmp_path / "log.xes.gz"
    df.to_csv(csv, index=False)
    xes.write_bytes(gzip.compress(xes_of(df).encode()))
    cols = ["case_id", "activity", "start", "end", "resource", "station"]
    a, b = (read_log(p).events.sort_values(cols[:3])[cols].astype(str) for p in (xes, csv))
    assert (a.to_numpy() == b.to_numpy()).all()
    out = tmp_path / "fitted.toml"
    code, stdout, err = run_cli(["fit", xes, "--out", out], capsys)
    assert code == 0, err
    assert "3 stations (coding, review, release)" in stdout and out.exists()


BAD = {
    "malformed XML": (TINY.replace("</trace>", "</trac>", 1), "trace 1: malformed XML at line"),
    "cut short": (TINY[: TINY.index("pr-2")], "malformed XML"),
    "missing timestamp": (
        TINY.replace('<date key="time:timestamp" value="2024-01-04T09:30:00Z"/>', ""),
        "trace 1, event 3: no time:timestamp",
    ),
    "unparseable timestamp": (
        TINY.replace("2024-01-02T11:00:00Z", "tuesday"),
        "trace 2, event 3: time:timestamp: cannot parse timestamp 'tuesday'",
    ),
    "missing activity": (
        TINY.replace('<string key="concept:name" value="release"/>', "", 1),
        "trace 1, event 4: no concept:name (the activity)",
    ),
    "missing case id": (
        TINY.replace('<string key="concept:name" value="pr-2"/>', ""),
        "trace 2: no concept:name (the case id)",
    ),
    "bad int": (
        TINY.replace('key="lines" value="12"', 'key="lines" value="twelve"'),
        "trace 1, event 2: attribute 'lines': 'twelve' is not an int",
    ),
    "not XES": ("<html><body/></html>", "not an XES log"),
    "no traces": (HEAD + "</log>\n", "empty log: no events"),
    "zero bytes": ("", "empty log: no events"),
    "unmapped activity": (
        TINY.replace(
            'value="review"/><date key="time:timestamp" value="2024-01-04',
            'value="lunch"/><date key="time:timestamp" value="2024-01-04',
        ),
        "trace 1, event 3: column 'concept:name': no station for activity 'lunch'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_fit_reports_a_bad_xes_log_on_one_line_and_writes_nothing(case, tmp_path, capsys):
    text, expected = BAD[case]
    log = tmp_path / "log.xes"
    log.write_text(text)
    out = tmp_path / "fitted.toml"
    code, _stdout, err = run_cli(["fit", log, "--out", out], capsys)
    assert code == 2
    assert err.count("\n") == 1, err
    assert str(log) in err and expected in err, err
    assert list(tmp_path.iterdir()) == [log]


def test_a_corrupt_gzipped_xes_is_one_line_and_writes_nothing(tmp_path, capsys):
    log = tmp_path / "log.xes.gz"
    log.write_bytes(gzip.compress(TINY.encode())[:80])
    code, _stdout, err = run_cli(["fit", log, "--out", tmp_path / "fitted.toml"], capsys)
    assert code == 2 and err.count("\n") == 1 and str(log) in err and "cannot read" in err
    assert list(tmp_path.iterdir()) == [log]


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_an_xes_path_that_is_not_a_regular_file_is_refused_without_reading_it(
    kind, tmp_path: Path, capsys
):
    log = tmp_path / "log.xes"
    if kind == "fifo":
        os.mkfifo(log)  # opening it to read would wait for a writer for ever
    else:
        log.mkdir()
    code, _stdout, err = run_cli(["fit", log, "--out", tmp_path / "fitted.toml"], capsys)
    assert code == 2 and err.count("\n") == 1 and str(log) in err
    assert ("pipe" if kind == "fifo" else "directory") in err
