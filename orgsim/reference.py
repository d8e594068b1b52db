"""The organization on Mesa's stock event list: the reference for the event calendar.

`OrgModel` runs Mesa's event API on `EventCalendar` (orgsim/calendar.py), which exists
only to make each event cheaper. `StockEventListModel` is the same model on Mesa's own
`EventList`, default step schedule and time loop, every event a Mesa `Event`. The tests
check that both give the same results event for event, and the tandem benchmark runs
both, so that what the calendar buys is measured rather than claimed.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa

from orgsim.model import OrgModel


class _MesaScheduler:
    """What the agents call to schedule their events, mapped onto `schedule_event`."""

    def __init__(self, model: mesa.Model) -> None:
        self.model = model

    def call_at(self, time: float, action: Callable[[], None]) -> None:
        self.model.schedule_event(action, at=time)


class StockEventListModel(OrgModel):
    """`OrgModel` on Mesa's stock event machinery (slower; for checks and benchmarks)."""

    def _use_event_calendar(self) -> None:
        self.calendar = _MesaScheduler(self)

    def _advance_time(self, until: float) -> None:
        mesa.Model._advance_time(self, until)

    @property
    def now(self) -> float:
        """Mesa's loop keeps the clock: `now` is `time`."""
        return self.time


__all__ = ["StockEventListModel"]
