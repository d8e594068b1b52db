"""Stations: the steps of the delivery pipeline, with their queues and gates.

A station holds the work waiting for it, one queue per team when the people serving it
belong to teams (developers, reviewers), one shared queue when they do not (approvers,
release managers, automated servers). Each queue keeps returned work (rework) ahead of
fresh work: people finish what came back before starting something new.

A gated station (change-approval board, release train) lets waiting work through only
when its window opens; what boards at an opening becomes one `Batch`, handled as a single
job by one server of the station's role.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Protocol

from orgsim.work.distributions import Sampler
from orgsim.work.gauge import Gauge
from orgsim.work.item import Batch, WorkItem

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from orgsim.scenario.schema import Station as StationSpec
    from orgsim.work.protocols import Pool


class Router(Protocol):
    """Picks the lane a change takes at a station (`orgsim.work.lanes`: MAIN, FAST, SKIP)."""

    def lane(self, station: Station, item: WorkItem) -> int: ...


class TeamQueue:
    """Work waiting at one station for one team (or for the whole org)."""

    __slots__ = ("batches", "fresh", "returned")

    def __init__(self) -> None:
        self.returned: deque[WorkItem] = deque()
        self.fresh: deque[WorkItem] = deque()
        self.batches: deque[Batch] = deque()

    def __len__(self) -> int:
        return len(self.returned) + len(self.fresh) + sum(len(b.items) for b in self.batches)

    def waiting(self) -> int:
        """Items that a free server could take now (gated work counts once its batch forms)."""
        return len(self.returned) + len(self.fresh)


class Station:
    """Runtime state of one pipeline station."""

    def __init__(
        self, index: int, spec: StationSpec, sampler: Sampler, n_queues: int, n_teams: int
    ) -> None:
        self.index = index
        self.spec = spec
        self.name = spec.name
        self.role = spec.role
        self.team_scoped = spec.role in ("developer", "reviewer")
        self.sampler = sampler
        self.scales_with_size = spec.scales_with_size
        self.uses_item_size = spec.role == "developer"
        self.gate = spec.gate
        self.queues = [TeamQueue() for _ in range(n_queues)]
        self.pools: list[Pool] = []  # one per queue
        self.next: Station | None = None
        self.rework_to: Station | None = None
        self.deploy_rework_to: Station | None = None
        self.wip = Gauge()
        self.team_serving = [0] * n_teams  # items of each team in service here now
        self.first_entries = 0
        self.completions = 0
        self.busy_time = 0.0  # server-days of finished jobs
        self.jobs_in_progress = 0
        self.started_sum = 0.0  # sum of the start times of the jobs in progress
        self.next_window = spec.gate.first_opening if spec.gate else 0.0
        self.deploys = spec.deployment is not None
        self.kind = spec.station_kind
        # What the organization's rules (orgsim.policies) set once, when it is staffed; the
        # neutral values leave the station a FIFO multi-server queue.
        self.scale = 1.0  # service-time multiplier (focus, AI-assisted work)
        self.touch = 1.0  # share of a job's time that is work on it (not time lost elsewhere)
        self.router: Router | None = None  # picks a lane per change (None: all queue here)
        self.lane = None  # the automated lane (a DelayLane) when a router uses one
        self.lane_days = 0.0
        self.helpers: list[tuple[Pool, ...]] | None = None  # per queue: who else is asked
        self.holds: Callable[[], bool] | None = None  # True: this gate opening passes nothing
        self.peer_pools: Sequence[Pool] | None = None  # people of another role serving here
        self.under_load = None  # a ReviewPressure when review under load applies here
        self.merges = False  # the last review station: leaving it forward merges the PR

    def __repr__(self) -> str:
        return f"Station({self.name!r}, role={self.role!r})"

    def queue_of(self, item: WorkItem) -> int:
        """Which queue an item joins: its team's, its reviewing team's, or the shared one."""
        if not self.team_scoped:
            return 0
        if self.role == "reviewer" and item.reviewer_team >= 0:
            return item.reviewer_team
        return item.team

    def serving_pools(self) -> list[Pool]:
        """Every pool whose members work here: the station's own, and peer reviewers."""
        return [p for p in (*self.pools, *(self.peer_pools or ())) if p is not None]

    def capacity_servers(self) -> int:
        """Servers able to work here (people of the role, peer reviewers, or automated
        servers)."""
        seen = {id(p): len(p.workers) for p in self.serving_pools()}
        return sum(seen.values())

    def people_at(self, k: int) -> int:
        """People (or servers) who can serve queue `k`."""
        n = len(self.pools[k].workers) if self.pools[k] is not None else 0
        if self.peer_pools is not None:
            n += len(self.peer_pools[k].workers)
        return n

    def busy_so_far(self, now: float) -> float:
        """Server-days spent working here up to `now`, the current jobs' elapsed part included.

        Kept as running sums (jobs in progress and the sum of their start times), so that
        it costs the same whoever works here: the station's own pool or people helping.
        """
        return self.busy_time + self.jobs_in_progress * now - self.started_sum

    def waiting_count(self) -> int:
        return sum(len(q) for q in self.queues)

    def form_batches(self, now: float) -> list[int]:
        """At a window opening: waiting work boards one batch per queue (up to capacity)."""
        cap = self.gate.capacity if self.gate else 0
        formed = []
        for k, q in enumerate(self.queues):
            n = q.waiting()
            if n == 0:
                continue
            take = n if cap == 0 else min(cap, n)
            items = []
            while len(items) < take and q.returned:
                items.append(q.returned.popleft())
            while len(items) < take:
                items.append(q.fresh.popleft())
            q.batches.append(Batch(items, now))
            formed.append(k)
        return formed
