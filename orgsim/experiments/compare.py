"""Comparing scenarios (policy bundles) on common random numbers.

Every scenario runs on the same seeds. Because each random purpose draws from its own
named stream, two scenarios that differ in one lever see the same arrivals, sizes and
service draws wherever their structure agrees: differences are paired, and their
confidence intervals are much tighter than those of the separate means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.estimate import Estimate
from orgsim.experiments.plan import Job, Plan, Progress, execute, seed_list_of
from orgsim.metrics.catalog import lower_bound_of
from orgsim.scenario import Scenario, load_scenario

DEFAULT_METRICS = (
    "throughput_per_week",
    "lead_time_mean",
    "lead_time_km_p85",
    "lead_time_littles",
    "lead_time_p85",
    "wip_mean",
    "wip.review",
    "flow_efficiency",
    "deploys_per_week",
    "change_failure_rate",
    "time_to_restore_mean",
    "token_cost",
    "cost_per_item",
)
TARGET_BAND = (0.11, 0.20)  # Bain 2026: the savings companies aimed for


@dataclass
class Comparison:
    """The result of `compare`.

    `runs`: one row per (scenario, seed) with every flattened summary metric.
    `table`: one row per (metric, scenario): mean and 95% CI, and the paired difference
    against the first scenario with its CI (and in percent of the first's mean). A
    Kaplan-Meier figure that some seed did not reach (more than that share of the work
    still open) is averaged over each seed's value or lower bound: `lower_bound` is then
    True, the mean is only a lower bound, and no difference is given.
    `savings`: per scenario, savings in cost per delivered change against the first,
    in percent, with its CI, beside the 11-20% target band.
    `stability`: per scenario, on how many seeds the run reached a steady state, and
    where WIP grew on the others (see `orgsim.metrics.stability`): lead times and WIP of
    an unstable scenario depend on the horizon, and its rows say so.
    `series`: the time series kept (see `compare`'s `timeseries`), by (scenario, seed).
    """

    names: list[str]
    seeds: list[int]
    runs: pd.DataFrame
    table: pd.DataFrame
    savings: pd.DataFrame
    stability: pd.DataFrame = field(default_factory=pd.DataFrame)
    series: dict[tuple[str, int], pd.DataFrame] = field(default_factory=dict)

    def unstable(self, name: str) -> bool:
        """Was the scenario unstable (or too short to judge) on any seed?"""
        if self.stability.empty:
            return False
        row = self.stability.set_index("scenario").loc[name]
        return bool(row["stable_runs"] < row["runs"])

    def metric(self, name: str) -> pd.DataFrame:
        return self.table[self.table["metric"] == name].set_index("scenario")


def compare(
    scenarios: Mapping[str, Scenario | str | Path | Mapping[str, Any]],
    seeds: int | Sequence[int] = 10,
    *,
    days: float | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    workers: int = 1,
    level: float = 0.95,
    backend: str = "local",
    scheduler: str | None = None,
    probes: Sequence[str] = (),
    timeseries: bool | Callable[[Job], bool] = False,
    progress: Progress | None = None,
) -> Comparison:
    """Run each scenario on the same seeds and compare them against the first.

    The runs go through `orgsim.experiments.plan.execute` (`workers` processes of the
    `backend`); `probes` add per-run metrics to `runs`, `timeseries` keeps series."""
    if not scenarios:
        raise ValueError("compare needs at least one scenario")
    loaded = {name: load_scenario(s) for name, s in scenarios.items()}
    seed_list = seed_list_of(seeds)
    plan = Plan.grid(loaded, seed_list, days=days, probes=probes, timeseries=timeseries)
    runs = execute(
        plan, workers=workers, backend=backend, scheduler=scheduler, progress=progress
    ).drop(columns="point")
    series = {(b, s): ts for (_p, b, s), ts in runs.attrs.pop("timeseries", {}).items()}
    names = list(loaded)
    table = _table(runs, names, list(metrics), level)
    savings = _savings(runs, names, level)
    return Comparison(names, seed_list, runs, table, savings, _stability(runs, names), series)


def _stability(runs: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per scenario: runs that reached a steady state, and where WIP grew on the others."""
    out = []
    for name in names:
        sub = runs[runs["bundle"] == name]
        stable = int(sub["stable"].astype(bool).sum()) if "stable" in sub else len(sub)
        unstable = sub[sub["stability"] == "unstable"] if "stability" in sub else sub.iloc[:0]
        where, growth = "", np.nan
        if len(unstable) and "wip_growing_at" in unstable:
            places = unstable["wip_growing_at"].replace("", "total")
            where = str(places.mode().iloc[0])
            column = f"growth.{where}"
            if column in unstable:
                growth = float(unstable[column].mean())
        out.append(
            {
                "scenario": name,
                "stable_runs": stable,
                "runs": len(sub),
                "verdict": _verdict(stable, len(unstable), len(sub)),
                "growing_at": "" if where == "total" else where,
                "growth_per_day": growth,
            }
        )
    return pd.DataFrame(out)


def _verdict(stable: int, unstable: int, runs: int) -> str:
    if stable == runs:
        return "stable"
    if unstable == runs:
        return "unstable"
    if unstable == 0:
        return "too short to judge"
    return f"unstable on {unstable} of {runs} seeds"


def _values(runs: pd.DataFrame, name: str, metric: str) -> tuple[np.ndarray, bool]:
    """A metric's per-seed values; a Kaplan-Meier figure falls back on its lower bound."""
    rows = runs["bundle"] == name
    x = runs.loc[rows, metric].to_numpy(dtype=float)
    bound = lower_bound_of(metric)
    if bound is None or bound not in runs.columns or not np.isnan(x).any():
        return x, False
    b = runs.loc[rows, bound].to_numpy(dtype=float)
    return np.where(np.isnan(x), b, x), bool(np.isfinite(b[np.isnan(x)]).any())


def _table(runs: pd.DataFrame, names: list[str], metrics: list[str], level: float) -> pd.DataFrame:
    base_name = names[0]
    out = []
    for metric in metrics:
        if metric not in runs.columns:
            continue
        base, base_bound = _values(runs, base_name, metric)
        for name in names:
            x, bound = _values(runs, name, metric)
            e = Estimate.of(x, level, censored=bound)
            d = Estimate.paired(x, base, level)
            if bound or base_bound:
                d = Estimate(np.nan, np.nan, np.nan, 0, level)
            bm = float(np.nanmean(base)) if len(base) else np.nan
            out.append(
                {
                    "metric": metric,
                    "scenario": name,
                    "mean": e.mean,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "diff": d.mean,
                    "diff_low": d.low,
                    "diff_high": d.high,
                    "diff_pct": 100 * d.mean / bm if bm else np.nan,
                    "lower_bound": bound,
                }
            )
    return pd.DataFrame(out)


def _savings(runs: pd.DataFrame, names: list[str], level: float) -> pd.DataFrame:
    base = runs.loc[runs["bundle"] == names[0], "cost_per_item"].to_numpy(dtype=float)
    out = []
    for name in names:
        x = runs.loc[runs["bundle"] == name, "cost_per_item"].to_numpy(dtype=float)
        e = Estimate.of(100.0 * (1.0 - x / base), level)
        m, lo, hi = e.as_tuple()
        low, high = (100 * b for b in TARGET_BAND)
        verdict = "baseline" if name == names[0] else _band(m, low, high)
        out.append(
            {
                "scenario": name,
                "cost_per_item": float(np.nanmean(x)),
                "savings_pct": m,
                "ci_low": lo,
                "ci_high": hi,
                "target_band": f"{low:.0f}-{high:.0f}%",
                "verdict": verdict,
            }
        )
    return pd.DataFrame(out)


def _band(m: float, low: float, high: float) -> str:
    if m != m:
        return "-"
    if m < 10:
        return "below 10%"
    if m < low:
        return "below target"
    return "within target" if m <= high else "above target"
