"""`orgsim patterns`: a scenario's published patterns judged on replications."""

from __future__ import annotations

import tomllib

import pytest

import orgsim
from orgsim.cli.main import main
from orgsim.scenario import ScenarioError

SMALL = """
name = "tiny"
[simulation]
days = 60
warmup_days = 10
[org]
teams = 1
people_per_team = { developer = 2 }
[org.demand]
kind = "poisson"
rate_per_team = 1.0
[[pipeline]]
name = "coding"
role = "developer"
service = { dist = "exponential", mean = 1.0 }
"""


def write(tmp_path, name: str, patterns: str, body: str = SMALL):
    path = tmp_path / name
    path.write_text(body + patterns)
    tomllib.loads(path.read_text())
    return path


def test_a_pattern_inside_its_band_exits_zero(tmp_path, capsys):
    # M/M/2 at rho 0.5: utilization 0.5, throughput 5 per week.
    path = write(
        tmp_path,
        "s.toml",
        '[[patterns]]\nname = "busy half the time"\nmetric = "utilization_by_role.developer"\n'
        'low = 0.4\nhigh = 0.6\nsource = "M/M/2 theory"\n',
    )
    assert main(["patterns", str(path), "--seeds", "4"]) == 0
    out = capsys.readouterr().out
    assert "busy half the time" in out and "inside" in out and "1 of 1" in out


def test_a_pattern_outside_its_band_exits_one(tmp_path, capsys):
    path = write(
        tmp_path,
        "s.toml",
        '[[patterns]]\nname = "impossible"\nmetric = "throughput_per_week"\nlow = 50\n',
    )
    assert main(["patterns", str(path), "--seeds", "3"]) == 1
    assert "OUTSIDE" in capsys.readouterr().out


def test_a_pattern_against_another_scenario_is_a_paired_relative_change(tmp_path):
    write(tmp_path, "base.toml", "")
    faster = SMALL.replace('name = "tiny"', 'name = "busier"').replace(
        "rate_per_team = 1.0", "rate_per_team = 1.5"
    )
    path = write(
        tmp_path,
        "more.toml",
        '[[patterns]]\nname = "50% more throughput"\nmetric = "throughput_per_week"\n'
        'against = "base.toml"\nlow = 0.3\nhigh = 0.7\n',
        body=faster,
    )
    report = orgsim.patterns(path, seeds=4)
    row = report.table.iloc[0]
    assert report.all_inside, report.table
    assert row["low_ci"] <= 0.5 <= row["high_ci"]


def test_an_unknown_metric_is_a_one_line_error(tmp_path, capsys):
    path = write(tmp_path, "s.toml", '[[patterns]]\nname = "x"\nmetric = "no_such"\nlow = 1\n')
    assert main(["patterns", str(path), "--seeds", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "patterns[0].metric" in err and "no_such" in err


def test_a_band_upside_down_is_rejected_on_load(tmp_path):
    path = write(
        tmp_path, "s.toml", '[[patterns]]\nname = "x"\nmetric = "wip_mean"\nlow = 2\nhigh = 1\n'
    )
    with pytest.raises(ScenarioError, match="patterns"):
        orgsim.load_scenario(path)


def test_a_scenario_without_patterns_says_so(tmp_path):
    path = write(tmp_path, "s.toml", "")
    with pytest.raises(ScenarioError, match="names no"):
        orgsim.patterns(path, seeds=2)
