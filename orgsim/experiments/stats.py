"""The claims' own t interval (to be replaced by `orgsim.experiments.estimate.Estimate`,
which every other experiment uses)."""

from __future__ import annotations

import math

import numpy as np


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided t confidence interval of independent replications."""
    x = np.asarray([v for v in values if v is not None], dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    m = float(x.mean())
    if n == 1:
        return (m, math.nan, math.nan)
    from scipy import stats  # imported here: scipy.stats costs a second at start-up

    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return (m, m - half, m + half)
