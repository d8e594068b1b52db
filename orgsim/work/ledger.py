"""The ledger: what a run keeps of every finished visit and every delivered change.

Why it exists: a year of a 10,000-person organization finishes millions of station visits
and hundreds of thousands of changes. Kept as Python objects (a float object per number,
a `WorkItem` per delivered change) they cost about 30 bytes per number, and the memory
they pin keeps the interpreter from reusing what the live work frees, so the hot path
slows as the organization grows. The ledger keeps them in columns instead:

- the visit log is appended to a plain list on the hot path (the cheapest append Python
  has), and once a day, when that list has grown past `SEAL_AT` numbers, it is sealed
  into a float64 numpy chunk and emptied;
- a delivered change leaves the live item list for a list of delivered ones; at the
  daily seal, once that list is long, their rows (`ITEM_COLUMNS`) become a structured
  numpy chunk and the `WorkItem`s are let go.

Nothing is rounded or reordered: the tables read from the ledger are the same numbers,
in the same order, as the objects would have given. Sealing is checked once per simulated
day, not per event, so the hot path pays nothing for it.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from orgsim.work.item import WorkItem

VISIT_FIELDS = ("item", "station", "enter", "start", "leave")  # one row of the visit log

# Item attributes kept for the items table: (attribute, column, dtype).
ITEM_COLUMNS = (
    ("id", "id", np.int64),
    ("team", "team_id", np.int64),
    ("size", "size", float),
    ("pr_size", "pr_size", float),
    ("high_risk", "high_risk", bool),
    ("urgent", "urgent", bool),
    ("ai", "ai", bool),
    ("defects_injected", "defects_injected", np.int64),
    ("defects", "defects_escaped", np.int64),
    ("reworks", "reworks", np.int64),
    ("arrived", "arrived", float),
    ("started", "started", float),
    ("committed", "committed", float),
    ("done", "done", float),
    ("active", "active_time", float),
    ("merged", "merged", float),
    ("failure", "failure", bool),
)
ITEM_ROW = np.dtype([(attr, dtype) for attr, _, dtype in ITEM_COLUMNS])
item_row = attrgetter(*(attr for attr, _, _ in ITEM_COLUMNS))
SEAL_AT = 1 << 16  # numbers of the visit log buffered before a seal
SEAL_ROWS_AT = 1 << 12  # rows of delivered changes buffered before a seal


class Ledger:
    """Finished visits and delivered changes, in numpy chunks plus a small open buffer."""

    __slots__ = ("delivered", "item_chunks", "visit_chunks", "visits")

    def __init__(self) -> None:
        self.visits: list[float] = []  # the open buffer: VISIT_FIELDS in a row, flat
        self.visit_chunks: list[np.ndarray] = []
        self.delivered: list[WorkItem] = []  # delivered changes not yet sealed
        self.item_chunks: list[np.ndarray] = []

    def seal(self) -> None:
        """Move the open buffers into numpy chunks once they are large."""
        visits = self.visits
        if len(visits) >= SEAL_AT:
            self.visit_chunks.append(np.array(visits, dtype=float))
            del visits[:]  # the same list: the hot path holds a reference to it
        done = self.delivered
        if len(done) >= SEAL_ROWS_AT:
            self.item_chunks.append(_rows(done))
            del done[:]

    def visit_table(self) -> np.ndarray:
        """Every finished visit so far, one row each, columns VISIT_FIELDS, in log order."""
        return np.concatenate(list(self.visit_parts()))

    def visit_parts(self):
        """The visit table in its chunks (views, no copy), then the open buffer's rows."""
        width = len(VISIT_FIELDS)
        for chunk in self.visit_chunks:
            yield chunk.reshape(-1, width)
        yield np.array(self.visits, dtype=float).reshape(-1, width)

    def item_rows(self, live: list[WorkItem | None]) -> np.ndarray:
        """Every item so far, delivered or not, as ITEM_ROW records ordered by id."""
        parts = [*self.item_chunks, _rows(self.delivered), _rows(it for it in live if it)]
        rows = np.concatenate(parts)
        return rows[np.argsort(rows["id"], kind="stable")]


def _rows(items) -> np.ndarray:
    items = list(items)
    return np.fromiter(map(item_row, items), dtype=ITEM_ROW, count=len(items))
