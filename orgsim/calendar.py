"""The event calendar: Mesa's event list as a heap of tuples, and the loop that runs it.

Why it exists: orgsim schedules an event for every arrival and every end of a job, so
the cost of one event is the cost of the simulator. Mesa's `EventList` keeps `Event`
objects ordered by a Python `__lt__`, and each `Event` builds weak references to its
callback; on a busy line that is most of the run time. `EventCalendar` keeps Mesa's
interface and its ordering, (time, priority, insertion order), but stores plain tuples,
which `heapq` compares in C and which never get as far as comparing their callbacks.

Two kinds of entries share one heap:

- Mesa events. `Model.schedule_event` and `schedule_recurring` keep working unchanged:
  their `Event` enters with its `execute` method, and a cancelled one is skipped, as in
  Mesa.
- The organization's own events (`call_at`): a job's end, an arrival. They are plain
  callables with no `Event` object: they are never cancelled, and the agents they belong
  to live as long as the model, so a strong reference is what they need.

`advance` is the loop behind `Model.step`, `run_for` and `run_until`. It also runs the
day tick that Mesa's default schedule would otherwise put on the heap every day: at each
whole day it calls the model's step before any other event at that instant, which is the
order Mesa's high-priority step event gives.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from heapq import heapify, heappop, heappush, nsmallest
from typing import TYPE_CHECKING

from mesa import Model
from mesa.experimental.mesa_signals import ObservableSignals
from mesa.time import Event, EventList, Priority

if TYPE_CHECKING:
    from orgsim.model import OrgModel

DEFAULT = Priority.DEFAULT.value
_TIME = Model.__dict__["time"].private_name  # where Mesa's Observable keeps the clock


class EventCalendar(EventList):
    """Pending events as (time, priority, seq, action) tuples on a binary heap.

    A Mesa `Event` rides along as a fifth element, so that it can be found (`peek_ahead`,
    `in`) and, once cancelled, skipped without running or moving the clock.
    """

    def __init__(self) -> None:
        self._events: list[tuple] = []  # (time, priority, seq, action[, mesa_event])
        self._seq = itertools.count()

    # -- the organization's events ----------------------------------------------------------
    def call_at(self, time: float, action: Callable[[], None]) -> None:
        """Run `action()` at `time` (default priority, after earlier-scheduled ties)."""
        heappush(self._events, (time, DEFAULT, next(self._seq), action))

    # -- Mesa's EventList interface ---------------------------------------------------------
    def add_event(self, event: Event) -> None:
        entry = (event.time, event.priority, next(self._seq), event.execute, event)
        heappush(self._events, entry)

    def pop_event(self) -> Event:
        while self._events:
            event = _as_event(heappop(self._events))
            if not event.CANCELED:
                return event
        raise IndexError("Event list is empty")

    def peek_ahead(self, n: int = 1) -> list[Event]:
        if self.is_empty():
            raise IndexError("event list is empty")
        live = (e for e in self._events if not _cancelled(e))
        return [_as_event(e) for e in nsmallest(n, live)]

    def compact(self) -> None:
        self._events = [e for e in self._events if not _cancelled(e)]
        heapify(self._events)

    def is_empty(self) -> bool:
        return len(self) == 0

    def __contains__(self, event: Event) -> bool:
        if event.CANCELED:
            return False
        return any(len(e) == 5 and e[4] is event for e in self._events)

    def __len__(self) -> int:
        return sum(1 for e in self._events if not _cancelled(e))

    def __repr__(self) -> str:
        shown = ", ".join(f"(time={e[0]}, priority={e[1]})" for e in sorted(self._events))
        return f"EventCalendar([{shown}])"

    def remove(self, event: Event) -> None:
        if not event.CANCELED:
            event.cancel()

    def clear(self) -> None:
        self._events.clear()

    # -- the loop ---------------------------------------------------------------------------
    def advance(self, model: OrgModel, until: float) -> None:
        """Run every event due up to `until`, with the day ticks in between; end at `until`.

        The clock is written once per event, into Mesa's `time` and into `model.now` (a
        plain attribute the hot path reads). Mesa's `time` is an Observable: when something
        subscribes to it (checked once per call), every change goes through Mesa's
        descriptor and notifies; otherwise the loop writes the descriptor's storage.
        """
        heap = self._events
        state = model.__dict__
        observed = model._has_subscribers("time", ObservableSignals.CHANGED)
        next_day = model.next_day
        while True:
            due = heap[0][0] if heap else math.inf
            if next_day <= due:
                if next_day > until:
                    break
                t = next_day
                next_day += 1.0
                model.next_day = next_day
                action = model._tick_day
            elif due <= until:
                entry = heappop(heap)
                if len(entry) == 5 and entry[4].CANCELED:
                    continue  # a cancelled Mesa event: skipped, as Mesa's own loop does
                t, action = entry[0], entry[3]
            else:
                break
            if observed:
                model.time = t
            else:
                state[_TIME] = t
            state["now"] = t
            action()
        model.time = until
        model.now = until


def _cancelled(entry: tuple) -> bool:
    return len(entry) == 5 and entry[4].CANCELED


def _as_event(entry: tuple) -> Event:
    """The Mesa `Event` behind a heap entry (a transient one for the organization's own)."""
    if len(entry) == 5:
        return entry[4]
    return Event(entry[0], entry[3], priority=Priority(entry[1]))
