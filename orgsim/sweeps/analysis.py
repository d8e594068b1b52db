"""Analysing a sweep's results folder: means with CIs, paired differences, sensitivity.

Confidence intervals are t-intervals over seeds, the independent replications: for a
factor level, each seed's runs are first averaged over the design points at that level
(the design points are fixed, the seeds are the random part), then the seed means give
the interval. Differences against the baseline bundle are paired by design point and
seed (common random numbers), averaged per seed the same way.

Sensitivity, when the design allows:
- grid: main-effect share of each factor, Var(E[Y | level]) / Var(Y) over the cell means
  (a full factorial is balanced, so this is the first-order index of the grid); the
  remainder is interactions. Intervals by resampling seeds.
- sobol: SALib Sobol indices S1 and ST (with bootstrap intervals).
- morris: SALib Morris mu* (mean absolute elementary effect, in the metric's units), sigma.
- latin_hypercube: SALib RBD-FAST first-order indices when the sample is large enough.
Sampled designs that also have values factors are analysed per combination of those
values (a "cell"). Y is the mean over seeds at each design point.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.estimate import Estimate
from orgsim.files import atomic_write
from orgsim.sweeps.store import read_meta, read_plan, read_runs

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
    factors = [_factor_info(f, runs, bins) for f in meta["factors"]]
    ok = runs[runs["error"].isna()].copy()
    for f in factors:
        ok[_lvl(f.key)] = _level_of(f, ok[f.key])

    res = Analysis(
        out=out,
        name=meta.get("name", out.name),
        method=meta["design"]["method"],
        baseline=baseline,
        bundles=bundles,
        factors=factors,
        metrics=numeric,
        runs=runs,
        levels=_levels_table(ok, bundles, factors, numeric, level),
        paired=_paired_table(ok, bundles, baseline, factors, numeric, level),
        cells=_cells_table(ok, bundles, factors, numeric, level),
        sensitivity=pd.DataFrame(),
        bottleneck=_bottleneck_table(ok, bundles, factors),
        errors=_errors_table(runs),
        leveled=ok,
    )
    res.sensitivity = _sensitivity(res, ok, meta, out)
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


# -- helpers ----------------------------------------------------------------------------
def num(v: float) -> str:
    """A short, readable number: 1,234  123  12.3  1.23  0.0123."""
    if v != v:
        return "-"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def _metric_names(meta: dict[str, Any]) -> list[str]:
    fixed = {"run_id", "scenario_id", "bundle", "point", "sample", "seed", "error"}
    fixed |= {"traceback", "elapsed_s", "cpu_s"} | {f["key"] for f in meta["factors"]}
    return [c["name"] for c in meta["columns"] if c["name"] not in fixed]


def _is_numeric(meta: dict[str, Any], name: str) -> bool:
    return any(c["name"] == name and c["type"] == "double" for c in meta["columns"])


def _lvl(key: str) -> str:
    return f"__level__{key}"


def _factor_info(f: dict[str, Any], runs: pd.DataFrame, bins: int) -> FactorInfo:
    key = f["key"]
    if f.get("values") is not None:
        vals = list(f["values"])
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals)
        return FactorInfo(key, False, numeric, vals, [_fmt_level(v) for v in vals])
    lo, hi = (float(x) for x in f["range"])
    seen = np.sort(runs[key].dropna().unique()) if key in runs else np.array([])
    if f.get("integer") and 0 < len(seen) <= bins:
        vals = [int(v) for v in seen]
        return FactorInfo(key, True, True, vals, [str(v) for v in vals], lo, hi)
    edges = np.linspace(lo, hi, bins + 1)
    mids = [float((a + b) / 2) for a, b in itertools.pairwise(edges)]
    labels = [f"{_g(a)}-{_g(b)}" for a, b in itertools.pairwise(edges)]
    return FactorInfo(key, True, True, mids, labels, lo, hi, binned=True)


def _level_of(f: FactorInfo, col: pd.Series) -> pd.Series:
    if not f.binned:
        return col
    n = len(f.levels)
    x = col.to_numpy(dtype=float)
    idx = np.clip(np.floor((x - f.low) / (f.high - f.low) * n), 0, n - 1).astype(int)
    return pd.Series(np.asarray(f.levels)[idx], index=col.index)


def _g(x: float) -> str:
    return f"{x:.3g}"


def _fmt_level(v: Any) -> str:
    if isinstance(v, float):
        return _g(v)
    return str(v)


def _seed_means(df: pd.DataFrame, metric: str) -> np.ndarray:
    return df.groupby("seed")[metric].mean().to_numpy(dtype=float)


def _levels_table(ok, bundles, factors, metrics, level) -> pd.DataFrame:
    rows = []
    for b in bundles:
        sub_b = ok[ok["bundle"] == b]
        groups: list[tuple[str, Any, str, pd.DataFrame]] = [(ALL, None, ALL, sub_b)]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, sub_b[sub_b[_lvl(f.key)] == v]))
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


def _paired_table(ok, bundles, baseline, factors, metrics, level) -> pd.DataFrame:
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
        lvl_cols = [_lvl(f.key) for f in factors]
        frame = o[lvl_cols].reset_index()
        groups: list[tuple[str, Any, str, np.ndarray]] = [
            (ALL, None, ALL, np.ones(len(frame), bool))
        ]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, (frame[_lvl(f.key)] == v).to_numpy()))
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


def _cells_table(ok, bundles, factors, metrics, level) -> pd.DataFrame:
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


def _bottleneck_table(ok, bundles, factors) -> pd.DataFrame:
    if "bottleneck_station" not in ok:
        return pd.DataFrame()
    rows = []
    for b in bundles:
        sub_b = ok[ok["bundle"] == b]
        groups = [(ALL, None, ALL, sub_b)]
        for f in factors:
            for v, lab in zip(f.levels, f.labels, strict=True):
                groups.append((f.key, v, lab, sub_b[sub_b[_lvl(f.key)] == v]))
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


def _errors_table(runs: pd.DataFrame) -> pd.DataFrame:
    bad = runs[runs["error"].notna()]
    if not len(bad):
        return pd.DataFrame()
    return (
        bad.groupby(["bundle", "error"], sort=False)
        .agg(runs=("run_id", "size"), example_run=("run_id", "first"))
        .reset_index()
    )


# -- sensitivity ------------------------------------------------------------------------
def _sensitivity(res: Analysis, ok: pd.DataFrame, meta: dict[str, Any], out: Path) -> pd.DataFrame:
    method = res.method
    factors = res.factors
    if not factors:
        return pd.DataFrame()
    rows: list[dict[str, Any]] = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if method == "grid":
            for b in res.bundles:
                for m in res.metrics:
                    rows.extend(_grid_indices(ok[ok["bundle"] == b], factors, b, m))
        else:
            rows.extend(_salib_indices(res, ok, meta, out))
    return pd.DataFrame(rows)


def _grid_indices(sub: pd.DataFrame, factors: list[FactorInfo], bundle: str, metric: str):
    varied = [f for f in factors if len(f.levels) > 1]
    if not varied or not len(sub):
        return []
    mat = sub.groupby(["point", "seed"])[metric].mean().unstack("seed")
    if mat.isna().to_numpy().any() or mat.shape[1] == 0:
        return []
    points = sub.drop_duplicates("point").set_index("point").loc[mat.index]
    y_all = mat.to_numpy(dtype=float)  # points x seeds
    # One-hot level membership per factor: level means of many replicates at once.
    onehots = {}
    for f in varied:
        col = points[f.key].to_numpy()
        oh = np.stack([(col == v) for v in f.levels], axis=1).astype(float)
        onehots[f.key] = oh[:, oh.sum(axis=0) > 0]

    def shares(y: np.ndarray) -> dict[str, np.ndarray]:
        """Main-effect shares for each row of y (replicates x points)."""
        var = y.var(axis=1)
        out = {}
        for key, oh in onehots.items():
            means = (y @ oh) / oh.sum(axis=0)
            with np.errstate(all="ignore"):
                out[key] = np.where(var > 0, means.var(axis=1) / var, np.nan)
        return out

    est = {k: float(v[0]) for k, v in shares(y_all.mean(axis=1)[None, :]).items()}
    n_seeds = y_all.shape[1]
    boots = None
    if n_seeds >= 2:
        picks = np.random.default_rng(0).integers(0, n_seeds, (200, n_seeds))
        boots = shares(y_all[:, picks].mean(axis=2).T)
    rows = []
    for f in varied:
        conf = 1.96 * float(np.nanstd(boots[f.key], ddof=1)) if boots is not None else math.nan
        rows.append(
            _srow(bundle, ALL, metric, f.key, "anova_main_effect", S1=est[f.key], S1_conf=conf)
        )
    finite = [v for v in est.values() if v == v]
    if finite:
        rest = max(0.0, 1.0 - sum(finite))
        rows.append(_srow(bundle, ALL, metric, "(interactions)", "anova_main_effect", S1=rest))
    return rows


def _srow(bundle, cell, metric, factor, method, **values) -> dict[str, Any]:
    row = {"bundle": bundle, "cell": cell, "metric": metric, "factor": factor, "method": method}
    for k in ("S1", "S1_conf", "ST", "ST_conf", "mu_star", "mu_star_conf", "sigma"):
        row[k] = float(values.get(k, math.nan))
    return row


def _salib_indices(res: Analysis, ok: pd.DataFrame, meta: dict[str, Any], out: Path):
    design = meta["design"]
    method = design["method"]
    sampled = [f for f in res.factors if f.sampled]
    fixed = [f for f in res.factors if not f.sampled]
    problem = {
        "num_vars": len(sampled),
        "names": [f.key for f in sampled],
        "bounds": [[f.low, f.high] for f in sampled],
    }
    xpath = out / "design.parquet"
    if not xpath.is_file():
        res.notes.append("no design.parquet: sensitivity indices skipped")
        return []
    xdf = pd.read_parquet(xpath).sort_values("sample")
    x = xdf[[f.key for f in sampled]].to_numpy(dtype=float)
    n_rows = len(x)
    rows = []
    for b in res.bundles:
        sub_b = ok[ok["bundle"] == b]
        for _, sub in sub_b.groupby("cell", sort=True):
            cell = (
                ", ".join(f"{f.key}={_fmt_level(sub.iloc[0][f.key])}" for f in fixed)
                if fixed
                else ALL
            )
            for m in res.metrics:
                y = sub.groupby("sample")[m].mean().reindex(range(n_rows)).to_numpy(dtype=float)
                if not np.all(np.isfinite(y)):
                    res.notes.append(
                        f"{b} / {cell} / {m}: runs missing or failed; {method} indices skipped"
                    )
                    continue
                rows.extend(_salib_one(method, design, problem, x, y, b, cell, m, res))
    return rows


def _salib_one(method, design, problem, x, y, bundle, cell, metric, res):
    names = problem["names"]
    rows = []
    try:
        if method == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(
                problem, y, calc_second_order=bool(design.get("second_order")), seed=0
            )
            for i, n in enumerate(names):
                rows.append(
                    _srow(
                        bundle,
                        cell,
                        metric,
                        n,
                        "sobol",
                        S1=si["S1"][i],
                        S1_conf=si["S1_conf"][i],
                        ST=si["ST"][i],
                        ST_conf=si["ST_conf"][i],
                    )
                )
        elif method == "morris":
            from SALib.analyze import morris

            si = morris.analyze(problem, x, y, num_levels=int(design.get("levels", 4)), seed=0)
            for i, n in enumerate(names):
                rows.append(
                    _srow(
                        bundle,
                        cell,
                        metric,
                        n,
                        "morris",
                        mu_star=si["mu_star"][i],
                        mu_star_conf=si["mu_star_conf"][i],
                        sigma=si["sigma"][i],
                    )
                )
        elif method == "latin_hypercube":
            from SALib.analyze import rbd_fast

            n = len(y)
            if n < 32:
                res.notes.append(
                    f"latin_hypercube with n={n}: too few samples for RBD-FAST indices (32+)"
                )
                return []
            si = rbd_fast.analyze(problem, x, y, M=max(2, min(10, n // 16)), seed=0)
            for i, nm in enumerate(names):
                rows.append(
                    _srow(
                        bundle,
                        cell,
                        metric,
                        nm,
                        "rbd_fast",
                        S1=si["S1"][i],
                        S1_conf=si["S1_conf"][i],
                    )
                )
    except Exception as exc:  # SALib fails on degenerate inputs (constant Y, tiny n)
        res.notes.append(f"{bundle} / {cell} / {metric}: {method} analysis failed ({exc})")
        return []
    return rows
