"""The one replication core: a plan of jobs (bundle x seed x design point), executed by the
sweeps backends (this process, a local process pool, or a Dask cluster).

`compare`, `what_if`, the claims, their robustness study, `patterns` and the app's Compare
page all build a `Plan` and hand it to `execute`. Results do not depend on the backend or
the number of workers: a job is fixed by its scenario and seed alone, and rows come back in
plan order (point, bundle, seed). Every bundle of a point runs on the same seeds: common
random numbers, so differences between bundles are paired seed by seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orgsim.scenario import Scenario

Progress = Callable[[int, int], None]


class RunFailed(RuntimeError):
    """A job of the plan raised; the message names the bundle, the seed and the error."""


@dataclass(frozen=True)
class Job:
    """One run of the plan. `point` is the design point's index (0 when there is one)."""

    bundle: str
    seed: int
    point: int = 0

    @property
    def run_id(self) -> str:
        return f"{self.point}:{self.bundle}:{self.seed}"


@dataclass
class Plan:
    """Scenarios by (point, bundle) and the jobs that run them.

    `days`: the measured window for every job (None: each scenario's own).
    `probes`: "module:function" names of extra per-run metrics (see `sweeps.worker`).
    `timeseries`: keep each run's time series (for a figure), in `execute`'s `.attrs`.
    """

    scenarios: dict[tuple[int, str], Scenario]
    jobs: list[Job]
    days: float | None = None
    probes: tuple[str, ...] = ()
    timeseries: bool | Callable[[Job], bool] = False
    points: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def grid(
        cls,
        bundles: Mapping[str, Scenario],
        seeds: int | Iterable[int],
        *,
        days: float | None = None,
        probes: Sequence[str] = (),
        timeseries: bool | Callable[[Job], bool] = False,
    ) -> Plan:
        """Every bundle on the same seeds (one design point)."""
        return cls.points_of(
            [dict(bundles)], seeds, days=days, probes=probes, timeseries=timeseries
        )

    @classmethod
    def points_of(
        cls,
        per_point: Sequence[Mapping[str, Scenario]],
        seeds: int | Iterable[int],
        *,
        days: float | None = None,
        probes: Sequence[str] = (),
        timeseries: bool | Callable[[Job], bool] = False,
        points: Sequence[Mapping[str, Any]] = (),
    ) -> Plan:
        """Several design points, each a set of bundles, all on the same seeds."""
        seed_list = seed_list_of(seeds)
        scenarios: dict[tuple[int, str], Scenario] = {}
        jobs: list[Job] = []
        for p, bundles in enumerate(per_point):
            for name, scn in bundles.items():
                scenarios[(p, name)] = scn
                jobs.extend(Job(name, s, p) for s in seed_list)
        return cls(scenarios, jobs, days, tuple(probes), timeseries, [dict(x) for x in points])

    @property
    def seeds(self) -> list[int]:
        return sorted({j.seed for j in self.jobs})

    def bundles(self, point: int = 0) -> list[str]:
        seen: dict[str, None] = {}
        for p, name in self.scenarios:
            if p == point:
                seen[name] = None
        return list(seen)


def seed_list_of(seeds: int | Iterable[int]) -> list[int]:
    """`10` means seeds 0..9; a sequence is taken as given."""
    out = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    if not out:
        raise ValueError("an experiment needs at least one seed")
    return out


def execute(
    plan: Plan,
    *,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    metrics: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Run every job of the plan; one row per job in plan order.

    Columns: point, bundle, seed, then every flattened summary metric (or only
    `metrics`) and the probes' metrics. With `plan.timeseries`, the kept series are in
    `frame.attrs["timeseries"][(point, bundle, seed)]`. A job that raises stops the
    experiment with `RunFailed` naming it (a sweep records errors instead: see
    `orgsim.sweeps`).
    """
    keep_ts = plan.timeseries if callable(plan.timeseries) else (lambda _j: bool(plan.timeseries))

    def payload(job: Job) -> dict[str, Any]:
        return {
            "run_id": job.run_id,
            "scenario": plan.scenarios[(job.point, job.bundle)],
            "seed": job.seed,
            "days": plan.days,
            "metrics": list(metrics) if metrics is not None else None,
            "probes": list(plan.probes),
            "timeseries": keep_ts(job),
        }

    def name(job: Job) -> str:
        return f"{job.bundle} (seed {job.seed})"

    results = _run(plan.jobs, payload, name, workers, backend, scheduler, progress)
    rows, series = [], {}
    for job in plan.jobs:
        res = results[job.run_id]
        rows.append({"point": job.point, "bundle": job.bundle, "seed": job.seed, **res["metrics"]})
        if res.get("timeseries") is not None:
            ts = res["timeseries"]
            series[(job.point, job.bundle, job.seed)] = ts.set_index(ts.columns[0])
    frame = pd.DataFrame(rows)
    frame.attrs["timeseries"] = series
    return frame


@dataclass(frozen=True)
class Task:
    """A call of an orgsim function ("orgsim.module:function") with plain arguments."""

    function: str
    args: tuple[Any, ...]
    index: int

    @property
    def run_id(self) -> str:
        return f"task:{self.index}"


def execute_tasks(
    calls: Sequence[tuple[str, Sequence[Any]]],
    *,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Call each ("orgsim.module:function", args) on the same backends as a plan's jobs;
    the dicts they return, in the order given. A call that raises stops them all with
    `RunFailed`. (The validation suite runs its cases, some not orgsim scenarios, so.)"""
    tasks = [Task(fn, tuple(args), i) for i, (fn, args) in enumerate(calls)]

    def payload(task: Task) -> dict[str, Any]:
        return {"run_id": task.run_id, "task": task.function, "args": task.args}

    def name(task: Task) -> str:
        return f"{task.function}{task.args!r}"[:200]

    results = _run(tasks, payload, name, workers, backend, scheduler, progress)
    return [results[t.run_id]["metrics"] for t in tasks]


def _run(jobs, payload, name, workers, backend, scheduler, progress) -> dict[str, dict]:
    """Every job through a sweeps backend; results by run id (a failed job raises)."""
    from orgsim.sweeps.backends import make_backend

    results: dict[str, dict[str, Any]] = {}

    def record(batch) -> None:
        for job, res in batch:
            if res.get("error"):
                raise RunFailed(f"{name(job)}: {res['error']}")
            results[job.run_id] = res
        if progress is not None:
            progress(len(results), len(jobs))

    workers = max(0, int(workers))
    if backend == "local" and (workers <= 1 or len(jobs) <= 1):
        workers = 0  # in this process: no pool to start for one worker
    runner = make_backend(backend, workers, scheduler)
    runner.start()
    try:
        runner.execute(jobs, payload, record)
    finally:
        runner.close()
    missing = {job.run_id for job in jobs} - set(results)
    if missing:  # pragma: no cover - a backend that drops a run is a bug
        raise RunFailed(f"{len(missing)} runs did not come back")
    return results
