"""Rework loops and WIP limits.

Rework with probability p sends an item back for another visit, independently each
time: visits to the rework target are geometric with mean 1 / (1 - p). A WIP limit caps
the items a team has started and not delivered, even with an unlimited backlog.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import EXACT, assert_in_ci, neutral_scenario, station

import orgsim

DAYS = 150.0


def rework_line(p: float, to: str, effort: float = 1.0, dist: str = "exponential"):
    return neutral_scenario(
        [
            station("coding", "automated", dist, 0.2, servers=4),
            station("review", "automated", dist, 0.1, servers=4),
            station(
                "test",
                "automated",
                dist,
                0.1,
                servers=4,
                rework={"to": to, "probability": p, "effort": effort},
            ),
        ],
        rate=2.0,
        days=DAYS,
    )


@pytest.mark.parametrize(("p", "to"), [(0.3, "coding"), (0.5, "review"), (0.2, "test")], ids=str)
def test_rework_probability_p_means_one_over_one_minus_p_visits_to_the_target(p, to):
    means = []
    for seed in range(1, 11):
        res = orgsim.simulate(rework_line(p, to), seed=seed)
        items = res.items
        # Items that arrived 20+ days before the end have all finished, however many
        # loops they took, so the sample is not biased toward short rework chains.
        early = items[items["arrived"] <= DAYS - 20.0]
        assert early["done"].notna().all()
        visits = res.visits[res.visits["station"] == to]
        per_item = visits.groupby("item").size().reindex(early["id"]).to_numpy()
        # Each loop is counted once on the item.
        np.testing.assert_array_equal(per_item - 1, early["reworks"].to_numpy())
        means.append(float(per_item.mean()))
    assert_in_ci(means, 1.0 / (1.0 - p), f"visits to {to} per item at p={p}")


def test_reworked_visits_take_effort_times_the_service_time():
    res = orgsim.simulate(rework_line(0.4, "coding", effort=0.25, dist="deterministic"), seed=2)
    v = res.visits[res.visits["station"] == "coding"].sort_values(["item", "enter"])
    duration = (v["leave"] - v["start"]).to_numpy()
    first = ~v["item"].duplicated().to_numpy()
    assert first.sum() < len(v)  # some items were reworked
    np.testing.assert_allclose(duration[first], 0.2, rtol=0, atol=EXACT)
    np.testing.assert_allclose(duration[~first], 0.2 * 0.25, rtol=0, atol=EXACT)


def _backlog_org(wip_limit: int) -> orgsim.Scenario:
    return orgsim.load_scenario(
        {
            "simulation": {"days": 60},
            "org": {
                "teams": 3,
                "topology": {"kind": "ring"},
                "people_per_team": {"developer": 5, "reviewer": 1},
                "demand": {"kind": "backlog"},
            },
            "pipeline": [
                station("coding", "developer", "exponential", 1.0),
                station(
                    "review",
                    "reviewer",
                    "exponential",
                    0.4,
                    rework={"to": "coding", "probability": 0.2},
                ),
            ],
            "policy": {"wip_limit": wip_limit, "mandate": 1.0},
        }
    )


def _max_concurrent_started(items, team: int, end: float) -> int:
    """Peak number of the team's items started and not done, over continuous time."""
    mine = items[(items["team_id"] == team) & items["started"].notna()]
    done = mine["done"].fillna(end + 1.0).to_numpy()
    events = [(t, 1) for t in mine["started"].to_numpy()] + [(t, -1) for t in done]
    events.sort(key=lambda e: (e[0], e[1]))  # at a tie, a delivery frees its slot first
    level = peak = 0
    for _, d in events:
        level += d
        peak = max(peak, level)
    return peak


@pytest.mark.parametrize("wip_limit", [1, 3])
def test_wip_limit_caps_team_wip_with_an_unlimited_backlog(wip_limit):
    scn = _backlog_org(wip_limit)
    model = orgsim.OrgModel(scn, seed=4)
    for _ in range(60):
        model.step()
        wips = [t.wip for t in model.teams]
        assert max(wips) <= wip_limit, f"day {model.time}: team WIP {wips} > {wip_limit}"
    assert model.flow.completed > 0
    # Not only at day ends: at every instant of the run.
    res = orgsim.simulate(scn, seed=4)
    for team in range(3):
        assert _max_concurrent_started(res.items, team, 60.0) == wip_limit


def test_without_a_wip_limit_an_unlimited_backlog_lets_team_wip_pile_up():
    res = orgsim.simulate(_backlog_org(0), seed=4)
    assert all(_max_concurrent_started(res.items, team, 60.0) > 5 for team in range(3))


def test_wip_limit_with_an_automated_first_station_runs():
    scn = orgsim.load_scenario(
        {
            "simulation": {"days": 30},
            "org": {
                "teams": 3,
                "people_per_team": {"developer": 1, "reviewer": 1},
                "demand": {"rate_per_team": 1.0},
            },
            "pipeline": [
                station("intake", "automated", "exponential", 0.1, servers=1),
                station("review", "reviewer", "exponential", 2.0),
            ],
            "policy": {"wip_limit": 2},
        }
    )
    res = orgsim.simulate(scn, seed=1)
    assert res.summary["completed"] > 0
