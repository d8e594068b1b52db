"""The common life of everyone who serves a station: pick a job, work on it, hand it on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from orgsim.work.item import Batch, WorkItem

if TYPE_CHECKING:
    from orgsim.agents.organization import Organization
    from orgsim.agents.pool import RolePool
    from orgsim.work.station import Station

Job = WorkItem | Batch


class Worker(mesa.Agent):
    """A member of a role pool. Subclasses say how they pick their next job.

    The default rule is the one most roles follow: look at your stations downstream
    first (finish before you start), take a formed batch if a window has opened, otherwise
    returned work before fresh work, first come first served.
    """

    role = "worker"
    assisted = False

    def __init__(self, model: Organization, pool: RolePool) -> None:
        super().__init__(model)
        self.pool = pool
        self.team = pool.team
        self.job: Job | None = None
        self.station: Station | None = None
        self.since = 0.0
        self.until = 0.0  # when the current job is due to end
        self.busy_time = 0.0
        self._finish_event = self.finish  # one bound method, scheduled again and again
        self._call_at = model.calendar.call_at
        pool.workers.append(self)
        pool.idle.append(self)

    # -- the rule -----------------------------------------------------------------------
    def pick_next_job(self) -> tuple[Station, Job] | None:
        k = self.pool.k
        for st in self.pool.stations:
            q = st.queues[k]
            if q.batches:
                return st, q.batches.popleft()
            if st.gate is None:
                if q.returned:
                    return st, q.returned.popleft()
                if q.fresh:
                    return st, q.fresh.popleft()
        return None

    # -- the mechanics ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job is not None

    def try_start_next(self) -> bool:
        """Pick and start the next job; False (and stay idle) when there is none."""
        picked = self.pick_next_job()
        if picked is None:
            return False
        station, job = picked
        self.start(station, job)
        return True

    def start(self, station: Station, job: Job) -> None:
        model = self.model
        now = model.now
        if type(job) is WorkItem and not station.deploys:
            duration = model.flow.begin_service(station, job, self, now)
        else:
            if type(job) is WorkItem:
                job = Batch([job], now)  # a deployment, even of one change, is a batch
            duration = model.flow.begin_batch(station, job, now)
        # occupied (as `_occupy`, written out: this runs at every hand-off)
        self.job = job
        self.station = station
        self.since = now
        station.jobs_in_progress += 1
        station.started_sum += now
        self.until = until = now + duration
        self._call_at(until, self._finish_event)

    def finish(self) -> None:
        """The current job is done: hand it on, then look for the next one."""
        now = self.model.now
        job, station = self.job, self.station
        # released (as `_release`, written out: this runs at every hand-off)
        worked = now - self.since
        self.busy_time += worked
        station.busy_time += worked
        station.jobs_in_progress -= 1
        station.started_sum -= self.since
        self.job = None
        self.station = None
        if type(job) is WorkItem:
            self.model.flow.leave(station, job, now)
        else:
            extra = self.model.flow.end_batch(station, job, now)
            if extra > 0:  # restoring production after a failed deployment
                self._occupy(station, job, now)
                self._call_at(now + extra, self.restored)
                return
        if not self.try_start_next():
            self.pool.idle.append(self)

    def restored(self) -> None:
        """Production is back after a failed deployment: the rest of the batch ships."""
        now = self.model.now
        job, station = self.job, self.station
        self._release(now)
        self.model.flow.end_restore(station, job, now)
        if not self.try_start_next():
            self.pool.idle.append(self)

    def _occupy(self, station: Station, job: Job, now: float) -> None:
        self.job = job
        self.station = station
        self.since = now
        station.jobs_in_progress += 1
        station.started_sum += now

    def _release(self, now: float) -> None:
        station = self.station
        self.busy_time += now - self.since
        station.busy_time += now - self.since
        station.jobs_in_progress -= 1
        station.started_sum -= self.since
        self.job = None
        self.station = None

    def busy_so_far(self, now: float) -> float:
        """Busy time up to `now`, counting the current job's elapsed part."""
        return self.busy_time + (now - self.since if self.job is not None else 0.0)
