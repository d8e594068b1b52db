"""Each rule's closed-form capacity effect matches what the engine delivers under it.

A small organization is run saturated (demand well above what its constraint serves, or
an unlimited backlog) with one rule on; the throughput measured at the constraint, with
a 99% confidence interval from batch means of the run itself, must hold the capacity the
estimate (orgsim/policies/capacity.py) computes from the same rule objects.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats

import orgsim
from orgsim.policies.capacity import first_pool_capacity, line_constraint, line_of

WARMUP, DAYS, BATCH = 40, 400, 20  # a batch spans whole periods of every gate used here


def org(policy=None, *, teams=2, demand=None, people=None, pipeline=None, peer=None) -> dict:
    """Coding (fast) then review (one reviewer a team, 1 day a PR): review is the
    constraint, at 1 change a day per team, unless a case says otherwise."""
    spec = {
        "name": "saturated",
        "simulation": {"days": DAYS, "warmup_days": WARMUP},
        "org": {
            "teams": teams,
            "people_per_team": people or {"developer": 3, "reviewer": 1},
            "shared_people": {"approver": 1, "release_manager": 1},
            "demand": demand or {"kind": "poisson", "rate_per_team": 3.0},
        },
        "pipeline": pipeline
        or [
            {"name": "coding", "role": "developer", "service": {"mean": 0.25}},
            {"name": "review", "role": "reviewer", "service": {"mean": 1.0}},
        ],
        "policy": policy or {},
    }
    if peer is not None:
        spec["people"] = {"peer_review": peer}
    return spec


def run(spec: dict, seed: int = 11):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", orgsim.CapacityWarning)  # saturated on purpose
        scenario = orgsim.load_scenario(spec)
        return scenario, orgsim.simulate(scenario, seed=seed, keep_model=True)


def rate_with_ci(times: np.ndarray, per: float) -> tuple[float, float]:
    """Events a day (over `per`: teams, a share) in the measured window: the mean of
    batch means and the half-width of its 99% t interval."""
    edges = np.arange(WARMUP, WARMUP + DAYS + 1e-9, BATCH)
    counts, _ = np.histogram(times, bins=edges)
    rates = counts / BATCH / per
    k = len(rates)
    half = stats.t.ppf(0.995, k - 1) * rates.std(ddof=1) / math.sqrt(k)
    return float(rates.mean()), float(half)


def served(res, station: str, *, lane_days: float | None = None) -> np.ndarray:
    """When each visit of `station` served by its people ended (automated lanes left out)."""
    v = res.visits[res.visits["station"] == station]
    leave = v["leave"].to_numpy()
    if lane_days is not None:
        lane = (v["start"] == v["enter"]).to_numpy() & np.isclose(
            leave - v["start"].to_numpy(), lane_days
        )
        leave = leave[~lane]
    return leave


def assert_holds(measured: tuple[float, float], estimate: float) -> None:
    mean, half = measured
    assert abs(mean - estimate) <= half, (
        f"measured {mean:.3f} ± {half:.3f}, estimate {estimate:.3f}"
    )


def test_with_every_rule_neutral_review_serves_its_one_reviewer_a_day():
    scenario, res = run(org())
    assert line_constraint(scenario.spec).capacity_per_team == pytest.approx(1.0)
    assert_holds(rate_with_ci(served(res, "review"), per=2), 1.0)


def test_the_center_of_excellence_speeds_review_by_its_review_speedup():
    coe = {"enabled": True, "strength": 1.0, "review_speedup": 2.0}
    scenario, res = run(org({"center_of_excellence": coe}))
    estimate = line_constraint(scenario.spec).capacity_per_team
    assert estimate == pytest.approx(2.0)
    assert_holds(rate_with_ci(served(res, "review"), per=2), estimate)


def test_competing_priorities_slow_people_by_the_time_they_lose():
    scenario, res = run(org({"mandate": 0.5, "competing_priorities": 0.4}))
    estimate = line_constraint(scenario.spec).capacity_per_team
    assert estimate == pytest.approx(0.8)
    assert_holds(rate_with_ci(served(res, "review"), per=2), estimate)


def test_governance_lanes_take_their_share_of_changes_off_the_sign_off():
    pipeline = [
        {"name": "coding", "role": "developer", "service": {"mean": 0.25}},
        {"name": "review", "role": "reviewer", "service": {"mean": 0.25}},
        {"name": "security", "role": "approver", "service": {"mean": 0.5}},
    ]
    policy = {"governance": "automated", "mandate": 0.6, "automated_check_days": 0.02}
    scenario, res = run(
        org(policy, pipeline=pipeline, demand={"kind": "poisson", "rate_per_team": 4.0})
    )
    constraint = line_constraint(scenario.spec)
    assert constraint.stations == ("security",)
    # The approver serves 2 a day; 40% of changes reach them: 5 a day for both teams.
    assert constraint.capacity_per_team == pytest.approx(2.5)
    station = res.model.stations[2]
    lanes = len(res.visits[res.visits["station"] == "security"]) - len(
        served(res, "security", lane_days=0.02)
    )
    to_people = 1.0 - lanes / station.first_entries
    measured = rate_with_ci(served(res, "security", lane_days=0.02), per=2 * to_people)
    assert_holds(measured, constraint.capacity_per_team)


def test_a_retimed_release_train_passes_its_capacity_on_the_departures_that_leave():
    pipeline = [
        {"name": "coding", "role": "developer", "service": {"mean": 0.25}},
        {"name": "review", "role": "reviewer", "service": {"mean": 0.1}},
        {
            "name": "release",
            "role": "release_manager",
            "service": {"dist": "deterministic", "mean": 0.1},
            "gate": {"every": 10, "capacity": 2},
        },
    ]
    policy = {"release_every": 2, "mandate": 0.5}
    demand = {"kind": "poisson", "rate_per_team": 1.0}
    scenario, res = run(org(policy, pipeline=pipeline, demand=demand))
    constraint = line_constraint(scenario.spec)
    assert constraint.stations == ("release",)
    # 2 a departure, one every 2 days, half of them leave: 0.5 a day for both teams.
    assert constraint.capacity_per_team == pytest.approx(0.25)
    assert_holds(rate_with_ci(served(res, "release"), per=2), constraint.capacity_per_team)


def test_peer_review_pools_developers_and_reviewers_over_coding_and_review():
    pipeline = [
        {"name": "coding", "role": "developer", "service": {"mean": 1.0}},
        {"name": "review", "role": "reviewer", "service": {"mean": 1.0}},
    ]
    peer = {"enabled": True, "rule": "threshold", "threshold": 6}
    scenario, res = run(org(pipeline=pipeline, demand={"kind": "backlog"}, peer=peer))
    line = line_of(scenario.spec)
    # Four people a team over two days of work a change (one coding, one review).
    assert first_pool_capacity(line) == pytest.approx(2.0)
    assert line_constraint(line).capacity_per_team == pytest.approx(2.0)
    assert_holds(rate_with_ci(served(res, "review"), per=2), 2.0)


def test_a_wip_limit_leaves_only_those_who_ignore_it_starting_from_an_unlimited_backlog():
    pipeline = [
        {"name": "coding", "role": "developer", "service": {"mean": 1.0}},
        {"name": "review", "role": "reviewer", "service": {"mean": 1.0}},
    ]
    people = {"developer": 5, "reviewer": 1}
    policy = {"wip_limit": 2, "mandate": 0.5, "swarm": False}
    scenario, res = run(
        org(policy, teams=4, pipeline=pipeline, people=people, demand={"kind": "backlog"})
    )
    developers = [d for pool in res.model.developer_pools for d in pool.workers]
    kept = sum(d.follows_redesign for d in developers) / len(developers)
    # The closed form at the adherence this run drew: only the others start, at full speed.
    realized = scenario.with_overrides({"policy.mandate": kept})
    line = line_of(realized.spec)
    assert line.free_start_share == pytest.approx(1.0 - kept)
    estimate = first_pool_capacity(line) * line.free_start_share
    started = res.items["started"].to_numpy()
    assert_holds(rate_with_ci(started[started >= 0], per=4), estimate)


@pytest.mark.parametrize(
    "policy",
    [{"cross_team_review": True}, {"open_pr_limit": 3}],
    ids=["cross_team_review", "open_pr_limit"],
)
def test_rules_without_a_capacity_effect_leave_the_constraint_serving_as_before(policy):
    scenario, res = run(org(policy, people={"developer": 4, "reviewer": 1}))
    plain = orgsim.load_scenario(org(people={"developer": 4, "reviewer": 1}))
    estimate = line_constraint(scenario.spec).capacity_per_team
    assert estimate == line_constraint(plain.spec).capacity_per_team
    assert_holds(rate_with_ci(served(res, "review"), per=2), estimate)


def test_swarming_can_only_add_to_the_capacity_the_estimate_counts():
    policy = {"wip_limit": 3, "swarm": True}
    scenario, res = run(org(policy))
    estimate = line_constraint(scenario.spec).capacity_per_team
    assert estimate == pytest.approx(1.0)  # reviewers only: the safe side
    mean, half = rate_with_ci(served(res, "review"), per=2)
    assert mean - half > estimate  # blocked developers review as well
