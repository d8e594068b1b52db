"""Automated lanes: work that needs no person and no queue (policy-as-code checks,
continuous deployment pipelines, restoring service after a failed deployment).

A lane is an infinite-server delay: each change leaves after its own delay. One pending
wake-up on the event calendar at a time (for the earliest change) keeps it cheap however
many changes are in the lane. When an earlier change arrives, the pending wake-up is
superseded rather than cancelled: it still comes due, finds it is no longer the lane's
and does nothing. Runs in the same order as a cancelled Mesa event would (the calendar
orders both by time, priority and insertion), without building a Mesa `Event` and its
weak references for every change.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.work.item import WorkItem
    from orgsim.work.protocols import Clock

# The lanes a change can take at a station: the station's people (its queue), an automated
# lane past them (a `DelayLane`), or straight through. A routing rule picks one per change.
MAIN, FAST, SKIP = 0, 1, 2


class _WakeUp:
    """One scheduled wake-up of a lane; it acts only while it is the lane's current one."""

    __slots__ = ("__weakref__", "lane")  # a weak reference: for Mesa's stock event list

    def __init__(self, lane: DelayLane) -> None:
        self.lane = lane

    def ring(self) -> None:
        lane = self.lane
        if lane._wake is self:
            lane.release_due()


class DelayLane:
    """Changes wait here for their delay, then `on_due(item, tag)` is called."""

    def __init__(self, model: Clock, on_due: Callable[[WorkItem, int], None]) -> None:
        self.model = model
        self.on_due = on_due
        self._heap: list[tuple[float, int, WorkItem, int]] = []
        self._seq = itertools.count()
        self._wake: _WakeUp | None = None
        self._event_time = float("inf")
        self._call_at = model.calendar.call_at

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, item: WorkItem, delay: float, tag: int = 0) -> None:
        due = self.model.now + delay
        heapq.heappush(self._heap, (due, next(self._seq), item, tag))
        if due < self._event_time:
            self._wake_at(due)

    def _wake_at(self, due: float) -> None:
        wake = self._wake = _WakeUp(self)  # supersedes the pending one, if any
        self._event_time = due
        self._call_at(due, wake.ring)

    def release_due(self) -> None:
        now = self.model.now
        self._wake = None
        self._event_time = float("inf")
        heap = self._heap
        while heap and heap[0][0] <= now:
            _, _, item, tag = heapq.heappop(heap)
            self.on_due(item, tag)
        if heap and heap[0][0] < self._event_time:
            self._wake_at(heap[0][0])
