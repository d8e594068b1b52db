"""Running many (scenario, seed) pairs, in this process or in a pool of processes.

Results do not depend on the number of workers: each run is fixed by its scenario and
seed alone, and results come back in the order the runs were listed.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from orgsim.scenario import Scenario


def flatten_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Scalars as they are; per-station and per-role dicts as dotted columns."""
    prefixes = {
        "wip_mean_by_station": "wip",
        "utilization_by_role": "util",
        "utilization_by_station": "util_station",
        "wip_growth_per_day": "growth",
    }
    out: dict[str, Any] = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            if key in prefixes:
                for k, v in value.items():
                    out[f"{prefixes[key]}.{k}"] = v
            continue
        out[key] = value
    return out


def _run_one(job: tuple[Scenario, int, float | None]) -> dict[str, Any]:
    return flatten_summary(_summary_of(job))


def _summary_of(job: tuple[Scenario, int, float | None]) -> dict[str, Any]:
    from orgsim.simulate import simulate

    scenario, seed, days = job
    return simulate(scenario, seed=seed, days=days).summary


def run_many(
    jobs: Sequence[tuple[Scenario, int, float | None]], workers: int = 1, flat: bool = True
) -> list[dict[str, Any]]:
    """Run every (scenario, seed, days) job; return summaries in job order (flattened
    into dotted columns unless `flat` is false)."""
    one = _run_one if flat else _summary_of
    if workers <= 1 or len(jobs) <= 1:
        return [one(job) for job in jobs]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
        return list(pool.map(one, jobs, chunksize=max(1, math.ceil(len(jobs) / (4 * workers)))))
