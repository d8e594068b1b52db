"""Sensitivity indices of a sweep: which factors move each metric, and how much.

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

import math
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from orgsim.sweeps.levels import ALL, FactorInfo, level_label

if TYPE_CHECKING:
    from orgsim.sweeps.analysis import Analysis


def sensitivity(res: Analysis, ok: pd.DataFrame, meta: dict[str, Any], out: Path) -> pd.DataFrame:
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
                ", ".join(f"{f.key}={level_label(sub.iloc[0][f.key])}" for f in fixed)
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


# What each SALib method reports per factor: its name in the table, then its columns.
_SALIB_COLUMNS = {
    "sobol": ("sobol", ("S1", "S1_conf", "ST", "ST_conf")),
    "morris": ("morris", ("mu_star", "mu_star_conf", "sigma")),
    "latin_hypercube": ("rbd_fast", ("S1", "S1_conf")),
}


def _salib_one(method, design, problem, x, y, bundle, cell, metric, res):
    try:
        if method == "sobol":
            from SALib.analyze import sobol

            second = bool(design.get("second_order"))
            si = sobol.analyze(problem, y, calc_second_order=second, seed=0)
        elif method == "morris":
            from SALib.analyze import morris

            si = morris.analyze(problem, x, y, num_levels=int(design.get("levels", 4)), seed=0)
        elif method == "latin_hypercube":
            from SALib.analyze import rbd_fast

            n = len(y)
            if n < 32:
                res.notes.append(
                    f"latin_hypercube with n={n}: too few samples for RBD-FAST indices (32+)"
                )
                return []
            si = rbd_fast.analyze(problem, x, y, M=max(2, min(10, n // 16)), seed=0)
        else:
            return []
    except Exception as exc:  # SALib fails on degenerate inputs (constant Y, tiny n)
        res.notes.append(f"{bundle} / {cell} / {metric}: {method} analysis failed ({exc})")
        return []
    shown, columns = _SALIB_COLUMNS[method]
    return [
        _srow(bundle, cell, metric, name, shown, **{c: si[c][i] for c in columns})
        for i, name in enumerate(problem["names"])
    ]
