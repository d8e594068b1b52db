"""Confidence intervals over independent replications: one mean, a paired or a Welch difference.

Every check in `orgsim.validation` is judged by the run's own sampling error: a two-sided
Student-t interval over replication means (each replication is one seed, so the means
are independent and, for runs this long, close to normal). A check passes when the
value theory predicts lies inside that interval. Nothing is widened by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with its two-sided confidence interval [lo, hi]."""

    mean: float
    lo: float
    hi: float
    n: int
    level: float

    @property
    def half_width(self) -> float:
        return (self.hi - self.lo) / 2

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi


def _clean(values: Sequence[float]) -> np.ndarray:
    x = np.asarray(list(values), dtype=float)
    return x[np.isfinite(x)]


def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with df degrees of freedom."""
    return float(stats.t.ppf(p, df))


def mean_ci(values: Sequence[float], level: float = 0.99) -> Estimate:
    """Mean and two-sided t interval of independent replications (NaNs dropped)."""
    x = _clean(values)
    n = len(x)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0, level)
    m = float(x.mean())
    if n == 1:
        return Estimate(m, math.nan, math.nan, 1, level)
    half = t_quantile(0.5 + level / 2, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return Estimate(m, m - half, m + half, n, level)


def paired_ci(a: Sequence[float], b: Sequence[float], level: float = 0.99) -> Estimate:
    """Interval for the mean of a - b over replications run on the same seeds."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError("paired samples need the same seeds on both sides")
    return mean_ci(x - y, level)


def welch_ci(a: Sequence[float], b: Sequence[float], level: float = 0.99) -> Estimate:
    """Interval for mean(a) - mean(b) from independent samples (Welch-Satterthwaite df)."""
    x, y = _clean(a), _clean(b)
    nx, ny = len(x), len(y)
    if nx < 2 or ny < 2:
        d = float(x.mean() - y.mean()) if nx and ny else math.nan
        return Estimate(d, math.nan, math.nan, min(nx, ny), level)
    vx, vy = float(x.var(ddof=1)) / nx, float(y.var(ddof=1)) / ny
    d = float(x.mean() - y.mean())
    se2 = vx + vy
    if se2 == 0.0:
        return Estimate(d, d, d, min(nx, ny), level)
    df = se2**2 / (vx**2 / (nx - 1) + vy**2 / (ny - 1))
    half = t_quantile(0.5 + level / 2, df) * math.sqrt(se2)
    return Estimate(d, d - half, d + half, min(nx, ny), level)
