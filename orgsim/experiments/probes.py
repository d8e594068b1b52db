"""Per-run figures beyond the flattened summary, computed by the worker that ran the run.

A probe is named "orgsim.module:function" in a `Plan` (see `orgsim.sweeps.worker`) and
called with the `SimulationResult`, so what a figure needs of the run's items never
travels back to the parent: only the probe's few values do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CHART_INPUTS = "orgsim.experiments.probes:chart_inputs"


def finished_lead_times(result) -> np.ndarray:
    """Lead times of the work delivered inside the measured window."""
    items = result.items
    end = float(result.timeseries.index.max()) if len(result.timeseries) else 0.0
    start = end - result.summary["days"]
    done = items["done"].to_numpy()
    keep = (done >= start - 1e-9) & (done <= end + 1e-9)
    return items["lead_time"].to_numpy()[keep]


def chart_inputs(result) -> dict[str, Any]:
    """What the Compare page draws beside the numbers: the servers of each station
    (`servers.<station>`) and the lead times of the finished work (`lead_times`)."""
    servers = result.summary.get("servers_by_station", {})
    out: dict[str, Any] = {f"servers.{k}": int(v) for k, v in servers.items()}
    out["lead_times"] = tuple(float(x) for x in finished_lead_times(result))
    return out


chart_inputs.keeps = ("items", "timeseries")  # the tables it reads (see orgsim.metrics.probes)
