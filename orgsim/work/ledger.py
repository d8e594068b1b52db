"""The ledger: what a run keeps of every finished visit and every delivered change.

Why it exists: a year of a 10,000-person organization finishes millions of station visits
and hundreds of thousands of changes. Kept as Python objects (a float object per number,
a `WorkItem` per delivered change) they cost about 30 bytes per number, and the memory
they pin keeps the interpreter from reusing what the live work frees, so the hot path
slows as the organization grows. The ledger keeps them in columns instead:

- the visit log is appended to a plain list on the hot path (the cheapest append Python
  has), and once a day, when that list has grown past `SEAL_AT` numbers, it is sealed
  into one numpy array per field (the item as int64, the station as int16, the times as
  float64) and emptied. The arrays grow by doubling, so a visit is copied about once
  more in all, and reading them is a view, not a copy: a table built on them shares
  their memory (the part of an array not yet written takes address space, not memory);
- a delivered change leaves the live item list for a list of delivered ones; at the
  daily seal, once that list is long, their rows (`ITEM_COLUMNS`) become a structured
  numpy chunk and the `WorkItem`s are let go.

A run that is asked only for its summary (`simulate(keep=("summary",))`) keeps less of
each visit: the item, the station and the time spent there (`leave - enter`, the one
number the summary reads), 18 bytes a visit instead of 34. That is what lets a
50,000-person year fit in a few gigabytes.

Nothing is rounded or reordered: the tables read from the ledger are the same numbers,
in the same order, as the objects would have given. Sealing is checked once per simulated
day, not per event, so the hot path pays nothing for it.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from orgsim.work.item import WorkItem

VISIT_FIELDS = ("item", "station", "enter", "start", "leave")  # one row of the visit log
SPENT_FIELDS = ("item", "station", "spent")  # what a summary-only run keeps of a visit
VISIT_DTYPES = {
    "item": np.int64,
    "station": np.int16,
    "enter": np.float64,
    "start": np.float64,
    "leave": np.float64,
    "spent": np.float64,
}

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
    """Finished visits and delivered changes, in numpy arrays plus a small open buffer."""

    __slots__ = ("delivered", "item_chunks", "n_visits", "visit_arrays", "visits")

    def __init__(self) -> None:
        self.visits: list[float] = []  # the open buffer: VISIT_FIELDS in a row, flat
        self.visit_arrays = _arrays(VISIT_FIELDS, 0)  # sealed visits: the first n_visits
        self.n_visits = 0
        self.delivered: list[WorkItem] = []  # delivered changes not yet sealed
        self.item_chunks: list[np.ndarray] = []

    @property
    def visit_fields(self) -> tuple[str, ...]:
        """The fields kept of each visit: VISIT_FIELDS, or SPENT_FIELDS (summary only)."""
        return tuple(self.visit_arrays)

    def keep_only_time_spent(self) -> None:
        """Keep of each visit only its item, station and time spent (before the run)."""
        if self.visits or self.n_visits:
            raise RuntimeError("the ledger has recorded visits already")
        self.visit_arrays = _arrays(SPENT_FIELDS, 0)

    def seal(self) -> None:
        """Move the open buffers into numpy arrays once they are large."""
        if len(self.visits) >= SEAL_AT:
            self._seal_visits()
        done = self.delivered
        if len(done) >= SEAL_ROWS_AT:
            self.item_chunks.append(_rows(done))
            del done[:]

    def _seal_visits(self) -> None:
        visits = self.visits
        if not visits:
            return
        rows = np.fromiter(visits, float, len(visits)).reshape(-1, len(VISIT_FIELDS))
        del visits[:]  # the same list: the hot path holds a reference to it
        n, m = self.n_visits, len(rows)
        arrays = self.visit_arrays
        if n + m > len(arrays["item"]):
            capacity = max(2 * len(arrays["item"]), n + m)
            for field, old in arrays.items():  # a field at a time: one field's copy at most
                arrays[field] = grown = np.empty(capacity, VISIT_DTYPES[field])
                grown[:n] = old[:n]
        arrays["item"][n : n + m] = rows[:, 0]
        arrays["station"][n : n + m] = rows[:, 1]
        if "spent" in arrays:
            np.subtract(rows[:, 4], rows[:, 2], out=arrays["spent"][n : n + m])
        else:
            for j, field in enumerate(VISIT_FIELDS[2:], start=2):
                arrays[field][n : n + m] = rows[:, j]
        self.n_visits = n + m

    def visit_columns(self, fields: Sequence[str] = VISIT_FIELDS) -> dict[str, np.ndarray]:
        """Every finished visit so far, one array per field, in log order.

        The arrays are views of the ledger's own (later visits are written past their
        end, never into them): to be read, not written.
        """
        missing = [f for f in fields if f not in self.visit_arrays]
        if missing:
            raise KeyError(
                f"visits: this run kept {', '.join(self.visit_fields)}, not {', '.join(missing)}"
            )
        self._seal_visits()
        return {f: self.visit_arrays[f][: self.n_visits] for f in fields}

    def item_columns(
        self, live: Iterable[WorkItem | None], *, release: bool = False
    ) -> dict[str, np.ndarray]:
        """Every item so far, delivered or not, one array per ITEM_COLUMNS attribute,
        ordered by id.

        `release` hands the delivered changes' rows over instead of keeping them as well:
        for a caller that lets the model go once its tables are built.
        """
        parts = [*self.item_chunks, _rows(self.delivered), _rows(it for it in live if it)]
        if release:
            self.item_chunks = []
            del self.delivered[:]  # the same list: the flow holds a reference to it
        order = np.argsort(np.concatenate([p["id"] for p in parts]), kind="stable")
        columns = {}
        for attr, _, _ in ITEM_COLUMNS:
            columns[attr] = np.concatenate([p[attr] for p in parts])[order]
        return columns


def _arrays(fields: Sequence[str], capacity: int) -> dict[str, np.ndarray]:
    return {f: np.empty(capacity, VISIT_DTYPES[f]) for f in fields}


def _rows(items: Iterable[WorkItem]) -> np.ndarray:
    items = list(items)
    return np.fromiter(map(item_row, items), dtype=ITEM_ROW, count=len(items))
