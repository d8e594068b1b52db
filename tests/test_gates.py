"""Gates: work leaves a gated station only when its window opens.

A release gate every T days, with Poisson arrivals and negligible service, adds T/2 to
the mean wait (an arrival at a random moment waits for the rest of the cycle).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import EXACT, assert_in_ci, neutral_scenario, station

import orgsim

TINY = 1e-6  # negligible service (days)


def gated(every: float, offset: float, capacity: int = 0, rate: float = 2.0, days: float = 200.0):
    return neutral_scenario(
        [
            station("build", "automated", "deterministic", TINY, servers=50),
            station(
                "release",
                "release_manager",
                "deterministic",
                TINY,
                gate={"every": every, "offset": offset, "capacity": capacity},
            ),
        ],
        rate=rate,
        days=days,
        warmup=every,
        org={"shared_people": {"release_manager": 1}},
    )


def _release(res: orgsim.SimulationResult):
    return res.visits[res.visits["station"] == "release"]


def _next_window(t: np.ndarray, every: float, offset: float) -> np.ndarray:
    first = offset if offset > 0 else every
    k = np.maximum(np.ceil((t - first) / every - 1e-12), 0.0)
    return first + k * every


@pytest.mark.parametrize(("every", "offset"), [(5.0, 4.0), (10.0, 0.0), (2.5, 1.25)])
def test_items_leave_a_gated_station_only_at_window_times(every, offset):
    res = orgsim.simulate(gated(every, offset), seed=3)
    v = _release(res)
    assert len(v) > 50
    opened = v["start"].to_numpy()
    k = (opened - (offset if offset > 0 else every)) / every
    np.testing.assert_allclose(k, np.round(k), rtol=0, atol=1e-9)
    assert (np.round(k) >= 0).all()
    # Each item boards at the first opening after it arrives, and leaves one service later.
    np.testing.assert_allclose(
        opened, _next_window(v["enter"].to_numpy(), every, offset), atol=EXACT
    )
    np.testing.assert_allclose(v["leave"].to_numpy(), opened + TINY, rtol=0, atol=EXACT)


def test_a_gate_with_capacity_boards_at_most_that_many_per_window_in_arrival_order():
    every, cap = 5.0, 4
    res = orgsim.simulate(gated(every, 4.0, capacity=cap, rate=0.7), seed=8)
    v = _release(res).sort_values("enter", kind="stable")
    per_window = v.groupby("start").size()
    assert per_window.max() == cap  # the limit binds sometimes ...
    assert (per_window <= cap).all()  # ... and is never exceeded
    assert v["start"].is_monotonic_increasing  # first come, first boarded
    late = v[v["start"] > _next_window(v["enter"].to_numpy(), every, 4.0) + EXACT]
    assert len(late) > 0  # some items missed a full train and took the next one


@pytest.mark.parametrize("every", [4.0, 10.0])
def test_release_gate_every_t_days_adds_half_a_cycle_of_mean_wait(every):
    """Per-replication mean wait at the gate, 10 seeds: T/2 inside the 99% CI."""
    waits, extra = [], []
    for seed in range(1, 11):
        res = orgsim.simulate(gated(every, 0.0, days=300.0), seed=seed)
        v = _release(res)
        v = v[v["leave"] > every]  # the measured window
        waits.append(float((v["start"] - v["enter"]).mean()))
        # The gate's whole contribution to lead time (a paired run without the gate
        # sees the same arrivals: common random numbers).
        free = orgsim.simulate(
            res.scenario.with_overrides({"pipeline.release.gate": None}), seed=seed
        )
        extra.append(res.summary["lead_time_mean"] - free.summary["lead_time_mean"])
    assert_in_ci(waits, every / 2.0, f"mean wait at a gate every {every} days")
    assert_in_ci(extra, every / 2.0, f"lead time added by a gate every {every} days")
    assert all(math.isfinite(x) for x in extra)


def test_gate_on_the_first_station_keeps_wip_per_station_nonnegative():
    scn = neutral_scenario(
        [station("coding", "developer", "deterministic", 0.01, gate={"every": 5.0})],
        rate=0.5,
        days=30.0,
    )
    model = orgsim.OrgModel(scn, seed=1)
    for _ in range(30):
        model.step()
        wip = model.wip_by_station()
        assert all(v >= 0 for v in wip.values()), f"day {model.time}: {wip}"
        assert sum(t.wip for t in model.teams) == model.flow.in_system.value - wip["backlog"]
