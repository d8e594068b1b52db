"""Lead times that count the work still in progress at the end of the run.

Why: the mean lead time of the changes *finished* in a window leaves out every change
still waiting. In a steady state that hardly matters; when WIP grows, the unfinished
changes are the slow ones, and the finished-only figure says more about the run's
length than about the organization (in enterprise-ai, Little's law on the same run
gives about twice the finished-only mean).

Two figures that do count them:

- Kaplan-Meier. Every change that arrived in the window is an observation: a finished
  one of its lead time, an unfinished one censored at `now - arrived` (its lead time is
  at least that). `scipy.stats.ecdf` on `scipy.stats.CensoredData` gives the estimate
  of the lead-time distribution. A percentile is the first time the estimated share of
  finished changes reaches it; when the curve never gets there (more than that share
  is still open at the end) the percentile is not known, only that it exceeds the
  longest time observed, which is reported as a lower bound instead. The mean is the
  area under the survival curve up to the longest time observed: reported once the curve
  has fallen below `MEAN_TAIL` (the unseen tail is then small), otherwise it is only a
  lower bound.
- Little's law: mean WIP in system over the window / throughput per day. Exact up to
  edge terms in a steady state; under growing WIP it says how long the queue the run
  has built would take to drain at the rate the run delivers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

QUANTILES = (50, 85, 95)
MEAN_TAIL = 0.05


@dataclass(frozen=True)
class CensoredLeadTimes:
    """Kaplan-Meier percentiles (NaN where not reached) with their lower bounds."""

    quantiles: dict[int, float]
    at_least: dict[int, float]  # NaN where the percentile itself is known
    mean: float
    mean_at_least: float
    observed: int
    open: int  # censored: still in progress at the end


def kaplan_meier(finished: np.ndarray, unfinished: np.ndarray) -> CensoredLeadTimes:
    """Lead-time percentiles and mean from finished times and censored (open) ones."""
    finished = np.asarray(finished, dtype=float)
    unfinished = np.asarray(unfinished, dtype=float)
    nan = {q: math.nan for q in QUANTILES}
    longest = max(finished.max(initial=0.0), unfinished.max(initial=0.0))
    n = len(finished) + len(unfinished)
    if not len(finished):
        bound = {q: longest for q in QUANTILES} if n else dict(nan)
        return CensoredLeadTimes(
            dict(nan), bound, math.nan, longest if n else math.nan, n, len(unfinished)
        )
    sf = stats.ecdf(stats.CensoredData(uncensored=finished, right=unfinished)).sf
    times, survival = sf.quantiles, sf.probabilities
    done_share = 1.0 - survival
    quantiles, at_least = {}, {}
    for q in QUANTILES:
        i = int(np.searchsorted(done_share, q / 100 - 1e-12, side="left"))
        reached = i < len(times)
        quantiles[q] = float(times[i]) if reached else math.nan
        at_least[q] = math.nan if reached else float(longest)
    steps = np.concatenate(([0.0], times, [longest]))
    heights = np.concatenate(([1.0], survival))
    area = float(np.sum(heights * np.diff(steps)))
    tail_small = survival[-1] <= MEAN_TAIL
    return CensoredLeadTimes(
        quantiles,
        at_least,
        area if tail_small else math.nan,
        math.nan if tail_small else area,
        n,
        len(unfinished),
    )


def censored_lead_times(
    start: np.ndarray, end: np.ndarray, t0: float, now: float
) -> CensoredLeadTimes:
    """Kaplan-Meier over the changes that started (`start`) in [t0, now]; `end` is NaN
    (or after `now`) for those still in progress."""
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    keep = (start >= t0) & (start <= now)
    start, end = start[keep], end[keep]
    done = np.isfinite(end) & (end <= now)
    return kaplan_meier(end[done] - start[done], now - start[~done])


def km_keys(prefix: str, km: CensoredLeadTimes, quantiles=QUANTILES) -> dict[str, float]:
    """Summary keys: `<prefix>_km_p50`, ..., `<prefix>_p50_at_least`, ..."""
    out: dict[str, float] = {}
    for q in quantiles:
        out[f"{prefix}_km_p{q}"] = km.quantiles[q]
    for q in quantiles:
        out[f"{prefix}_p{q}_at_least"] = km.at_least[q]
    return out
