"""A sweep's factors as levels, and the tables over them: means with CIs per level,
paired differences against the baseline, per-point cells, bottlenecks and errors.

A sampled factor is binned into `bins` equal ranges (labelled by their ends) so that it
has levels like a values factor. Intervals are over seeds: each seed's runs are averaged
over the design points at a level first (see `orgsim.sweeps.analysis`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.estimate import Estimate
from orgsim.metrics.formatting import significant

ALL = "(all)"


@dataclass
class FactorInfo:
    key: str
    sampled: bool
    numeric: bool
    levels: list[Any]  # level values in order (bin midpoints for sampled factors)
    labels: list[str]
    low: float | None = None
    high: float | None = None
    binned: bool = False


def level_column(key: str) -> str:
    return f"__level__{key}"


def factor_info(f: dict[str, Any], runs: pd.DataFrame, bins: int) -> FactorInfo:
    key = f["key"]
    if f.get("values") is not None:
        vals = list(f["values"])
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals)
        return FactorInfo(key, False, numeric, vals, [level_label(v) for v in vals])
    lo, hi = (float(x) for x in f["range"])
    seen = np.sort(runs[key].dropna().unique()) if key in runs else np.array([])
    if f.get("integer") and 0 < len(seen) <= bins:
        vals = [int(v) for v in seen]
        return FactorInfo(key, True, True, vals, [str(v) for v in vals], lo, hi)
    edges = np.linspace(lo, hi, bins + 1)
    mids = [float((a + b) / 2) for a, b in itertools.pairwise(edges)]
    labels = [f"{significant(a, 3)}-{significant(b, 3)}" for a, b in itertools.pairwise(edges)]
    return FactorInfo(key, True, True, mids, labels, lo, hi, binned=True)


def level_of(f: FactorInfo, col: pd.Series) -> pd.Series:
    if not f.binned:
        return col
    n = len(f.levels)
    x = col.to_numpy(dtype=float)
    idx = np.clip(np.floor((x - f.low) / (f.high - f.low) * n), 0, n - 1).astype(int)
    return pd.Series(np.asarray(f.levels)[idx], index=col.index)


def level_label(v: Any) -> str:
    if isinstance(v, float):
        return significant(v, 3)
    return str(v)


def _seed_means(df: pd.DataFrame, metric: str) -> np.ndarray:
    return df.groupby("seed")[metric].mean().to_numpy(dtype=float)


def levels_table(ok, bundles, factors, metrics, level) -> pd.DataFrame:
    rows = []
    for b in bundles:
        sub_b = ok[ok["bundle"] == b]
        groups: list[tuple[str, Any, str, pd.DataFrame]] = [(ALL, None, ALL, sub_b)]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, sub_b[sub_b[level_column(f.key)] == v]))
        for fkey, v, lab, sub in groups:
            for m in metrics:
                x = _seed_means(sub, m) if len(sub) else np.array([])
                mean, lo, hi = Estimate.of(x, level).as_tuple()
                rows.append(
                    {
                        "bundle": b,
                        "factor": fkey,
                        "level": v,
                        "level_label": lab,
                        "metric": m,
                        "mean": mean,
                        "ci_low": lo,
                        "ci_high": hi,
                        "seeds": int(np.isfinite(x).sum()),
                        "runs": int(sub[m].notna().sum()) if len(sub) else 0,
                    }
                )
    return _obj_level(pd.DataFrame(rows))


def _obj_level(df: pd.DataFrame) -> pd.DataFrame:
    if "level" in df:
        df["level"] = df["level"].astype(object)
    return df


def paired_table(ok, bundles, baseline, factors, metrics, level) -> pd.DataFrame:
    if baseline not in bundles or len(bundles) < 2:
        return pd.DataFrame()
    key = ["point", "seed"]
    base = ok[ok["bundle"] == baseline].set_index(key)
    rows = []
    for b in bundles:
        if b == baseline:
            continue
        other = ok[ok["bundle"] == b].set_index(key)
        common = other.index.intersection(base.index)
        if not len(common):
            continue
        o, bs = other.loc[common], base.loc[common]
        lvl_cols = [level_column(f.key) for f in factors]
        frame = o[lvl_cols].reset_index()
        groups: list[tuple[str, Any, str, np.ndarray]] = [
            (ALL, None, ALL, np.ones(len(frame), bool))
        ]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, (frame[level_column(f.key)] == v).to_numpy()))
        for m in metrics:
            d = pd.DataFrame(
                {
                    "seed": frame["seed"].to_numpy(),
                    "diff": o[m].to_numpy(dtype=float) - bs[m].to_numpy(dtype=float),
                    "base": bs[m].to_numpy(dtype=float),
                }
            )
            for fkey, v, lab, mask in groups:
                sub = d[mask & np.isfinite(d["diff"].to_numpy())]
                per_seed = sub.groupby("seed")["diff"].mean().to_numpy()
                mean, lo, hi = Estimate.of(per_seed, level).as_tuple()
                bmean = float(sub["base"].mean()) if len(sub) else math.nan
                rows.append(
                    {
                        "bundle": b,
                        "baseline": baseline,
                        "factor": fkey,
                        "level": v,
                        "level_label": lab,
                        "metric": m,
                        "diff": mean,
                        "diff_low": lo,
                        "diff_high": hi,
                        "diff_pct": 100 * mean / bmean if bmean else math.nan,
                        "baseline_mean": bmean,
                        "pairs": len(sub),
                        "seeds": len(per_seed),
                    }
                )
    return _obj_level(pd.DataFrame(rows))


def cells_table(ok, bundles, factors, metrics, level) -> pd.DataFrame:
    """Per bundle and design point: mean and CI over seeds (the heatmaps' raw material)."""
    rows = []
    keys = [f.key for f in factors]
    for (b, p), sub in ok.groupby(["bundle", "point"], sort=False):
        first = sub.iloc[0]
        for m in metrics:
            mean, lo, hi = Estimate.of(sub[m].to_numpy(dtype=float), level).as_tuple()
            row = {"bundle": b, "point": int(p)}
            row.update({k: first[k] for k in keys})
            row.update({"metric": m, "mean": mean, "ci_low": lo, "ci_high": hi, "seeds": len(sub)})
            rows.append(row)
    df = pd.DataFrame(rows)
    if len(df):
        order = {b: i for i, b in enumerate(bundles)}
        df = df.sort_values(
            ["metric", "bundle", "point"],
            key=lambda s: s.map(order) if s.name == "bundle" else s,
            kind="stable",
        )
    return df.reset_index(drop=True)


def bottleneck_table(ok, bundles, factors) -> pd.DataFrame:
    if "bottleneck_station" not in ok:
        return pd.DataFrame()
    rows = []
    for b in bundles:
        sub_b = ok[ok["bundle"] == b]
        groups = [(ALL, None, ALL, sub_b)]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, sub_b[sub_b[level_column(f.key)] == v]))
        for fkey, v, lab, sub in groups:
            counts = sub["bottleneck_station"].value_counts()
            total = counts.sum()
            for station, n in counts.items():
                rows.append(
                    {
                        "bundle": b,
                        "factor": fkey,
                        "level": v,
                        "level_label": lab,
                        "station": station,
                        "share": n / total,
                        "runs": int(n),
                    }
                )
    return _obj_level(pd.DataFrame(rows))


def errors_table(runs: pd.DataFrame) -> pd.DataFrame:
    bad = runs[runs["error"].notna()]
    if not len(bad):
        return pd.DataFrame()
    return (
        bad.groupby(["bundle", "error"], sort=False)
        .agg(runs=("run_id", "size"), example_run=("run_id", "first"))
        .reset_index()
    )
