"""Analysing a sweep's results folder: means with CIs, paired differences, sensitivity.

Confidence intervals are t-intervals over seeds, the independent replications: for a
factor level, each seed's runs are first averaged over the design points at that level
(the design points are fixed, the seeds are the random part), then the seed means give
the interval. Differences against the baseline bundle are paired by design point and
seed (common random numbers), averaged per seed the same way.

The tables over factor levels are built in `orgsim.sweeps.levels`, the sensitivity
indices (when the design allows) in `orgsim.sweeps.sensitivity`; this module reads the
folder, runs both and writes what they find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.files import atomic_write
from orgsim.metrics.formatting import number as num
from orgsim.sweeps.levels import (
    ALL,
    FactorInfo,
    bottleneck_table,
    cells_table,
    errors_table,
    factor_info,
    level_column,
    level_of,
    levels_table,
    paired_table,
)
from orgsim.sweeps.sensitivity import sensitivity
from orgsim.sweeps.store import read_meta, read_plan, read_runs

__all__ = ["ALL", "Analysis", "FactorInfo", "analyze", "level_column", "num"]


@dataclass
class Analysis:
    """What `analyze` found; every table is also written as CSV under OUT/analysis."""

    out: Path
    name: str
    method: str
    baseline: str
    bundles: list[str]
    factors: list[FactorInfo]
    metrics: list[str]
    runs: pd.DataFrame
    levels: pd.DataFrame
    paired: pd.DataFrame
    cells: pd.DataFrame
    sensitivity: pd.DataFrame
    bottleneck: pd.DataFrame
    errors: pd.DataFrame
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    leveled: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def plots(self) -> list[Path]:
        return [p for p in self.files if p.suffix == ".png"]

    def overall(self, metric: str) -> pd.DataFrame:
        t = self.levels
        return t[(t["factor"] == ALL) & (t["metric"] == metric)].set_index("bundle")


def analyze(
    out: str | Path,
    *,
    baseline: str | None = None,
    metrics: list[str] | None = None,
    plots: bool = True,
    level: float = 0.95,
) -> Analysis:
    """Analyse the results folder of a sweep; write tables and PNGs to OUT/analysis."""
    out = Path(out)
    meta = read_meta(out)
    if not meta:
        raise ValueError(f"{out}: not a sweep results folder (no sweep.json)")
    plan = read_plan(out)
    runs = read_runs(out)
    if len(runs) == 0:
        raise ValueError(f"{out}: holds no finished runs yet")
    if len(plan):
        runs = runs[runs["run_id"].isin(set(plan["run_id"]))]
        runs = runs.merge(plan[["run_id", "cell"]], on="run_id", how="left")
    else:
        runs = runs.assign(cell=0)
    bundles = [b for b in meta["bundles"] if b in set(runs["bundle"])]
    baseline = baseline if baseline is not None else meta.get("baseline") or bundles[0]
    if baseline not in meta["bundles"]:
        raise ValueError(
            f"baseline: no bundle named {baseline!r} (bundles: {', '.join(meta['bundles'])})"
        )
    kept = _metric_names(meta)
    numeric = [m for m in kept if _is_numeric(meta, m)]
    if metrics is not None:
        unknown = [m for m in metrics if m not in numeric]
        if unknown:
            raise ValueError(
                f"metrics: not a numeric metric of this sweep: {', '.join(unknown)} "
                f"(kept: {', '.join(numeric)})"
            )
        numeric = list(metrics)

    bins = (meta.get("analysis") or {}).get("bins", 5)
    factors = [factor_info(f, runs, bins) for f in meta["factors"]]
    ok = runs[runs["error"].isna()].copy()
    for f in factors:
        ok[level_column(f.key)] = level_of(f, ok[f.key])

    res = Analysis(
        out=out,
        name=meta.get("name", out.name),
        method=meta["design"]["method"],
        baseline=baseline,
        bundles=bundles,
        factors=factors,
        metrics=numeric,
        runs=runs,
        levels=levels_table(ok, bundles, factors, numeric, level),
        paired=paired_table(ok, bundles, baseline, factors, numeric, level),
        cells=cells_table(ok, bundles, factors, numeric, level),
        sensitivity=pd.DataFrame(),
        bottleneck=bottleneck_table(ok, bundles, factors),
        errors=errors_table(runs),
        leveled=ok,
    )
    res.sensitivity = sensitivity(res, ok, meta, out)
    if baseline not in bundles:
        res.notes.append(f"baseline bundle {baseline!r} has no finished runs: no paired diffs")
    planned = len(plan) if len(plan) else len(runs)
    if len(runs) < planned:
        res.notes.append(f"{len(runs)} of {planned} planned runs are in the folder (partial)")
    if len(res.errors):
        res.notes.append(f"{int(res.errors['runs'].sum())} runs ended in an error (errors.csv)")

    folder = out / "analysis"
    folder.mkdir(exist_ok=True)
    for old in [*folder.glob("*.png"), *folder.glob("*.csv")]:  # from an earlier analysis
        old.unlink(missing_ok=True)
    for name in ("levels", "paired", "cells", "sensitivity", "bottleneck", "errors"):
        table = getattr(res, name)
        if len(table):
            path = folder / f"{name}.csv"
            atomic_write(path, lambda p, t=table: t.to_csv(p, index=False))
            res.files.append(path)
    if plots:
        from orgsim.sweeps.plots import make_plots

        plot_metrics = (meta.get("analysis") or {}).get("plot_metrics")
        if metrics is not None:
            plot_metrics = metrics
        chosen = [m for m in plot_metrics if m in numeric] if plot_metrics else numeric[:4]
        heat = (meta.get("analysis") or {}).get("heatmap")
        res.files.extend(make_plots(res, folder, chosen, heat))
    return res


def _metric_names(meta: dict[str, Any]) -> list[str]:
    fixed = {"run_id", "scenario_id", "bundle", "point", "sample", "seed", "error"}
    fixed |= {"traceback", "elapsed_s", "cpu_s"} | {f["key"] for f in meta["factors"]}
    return [c["name"] for c in meta["columns"] if c["name"] not in fixed]


def _is_numeric(meta: dict[str, Any], name: str) -> bool:
    return any(c["name"] == name and c["type"] == "double" for c in meta["columns"])
