"""Choosing a service-time distribution for a station from its observed durations.

Candidates: exponential, lognormal and gamma, each fitted by maximum likelihood with
scipy.stats; durations still under way at the cut-off enter as right-censored values
(`scipy.stats.CensoredData`), never dropped. The reference is the Kaplan-Meier estimate
of the distribution (`scipy.stats.ecdf`, which handles the censoring).

Criterion (stated in every fitted scenario): the candidate with the smallest
Kolmogorov-Smirnov distance D to the Kaplan-Meier curve is kept if D is below the 5%
critical value 1.36/sqrt(n) (n completed durations); otherwise, as with most real
delivery durations, no parametric form fits and the station gets an `empirical`
distribution: 101 quantiles (0%, 1%, ..., 100%) of the Kaplan-Meier curve. A station
whose durations hardly vary (cv < 0.05) is `deterministic`. The critical value ignores
that the parameters were estimated (Lilliefors), which makes the test lenient toward the
parametric forms; the empirical fallback keeps the tail honest when they fail anyway.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

MIN_DAYS = 1.0 / 1440.0  # one minute: a zero-length record becomes this (quantiles are > 0)
N_QUANTILES = 101
KS_COEFF = 1.358  # two-sided 5% Kolmogorov-Smirnov critical value times sqrt(n)


@dataclass
class FittedDuration:
    """The chosen distribution (as a scenario `Distribution` mapping) and its evidence."""

    dist: dict
    n: int
    censored: int
    chosen: str
    ks: dict[str, float] = field(default_factory=dict)
    critical: float = float("nan")
    notes: list[str] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return float(self.dist["mean"]) if "mean" in self.dist else _qmean(self.dist["quantiles"])


def fit_duration(days: np.ndarray, censored: np.ndarray) -> FittedDuration:
    """Fit the durations `days` (working days); `censored[i]` marks a lower bound."""
    x = np.maximum(np.asarray(days, dtype=float), MIN_DAYS)
    cens = np.asarray(censored, dtype=bool)
    done = x[~cens]
    n, nc = len(done), int(cens.sum())
    if n == 0:
        mean = float(x.mean()) if len(x) else 1.0
        return FittedDuration(
            {"dist": "exponential", "mean": mean}, 0, nc, "exponential",
            notes=["no completed duration: the mean of the censored ones, a lower bound"],
        )  # fmt: skip
    if n < 5:
        return FittedDuration(
            {"dist": "exponential", "mean": float(done.mean())}, n, nc, "exponential",
            notes=["fewer than 5 completed durations: exponential with their mean (assumed)"],
        )  # fmt: skip
    if done.std() < 0.05 * done.mean():
        return FittedDuration(
            {"dist": "deterministic", "mean": float(done.mean()), "cv": 0.0}, n, nc,
            "deterministic", notes=["cv < 0.05: deterministic"],
        )  # fmt: skip
    data = stats.CensoredData(uncensored=done, right=x[cens]) if nc else done
    km = stats.ecdf(data).cdf
    grid, f_km = km.quantiles, km.probabilities
    f_before = np.concatenate([[0.0], f_km[:-1]])
    ks: dict[str, float] = {}
    params: dict[str, dict] = {}
    for name, (mean, cv, cdf) in _candidates(data, float(x.sum()), n).items():
        f = cdf(grid)
        ks[name] = float(max(np.abs(f - f_km).max(), np.abs(f - f_before).max()))
        params[name] = {"dist": name, "mean": float(mean), "cv": float(cv)}
    critical = KS_COEFF / math.sqrt(n)
    best = min(ks, key=ks.get)
    if ks[best] <= critical:
        return FittedDuration(params[best], n, nc, best, ks, critical)
    notes = []
    if f_km[-1] < 1.0:
        notes.append(
            f"the longest durations are censored: quantiles above {f_km[-1]:.0%} are the "
            "longest observed value (a lower bound)"
        )
    q = _km_quantiles(grid, f_km)
    return FittedDuration(
        {"dist": "empirical", "quantiles": q}, n, nc, "empirical", ks, critical, notes
    )


def _candidates(data, total: float, n: int) -> dict:
    """Fitted exponential, lognormal and gamma: name -> (mean, cv, cdf)."""
    out = {}
    scale = total / n  # exponential MLE with right censoring
    out["exponential"] = (scale, 1.0, lambda t, s=scale: stats.expon.cdf(t, scale=s))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            s, _, sc = stats.lognorm.fit(data, floc=0)
            out["lognormal"] = (
                sc * math.exp(s * s / 2), math.sqrt(math.expm1(s * s)),
                lambda t, s=s, sc=sc: stats.lognorm.cdf(t, s, scale=sc),
            )  # fmt: skip
        except (ValueError, RuntimeError, OverflowError):
            pass
        try:
            a, _, sc = stats.gamma.fit(data, floc=0)
            out["gamma"] = (
                a * sc,
                1 / math.sqrt(a),
                lambda t, a=a, sc=sc: stats.gamma.cdf(t, a, scale=sc),
            )
        except (ValueError, RuntimeError, OverflowError):
            pass
    return {k: v for k, v in out.items() if all(math.isfinite(z) and z > 0 for z in v[:2])}


def _km_quantiles(grid: np.ndarray, f_km: np.ndarray) -> list[float]:
    """Quantiles at 0%, 1%, ..., 100% of the Kaplan-Meier step function."""
    probs = np.linspace(0.0, 1.0, N_QUANTILES)
    idx = np.searchsorted(f_km, probs - 1e-12, side="left")
    q = grid[np.minimum(idx, len(grid) - 1)]
    q[0] = grid[0]
    q = np.maximum.accumulate(np.maximum(q, MIN_DAYS))
    return [float(f"{v:.6g}") for v in q]


def _qmean(q: list[float]) -> float:
    a = np.asarray(q)
    return float(((a[:-1] + a[1:]) / 2).mean())
