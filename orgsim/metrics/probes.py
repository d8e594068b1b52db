"""Per-run figures the summary does not keep, as probes for experiment plans.

A probe is called by the sweeps worker (`orgsim.sweeps.worker.run_job`) with the run's
`SimulationResult` and returns a dict of extra scalar metrics for the run's row; a plan
names it as "orgsim.metrics.probes:<function>". The claims need two: how long a change's
hands-on coding takes (to show that the assistant did speed the first station up), and
how much work waits downstream of coding (where C1 says the pile forms).

A probe's `keeps` names the result tables it reads, so that the worker builds only those
(`simulate(keep=...)`); a probe without it gets every table.
"""

from __future__ import annotations

import math
from typing import Any


def coding_days_per_change(result: Any) -> dict[str, float]:
    """Mean hands-on time of each change's first visit to the first station (working days).

    Only first visits that started in the measured window and at least 30 days (or half
    the window) before its end: all of those have finished, so long jobs are not missed.
    """
    spec = result.scenario.spec
    v = result.visits
    v = v[v["station"] == spec.pipeline[0].name].sort_values("enter", kind="stable")
    v = v.drop_duplicates("item", keep="first")
    t0 = spec.simulation.warmup_days
    end = t0 + spec.simulation.days
    margin = min(30.0, spec.simulation.days / 2)
    v = v[(v["start"] >= t0) & (v["start"] <= end - margin)]
    x = float((v["leave"] - v["start"]).mean()) if len(v) else math.nan
    return {"coding_days_per_change": x}


coding_days_per_change.keeps = ("visits",)


def downstream_wip(result: Any) -> dict[str, float]:
    """Mean WIP (waiting and in work) at every station after the first, summed."""
    first = result.scenario.spec.pipeline[0].name
    by_station = result.summary["wip_mean_by_station"]
    return {"wip_downstream": float(sum(w for s, w in by_station.items() if s != first))}


downstream_wip.keeps = ()
