"""Dated gates: a release train that follows no period opens at the dates it lists.

The schema takes `dates` or `every`, never both or neither; the engine opens the gate at
each date and at no other time, and after the last date it stays shut; every reader of a
gate (run cost, capacity, stability, relief) counts the dates it has.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from helpers import EXACT, neutral_scenario, station
from test_scenario_validation import assert_one_line_error

import orgsim
from orgsim import ScenarioError
from orgsim.experiments.constraint import relieve
from orgsim.policies.capacity import line_constraint
from orgsim.scenario.cost import estimate
from orgsim.scenario.gate import Gate

TINY = 1e-6  # negligible service (days)
DATES = [3.5, 10.0, 22.25, 23.0, 37.75]
RELEASE = {"shared_people": {"release_manager": 1}}


def dated(gate: dict, rate: float = 2.0, days: float = 40.0) -> orgsim.Scenario:
    return neutral_scenario(
        [
            station("build", "automated", "deterministic", TINY, servers=50),
            station("release", "release_manager", "deterministic", TINY, gate=gate),
        ],
        rate=rate,
        days=days,
        org=RELEASE,
    )


def _release(res: orgsim.SimulationResult):
    return res.visits[res.visits["station"] == "release"]


# -- schema -----------------------------------------------------------------------------
def test_a_gate_given_by_dates_loads_with_its_dates_and_capacity():
    gate = dated({"dates": [0, 12.0, 130.5, 251.0], "capacity": 3}).spec.pipeline[1].gate
    assert gate.dated and gate.every is None
    assert gate.dates == [0.0, 12.0, 130.5, 251.0] and gate.capacity == 3
    assert gate.first_opening == 0.0


@pytest.mark.parametrize(
    ("gate", "field", "words"),
    [
        ({"dates": [12.0, 12.0]}, "gate.dates", ["date 2", "strictly increasing"]),
        ({"dates": [130.5, 12.0]}, "gate.dates", ["date 2", "not after date 1"]),
        ({"dates": [-1.0]}, "gate.dates", ["date 1", ">= 0"]),
        ({"dates": [1.0, math.inf]}, "gate.dates", ["date 2", "finite"]),
        ({"dates": [math.nan]}, "gate.dates", ["finite"]),
        ({"dates": [1.0, True]}, "gate.dates", ["date 2", "not a number"]),
        ({"dates": ["12"]}, "gate.dates", ["not a number"]),
        ({"dates": []}, "gate.dates", ["at least one date"]),
        ({"dates": 12.0}, "gate.dates", ["list"]),
        ({"dates": [1e9]}, "gate.dates.0", ["limit", "100 years"]),
        ({"every": 10.0, "dates": [3.0]}, "gate", ["`every`", "`dates`", "not both"]),
        ({"capacity": 2}, "gate", ["`every`", "`dates`"]),
        ({}, "gate", ["needs"]),
        ({"dates": [3.0], "offset": 2.0}, "gate", ["`offset`", "periodic"]),
    ],
)
def test_a_bad_gate_is_one_line_naming_its_field(gate, field, words):
    with pytest.raises(ScenarioError) as info:
        dated(gate)
    assert_one_line_error(info.value, "<mapping>", f"pipeline.release.{field}", *words)


def test_a_bad_dated_gate_in_a_file_names_the_file_and_the_field(tmp_path: Path):
    path = tmp_path / "train.toml"
    path.write_text(
        '[org]\nshared_people = { release_manager = 1 }\n[[pipeline]]\nname = "coding"\n'
        'role = "developer"\n[[pipeline]]\nname = "release"\nrole = "release_manager"\n'
        "gate = { every = 10.0, dates = [12.0, 130.5] }\n"
    )
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(path)
    assert_one_line_error(info.value, str(path), "pipeline.release.gate", "not both")


def test_a_periodic_gate_can_become_a_dated_one_by_overriding_the_whole_gate():
    scn = dated({"every": 5.0, "offset": 1.0})
    with pytest.raises(ScenarioError, match="not both"):
        scn.with_overrides({"pipeline.release.gate.dates": [2.0, 9.0]})
    gate = scn.with_overrides({"pipeline.release.gate": {"dates": [2.0, 9.0]}}).spec.pipeline[1]
    assert gate.gate.dates == [2.0, 9.0]


# -- engine -----------------------------------------------------------------------------
def test_a_dated_gate_opens_exactly_at_its_dates_and_batches_what_waits():
    horizon = 36.0
    res = orgsim.simulate(dated({"dates": DATES}, days=horizon), seed=4)
    v = _release(res)
    assert len(v) > 40
    opened, enter = v["start"].to_numpy(), v["enter"].to_numpy()
    # Each item boards the first date after it arrived: it waits for nothing else and
    # misses no opening; its batch leaves one (negligible) service later.
    first_after = np.asarray(DATES)[np.searchsorted(DATES, enter)]
    np.testing.assert_allclose(opened, first_after, rtol=0, atol=EXACT)
    np.testing.assert_allclose(v["leave"].to_numpy(), opened + TINY, rtol=0, atol=EXACT)
    # At each date inside the run, everything that arrived since the previous one boards.
    items = res.items
    for before, date in zip([0.0, *DATES], DATES, strict=False):
        if date >= horizon:
            break
        came = ((items["release_enter"] > before) & (items["release_enter"] <= date)).sum()
        assert np.isclose(opened, date, rtol=0, atol=EXACT).sum() == came > 0


def test_nothing_passes_a_dated_gate_after_its_last_date_and_stability_says_so():
    last = 10.0
    res = orgsim.simulate(dated({"dates": [3.5, last]}, days=80.0), seed=2)
    assert _release(res)["leave"].max() == pytest.approx(last + TINY, abs=EXACT)
    items = res.items
    late = items[items["build_leave"] > last]
    assert len(late) > 100 and late["done"].isna().all()
    assert res.timeseries["wip_release"].iloc[-1] == len(late)
    assert res.summary["stability"] == "unstable"
    assert res.summary["wip_growing_at"] == "release"


def test_the_next_window_is_the_next_date_then_never():
    model = orgsim.OrgModel(dated({"dates": [0.0, 3.5, 10.0]}), seed=1)
    assert model.next_windows() == {"release": 0.0}
    model.run_for(1)
    assert model.next_windows() == {"release": 3.5}
    model.run_for(5)
    assert model.next_windows() == {"release": 10.0}
    model.run_for(10)
    assert model.next_windows() == {"release": math.inf}
    assert model.windows[0].opened == 3


def test_a_release_cadence_policy_re_times_a_dated_deploy_gate_to_its_period():
    scn = dated({"dates": [30.0]}).with_overrides({"policy.release_every": 5.0})
    v = _release(orgsim.simulate(scn, seed=3))
    k = v["start"].to_numpy() / 5.0
    np.testing.assert_allclose(k, np.round(k), rtol=0, atol=1e-9)
    assert v["start"].min() < 30.0


# -- the gate's readers -----------------------------------------------------------------
def test_run_cost_and_capacity_count_the_dates_within_the_horizon():
    few = dated({"dates": [5.0, 20.0, 500.0], "capacity": 4}, rate=1.0, days=100.0)
    many = dated({"every": 5.0, "capacity": 4}, rate=1.0, days=100.0)
    gate = few.spec.pipeline[1].gate
    assert gate.openings(100.0) == 2 and gate.longest_interval(100.0) == 15.0
    assert estimate(many.spec).events - estimate(few.spec).events == pytest.approx(20 - 2)
    # Two openings of four changes in 100 days pass 0.08 a day: far below the demand.
    assert line_constraint(few.spec).capacity_per_team == pytest.approx(8 / 100)
    assert any("release" in w for w in few.capacity_warnings)


def test_relieving_a_dated_gate_adds_openings_where_the_waits_are_longest():
    gate = Gate(dates=[10.0, 20.0, 50.0])
    # Twice as many openings: the 30-day interval is halved, then both halves again.
    assert gate.dates_more_often(2.0) == [10.0, 20.0, 27.5, 35.0, 42.5, 50.0]
    scn = relieve(dated({"dates": DATES}), "release", 0.25)
    # One more opening (25% of five), halving the longest interval (23.0 to 37.75); every
    # date is kept, so nothing waits longer than before.
    assert scn.spec.pipeline[1].gate.dates == sorted([*DATES, 23.0 + 14.75 / 2])
