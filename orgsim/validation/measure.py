"""What a validation run measures, read from an orgsim run as a user reads it.

Every number comes from the public results: `summary`, the `visits` table (one row per
station visit) and the daily `timeseries`. Means over visits use the visits that end
inside the measured window, as the summary's lead time uses the items done inside it: in
steady state both are unbiased for the customer averages that theory gives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def orgsim_run(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Run one scenario (a mapping or a TOML path, with overrides) and measure it."""
    import orgsim

    scenario = orgsim.load_scenario(params["scenario"])
    overrides = params.get("overrides")
    if overrides:
        scenario = scenario.with_overrides(overrides)
    return measure(orgsim.simulate(scenario, seed=seed))


def measure(res) -> dict[str, float]:
    """Flat measurements of one run.

    W, L, TH, flow: mean lead time, time-average number in system, completions per day,
    mean time from start to done. little, identity: the summary's two Little residuals.
    Per station s: W.s, Wq.s (mean sojourn and wait per visit), pwait.s (share of visits
    that waited), max_wait.s, rate.s (visits per day), L.s (time-average WIP), and
    growth.s (WIP change per day over the window), var.s (variance of the daily WIP
    snapshots inside the window); L.backlog, growth.total and var.total likewise. With
    urgent requests (`demand.priority_share`), the same per class (`by_class`).
    """
    s = res.summary
    spec = res.scenario.spec
    t0 = float(spec.simulation.warmup_days)
    span = float(s["days"])
    t1 = t0 + span
    out: dict[str, float] = {
        "W": s["lead_time_mean"],
        "L": s["wip_mean"],
        "TH": s["completed"] / span,
        "flow": s["flow_time_mean"],
        "little": s["littles_law_residual"],
        "identity": s["little_identity_residual"],
        "L.backlog": s["wip_mean_by_station"]["backlog"],
    }
    v = res.visits
    codes = v["station"].cat.codes.to_numpy()
    enter = v["enter"].to_numpy()
    start = v["start"].to_numpy()
    leave = v["leave"].to_numpy()
    window = (leave >= t0) & (leave <= t1)
    for i, name in enumerate(spec.station_names):
        m = window & (codes == i)
        n = int(m.sum())
        wait = start[m] - enter[m]
        out[f"W.{name}"] = float((leave[m] - enter[m]).mean()) if n else math.nan
        out[f"Wq.{name}"] = float(wait.mean()) if n else math.nan
        out[f"pwait.{name}"] = float((wait > 0).mean()) if n else math.nan
        out[f"max_wait.{name}"] = float(wait.max()) if n else math.nan
        out[f"rate.{name}"] = n / span
        out[f"L.{name}"] = s["wip_mean_by_station"][name]
    ts = res.timeseries
    day = ts.index.to_numpy()
    days = (day >= t0) & (day < t1)
    for col in [c for c in ts.columns if c.startswith("wip_")]:
        key = "total" if col == "wip_total" else col[len("wip_") :]
        out[f"growth.{key}"] = (_at(ts, col, t1) - _at(ts, col, t0)) / span
        snap = ts[col].to_numpy()[days]
        out[f"var.{key}"] = float(snap.var(ddof=1)) if len(snap) > 1 else math.nan
    if spec.org.demand.priority_share > 0:
        out.update(by_class(res, t0, t1))
    return {k: float(x) for k, x in out.items()}


def by_class(res, t0: float, t1: float) -> dict[str, float]:
    """Per class of service (urgent, fresh): W.s.c and Wq.s.c per visit, W.c per item.

    Visits and items count when they end inside the window [t0, t1], as in `measure`.
    """
    items = res.items
    urgent = items["urgent"].to_numpy()
    v = res.visits
    it = v["item"].to_numpy()
    codes = v["station"].cat.codes.to_numpy()
    enter, start, leave = (v[c].to_numpy() for c in ("enter", "start", "leave"))
    window = (leave >= t0) & (leave <= t1)
    done = items["done"].to_numpy()
    delivered = (done >= t0) & (done <= t1)
    lead = items["lead_time"].to_numpy()
    out: dict[str, float] = {}
    for label, flag in (("urgent", True), ("fresh", False)):
        mine = urgent[it] == flag
        for i, name in enumerate(res.scenario.spec.station_names):
            m = window & mine & (codes == i)
            n = int(m.sum())
            out[f"W.{name}.{label}"] = float((leave[m] - enter[m]).mean()) if n else math.nan
            out[f"Wq.{name}.{label}"] = float((start[m] - enter[m]).mean()) if n else math.nan
        d = delivered & (urgent == flag)
        out[f"W.{label}"] = float(lead[d].mean()) if d.any() else math.nan
    return out


def _at(ts: pd.DataFrame, col: str, day: float) -> float:
    """The daily snapshot of `col` at `day` (0 before the first day: the org starts empty)."""
    idx = ts.index.to_numpy()
    before = np.nonzero(idx <= day + 1e-9)[0]
    return float(ts[col].iloc[before[-1]]) if len(before) else 0.0


def shipped_scenarios() -> list[Path]:
    """The scenarios the project ships (scenarios/*.toml)."""
    from orgsim import SCENARIO_DIR

    return sorted(Path(SCENARIO_DIR).glob("*.toml"))
