"""Production: deployments that may fail, restores, and escaped defects that surface as
incidents.

What happens once a change reaches users is its own concern: DORA's change failure rate
and time to restore are counted here, and the incident loop (an escaped defect surfaces
after a while and comes back as an urgent fix) closes here. `Flow` inherits these
methods, so the engine still calls `flow.end_batch(...)` and the hot path makes one
attribute lookup per call, as before; this module only keeps the code apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.scenario.schema import Distribution
from orgsim.work.distributions import Sampler, Uniforms, stream
from orgsim.work.item import Batch, WorkItem
from orgsim.work.lanes import DelayLane

if TYPE_CHECKING:
    from orgsim.work.protocols import Organization
    from orgsim.work.station import Station


class Production:
    """Deployment risk and incidents, for `Flow` (which owns items, routing and records)."""

    def _init_production(self, model: Organization, stations: list[Station], seed: int) -> None:
        """Samplers and records for deployments and incidents (part of `Flow.__init__`)."""
        self.deploy_u = Uniforms(stream(seed, "deployments"))
        self.restore = {
            s.index: Sampler(s.spec.deployment.restore, stream(seed, f"restore/{s.name}"))
            for s in stations
            if s.spec.deployment is not None
        }
        # Deployments: time, batch size, failed, restore time.
        self.deployments: list[tuple[float, int, bool, float]] = []
        # Incidents from escaped defects: [surfaced, restored (-1 until then), deployment].
        self.incidents: list[list[float]] = []
        inc = model.scenario_spec.org.incidents
        self.incidents_on = inc.surface_days > 0.0
        if self.incidents_on:
            self.surface = Sampler(
                Distribution(dist="exponential", mean=inc.surface_days),
                stream(seed, "incidents/surface"),
            )
            self.incident_u = Uniforms(stream(seed, "incidents/changes"))
            self.fix_size = inc.fix_size
            self.incident_share = inc.share
            # Escaped defects wait in production until they surface (one pending event).
            self.escaped = DelayLane(model, self._surfaced)
            self.restore_days = inc.restore_days

    def new_failure(self, team: int, cause: int) -> WorkItem:
        """An incident surfaced in production: a bug fix enters the team's backlog, urgent.

        `cause` is the deployment that shipped the escaped defect (-1 if none)."""
        now = self.model.now
        item = WorkItem(len(self.items), team, self.fix_size, now)
        item.pr_size = item.size
        item.urgent = True
        item.failure = True
        item.restore_work = self.restore_days
        item.redesign = self.redesign_share >= 1.0 or (self.incident_u.next() < self.redesign_share)
        item.incident = len(self.incidents)
        self.incidents.append([now, -1.0, float(cause)])
        self._admit(item, now, True)
        return item

    def _surfaced(self, item: WorkItem, deployment: int) -> None:
        self.new_failure(item.team, deployment)

    def end_batch(self, station: Station, job: Batch, now: float) -> float:
        """A batch is done. Returns extra busy time for the worker (restoring production)."""
        if station.spec.deployment is not None:
            restore = self._deploy(station, job, now)
            if restore > 0.0:
                return restore
        for item in job.items:
            self.leave(station, item, now)
        return 0.0

    def end_restore(self, station: Station, batch: Batch, now: float) -> None:
        """Production is back: the rest of a failed batch ships with the restore."""
        for item in batch.items:
            self.leave(station, item, now, may_rework=False)

    def _deploy(self, station: Station, batch: Batch, now: float) -> float:
        """Deploy a batch; on failure return the restore time (items stay with the batch)."""
        risk = station.spec.deployment
        defects = sum(it.defects for it in batch.items)
        ok = (1.0 - risk.per_item) ** len(batch.items) * (1.0 - risk.per_defect) ** defects
        failed = self.deploy_u.next() >= ok
        restore = self.restore[station.index].next() if failed else 0.0
        index = len(self.deployments)
        for item in batch.items:
            item.deployment = index
        self.deployments.append((now, len(batch.items), failed, restore))
        if not failed:
            return 0.0
        target = station.deploy_rework_to
        if target is not None:
            keep = []
            for item in batch.items:
                if item.defects:
                    item.defects = 0  # the incident revealed them
                    self._record_leave(station, item, now)
                    self._send_back(item, target, 1.0)
                else:
                    keep.append(item)
            batch.items = keep
        return restore

    def lane_done(self, station: Station, item: WorkItem, tag: int) -> None:
        """A change leaves an automated lane (tag 1: after a restore, nothing more to risk)."""
        now = self.model.now
        if station.deploys and tag == 0:
            batch = Batch([item], now)
            restore = self._deploy(station, batch, now)
            if restore > 0.0:
                if batch.items:  # not sent back: it ships once production is restored
                    station.lane.push(item, restore, 1)
                return
        self.leave(station, item, now, may_rework=(tag == 0))
