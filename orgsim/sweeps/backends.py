"""Where runs execute: this process, a local process pool, or a Dask cluster.

Every backend calls the same top-level function (`worker.run_job`) on the same plain
data, so results do not depend on the backend or the number of workers. Each hands
finished runs back in batches (all that have finished when the collector wakes up) to
`handle(batch)`, which records them; an exception there (Ctrl-C, a progress callback
raising KeyboardInterrupt) stops the workers and propagates.

- `inline` (workers = 0): runs one after another in this process.
- `local`: a process pool (spawn start method, safe with any parent) on this machine.
  A worker that dies (killed, out of memory) breaks the pool; the pool is rebuilt and
  the runs that were in flight are retried one at a time, so the run that kills its
  worker is found: it is recorded as an error after its second death, the others run.
- `dask`: `dask.distributed`, on a LocalCluster of worker processes bound to 127.0.0.1,
  or on an existing scheduler by address (`dask scheduler` / `dask worker ADDRESS`).
  Dask retries a task whose worker died and gives up with KilledWorker, which is
  recorded as that run's error.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from orgsim.sweeps.design import Run
from orgsim.sweeps.worker import error_line, error_result, init_worker, run_job

Batch = list[tuple[Run, dict[str, Any]]]
Handler = Callable[[Batch], None]
PayloadFn = Callable[[Run], dict[str, Any]]

BACKENDS_HELP = "local or dask"
# A run is pure Python holding the GIL. In a worker process every wake-up of Dask's event
# loop thread (the 20 ms tick, 100 ms memory monitor, 500 ms system monitor, the 10 ms
# statistical profiler) takes the GIL from it, and the nanny's MALLOC_TRIM_THRESHOLD_
# makes allocation-heavy code slower. For the LocalCluster orgsim starts: no profiler,
# slow monitors, the default allocator. Nannies hand this to the workers they spawn.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}
WORKER_DIED = (
    "WorkerDied: the worker process died while running this run (twice; killed or crashed)"
)


class BackendError(RuntimeError):
    """The backend cannot start (no Dask, no scheduler at that address, no workers)."""


class InlineBackend:
    name = "inline"

    def __init__(self) -> None:
        self.workers = 1

    def start(self) -> None:
        pass

    def execute(self, jobs: Sequence[Run], payload: PayloadFn, handle: Handler) -> None:
        for job in jobs:
            handle([(job, run_job(payload(job)))])

    def close(self) -> None:
        pass


class LocalBackend:
    """A spawn-context process pool with a bounded number of runs in flight."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = max(1, int(workers))
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        pass

    def _new_pool(self, n: int) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, min(self.workers, n)),
            mp_context=ctx,
            initializer=init_worker,
            initargs=(os.getpid(),),
        )
        return self._pool

    def execute(self, jobs: Sequence[Run], payload: PayloadFn, handle: Handler) -> None:
        queue: deque[Run] = deque(jobs)
        strikes: dict[str, int] = {}
        window = 2 * self.workers  # one running and one waiting per worker

        while queue:
            pool = self._new_pool(len(queue))
            inflight: dict[Future, Run] = {}
            lost: list[Run] = []
            broken = False  # the pool broke before any of its futures said so
            ok = False
            try:
                while (queue or inflight) and not lost and not broken:
                    while self._may_submit(queue, inflight, strikes, window):
                        job = queue[0]
                        try:
                            fut = pool.submit(run_job, payload(job))
                        except BrokenProcessPool:  # a worker died between two results
                            broken = True
                            break
                        inflight[fut] = queue.popleft()
                    done, _ = wait(list(inflight), timeout=0.25, return_when=FIRST_COMPLETED)
                    batch: Batch = []
                    for fut in done:
                        job = inflight.pop(fut)
                        try:
                            batch.append((job, fut.result()))
                        except BrokenProcessPool:
                            lost.append(job)
                        except Exception as exc:  # e.g. a payload that does not pickle
                            batch.append((job, error_result(job.run_id, error_line(exc))))
                    if lost:  # the pool is broken: every run still in flight is lost
                        lost.extend(inflight.values())
                        inflight.clear()
                    if batch:
                        handle(batch)
                if broken:  # what was in flight is lost with the pool
                    lost.extend(inflight.values())
                    inflight.clear()
                ok = not broken
            finally:
                self._shutdown(graceful=ok and not lost)
            if lost:
                retry, dead = self._after_break(lost, strikes)
                if dead:
                    handle([(job, error_result(job.run_id, WORKER_DIED)) for job in dead])
                queue.extendleft(reversed(retry))

    @staticmethod
    def _may_submit(queue, inflight, strikes, window) -> bool:
        if not queue:
            return False
        if any(strikes.get(j.run_id) for j in inflight.values()):
            return False  # a suspect runs alone
        if strikes.get(queue[0].run_id):
            return not inflight
        return len(inflight) < window

    @staticmethod
    def _after_break(lost: list[Run], strikes: dict[str, int]) -> tuple[list[Run], list[Run]]:
        if len(lost) == 1 and strikes.get(lost[0].run_id):
            return [], lost  # it ran alone and its worker died again
        for job in lost:
            strikes[job.run_id] = strikes.get(job.run_id, 0) + 1
        return lost, []

    def _shutdown(self, graceful: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if graceful:
            pool.shutdown(wait=True)
            return
        pool.shutdown(wait=False, cancel_futures=True)
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            with contextlib.suppress(Exception):
                terminate()
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for p in procs:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in procs:
            with contextlib.suppress(Exception):
                p.join(timeout=5)

    def close(self) -> None:
        self._shutdown(graceful=False)


class DaskBackend:
    """dask.distributed: a LocalCluster on 127.0.0.1, or a scheduler by address."""

    name = "dask"

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        self.requested = max(1, int(workers))
        self.scheduler = scheduler
        self.client = None
        self.cluster = None
        self.workers = self.requested

    def start(self) -> None:
        try:
            import logging

            from distributed import Client, LocalCluster
        except ImportError:
            raise BackendError(
                "backend dask needs dask.distributed: pip install 'dask[distributed]'"
            ) from None
        if self.scheduler:
            _probe_address(self.scheduler)
            try:
                self.client = Client(self.scheduler, timeout="10s", set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise BackendError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {error_line(exc)}"
                ) from None
            try:
                self.client.wait_for_workers(1, timeout=60)
            except (TimeoutError, Exception) as exc:
                self.close()
                raise BackendError(
                    f"no Dask workers joined the scheduler at {self.scheduler} within 60 s "
                    f"(start some with: dask worker {self.scheduler}) [{type(exc).__name__}]"
                ) from None
            self._check_workers()
        else:
            import dask

            try:
                with dask.config.set(LOCAL_CLUSTER_CONFIG):
                    self.cluster = LocalCluster(
                        n_workers=self.requested,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster, set_as_default=False)
            except Exception as exc:
                self.close()
                raise BackendError(f"cannot start a Dask LocalCluster: {error_line(exc)}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def _check_workers(self) -> None:
        from orgsim.sweeps.worker import orgsim_version

        try:
            versions = self.client.run(orgsim_version)
        except Exception as exc:
            self.close()
            raise BackendError(
                "a Dask worker cannot find orgsim: install orgsim in the workers' "
                f"environment ({error_line(exc)})"
            ) from None
        mine = orgsim_version()
        other = {v for v in versions.values() if v != mine}
        if other:
            import warnings

            warnings.warn(
                f"Dask workers run orgsim {', '.join(sorted(other))}, this process {mine}",
                stacklevel=2,
            )

    def execute(self, jobs: Sequence[Run], payload: PayloadFn, handle: Handler) -> None:
        from distributed import as_completed

        try:
            from distributed import KilledWorker
        except ImportError:  # pragma: no cover - older distributed
            from distributed.scheduler import KilledWorker

        token = uuid.uuid4().hex[:8]
        pending = iter(jobs)
        inflight: dict[str, Run] = {}
        futures: dict[str, Any] = {}
        window = 4 * self.workers
        ac = as_completed(loop=self.client.loop)

        def submit_next() -> bool:
            job = next(pending, None)
            if job is None:
                return False
            key = f"orgsim-run-{job.run_id}-{token}"
            fut = self.client.submit(run_job, payload(job), key=key, pure=False, retries=0)
            inflight[key] = job
            futures[key] = fut
            ac.add(fut)
            return True

        for _ in range(window):
            if not submit_next():
                break
        try:
            for done in ac.batches():
                batch: Batch = []
                for fut in done:
                    job = inflight.pop(fut.key)
                    futures.pop(fut.key, None)
                    try:
                        res = fut.result()
                    except KilledWorker as exc:
                        res = error_result(job.run_id, f"KilledWorker: {error_line(exc)}")
                    except Exception as exc:
                        res = error_result(job.run_id, error_line(exc))
                    fut.release()
                    batch.append((job, res))
                    submit_next()
                if batch:
                    handle(batch)
        finally:
            if futures:
                with contextlib.suppress(Exception):
                    self.client.cancel(list(futures.values()))

    def close(self) -> None:
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=10)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=10)


def make_backend(backend: str, workers: int, scheduler: str | None):
    if backend == "local":
        return InlineBackend() if workers == 0 else LocalBackend(workers)
    if backend == "dask":
        return DaskBackend(workers or 1, scheduler)
    raise ValueError(f"unknown backend {backend!r} (expected local or dask)")


def _probe_address(address: str) -> None:
    """Fail at once when nothing listens at a tcp:// scheduler address."""
    import socket
    from urllib.parse import urlsplit

    if "://" not in address:
        address = f"tcp://{address}"
    parts = urlsplit(address)
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or not parts.port:
        return
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=5):
            pass
    except OSError as exc:
        raise BackendError(
            f"cannot reach the Dask scheduler at {address}: {error_line(exc)} "
            "(start one with: dask scheduler)"
        ) from None
