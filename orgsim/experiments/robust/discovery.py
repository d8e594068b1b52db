"""Scenario discovery: where in the parameter space a claim fails, and what moves it.

PRIM (Friedman and Fisher 1999, "Bump hunting in high-dimensional data") as the EMA
Workbench implements it for scenario discovery (Bryant and Lempert 2010), written out
here to keep orgsim's dependencies small (ema_workbench pulls in scikit-learn,
statsmodels, seaborn and an optimization library, and seconds of import time). The same
algorithm, the same defaults:

- *peeling*: starting from the whole sample, repeatedly cut off the slice of the box
  (`alpha` = 5% of its points, at the low or high end of one numeric parameter, or one
  level of a categorical one) that raises the share of cases (failures) in the box most
  per point removed (ema_workbench's default "lenient1" objective), until the box holds
  less than `mass_min` of the sample;
- *pasting*: widen the chosen box again where that does not lower its density;
- the *trajectory* of boxes trades coverage (the share of all cases inside the box)
  against density (the share of the box's points that are cases); `prim` picks the
  densest box whose coverage is at least `min_coverage`, then drops the restrictions
  that are not significant (ema_workbench's quasi-p-value above 0.05: the box's density
  could be chance without them), so the description names only what matters; a box no
  denser than the whole sample beyond what choosing the best of the trajectory gives by
  chance (a one-sided binomial test, Bonferroni over the trajectory's boxes) is dropped:
  the claim then fails "without a region standing out".

PRIM is greedy: with few points and noisy verdicts a chance slice can lead the peeling
astray. Read a box with its coverage, density and number of points.

The feature score is a regional sensitivity analysis (Spear and Hornberger 1980): for
each parameter, the Kolmogorov-Smirnov distance between its distribution among the
points where the claim fails and where it holds (scipy.stats.ks_2samp), with the test's
p-value. A parameter that does not move the verdict has the same distribution in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Box:
    """A box in parameter space: numeric limits [low, high] and categorical level sets.

    `coverage`: share of all cases inside; `density`: share of the box's points that are
    cases; `mass`: share of all points inside; `n`: points inside; `cases`: cases inside.
    `restrictions` names only the parameters the box restricts.
    """

    restrictions: dict[str, Any]
    coverage: float
    density: float
    mass: float
    n: int
    cases: int
    base_density: float = float("nan")

    def contains(self, x: pd.DataFrame) -> np.ndarray:
        return _inside(x, self.restrictions)

    def describe(self, labels: dict[str, str] | None = None) -> str:
        if not self.restrictions:
            return "everywhere"
        parts = []
        for name, lim in self.restrictions.items():
            what = (labels or {}).get(name, name)
            if isinstance(lim, frozenset):
                parts.append(f"{what} in {{{', '.join(sorted(map(str, lim)))}}}")
            else:
                lo, hi = lim
                if lo == -np.inf:
                    parts.append(f"{what} <= {hi:.3g}")
                elif hi == np.inf:
                    parts.append(f"{what} >= {lo:.3g}")
                else:
                    parts.append(f"{lo:.3g} <= {what} <= {hi:.3g}")
        return " and ".join(parts)


@dataclass
class PrimResult:
    box: Box
    trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)


def _inside(x: pd.DataFrame, limits: dict[str, Any]) -> np.ndarray:
    keep = np.ones(len(x), dtype=bool)
    for name, lim in limits.items():
        col = x[name]
        if isinstance(lim, frozenset):
            keep &= col.isin(lim).to_numpy()
        else:
            v = col.to_numpy(dtype=float)
            keep &= (v >= lim[0]) & (v <= lim[1])
    return keep


def _is_categorical(col: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)


def _full_limits(x: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in x.columns:
        col = x[name]
        out[name] = frozenset(col.unique()) if _is_categorical(col) else (-np.inf, np.inf)
    return out


def _peels(x: pd.DataFrame, limits: dict[str, Any], inside: np.ndarray, alpha: float):
    """Candidate boxes, each cutting one slice off the current box: the points below the
    `alpha` quantile of one parameter (or above 1 - alpha), at least one distinct value
    (ties on counts), or one level of a categorical parameter."""
    for name in x.columns:
        lim = limits[name]
        if isinstance(lim, frozenset):
            levels = set(x[name][inside].unique())
            if len(levels) >= 2:
                for level in levels:
                    yield name, frozenset(levels - {level})
            continue
        v = x[name].to_numpy(dtype=float)[inside]
        distinct = np.unique(v)
        if len(distinct) < 2:
            continue
        new_lo = distinct[distinct >= np.quantile(v, alpha)][0]
        new_lo = distinct[1] if new_lo == distinct[0] else new_lo
        yield name, (float(new_lo), lim[1])
        new_hi = distinct[distinct <= np.quantile(v, 1 - alpha)][-1]
        new_hi = distinct[-2] if new_hi == distinct[-1] else new_hi
        yield name, (lim[0], float(new_hi))


def _stats(inside: np.ndarray, y: np.ndarray, total_cases: int) -> tuple[float, float, float]:
    n = int(inside.sum())
    cases = int(y[inside].sum())
    density = cases / n if n else 0.0
    coverage = cases / total_cases if total_cases else 0.0
    return coverage, density, n / len(y)


def _box(limits: dict[str, Any], x: pd.DataFrame, y: np.ndarray) -> Box:
    full = _full_limits(x)
    restricted = {k: v for k, v in limits.items() if v != full[k]}
    inside = _inside(x, restricted)
    total = int(y.sum())
    cov, dens, mass = _stats(inside, y, total)
    return Box(restricted, cov, dens, mass, int(inside.sum()), int(y[inside].sum()), y.mean())


def _paste(x: pd.DataFrame, y: np.ndarray, limits: dict[str, Any], alpha: float) -> dict[str, Any]:
    """Widen the box, one slice at a time, while that does not lower its density."""
    full = _full_limits(x)
    while True:
        inside = _inside(x, limits)
        dens = y[inside].mean()
        step = max(1, int(alpha * inside.sum()))
        best, best_dens = None, -np.inf
        for name, lim in limits.items():
            if lim == full[name]:
                continue
            if isinstance(lim, frozenset):
                cands = [lim | {level} for level in full[name] - lim]
            else:
                others = _inside(x, {k: v for k, v in limits.items() if k != name})
                v = x[name].to_numpy(dtype=float)
                below = np.sort(v[others & (v < lim[0])])[::-1]
                above = np.sort(v[others & (v > lim[1])])
                cands = []
                if lim[0] > -np.inf:
                    lo = below[step - 1] if len(below) > step else -np.inf
                    cands.append((lo, lim[1]))
                if lim[1] < np.inf:
                    hi = above[step - 1] if len(above) > step else np.inf
                    cands.append((lim[0], hi))
            for c in cands:
                cand = {**limits, name: c}
                d = y[_inside(x, cand)].mean()
                if d > best_dens:
                    best, best_dens = cand, d
        if best is None or best_dens < dens:
            return limits
        limits = best


def prim(
    x: pd.DataFrame,
    y: Any,
    *,
    alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float = 0.5,
) -> PrimResult:
    """The box of `x` where `y` (True: a case, e.g. the claim fails) concentrates."""
    x = x.reset_index(drop=True)
    y = np.asarray(y, dtype=float)
    if len(x) != len(y) or len(y) == 0:
        raise ValueError("prim needs one outcome per point, and at least one point")
    limits = _full_limits(x)
    total = int(y.sum())
    rows = []
    boxes = []
    inside = np.ones(len(y), dtype=bool)
    while True:
        cov, dens, mass = _stats(inside, y, total)
        rows.append({"coverage": cov, "density": dens, "mass": mass, "n": int(inside.sum())})
        boxes.append(dict(limits))
        mean_old, n_old = y[inside].mean(), inside.sum()
        best, best_obj, best_inside = None, -np.inf, None
        for name, lim in _peels(x, limits, inside, alpha):
            cand = {**limits, name: lim}
            cand_inside = _inside(x, cand)
            n_new = cand_inside.sum()
            if n_new == 0 or n_new / len(y) < mass_min:
                continue
            obj = (y[cand_inside].mean() - mean_old) / abs(n_old - n_new)
            if obj > best_obj:
                best, best_obj, best_inside = cand, obj, cand_inside
        if best is None or best_obj <= 0:
            break
        limits, inside = best, best_inside
    trajectory = pd.DataFrame(rows)
    ok = trajectory.index[trajectory["coverage"] >= min_coverage]
    pick = int(trajectory.loc[ok, "density"].idxmax()) if len(ok) else 0
    chosen = _paste(x, y, boxes[pick], alpha)
    chosen = _prune(x, y, chosen)
    if not _beats_chance(x, y, chosen, len(trajectory)):
        chosen = _full_limits(x)
    return PrimResult(_box(chosen, x, y), trajectory)


def _beats_chance(x: pd.DataFrame, y: np.ndarray, limits: dict[str, Any], tried: int) -> bool:
    """Is the box denser than the whole sample beyond what picking the best of `tried`
    boxes of the trajectory gives by chance? (one-sided binomial test, Bonferroni)"""
    from scipy.stats import binomtest

    inside = _inside(x, limits)
    n, cases = int(inside.sum()), int(y[inside].sum())
    if n == 0 or n == len(y):
        return n > 0
    p = binomtest(cases, n, float(y.mean()), "greater").pvalue
    return p * max(tried, 1) <= 0.05


def quasi_p_values(x: pd.DataFrame, y: np.ndarray, limits: dict[str, Any]) -> dict[str, float]:
    """Per restriction: how likely the box's cases are if the restriction did not matter.

    ema_workbench's quasi-p-value: a one-sided binomial test of the box's cases among its
    points against the density of the box without that restriction.
    """
    from scipy.stats import binomtest

    inside = _inside(x, limits)
    n, cases = int(inside.sum()), int(y[inside].sum())
    out = {}
    for name in limits:
        without = _inside(x, {k: v for k, v in limits.items() if k != name})
        base = float(y[without].mean())
        out[name] = 1.0 if n == 0 else float(binomtest(cases, n, base, "greater").pvalue)
    return out


def _prune(
    x: pd.DataFrame, y: np.ndarray, limits: dict[str, Any], level: float = 0.05
) -> dict[str, Any]:
    """Drop the restrictions that do not matter, least significant first: those whose
    quasi-p-value is above `level` (the box's density could be chance without them)."""
    full = _full_limits(x)
    restricted = {k: v for k, v in limits.items() if v != full[k]}
    while restricted:
        p = quasi_p_values(x, y, restricted)
        worst = max(p, key=lambda k: p[k])
        if p[worst] <= level:
            break
        del restricted[worst]
    return {**full, **restricted}


def feature_scores(x: pd.DataFrame, fails: Any) -> pd.DataFrame:
    """Per parameter: the KS distance between its values where the claim fails and where
    it holds, and the test's p-value, sorted with the most influential first."""
    from scipy.stats import ks_2samp

    fails = np.asarray(fails, dtype=bool)
    rows = []
    for name in x.columns:
        col = x[name]
        v = (
            col.astype("category").cat.codes.to_numpy(dtype=float)
            if _is_categorical(col)
            else col.to_numpy(dtype=float)
        )
        if fails.sum() == 0 or (~fails).sum() == 0:
            rows.append({"parameter": name, "score": np.nan, "p_value": np.nan})
            continue
        res = ks_2samp(v[fails], v[~fails])
        rows.append(
            {"parameter": name, "score": float(res.statistic), "p_value": float(res.pvalue)}
        )
    out = pd.DataFrame(rows)
    return out.sort_values("score", ascending=False, na_position="last").reset_index(drop=True)
