"""`orgsim.sweep`: run a spec's plan on a backend, recording each run as it finishes."""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.files import OutputError, check_writable_dir
from orgsim.sweeps.backends import BACKENDS_HELP, make_backend
from orgsim.sweeps.design import Plan, Run, build_plan, order_like_plan
from orgsim.sweeps.spec import BACKENDS, Spec, load_spec
from orgsim.sweeps.store import (
    MemoryStore,
    Store,
    StoreBusy,
    holds_results,
    read_meta,
    read_runs,
    set_damaged_aside,
)

Progress = bool | str | Callable[[int, int], Any]


class SweepError(ValueError):
    """A sweep cannot start as asked (the output folder, backend, or options are wrong).

    Like a spec error, it is reported on one line and nothing is written.
    """


def sweep(
    spec: str | Path | Mapping[str, Any] | Spec,
    *,
    workers: int | None = None,
    backend: str | None = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    repair: bool = False,
    progress: Progress = "auto",
    base_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Run every (bundle, design point, seed) of a sweep spec; one row per run.

    spec: a TOML path, a mapping (its `base` relative to `base_dir` or the working
        directory) or a loaded spec.
    workers: parallel worker processes (default: the spec's, else every core); 0 runs
        in this process, one run after another.
    backend: "local" (a process pool on this machine, the default) or "dask" (a
        LocalCluster on 127.0.0.1, or the scheduler at `scheduler`).
    out: the results folder (Parquet, see `orgsim.sweeps.store`); written as runs finish.
        Without it, results are only returned.
    resume: continue the sweep in `out`: run only what it does not hold yet.
    repair: with `resume`, first set unreadable files of `out` aside (into
        `out/damaged/`), so that their runs run again.
    progress: "auto" (a bar on a terminal), True, False, or a callable
        ``progress(done, total)`` called after each run is recorded.

    Returns a DataFrame in plan order: run_id, scenario_id, bundle, point, sample,
    factor columns, seed, metrics, error (None when the run succeeded), traceback,
    elapsed_s, cpu_s (wall and CPU seconds of the run in its worker). ``df.attrs`` holds "ran" (runs executed by this call), "reused" (runs
    found in `out`), "errors" and "out".

    Run it under ``if __name__ == "__main__":`` in a script: worker processes are
    spawned and re-import the main module.
    """
    loaded = load_spec(spec, base_dir=base_dir)
    ex = loaded.raw.execution
    backend = backend or ex.backend
    if backend not in BACKENDS:
        raise SweepError(f"unknown backend {backend!r} (expected {BACKENDS_HELP})")
    scheduler = scheduler if scheduler is not None else ex.scheduler
    if scheduler and backend != "dask":
        raise SweepError("a scheduler address needs backend dask")
    if workers is None:
        workers = ex.workers if ex.workers is not None else (os.cpu_count() or 1)
    if workers < 0:
        raise SweepError(f"workers must be >= 0, got {workers}")
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        _check_out(out_path, resume)
        try:
            check_writable_dir(out_path, "output")
        except OutputError as exc:
            raise SweepError(str(exc)) from None
        if repair:
            if not resume:
                raise SweepError("--repair goes with --resume")
            set_damaged_aside(out_path)

    plan = build_plan(loaded, planning=None if progress is False else _PlanningNote())
    schema = plan.results_schema()
    if out_path is not None and resume:
        _check_compatible(out_path, schema)

    runner = make_backend(backend, workers, scheduler)
    runner.start()  # BackendError when it cannot: before anything is written
    try:
        store = Store(out_path, schema) if out_path is not None else MemoryStore(schema)
        try:
            store.open()
        except StoreBusy as exc:
            raise SweepError(str(exc)) from None
        try:
            return _execute(plan, store, runner, progress, out_path)
        finally:
            store.close()
    finally:
        runner.close()


class _PlanningNote:
    """A line on stderr every few seconds while a large plan resolves its scenarios
    (silent for plans that take less than two seconds)."""

    def __init__(self, every: float = 5.0) -> None:
        self._clock = time.monotonic
        self._start = self._clock()
        self._next = self._start + 2.0
        self._every = every

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if now >= self._next:
            self._next = now + self._every
            print(
                f"orgsim sweep: planning: {done:,} of {total:,} scenarios resolved "
                f"({now - self._start:.0f} s)",
                file=sys.stderr,
                flush=True,
            )


def _check_out(out: Path, resume: bool) -> None:
    if out.exists() and not out.is_dir():
        raise SweepError(f"output {out} exists and is not a folder")
    if not resume and holds_results(out):
        raise SweepError(
            f"output {out} already holds results of a sweep; resume it (--resume) "
            "or choose another output folder"
        )


def _check_compatible(out: Path, schema) -> None:
    meta = read_meta(out)
    stored = meta.get("columns")
    if not stored or not holds_results(out):
        return
    now = [{"name": f.name, "type": str(f.type)} for f in schema]
    if stored != now:
        old = {c["name"] for c in stored}
        new = {c["name"] for c in now}
        diff = sorted(old ^ new) or ["column types"]
        raise SweepError(
            f"cannot resume {out}: the spec's columns changed ({', '.join(diff[:5])}); "
            "run it into a new output folder"
        )


def _execute(plan: Plan, store, runner, progress: Progress, out: Path | None) -> pd.DataFrame:
    spec = plan.spec
    store.write_meta(spec.to_json(), plan.frame(), plan.results_schema(), plan.design_frame())
    have = store.run_ids()
    planned = {r.run_id for r in plan.runs}
    reused = len(have & planned)
    todo = [r for r in plan.submission_order() if r.run_id not in have]
    total = len(plan.runs)
    state = {"done": reused, "ran": 0}

    bar = None
    callback = progress if callable(progress) else None
    show = (progress == "auto" and sys.stderr.isatty()) or progress is True
    if show:
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            initial=reused,
            unit="run",
            desc=spec.name,
            smoothing=0.05,
            dynamic_ncols=True,
            file=sys.stderr,
        )

    def payload(run: Run) -> dict[str, Any]:
        return {
            "run_id": run.run_id,
            "scenario": run.payload,
            "seed": run.seed,
            "metrics": plan.metrics,
            "timeseries": spec.keep_timeseries,
        }

    # Rows that compute the same thing (same resolved scenario and seed: a revisited
    # sample, two bundles that coincide) run once; the result is recorded for each.
    twins: dict[tuple[str, int], list[Run]] = {}
    for r in todo:
        twins.setdefault((r.scenario_id, r.seed), []).append(r)

    def record(batch) -> None:
        rows, series = [], {}
        for job, res in batch:
            group = twins.get((job.scenario_id, job.seed), [job]) if job.error is None else [job]
            for run in group:
                rows.append(_row(plan, run, res))
                if res.get("timeseries") is not None:
                    series[run.run_id] = res["timeseries"]
        store.append(rows, series)
        for _ in rows:
            state["done"] += 1
            state["ran"] += 1
            if bar is not None:
                bar.update(1)
            if callback is not None:
                callback(state["done"], total)

    t0 = time.perf_counter()
    try:
        failed_early = [r for r in todo if r.error is not None]
        if failed_early:
            record([(r, _plan_error(r)) for r in failed_early])
        jobs = [g[0] for g in twins.values() if g[0].error is None]
        if jobs:
            runner.execute(jobs, payload, record)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - t0
    if state["done"] >= total:
        store.compact()
    df = store.read() if isinstance(store, MemoryStore) else read_runs(out)
    df = order_like_plan(df, plan.runs) if len(df) else df
    df.attrs.update(
        {
            "ran": state["ran"],
            "reused": reused,
            "errors": int(df["error"].notna().sum()) if "error" in df else 0,
            "seconds": elapsed,
            "out": str(out) if out is not None else None,
            "backend": runner.name,
            "workers": runner.workers,
        }
    )
    return df


def _plan_error(run: Run) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "metrics": {},
        "timeseries": None,
        "error": run.error,
        "traceback": None,
        "elapsed_s": 0.0,
        "cpu_s": 0.0,
    }


def _row(plan: Plan, run: Run, res: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "scenario_id": run.scenario_id,
        "bundle": run.bundle,
        "point": run.point,
        "sample": run.sample,
    }
    row.update(run.factors)
    row["seed"] = run.seed
    metrics = res.get("metrics") or {}
    for m in plan.metrics:
        v = metrics.get(m)
        if plan.metric_types.get(m) == "string":
            row[m] = None if v is None else str(v)
        else:
            row[m] = _float(v)
    row["error"] = res.get("error")
    row["traceback"] = res.get("traceback")
    row["elapsed_s"] = _float(res.get("elapsed_s"))
    row["cpu_s"] = _float(res.get("cpu_s"))
    return row


def _float(v: Any) -> float:
    if v is None or isinstance(v, str):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan
