"""What a worker process does with one run: plain data in, plain data out.

Top-level functions only, importable by name, so they work in spawned processes and on
Dask workers (which need orgsim installed in their environment). A run that raises is
returned as an error, never raised: one bad run does not stop a sweep.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
import time
import traceback
from typing import Any


def init_worker(parent: int | None = None) -> None:
    """Pool-worker start-up.

    Ctrl-C is the parent's to handle (it stops the workers). A worker whose parent dies
    (killed with SIGKILL, say) dies too instead of waiting forever on the task queue it
    shares with its siblings. `parent` is the pid of the process that started the pool:
    a worker still importing when its parent died finds a new parent here and exits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if parent is None:
        parent = os.getppid()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="orgsim-parent-watch", daemon=True).start()


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies. The watchdog
    thread below is the fallback elsewhere; on its own it is not enough, since a worker
    blocked on the task queue's lock, which a killed sibling held, may never let it run."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run one (scenario, seed); return its kept metrics (or its error) and time series.

    `job`: run_id, scenario (a scenario mapping or a `Scenario`), seed, metrics (names
    to keep, or None for every scalar), timeseries (bool), and optionally days (the
    measured window, else the scenario's) and probes ("module:function" names, each
    called with the result and returning extra scalar metrics for the row).

    A job with a `task` ("orgsim.module:function") and `args` instead calls that function
    with those arguments; the dict it returns is the run's metrics. The validation suite
    runs its cases this way, so every pool in orgsim is one of these backends.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {"run_id": job["run_id"], "error": None, "traceback": None}
    try:
        if job.get("task"):
            out["metrics"] = dict(named_function(job["task"])(*job.get("args", ())))
            out["timeseries"] = None
        else:
            out.update(_simulate_job(job))
    except Exception as exc:
        out["metrics"] = {}
        out["timeseries"] = None
        out["error"] = error_line(exc)
        out["traceback"] = traceback.format_exc(limit=-8)
    out["elapsed_s"] = time.perf_counter() - t0
    out["cpu_s"] = time.process_time() - c0
    return out


def _simulate_job(job: dict[str, Any]) -> dict[str, Any]:
    from orgsim.experiments.runner import flatten_summary
    from orgsim.scenario import Scenario, load_scenario
    from orgsim.simulate import SUMMARY_ONLY, TABLES, simulate

    scn = job["scenario"]
    scn = scn if isinstance(scn, Scenario) else load_scenario(scn)
    # Build only the tables someone reads: the probes' (each names its `keeps`; one that
    # does not gets them all) and the daily series when asked.
    probes = [named_function(name) for name in job.get("probes") or ()]
    tables = set(SUMMARY_ONLY)
    for probe in probes:
        tables.update(getattr(probe, "keeps", TABLES))
    if job.get("timeseries"):
        tables.add("timeseries")
    result = simulate(scn, seed=job["seed"], days=job.get("days"), keep=tables)
    flat = flatten_summary(result.summary)
    for probe in probes:
        flat.update(probe(result))
    keep = job.get("metrics")
    names = keep if keep is not None else list(flat)
    ts = result.timeseries if job.get("timeseries") else None
    return {
        "metrics": {m: _scalar(flat.get(m)) for m in names},
        "timeseries": ts.reset_index() if ts is not None else None,
    }


def named_function(name: str):
    """A probe or task function by its "module:function" name (only inside orgsim)."""
    import importlib

    module, _, attr = name.partition(":")
    if not module.startswith("orgsim.") or not attr:
        raise ValueError(f"{name!r} is not an orgsim module:function name")
    return getattr(importlib.import_module(module), attr)


def orgsim_version() -> str:
    """What a Dask worker reports when asked whether it can run orgsim."""
    import orgsim

    return getattr(orgsim, "__version__", "?")


def error_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error_result(run_id: str, message: str, tb: str | None = None) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "metrics": {},
        "timeseries": None,
        "error": message,
        "traceback": tb,
        "elapsed_s": math.nan,
        "cpu_s": math.nan,
    }


def _scalar(v: Any) -> Any:
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    return v
