"""Small synthetic runs frames for judging claims exactly and fast.

Each bundle's metric is its given value times a per-seed factor shared by every bundle
(common random numbers: the paired differences are tight, the levels are not), plus a
small independent wobble so that intervals have width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEEDS = 6


def frame(spec: dict[str, dict[str, object]], seeds: int = SEEDS, wobble: float = 0.01):
    rng = np.random.default_rng(7)
    common = 1.0 + 0.1 * rng.standard_normal(seeds)
    rows = []
    for bundle, metrics in spec.items():
        for s in range(seeds):
            row = {"point": 0, "bundle": bundle, "seed": s}
            for m, x in metrics.items():
                if isinstance(x, str):
                    row[m] = x
                else:
                    row[m] = float(x) * common[s] * (1 + wobble * rng.standard_normal())
            rows.append(row)
    return pd.DataFrame(rows)
