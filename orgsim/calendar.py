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
    """Pending events as (time, priority, seq, action) tuples, in a calendar of buckets.

    A Mesa `Event` rides along as a fifth element, so that it can be found (`peek_ahead`,
    `in`) and, once cancelled, skipped without running or moving the clock.

    Why buckets: a binary heap of every pending event costs log(n) comparisons per event,
    each a jump to a tuple somewhere in memory; with one pending job end per busy person,
    a 10,000-person organization keeps over 10,000 of them, and the heap's cache misses
    grew into a tenth of the run. So the calendar keeps a small heap of the events due
    soon (`_now`, every event whose bucket is at most `_cur`) and, for later ones, one
    unsorted list per time bucket of width 1/`_scale` days, heapified when its turn comes.
    A bucket index `floor(time * scale)` never decreases with time, so the order is
    exactly the heap's order: (time, priority, insertion), whatever the bucket width.
    `tune` sets the width from the number of servers, before the first event.
    """

    def __init__(self) -> None:
        self._now: list[tuple] = []  # heap: (time, priority, seq, action[, mesa_event])
        self._later: dict[int, list[tuple]] = {}  # bucket index -> its entries, unsorted
        self._keys: list[int] = []  # heap of the bucket indices in `_later`
        self._cur = 0  # entries in buckets up to this one are in `_now`
        self._scale = 1.0  # buckets per day
        self._seq = itertools.count()

    def tune(self, servers: int) -> None:
        """Bucket width for about `servers` pending job ends: a few dozen events a bucket.

        Only a matter of speed: any width gives the same order. Called before any event."""
        if self._now or self._later:
            raise RuntimeError("the calendar's buckets are set before the first event")
        self._scale = 2.0 ** min(12, max(-4, round(math.log2(max(servers, 1) / 16))))

    # -- the organization's events ----------------------------------------------------------
    def call_at(self, time: float, action: Callable[[], None]) -> None:
        """Run `action()` at `time` (default priority, after earlier-scheduled ties)."""
        self._push((time, DEFAULT, next(self._seq), action))

    def _push(self, entry: tuple) -> None:
        """Into the soon-heap if its bucket has come, else into its bucket (unsorted)."""
        time = entry[0]
        b = int(time * self._scale) if time < math.inf else math.inf
        if b <= self._cur:
            heappush(self._now, entry)
            return
        bucket = self._later.get(b)
        if bucket is None:
            self._later[b] = [entry]
            heappush(self._keys, b)
        else:
            bucket.append(entry)

    def _promote(self) -> bool:
        """The soon-heap ran empty: the next bucket becomes it. False if none is left."""
        if not self._keys:
            return False
        b = heappop(self._keys)
        now = self._now
        now.extend(self._later.pop(b))  # the same list: the loop holds a reference to it
        heapify(now)
        self._cur = b
        return True

    def _entries(self):
        yield from self._now
        for bucket in self._later.values():
            yield from bucket

    # -- Mesa's EventList interface ---------------------------------------------------------
    def add_event(self, event: Event) -> None:
        self._push((event.time, event.priority, next(self._seq), event.execute, event))

    def pop_event(self) -> Event:
        while self._now or self._promote():
            event = _as_event(heappop(self._now))
            if not event.CANCELED:
                return event
        raise IndexError("Event list is empty")

    def peek_ahead(self, n: int = 1) -> list[Event]:
        if self.is_empty():
            raise IndexError("event list is empty")
        live = (e for e in self._entries() if not _cancelled(e))
        return [_as_event(e) for e in nsmallest(n, live)]

    def compact(self) -> None:
        live = [e for e in self._now if not _cancelled(e)]
        self._now[:] = live
        heapify(self._now)
        for b in list(self._later):
            kept = [e for e in self._later[b] if not _cancelled(e)]
            if kept:
                self._later[b] = kept
            else:
                del self._later[b]
        self._keys[:] = list(self._later)
        heapify(self._keys)

    def is_empty(self) -> bool:
        return len(self) == 0

    def __contains__(self, event: Event) -> bool:
        if event.CANCELED:
            return False
        return any(len(e) == 5 and e[4] is event for e in self._entries())

    def __len__(self) -> int:
        return sum(1 for e in self._entries() if not _cancelled(e))

    def __repr__(self) -> str:
        shown = ", ".join(f"(time={e[0]}, priority={e[1]})" for e in sorted(self._entries()))
        return f"EventCalendar([{shown}])"

    def remove(self, event: Event) -> None:
        if not event.CANCELED:
            event.cancel()

    def clear(self) -> None:
        self._now.clear()
        self._later.clear()
        self._keys.clear()

    # -- the loop ---------------------------------------------------------------------------
    def advance(self, model: OrgModel, until: float) -> None:
        """Run every event due up to `until`, with the day ticks in between; end at `until`.

        The clock is written once per event, into Mesa's `time` and into `model.now` (a
        plain attribute the hot path reads). Mesa's `time` is an Observable: when something
        subscribes to it (checked once per call), every change goes through Mesa's
        descriptor and notifies; otherwise the loop writes the descriptor's storage.
        """
        heap = self._now
        promote = self._promote
        state = model.__dict__
        observed = model._has_subscribers("time", ObservableSignals.CHANGED)
        next_day = model.next_day
        while True:
            due = heap[0][0] if heap or promote() else math.inf
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
