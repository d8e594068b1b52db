"""How work moves: arrivals, station entry, service, rework, gates, deployment, done.

`Flow` is the model's bookkeeper of work. Agents decide what to pick; `Flow` carries out
the consequences of their decisions: it samples service times, records every station
visit (enter, service start, leave) in a flat log, applies rework and deployment risk,
and keeps the time-weighted WIP gauges that the metrics read. It names no policy: the
organization's rules (orgsim.policies) set, once, the hooks it calls (a station's router
and helpers, what a delivery wakes), which are empty when every rule is neutral. What
happens in production (deployment risk, restores, incidents) is in
`orgsim.work.production`, which `Flow` inherits.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from orgsim.work.distributions import Sampler, Uniforms, stream
from orgsim.work.gauge import Gauge
from orgsim.work.item import Batch, WorkItem
from orgsim.work.lanes import MAIN, SKIP
from orgsim.work.ledger import VISIT_FIELDS, Ledger
from orgsim.work.production import Production

if TYPE_CHECKING:
    from orgsim.work.protocols import Organization, Pool, Server
    from orgsim.work.station import Station

__all__ = ["VISIT_FIELDS", "Flow"]


class Flow(Production):
    """Routing and records for one run."""

    def __init__(self, model: Organization, stations: list[Station], seed: int) -> None:
        spec = model.scenario_spec
        demand = spec.org.demand
        self.model = model
        self.stations = stations
        self.first = stations[0]
        self.teams = model.teams
        self.backlog = Gauge()  # arrived, not yet started
        self.in_system = Gauge()  # arrived, not yet in production
        self.items: list[WorkItem | None] = []  # by id; None once delivered (see the ledger)
        self.arrivals = 0
        self.completed = 0
        self.tokens = 0.0
        self.token_rate = spec.ai.token_cost_per_day
        self.pr_multiplier = spec.ai.pr_size_multiplier
        self.defect_multiplier = spec.ai.defect_multiplier  # as the rules leave it
        self.defects_per_size = demand.defects_per_size
        self.high_risk_share = demand.high_risk_share
        self.cross_team_share = demand.cross_team_share
        # Urgent (expedite) requests: drawn from their own stream, and only when some are
        # urgent, so that runs without them see exactly the draws they saw before.
        self.priority_share = demand.priority_share
        self.priority_u = Uniforms(stream(seed, "priority")) if demand.priority_share else None
        self.size = Sampler(demand.size, stream(seed, "item-size"))
        self.item_u = Uniforms(stream(seed, "item-attributes"))
        self.defect_rng = stream(seed, "defects")
        self.route_u = Uniforms(stream(seed, "routing"))
        # The visit log: one entry per finished station visit, VISIT_FIELDS in a row, all
        # rows in one flat list (cheap to append), sealed into numpy chunks by the ledger.
        self.ledger = Ledger()
        self.visit_log = self.ledger.visits
        self.delivered = self.ledger.delivered
        self._init_production(model, stations, seed)
        # Set by the organization's rules when it is staffed (orgsim.policies); neutral here.
        self.change_follows = _follows  # does a new change take the redesigned route?
        self.redesign_share = 1.0  # the share of changes that do
        self.counts_prs = False  # count each author's open PRs
        self.wakes_on_delivery: list[Pool] | None = None  # per team: asked when one is done

    # -- arrivals -----------------------------------------------------------------------
    def new_item(self, team: int, in_backlog: bool = True) -> WorkItem:
        """A new change request for `team`: into its backlog, or straight to a developer."""
        now = self.model.now
        u = self.item_u
        item = WorkItem(len(self.items), team, self.size.next(), now)
        item.pr_size = item.size
        if self.high_risk_share > 0.0:
            item.high_risk = u.next() < self.high_risk_share
        if self.cross_team_share > 0.0:
            nbrs = self.teams[team].neighbours
            if u.next() < self.cross_team_share and nbrs:
                item.reviewer_team = nbrs[int(u.next() * len(nbrs))]
        item.redesign = self.change_follows()
        if self.priority_u is not None:
            item.urgent = self.priority_u.next() < self.priority_share
        self._admit(item, now, in_backlog)
        return item

    def _admit(self, item: WorkItem, now: float, in_backlog: bool) -> None:
        """A new item joins the system: into the team's backlog, or straight to a developer."""
        self.items.append(item)
        self.arrivals += 1
        self.in_system.add(now, 1)
        item.enter_t = now
        if in_backlog:
            self.backlog.add(now, 1)
            first = self.first
            if first.router is not None:
                lane = first.router.lane(first, item)
                if lane != MAIN:  # routed past the first station: the change starts at once
                    self._start_new_work(first, item, now)
                    self._take_lane(first, item, lane, now)
                    return
            k = first.queue_of(item)
            q = first.queues[k]
            (q.returned if item.urgent else q.fresh).append(item)  # expedite lane: ahead
            pool = first.pools[k]
            if pool.idle:
                pool.dispatch()

    # -- stations -----------------------------------------------------------------------
    def enter(self, station: Station, item: WorkItem, returned: bool = False) -> None:
        now = self.model.now
        item.enter_t = now
        if station.index > item.reached:
            item.reached = station.index
            station.first_entries += 1
        station.wip.add(now, 1)
        router = station.router
        if router is not None:
            lane = router.lane(station, item)
            if lane != MAIN:
                self._take_lane(station, item, lane, now)
                return
        k = station.queue_of(item)
        q = station.queues[k]
        (q.returned if returned or item.urgent else q.fresh).append(item)
        if station.gate is not None:
            return
        pool = station.pools[k]
        if pool.idle and pool.dispatch():
            return
        helpers = station.helpers
        if helpers is not None:  # who else serves here, in the order the rules set
            for other in helpers[k]:
                if other.idle and other.dispatch():
                    return

    def _take_lane(self, station: Station, item: WorkItem, lane: int, now: float) -> None:
        """The router sends the change past the station's people: straight on or automated."""
        item.start_t = now
        if lane == SKIP:
            self.leave(station, item, now, may_rework=False)
        else:
            item.active += station.lane_days
            station.lane.push(item, station.lane_days)

    def begin_service(self, station: Station, item: WorkItem, worker: Server, now: float) -> float:
        """A worker starts on an item: return how long it will take."""
        if station.index == 0 and item.started < 0:
            self._start_new_work(station, item, now)
        duration = station.sampler.next()
        if station.scales_with_size:
            duration *= item.size if station.uses_item_size else item.pr_size
        if item.effort != 1.0:
            duration *= item.effort
            item.effort = 1.0
        if station.uses_item_size:
            if item.author is None:
                item.author = worker
            if worker.assisted:
                speed = worker.speedup if now >= worker.ramp_until else worker.speed_at(now)
                duration /= speed
                self.tokens += self.token_rate * duration  # the assistant works, not meetings
                if item.committed < 0:
                    item.ai = True
            if item.restore_work:
                duration += item.restore_work  # mitigating the incident comes first
                item.restore_work = 0.0
        elif station.under_load is not None:
            duration = station.under_load.apply(station, item, station.queue_of(item), duration)
        duration *= station.scale
        item.start_t = now
        item.active += duration * station.touch
        item.serving = True
        station.team_serving[item.team] += 1
        return duration

    def _start_new_work(self, station: Station, item: WorkItem, now: float) -> None:
        """An item leaves the backlog: it now counts as the team's work in progress."""
        item.started = now
        item.reached = 0
        team = self.teams[item.team]
        team.wip += 1
        team.started += 1
        if not self.model.unlimited_backlog or item.failure:
            self.backlog.add(now, -1)
        station.first_entries += 1
        station.wip.add(now, 1)

    def begin_batch(self, station: Station, batch: Batch, now: float) -> float:
        """One server starts on a batch (a meeting, a deployment): one duration for all."""
        duration = station.sampler.next() * station.scale
        if station.index == 0:
            for item in batch.items:
                if item.started < 0:
                    self._start_new_work(station, item, now)
        touch = duration * station.touch / len(batch.items)
        for item in batch.items:
            item.start_t = now
            item.active += touch
            item.serving = True
            station.team_serving[item.team] += 1
        return duration

    def leave(self, station: Station, item: WorkItem, now: float, may_rework: bool = True) -> None:
        """An item's visit ends: back for rework, on to the next station, or done."""
        self._record_leave(station, item, now)
        if station.uses_item_size:
            if item.committed < 0:
                self._commit(item, now)
            if item.incident >= 0 and self.incidents[item.incident][1] < 0:
                self.incidents[item.incident][1] = now  # production restored
        rework = station.spec.rework
        back = may_rework and rework is not None and self._sent_back(station, item, rework, now)
        if item.detect != 1.0:
            item.detect = 1.0  # review under load: the factor belonged to this visit
        if back:
            self._send_back(item, station.rework_to, rework.effort)
            return
        if station.merges and item.merged < 0:
            self._merge(item, now)
        nxt = station.next
        if nxt is None:
            self._complete(item, now)
        else:
            self.enter(nxt, item)

    def _record_leave(self, station: Station, item: WorkItem, now: float) -> None:
        self.visit_log += (item.id, station.index, item.enter_t, item.start_t, now)
        item.effort = 1.0  # a rework's effort belongs to this visit, whatever served it
        station.wip.add(now, -1)
        if item.serving:
            item.serving = False
            station.team_serving[item.team] -= 1
        station.completions += 1

    def _commit(self, item: WorkItem, now: float) -> None:
        """Coding is done for the first time: the PR exists, with its size and defects."""
        item.committed = now
        if item.ai:
            item.pr_size = item.size * self.pr_multiplier
        if self.defects_per_size > 0.0:
            # Defects scale with the requirement's size; the AI multiplier compares a
            # change written with an assistant to the same change written by hand.
            lam = self.defects_per_size * item.size
            if item.ai:
                lam *= self.defect_multiplier
            item.defects = int(self.defect_rng.poisson(lam))
            item.defects_injected = item.defects
        if self.counts_prs and item.author is not None:
            item.author.open_prs += 1

    def _merge(self, item: WorkItem, now: float) -> None:
        """The PR passed the last review: merged. Its author may open another one."""
        item.merged = now
        author = item.author
        if self.counts_prs and author is not None and item.committed >= 0:
            author.open_prs -= 1
            if author.job is None and author.pool.idle:
                author.pool.dispatch()

    def _sent_back(self, station: Station, item: WorkItem, rework, now: float) -> bool:
        u = self.route_u
        if rework.detection > 0.0 and item.defects:
            found = 0
            detection = rework.detection * item.detect
            for _ in range(item.defects):
                if u.next() < detection:
                    found += 1
            if found:
                item.defects -= found
                return True
        stay = 1.0 - rework.probability
        if rework.coupling > 0.0:
            serving = station.team_serving
            n = sum(serving[j] for j in self.teams[item.team].neighbours)
            stay *= (1.0 - rework.coupling) ** n
        if rework.staleness > 0.0 and item.committed >= 0:
            stay *= math.exp(-rework.staleness * (now - item.committed))
        return stay < 1.0 and u.next() >= stay

    def _send_back(self, item: WorkItem, target: Station, effort: float) -> None:
        item.reworks += 1
        item.effort = effort
        self.enter(target, item, returned=True)

    def _complete(self, item: WorkItem, now: float) -> None:
        item.done = now
        self.completed += 1
        self.in_system.add(now, -1)
        team = self.teams[item.team]
        team.wip -= 1
        team.delivered += 1
        if self.incidents_on and item.defects:
            u = self.incident_u
            for _ in range(item.defects):  # an escaped defect may surface in production
                if self.incident_share >= 1.0 or u.next() < self.incident_share:
                    self.escaped.push(item, self.surface.next(), item.deployment)
        self.items[item.id] = None
        self.delivered.append(item)
        wakes = self.wakes_on_delivery
        if wakes is not None:  # a delivery frees a place someone waits for
            pool = wakes[team.index]
            if pool.idle:
                pool.dispatch()


def _follows() -> bool:
    """Every change takes the redesigned route (no mandate to draw on)."""
    return True
