"""What a run hands back: the summary's keys, the daily time series, the items table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import AI, BASELINE, EXACT, neutral_scenario, station

import orgsim

SUMMARY_KEYS = {
    "completed",
    "throughput_per_week",
    "lead_time_mean",
    "lead_time_p50",
    "lead_time_p85",
    "lead_time_p95",
    "wip_mean",
    "wip_mean_by_station",
    "flow_efficiency",
    "deploys_per_week",
    "change_failure_rate",
    "time_to_restore_mean",
    "dora_tier",
    "utilization_by_role",
    "bottleneck_station",
    "labor_cost",
    "token_cost",
    "cost_per_item",
    "littles_law_residual",
}
DAYS = 20.0


@pytest.fixture(scope="module", params=[BASELINE, AI], ids=["baseline", "ai"])
def run(request):
    return orgsim.simulate(request.param, seed=3, days=DAYS, keep_model=True)


def test_summary_carries_every_key(run):
    s = run.summary
    missing = SUMMARY_KEYS - s.keys()
    assert not missing, f"summary lacks {sorted(missing)}"
    names = run.scenario.spec.station_names
    assert set(s["wip_mean_by_station"]) == {"backlog", *names}
    assert s["bottleneck_station"] in names
    assert s["dora_tier"] in ("low", "medium", "high", "elite")
    roles = {"developer", "approver", "release_manager", "automated"}
    if spec_reviewers(run):
        roles.add("reviewer")
    assert set(s["utilization_by_role"]) == roles
    assert all(0.0 <= u <= 1.0 + 1e-9 for u in s["utilization_by_role"].values())
    p50, p85, p95 = s["lead_time_p50"], s["lead_time_p85"], s["lead_time_p95"]
    assert 0 < p50 <= p85 <= p95
    assert 0 < s["flow_efficiency"] <= 1.0
    assert math.isfinite(s["littles_law_residual"])


def test_summary_numbers_agree_with_the_tables(run):
    s, items, spec = run.summary, run.items, run.scenario.spec
    t0, now = spec.simulation.warmup_days, spec.simulation.warmup_days + DAYS
    done = items[(items["done"] >= t0) & (items["done"] <= now)]
    assert s["completed"] == len(done)
    assert s["throughput_per_week"] == pytest.approx(len(done) / DAYS * 5, rel=1e-12)
    assert s["lead_time_mean"] == pytest.approx(done["lead_time"].mean(), rel=1e-12)
    assert s["wip_mean"] == pytest.approx(sum(s["wip_mean_by_station"].values()), rel=1e-9)
    lines = ("labor_cost", "automation_cost", "token_cost", "seat_cost", "coe_cost")
    assert s["total_cost"] == pytest.approx(sum(s[k] for k in lines), rel=1e-12)
    delivered = int((~done["failure"]).sum())  # bug fixes are failure demand, not value
    assert s["cost_per_item"] == pytest.approx(s["total_cost"] / delivered, rel=1e-12)
    # People cost their daily rate for every day of the window, busy or not.
    org = spec.org
    per_day = len(run.model.teams) * sum(
        n * org.daily_cost.get(role, 0.0) for role, n in org.people_per_team.items()
    ) + sum(n * org.daily_cost.get(role, 0.0) for role, n in org.shared_people.items())
    assert s["labor_cost"] == pytest.approx(per_day * DAYS, rel=1e-12)
    # Token spend: the daily column adds up to the summary's token cost over the window.
    ts = run.timeseries
    assert ts.loc[ts.index > t0, "token_spend"].sum() == pytest.approx(
        s["token_cost"], rel=1e-9, abs=1e-9
    )
    if spec.ai.adoption == 0:
        assert s["token_cost"] == 0.0
    else:
        assert s["token_cost"] > 0.0


def test_timeseries_has_one_row_per_day_with_wip_and_cumulative_columns(run):
    ts, spec = run.timeseries, run.scenario.spec
    horizon = round(spec.simulation.warmup_days + DAYS)
    assert list(ts.index) == list(range(1, horizon + 1))
    names = spec.station_names
    for col in (
        "arrivals",
        "completions",
        "token_spend",
        *(f"wip_{n}" for n in names),
        *(f"cum_{n}" for n in names),
    ):
        assert col in ts.columns, f"timeseries lacks {col}"
    assert (ts[[f"wip_{n}" for n in names]] >= 0).all().all()
    # Cumulative flow: each curve is non-decreasing and lies below the one upstream.
    cum = ts[["cum_backlog", *(f"cum_{n}" for n in names), "cum_done"]].to_numpy()
    assert (np.diff(cum, axis=0) >= 0).all()
    assert (np.diff(cum, axis=1) <= 0).all()
    # Per-day counts add up to the run's totals.
    model = run.model
    assert ts["arrivals"].sum() == model.flow.arrivals == len(run.items)
    assert ts["completions"].sum() == model.flow.completed
    assert ts["wip_total"].iloc[-1] == model.flow.in_system.value


def test_items_table_has_one_row_per_item_with_station_timestamps(run):
    items, spec = run.items, run.scenario.spec
    assert list(items["id"]) == list(range(len(items)))
    for name in spec.station_names:
        for col in (f"{name}_enter", f"{name}_leave"):
            assert col in items.columns, f"items lacks {col}"
    finished = items[items["done"].notna()]
    assert len(finished) > 0
    last = spec.station_names[-1]
    np.testing.assert_allclose(finished[f"{last}_leave"], finished["done"], rtol=0, atol=EXACT)
    for name in spec.station_names:
        assert (finished[f"{name}_enter"] <= finished[f"{name}_leave"]).all()
        assert (finished[f"{name}_enter"] >= finished["arrived"] - EXACT).all()
    np.testing.assert_allclose(
        finished["lead_time"], finished["done"] - finished["arrived"], rtol=0, atol=EXACT
    )


def test_items_table_has_station_columns_even_before_any_visit_finishes():
    scn = neutral_scenario(
        [station("coding", "developer", "deterministic", 50.0)], rate=2.0, days=5.0
    )
    res = orgsim.simulate(scn, seed=1)
    assert len(res.items) > 0
    assert {"coding_enter", "coding_leave"} <= set(res.items.columns)


def spec_reviewers(run) -> int:
    return run.scenario.spec.org.people_per_team.get("reviewer", 0)
