"""Automated lanes: work that needs no person and no queue (policy-as-code checks,
continuous deployment pipelines, restoring service after a failed deployment).

A lane is an infinite-server delay: each change leaves after its own delay. One pending
event on Mesa's event list at a time (for the earliest change) keeps it cheap however
many changes are in the lane.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mesa.time import Event

    from orgsim.model import OrgModel
    from orgsim.work.item import WorkItem


class DelayLane:
    """Changes wait here for their delay, then `on_due(item, tag)` is called."""

    def __init__(self, model: OrgModel, on_due: Callable[[WorkItem, int], None]) -> None:
        self.model = model
        self.on_due = on_due
        self._heap: list[tuple[float, int, WorkItem, int]] = []
        self._seq = itertools.count()
        self._event: Event | None = None
        self._event_time = float("inf")

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, item: WorkItem, delay: float, tag: int = 0) -> None:
        due = self.model.now + delay
        heapq.heappush(self._heap, (due, next(self._seq), item, tag))
        if due < self._event_time:
            if self._event is not None:
                self._event.cancel()
            self._event = self.model.schedule_event(self.release_due, at=due)
            self._event_time = due

    def release_due(self) -> None:
        now = self.model.now
        self._event = None
        self._event_time = float("inf")
        heap = self._heap
        while heap and heap[0][0] <= now:
            _, _, item, tag = heapq.heappop(heap)
            self.on_due(item, tag)
        if heap and heap[0][0] < self._event_time:
            self._event = self.model.schedule_event(self.release_due, at=heap[0][0])
            self._event_time = heap[0][0]
