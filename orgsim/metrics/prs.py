"""Pull requests and incidents: what engineering telemetry (Faros, DORA) reports.

Measured over the window: PRs merged (each change's first pass past its merge station),
the time from opening a PR (the end of its first coding) to its merge, the size of
merged PRs, delivered changes per developer, and incidents from escaped defects with
the time production took to recover and the share of delivered work that was failure
demand (bug fixes).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView

WEEK = 5.0


def pr_metrics(model: RunView, items: pd.DataFrame, done: pd.DataFrame, span: float) -> dict:
    t0, now = model.window_start, float(model.time)
    weeks = span / WEEK
    when = items["merged"]
    merged = items.loc[(when >= t0) & (when <= now), ["merged", "committed", "pr_size"]]
    developers = sum(len(p.workers) for p in model.developer_pools)
    value = int((~done["failure"].to_numpy(dtype=bool)).sum())
    review_time = (merged["merged"] - merged["committed"]).to_numpy()
    return {
        "merged_prs_per_week": len(merged) / weeks,
        "pr_review_time_mean": float(review_time.mean()) if len(merged) else math.nan,
        "pr_size_mean": float(merged["pr_size"].mean()) if len(merged) else math.nan,
        "tasks_per_developer_per_week": value / developers / weeks if developers else math.nan,
        "failure_demand_share": float(done["failure"].mean()) if len(done) else math.nan,
    }


def incident_metrics(model: RunView, span: float) -> dict[str, Any]:
    """Incidents that surfaced in the window, and how long production took to recover."""
    t0, now = model.window_start, float(model.time)
    log = model.flow.incidents
    if not model.flow.incidents_on:
        return {"incidents_per_week": math.nan, "incident_restore_mean": math.nan}
    rows = np.array(log, dtype=float).reshape(-1, 3)
    seen = rows[(rows[:, 0] >= t0) & (rows[:, 0] <= now)]
    restored = seen[seen[:, 1] >= 0]
    return {
        "incidents_per_week": len(seen) / (span / WEEK),
        "incident_restore_mean": float((restored[:, 1] - restored[:, 0]).mean())
        if len(restored)
        else math.nan,
    }
