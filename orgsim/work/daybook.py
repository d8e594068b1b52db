"""The day book: one snapshot of the pipeline's counters at the start of every day.

Why a book of flat rows: the snapshot runs once per simulated day, and on a line that
moves one item a day it costs as much as the work itself. So a day appends its values to
one flat list (no dict, no per-column lists), and the columns are cut out of it as numpy
arrays only when somebody reads the table.

What a row holds, in order: the day, cumulative arrivals, completions, deployments and
token spend, the items in the backlog and in the system, then per station the items there
(queued or in service), the items that have reached it so far (what a cumulative flow
diagram plots) and the server-days worked there so far.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from orgsim.work.flow import Flow
    from orgsim.work.station import Station

HEAD = ("day", "arrivals", "completed", "deploys", "token_spend", "wip_backlog", "wip_total")
PER_STATION = ("wip", "cum", "busy")


class DayBook:
    """Daily snapshots as one flat list of numbers, `width` per day."""

    __slots__ = ("columns", "flow", "stations", "values", "width")

    def __init__(self, flow: Flow, stations: list[Station]) -> None:
        self.flow = flow
        self.stations = stations
        names = [st.name for st in stations]
        self.columns = list(HEAD) + [f"{kind}_{n}" for kind in PER_STATION for n in names]
        self.width = len(self.columns)
        self.values: list[float] = []

    def __len__(self) -> int:
        return len(self.values) // self.width

    def record(self, now: float) -> None:
        flow = self.flow
        stations = self.stations
        values = self.values
        values += (
            now,
            flow.arrivals,
            flow.completed,
            len(flow.deployments),
            flow.tokens,
            flow.backlog.value,
            flow.in_system.value,
        )
        values += [st.wip.value for st in stations]
        values += [st.first_entries for st in stations]
        values += [st.busy_so_far(now) for st in stations]

    def table(self) -> np.ndarray:
        """All snapshots so far: one row per day, one column per entry of `columns`."""
        values = self.values
        return np.fromiter(values, dtype=float, count=len(values)).reshape(-1, self.width)

    def column(self, name: str) -> np.ndarray:
        """One column of the table, without building the rest."""
        picked = self.values[self.columns.index(name) :: self.width]
        return np.fromiter(picked, dtype=float, count=len(picked))
