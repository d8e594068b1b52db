"""A run's summary as one table row (dotted columns for per-station figures), and back.

Every replicated experiment runs through `orgsim.experiments.plan.execute`; its rows are
these flattened summaries.
"""

from __future__ import annotations

import math
from typing import Any

PREFIXES = {
    "wip_mean_by_station": "wip",
    "utilization_by_role": "util",
    "utilization_by_station": "util_station",
    "wip_growth_per_day": "growth",
}


def flatten_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Scalars as they are; per-station and per-role dicts as dotted columns."""
    out: dict[str, Any] = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            if key in PREFIXES:
                for k, v in value.items():
                    out[f"{PREFIXES[key]}.{k}"] = v
            continue
        out[key] = value
    return out


def nest_summary(flat: dict[str, Any]) -> dict[str, Any]:
    """A flattened row back as a summary: dotted columns as per-station dicts (an entry
    that is nan, a station another scenario of the table has, is left out). `servers.`
    columns come from the chart-inputs probe (`orgsim.experiments.probes`)."""
    by_prefix = {v: k for k, v in PREFIXES.items()} | {"servers": "servers_by_station"}
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, dot, tail = key.partition(".")
        if dot and head in by_prefix:
            if not (isinstance(value, float) and math.isnan(value)):
                out.setdefault(by_prefix[head], {})[tail] = value
        else:
            out[key] = value
    return out
