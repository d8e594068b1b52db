"""One estimate type for every replicated figure: a mean, its confidence interval, n, level.

Replications are independent seeds, so a figure's interval is Student's t over the seeds
(`scipy.stats.ttest_1samp(...).confidence_interval`). Two scenarios run on the same seeds
share their random numbers (common random numbers), so their difference is estimated seed
by seed (`Estimate.paired`) and its interval is far tighter than that of two separate
means. Every table in the CLI, the app, `analyze` and the docs renders Estimates through
`orgsim.experiments.formatting`.

A Kaplan-Meier figure that a seed could not reach (too much work still open) enters as its
lower bound: the estimate is then `censored`, its mean is only a lower bound, and no
paired difference is taken from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

LEVEL = 0.95


def _finite(values: Iterable[float | None]) -> np.ndarray:
    x = np.asarray([np.nan if v is None else v for v in values], dtype=float)
    return x[np.isfinite(x)]


def t_interval(x: np.ndarray, level: float) -> tuple[float, float]:
    """Student's t interval of the mean of independent replications (nan below n = 2,
    and the point itself when every replication agrees)."""
    if len(x) < 2:
        return (math.nan, math.nan)
    if float(np.ptp(x)) == 0.0:
        m = float(x[0])
        return (m, m)
    from scipy import stats  # imported here: scipy.stats costs a second at start-up

    ci = stats.ttest_1samp(x, 0.0).confidence_interval(confidence_level=level)
    return (float(ci.low), float(ci.high))


@dataclass(frozen=True)
class Estimate:
    """A replicated figure: `mean` with a two-sided `level` interval [`low`, `high`] from
    `n` seeds. `censored`: the mean is only a lower bound (a Kaplan-Meier figure some
    seed did not reach)."""

    mean: float
    low: float
    high: float
    n: int
    level: float = LEVEL
    censored: bool = False

    @classmethod
    def of(cls, values: Iterable[float | None], level: float = LEVEL, **kw) -> Estimate:
        """The mean of independent replications with its t interval; nan and None
        (a seed on which the figure is n/a) are left out and not counted in n."""
        x = _finite(values)
        if len(x) == 0:
            return cls(math.nan, math.nan, math.nan, 0, level, **kw)
        low, high = t_interval(x, level)
        return cls(float(x.mean()), low, high, len(x), level, **kw)

    @classmethod
    def paired(
        cls, treat: Sequence[float], control: Sequence[float], level: float = LEVEL
    ) -> Estimate:
        """The difference treat - control, seed by seed (common random numbers)."""
        t, c = _pair(treat, control)
        return cls.of(t - c, level)

    @classmethod
    def relative(
        cls, treat: Sequence[float], control: Sequence[float], level: float = LEVEL
    ) -> Estimate:
        """The paired difference as a fraction of the control's mean: (t - c) / mean(c).

        Its interval is the paired difference's interval scaled by the control mean
        (a ratio of a paired mean to a fixed scale), so "+0.25" reads "25% more"."""
        t, c = _pair(treat, control)
        scale = float(np.mean(c)) if len(c) else math.nan
        if not scale or not math.isfinite(scale):
            return cls(math.nan, math.nan, math.nan, len(t), level)
        d = cls.of(t - c, level)
        return cls(d.mean / scale, d.low / scale, d.high / scale, d.n, level)

    @classmethod
    def welch(cls, a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Estimate:
        """mean(a) - mean(b) from independent samples (Welch's t, unequal variances);
        for figures not run on common seeds (orgsim beside a peer simulator). n is the
        smaller sample."""
        x, y = _finite(a), _finite(b)
        n = min(len(x), len(y))
        d = float(x.mean() - y.mean()) if len(x) and len(y) else math.nan
        if len(x) < 2 or len(y) < 2:
            return cls(d, math.nan, math.nan, n, level)
        if float(np.ptp(x)) == 0.0 and float(np.ptp(y)) == 0.0:
            return cls(d, d, d, n, level)
        from scipy import stats

        ci = stats.ttest_ind(x, y, equal_var=False).confidence_interval(confidence_level=level)
        return cls(d, float(ci.low), float(ci.high), n, level)

    @classmethod
    def interaction(
        cls,
        treat_in: Sequence[float],
        control_in: Sequence[float],
        treat_out: Sequence[float],
        control_out: Sequence[float],
        level: float = LEVEL,
        relative: bool = True,
    ) -> Estimate:
        """A difference-in-differences, seed by seed: the treatment's effect inside one
        setting minus its effect inside another. With `relative`, each effect is taken
        relative to its own control's mean (per seed), so the two settings' scales do not
        mix: (t_in - c_in)/mean(c_in) - (t_out - c_out)/mean(c_out)."""
        a = [np.asarray(v, dtype=float) for v in (treat_in, control_in, treat_out, control_out)]
        n = min(len(v) for v in a)
        a = [v[:n] for v in a]
        keep = np.all([np.isfinite(v) for v in a], axis=0)
        ti, ci, to, co = (v[keep] for v in a)
        if relative:
            si, so = float(np.mean(ci)) if len(ci) else 0, float(np.mean(co)) if len(co) else 0
            if not si or not so:
                return cls(math.nan, math.nan, math.nan, int(keep.sum()), level)
            return cls.of((ti - ci) / si - (to - co) / so, level)
        return cls.of((ti - ci) - (to - co), level)

    # -- reading an estimate -------------------------------------------------------------
    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    @property
    def defined(self) -> bool:
        return math.isfinite(self.mean)

    def above(self, x: float) -> bool:
        """Is the whole interval above x (so the data say: larger than x)?"""
        return math.isfinite(self.low) and self.low > x

    def below(self, x: float) -> bool:
        """Is the whole interval below x?"""
        return math.isfinite(self.high) and self.high < x

    def contains(self, x: float) -> bool:
        """Does the interval hold x (a value theory predicts, say)?"""
        return self.low <= x <= self.high

    def within(self, low: float, high: float) -> bool:
        """Does the whole interval lie inside [low, high]?"""
        return math.isfinite(self.low) and self.low >= low and self.high <= high

    def scaled(self, k: float) -> Estimate:
        lo, hi = sorted((self.low * k, self.high * k))
        return Estimate(self.mean * k, lo, hi, self.n, self.level, self.censored)

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.mean, self.low, self.high)


def _pair(treat: Sequence[float], control: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Seed-aligned values, dropping a seed on which either side is n/a."""
    t = np.asarray(treat, dtype=float)
    c = np.asarray(control, dtype=float)
    if len(t) != len(c):
        raise ValueError(f"paired estimates need the same seeds ({len(t)} vs {len(c)} values)")
    keep = np.isfinite(t) & np.isfinite(c)
    return t[keep], c[keep]


def holm(pvalues: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Holm's step-down correction: which of the hypotheses are rejected at family-wise
    error rate alpha. (scipy offers only the false-discovery-rate correction.)"""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    m = len(pvalues)
    reject = [False] * m
    for rank, i in enumerate(order):
        p = pvalues[i]
        if p != p or p > alpha / (m - rank):
            break
        reject[i] = True
    return reject


def paired_pvalue(treat: Sequence[float], control: Sequence[float]) -> float:
    """Two-sided p-value of the paired t test (nan below two pairs)."""
    t, c = _pair(treat, control)
    if len(t) < 2:
        return math.nan
    d = t - c
    if float(np.ptp(d)) == 0.0:
        return 0.0 if d[0] != 0 else 1.0
    from scipy import stats

    return float(stats.ttest_1samp(d, 0.0).pvalue)
