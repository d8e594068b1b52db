"""The same scenario and seed give identical results, in this process or any other."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from helpers import BASELINE, ROOT, same_value

import orgsim

DAYS = 15.0  # after the scenario's 60-day warm-up


@pytest.fixture(scope="module")
def baseline():
    return orgsim.load_scenario(BASELINE)


def _digest(res: orgsim.SimulationResult) -> str:
    h = hashlib.sha256()
    h.update(res.items.to_csv().encode())
    h.update(res.timeseries.to_csv().encode())
    return h.hexdigest()


def test_same_seed_gives_identical_summary_items_timeseries_and_visits(baseline):
    a = orgsim.simulate(baseline, seed=7, days=DAYS)
    orgsim.simulate(baseline, seed=8, days=DAYS)  # nothing leaks from one run to the next
    b = orgsim.simulate(baseline, seed=7, days=DAYS)
    assert same_value(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.items, b.items, check_exact=True)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)
    pd.testing.assert_frame_equal(a.visits, b.visits, check_exact=True)


def test_stepping_day_by_day_gives_the_same_run_as_simulate(baseline):
    from orgsim.metrics import items_frame, timeseries_frame

    scn = baseline.with_overrides({"simulation.days": DAYS})
    model = orgsim.OrgModel(scn, seed=4)
    for _ in range(round(model.horizon)):
        model.step()
    res = orgsim.simulate(scn, seed=4)
    pd.testing.assert_frame_equal(items_frame(model), res.items, check_exact=True)
    pd.testing.assert_frame_equal(timeseries_frame(model), res.timeseries, check_exact=True)


def test_different_seeds_give_different_runs(baseline):
    a = orgsim.simulate(baseline, seed=1, days=DAYS)
    b = orgsim.simulate(baseline, seed=2, days=DAYS)
    assert not a.items.equals(b.items)
    assert not a.timeseries.equals(b.timeseries)
    assert a.summary["lead_time_mean"] != b.summary["lead_time_mean"]


def test_a_fresh_process_reproduces_the_run_exactly(baseline):
    script = textwrap.dedent(
        f"""
        import hashlib, orgsim
        res = orgsim.simulate({str(BASELINE)!r}, seed=7, days={DAYS!r})
        h = hashlib.sha256()
        h.update(res.items.to_csv().encode())
        h.update(res.timeseries.to_csv().encode())
        print(h.hexdigest())
        """
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # a different string-hash salt
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert out.stdout.strip() == _digest(orgsim.simulate(baseline, seed=7, days=DAYS))


def _tandem(share: float | None) -> dict:
    demand = {"kind": "poisson", "rate_per_team": 0.7}
    if share is not None:
        demand["priority_share"] = share
    return {
        "simulation": {"days": 200.0},
        "org": {"people_per_team": {"developer": 1, "reviewer": 1}, "demand": demand},
        "pipeline": [
            {"name": "coding", "role": "developer"},
            {"name": "review", "role": "reviewer", "rework": {"to": "coding", "probability": 0.2}},
        ],
    }


def test_urgent_requests_draw_from_their_own_stream_and_leave_other_draws_unchanged():
    plain = orgsim.simulate(_tandem(None), seed=5)
    zero = orgsim.simulate(_tandem(0.0), seed=5)
    pd.testing.assert_frame_equal(plain.items, zero.items, check_exact=True)
    pd.testing.assert_frame_equal(plain.visits, zero.visits, check_exact=True)
    assert not zero.items["urgent"].any()
    some = orgsim.simulate(_tandem(0.4), seed=5)
    assert some.items["urgent"].any()
    # Same arrivals and sizes; only the order of service (and so the waits) changes.
    n = min(len(plain.items), len(some.items))
    for col in ("arrived", "size"):
        assert plain.items[col][:n].equals(some.items[col][:n])
    assert not plain.visits.equals(some.visits)
