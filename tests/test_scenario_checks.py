"""Input that cannot be a real scenario is an error; demand above capacity is a warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from helpers import BASELINE, SCENARIOS
from helpers import NEUTRAL_AI as AI
from test_scenario_validation import assert_one_line_error

import orgsim
from orgsim import CapacityWarning, ScenarioError
from orgsim.cli.main import main
from orgsim.policies.capacity import line_constraint, visits_per_item

OVERLOADED = """\
name = "overloaded"
[simulation]
days = 40
[org]
teams = 2
people_per_team = { developer = 10, reviewer = 1 }
demand = { kind = "poisson", rate_per_team = 3.0 }
[[pipeline]]
name = "coding"
role = "developer"
service = { dist = "exponential", mean = 0.5 }
[[pipeline]]
name = "review"
role = "reviewer"
service = { dist = "exponential", mean = 0.47619 }
"""
MESSAGE = (
    "demand 3.0/day per team exceeds the capacity of review (about 2.1/day): "
    "the run will not reach a steady state"
)


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing here yet\n  # still nothing\n"])
def test_an_empty_or_comment_only_file_is_one_line_naming_the_file(tmp_path: Path, text):
    path = tmp_path / "empty.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(path)
    assert_one_line_error(info.value, str(path), "", "empty scenario")


def test_an_empty_file_fails_check_with_exit_2_and_no_output(tmp_path: Path, capsys):
    path = tmp_path / "empty.toml"
    path.write_text("# a comment\n")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and str(path) in err and "empty scenario" in err


def test_poisson_demand_at_rate_zero_carries_no_work_and_is_rejected():
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario({"org": {"demand": {"kind": "poisson", "rate_per_team": 0.0}}})
    assert_one_line_error(info.value, "<mapping>", "org.demand.rate_per_team", "no work")


def test_an_unlimited_backlog_needs_no_rate():
    scn = orgsim.load_scenario({"org": {"demand": {"kind": "backlog", "rate_per_team": 0.0}}})
    assert scn.spec.org.demand.kind == "backlog"


def test_demand_above_capacity_warns_with_its_own_category(tmp_path: Path):
    path = tmp_path / "overloaded.toml"
    path.write_text(OVERLOADED)
    with pytest.warns(CapacityWarning) as record:
        scn = orgsim.load_scenario(path)
    assert [str(w.message) for w in record] == [f"{path}: {MESSAGE}"]
    assert scn.capacity_warnings == (MESSAGE,)
    assert issubclass(CapacityWarning, UserWarning)


def test_an_override_that_changes_nothing_about_capacity_does_not_warn_again(tmp_path: Path):
    path = tmp_path / "overloaded.toml"
    path.write_text(OVERLOADED)
    with pytest.warns(CapacityWarning):
        scn = orgsim.load_scenario(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CapacityWarning)
        again = scn.with_overrides({"simulation.days": 10})
        fixed = scn.with_overrides({"org.people_per_team.reviewer": 2})
    assert again.capacity_warnings == scn.capacity_warnings
    assert fixed.capacity_warnings == ()


def test_a_scenario_within_capacity_loads_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error", CapacityWarning)
        scn = orgsim.load_scenario(BASELINE)
    assert scn.capacity_warnings == ()


def test_the_capacity_estimate_names_the_review_constraint_of_enterprise_ai():
    with pytest.warns(CapacityWarning, match="capacity of review"):
        spec = orgsim.load_scenario(AI).spec
    constraint = line_constraint(spec)
    assert constraint.stations == ("review",)
    # The simulated year delivers about 2.3 changes a day per team (seed 1: 140.9 a week
    # for 12 teams); the estimate should be of that order, not exact.
    assert 1.8 < constraint.capacity_per_team < 2.8


def test_the_capacity_warning_says_it_leaves_out_the_merge_conflicts_that_pile_work_up():
    """enterprise-ai's estimate names security and the board, while its run piles work up
    at integration, whose merge conflicts grow as work waits: the warning says so."""
    with pytest.warns(CapacityWarning) as record:
        scn = orgsim.load_scenario(SCENARIOS / "enterprise-ai.toml")
    (line,) = scn.capacity_warnings
    assert "capacity of security and change_approval" in line
    assert line.endswith(
        "without the merge conflicts at integration, which grow as work waits and can pile it up there first)"
    )
    assert "\n" not in str(record[0].message)


@pytest.mark.parametrize("preset", ["enterprise-baseline", "realistic-ai"])
def test_the_capacity_estimate_is_near_what_a_shipped_stable_preset_delivers(preset):
    """A first-order estimate, peer review included: within 10% of the simulated
    throughput of the presets that run at their capacity (an unlimited backlog keeps
    their constraint busy)."""
    scn = orgsim.load_scenario(SCENARIOS / f"{preset}.toml")
    s = orgsim.simulate(scn, seed=1, days=120).summary
    assert s["stable"]
    delivered = s["throughput_per_week"] / 5 / scn.spec.org.teams
    assert line_constraint(scn.spec).capacity_per_team == pytest.approx(delivered, rel=0.10)


def test_rework_adds_expected_visits_upstream():
    raw = {
        "org": {"demand": {"rate_per_team": 0.2}},
        "pipeline": [
            {"name": "coding", "role": "developer"},
            {"name": "qa", "role": "automated", "rework": {"to": "coding", "probability": 0.5}},
        ],
    }
    visits, _ = visits_per_item(orgsim.load_scenario(raw).spec)
    assert visits == pytest.approx([2.0, 2.0])  # geometric: 1 / (1 - 0.5) passes each


@pytest.mark.parametrize("command", ["check", "run"])
def test_check_and_run_print_the_capacity_warning_on_one_line(tmp_path: Path, capsys, command):
    path = tmp_path / "overloaded.toml"
    path.write_text(OVERLOADED)
    argv = [command, str(path)] + (["--days", "5"] if command == "run" else [])
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == f"orgsim {command}: warning: {path}: {MESSAGE}\n"
    assert out
