"""Role pools: the people (or automated servers) who can serve a set of stations.

A pool is one team's developers, one team's reviewers, or the org's approvers, release
managers or the servers of one automated station. When work arrives at a station, the
station asks its pool to `dispatch`: idle members, longest idle first, pick their next job
by their own rule. A pool never decides *what* to work on; its members do.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orgsim.work.station import Station


class Member(Protocol):
    """A member of a pool: it picks and starts its next job by its own rule."""

    def try_start_next(self) -> bool: ...


class RolePool:
    """Members of one role in one team (team >= 0) or org-wide (team = -1)."""

    __slots__ = ("helps", "idle", "k", "mixed", "neighbours", "role", "stations", "team", "workers")

    def __init__(self, role: str, team: int, k: int) -> None:
        self.role = role
        self.team = team
        self.k = k  # the queue index this pool serves at each of its stations
        self.workers: list[Member] = []
        self.idle: deque[Member] = deque()
        self.stations: list[Station] = []  # downstream first: finish before starting
        self.neighbours: list[RolePool] = []  # the same role in the neighbouring teams
        # Set by the organization's rules when it is staffed (orgsim.policies):
        self.helps: list[RolePool] = []  # pools whose queues members help with when free
        self.mixed = False  # members follow different rules (some keep old habits)

    def add_station(self, station: Station) -> None:
        self.stations.append(station)
        self.stations.sort(key=lambda s: -s.index)

    def dispatch(self) -> bool:
        """Let idle members take work until they find none. True if anyone started."""
        idle = self.idle
        started = False
        if self.mixed:
            for worker in list(idle):
                if worker.try_start_next():
                    idle.remove(worker)
                    started = True
            return started
        while idle:
            worker = idle[0]
            if not worker.try_start_next():
                break
            idle.popleft()
            started = True
        return started

    def __repr__(self) -> str:
        return f"RolePool({self.role!r}, team={self.team}, size={len(self.workers)})"
