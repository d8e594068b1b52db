"""The run's headline numbers, in the terms engineering leaders use.

Everything is measured over the window after the warm-up: flow (throughput, lead time,
WIP, flow efficiency), DORA's four keys, utilization, the bottleneck, and cost. Beside
the figures, whether the run reached a steady state (`orgsim.metrics.stability`) and
lead times that count the changes still in progress (`orgsim.metrics.lead_time`): a
figure that depends on the horizon is flagged as such.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from orgsim.metrics.costs import cost_lines
from orgsim.metrics.dora import dora_keys
from orgsim.metrics.lead_time import censored_lead_times, km_keys
from orgsim.metrics.prs import incident_metrics, pr_metrics
from orgsim.metrics.stability import run_stability

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView

WEEK = 5.0


def summarize(model: RunView, items: pd.DataFrame) -> dict[str, Any]:
    """Compute the summary dict from the model's state and its items table."""
    now = float(model.time)
    t0 = model.window_start
    span = max(now - t0, 1e-12)
    flow = model.flow
    spec = model.scenario_spec
    # The per-station columns are not read here: left out, the row selections below
    # copy a third of the table, not all of it.
    per_station = [f"{st.name}_{end}" for st in model.stations for end in ("enter", "leave")]
    items = items.drop(columns=per_station, errors="ignore")

    done = items[(items["done"] >= t0) & (items["done"] <= now)]
    lead = done["lead_time"].to_numpy()
    completed = len(done)
    throughput_per_day = completed / span

    def pct(x: np.ndarray, q: float) -> float:
        return float(np.percentile(x, q)) if len(x) else math.nan

    lead_mean = float(lead.mean()) if completed else math.nan
    wip_by_station = {"backlog": flow.backlog.mean(now)}
    for st in model.stations:
        wip_by_station[st.name] = st.wip.mean(now)
    wip_mean = flow.in_system.mean(now)

    dora = dora_keys(model, items, done)
    stability = run_stability(model, throughput_per_day)
    km = censored_lead_times(items["arrived"], items["done"], t0, now)

    util_role, util_station = utilization(model, now)
    residual = (wip_mean - throughput_per_day * lead_mean) / wip_mean if wip_mean > 0 else math.nan

    return {
        "scenario": spec.name,
        "seed": model.seed,
        "days": span,
        "arrivals": int(((items["arrived"] >= t0) & (items["arrived"] <= now)).sum()),
        "completed": completed,
        "throughput_per_week": throughput_per_day * WEEK,
        "delivery_rate_per_week": delivery_rate(model) * WEEK,
        "lead_time_mean": lead_mean,
        "lead_time_p50": pct(lead, 50),
        "lead_time_p85": pct(lead, 85),
        "lead_time_p95": pct(lead, 95),
        "lead_time_km_mean": km.mean,
        "lead_time_km_mean_at_least": km.mean_at_least,
        **km_keys("lead_time", km),
        "lead_time_littles": wip_mean / throughput_per_day if completed else math.nan,
        "lead_time_km_censored": km.open,
        "stable": stability.stable,
        "stability": stability.verdict,
        "wip_growth_per_day": stability.growth,
        "wip_growth_ci_per_day": stability.interval,
        "wip_growth_threshold_per_day": stability.threshold,
        "wip_growing_at": stability.worst,
        "flow_time_mean": float((done["done"] - done["started"]).mean()) if completed else math.nan,
        "wip_mean": wip_mean,
        "wip_mean_by_station": wip_by_station,
        "wip_end_by_station": model.wip_by_station(),
        "flow_efficiency": float(done["active_time"].sum() / lead.sum()) if completed else math.nan,
        "rework_per_item": float(done["reworks"].mean()) if completed else math.nan,
        "ai_share": float(done["ai"].mean()) if completed else math.nan,
        **dora,
        "utilization_by_role": util_role,
        "utilization_by_station": util_station,
        "bottleneck_station": (neck := bottleneck(model, util_station, wip_by_station))[0],
        "bottleneck_utilization": neck[1],
        "lead_time_share_by_station": lead_time_shares(model, done),
        "servers_by_station": {st.name: st.capacity_servers() for st in model.stations},
        **cost_lines(model, done, span),
        **pr_metrics(model, items, done, span),
        **incident_metrics(model, span),
        "littles_law_residual": residual,
    }


def delivery_rate(model: RunView) -> float:
    """Items delivered per day as the least-squares slope of cumulative completions.

    Release trains deliver in lumps, so completions counted in a finite window depend on
    how many departures fall inside it. The slope of the whole cumulative curve is far
    less sensitive to that phase, which is what paired what-if comparisons need.
    """
    days = model.daybook.column("day")
    done = model.daybook.column("completed")
    keep = days >= model.window_start
    if keep.sum() < 2:
        return math.nan
    return float(np.polyfit(days[keep], done[keep], 1)[0])


def utilization(model: RunView, now: float) -> tuple[dict[str, float], dict[str, float]]:
    """Busy share of each role (people and automated servers) and of each station."""
    span = max(now - model.window_start, 1e-12)
    busy: dict[str, float] = {}
    count: dict[str, int] = {}
    for w in model.workers():
        b = w.busy_so_far(now) - model.busy_at_warmup.get(w.unique_id, 0.0)
        busy[w.role] = busy.get(w.role, 0.0) + b
        count[w.role] = count.get(w.role, 0) + 1
    by_role = {r: busy[r] / (count[r] * span) for r in busy}
    by_station = {}
    for st, b0 in zip(model.stations, model.station_busy_at_warmup, strict=True):
        servers = st.capacity_servers()
        busy = st.busy_so_far(now) - b0
        by_station[st.name] = busy / (servers * span) if servers else math.nan
    return by_role, by_station


def bottleneck(
    model: RunView, util_station: dict[str, float], wip: dict[str, float]
) -> tuple[str, float]:
    """The station that limits flow, and its load: its servers are the busiest (queue
    length breaks ties).

    A station's load is the utilization of the pool that serves it (a pool serving several
    stations is as loaded as its members are), or, for a gate with a batch capacity, the
    share of that capacity used.
    """
    now = float(model.time)
    span = max(now - model.window_start, 1e-12)
    loads_by_station: dict[str, float] = {}
    pool_load = {}
    for pool in model.pools:
        if pool.workers:
            b = sum(
                w.busy_so_far(now) - model.busy_at_warmup.get(w.unique_id, 0.0)
                for w in pool.workers
            )
            pool_load[id(pool)] = b / (len(pool.workers) * span)
    for st in model.stations:
        loads = [pool_load.get(id(p), 0.0) for p in st.serving_pools()]
        load = max(loads) if loads else 0.0
        if st.gate is not None and st.gate.capacity:
            w = next((x for x in model.windows if x.station is st), None)
            if w is not None:
                opened = w.opened - model.windows_at_warmup[model.windows.index(w)]
                passed = st.completions - model.completions_at_warmup[st.index]
                if opened:
                    load = max(load, passed / (opened * st.gate.capacity))
        loads_by_station[st.name] = load
    best = constraint_of(loads_by_station, wip)
    return best, loads_by_station.get(best, math.nan)


def constraint_of(loads: Mapping[str, float], queues: Mapping[str, float]) -> str:
    """The one bottleneck rule: the station whose servers are the busiest (load rounded to
    3 decimals, so that noise does not pick among equals), the longer queue breaking
    ties; a load that is nan counts as idle. The engine's summary, the constraint
    timeline and the dashboard's floor all name the constraint by it."""
    best, best_key = "", (-1.0, -1.0)
    for name, load in loads.items():
        key = (round(0.0 if math.isnan(load) else load, 3), float(queues.get(name, 0.0)))
        if key > best_key:
            best, best_key = name, key
    return best


def lead_time_shares(model: RunView, done: pd.DataFrame) -> dict[str, float]:
    """Share of the delivered changes' lead time spent at each station (waiting included).

    Summed over every visit (rework loops count each time); the rest of the lead time
    was spent in the backlog (Poisson demand) or in automated lanes.
    """
    names = [st.name for st in model.stations]
    total = float(done["lead_time"].sum()) if len(done) else 0.0
    if total <= 0:
        return dict.fromkeys(names, math.nan)
    mask = np.zeros(len(model.flow.items), dtype=bool)
    mask[done["id"].to_numpy()] = True
    ledger = model.flow.ledger
    times = "spent" not in ledger.visit_fields  # the full log: spent = leave - enter
    visits = ledger.visit_columns(
        ("item", "station", *(("enter", "leave") if times else ("spent",)))
    )
    keep = mask[visits["item"]]  # the delivered changes' visits
    spent = np.zeros(len(names))
    for j in range(len(names)):  # a station at a time: a fraction of the log in memory
        at = keep & (visits["station"] == j)
        time = visits["leave"][at] - visits["enter"][at] if times else visits["spent"][at]
        if len(time):
            spent[j] = np.cumsum(time)[-1]  # summed in log order, one visit after another
    return {name: float(spent[j] / total) for j, name in enumerate(names)}
