"""Gates: the windows at which a station lets its waiting work through.

A gate is periodic (a change-advisory board every two weeks, a monthly release train) or
dated (a release history that follows no period: an open-source project's feature
releases, about twice a year and never on the same day). Both shapes answer the same
questions for the engine and the estimates that read them (when is the first opening,
when the next one after a moment, how many openings fall in a horizon, the longest wait
between two), so that no reader has to tell them apart.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from orgsim.scenario.section import NonNegFloat, PositiveFloat, Section

MAX_DATES = 100_000  # four openings a working day for 100 years


class Gate(Section):
    """A window: the station processes its waiting work only when it opens.

    Periodic: `every` days, at `offset`, `offset + every`, ... (with offset 0 the first
    opening is at `every`). Dated: at each of `dates` (working days from the start of the
    simulation, strictly increasing), and after the last one never again: work that
    reaches the station later stays waiting to the end of the run, which the run's
    stability check then reports as WIP growing there. A gate has `every` or `dates`,
    never both.

    At each opening up to `capacity` waiting items (0 = all) board one batch; one server
    of the station's role then handles the batch as a single job (a change-advisory-board
    meeting, a release train's deployment) whose duration is one service draw, whatever
    the batch's size.
    """

    every: PositiveFloat | None = None
    offset: NonNegFloat = 0.0
    dates: list[float] | None = None
    capacity: Annotated[int, Field(ge=0)] = 0

    @field_validator("dates", mode="before")
    @classmethod
    def _dates_are_times(cls, value: Any) -> Any:
        if value is None:
            return value
        if not isinstance(value, list | tuple):
            raise ValueError("must be a list of times in working days, e.g. [12.0, 130.5]")
        if not value:
            raise ValueError("needs at least one date (leave the gate out for no gate)")
        if len(value) > MAX_DATES:
            raise ValueError(f"{len(value):,} dates; the limit is {MAX_DATES:,}")
        for i, x in enumerate(value):
            if isinstance(x, bool) or not isinstance(x, int | float):
                raise ValueError(f"date {i + 1} ({x!r}) is not a number")
            if not math.isfinite(x) or x < 0:
                raise ValueError(f"date {i + 1} ({x!r}) must be a finite time >= 0")
            if i and x <= value[i - 1]:
                raise ValueError(
                    f"date {i + 1} ({x:g}) is not after date {i} ({value[i - 1]:g}): "
                    "dates must be strictly increasing"
                )
        return [float(x) for x in value]

    @model_validator(mode="after")
    def _one_schedule(self) -> Gate:
        if self.every is None and self.dates is None:
            raise ValueError(
                "a gate needs `every` (a period in days) or `dates` (its opening times)"
            )
        if self.every is not None and self.dates is not None:
            raise ValueError(
                "a gate has `every` (with `offset`) or `dates`, not both "
                "(to replace one with the other, override the whole gate)"
            )
        if self.dates is not None and self.offset > 0:
            raise ValueError("`offset` is for a periodic gate; a dated gate opens at its `dates`")
        return self

    @property
    def dated(self) -> bool:
        return self.dates is not None

    @property
    def first_opening(self) -> float:
        """When the gate opens first."""
        if self.dates is not None:
            return self.dates[0]
        assert self.every is not None
        return self.offset if self.offset > 0 else self.every

    def next_opening(self, now: float) -> float:
        """The opening after one at `now` (inf after a dated gate's last)."""
        if self.dates is None:
            assert self.every is not None
            return now + self.every
        i = bisect.bisect_right(self.dates, now)
        return self.dates[i] if i < len(self.dates) else math.inf

    def openings(self, horizon: float) -> float:
        """Openings in [0, horizon]: horizon / every for a periodic gate (the estimate
        the run-cost and capacity arithmetic use), the dates up to it for a dated one."""
        if self.dates is None:
            assert self.every is not None
            return horizon / self.every
        return float(bisect.bisect_right(self.dates, horizon))

    def longest_interval(self, horizon: float) -> float:
        """The longest time between openings up to `horizon`, from day 0 to the first
        included: `every`, or for a dated gate its longest gap (0 with no opening by
        then; the time after its last opening is not a gap: the gate is shut)."""
        if self.dates is None:
            assert self.every is not None
            return self.every
        times = [0.0, *self.dates[: bisect.bisect_right(self.dates, horizon)]]
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)

    def dates_more_often(self, factor: float) -> list[float]:
        """A dated gate's dates with `factor` times as many openings: every date kept,
        and each added opening halving the longest interval left between openings (the
        wait for the first included; after the last date the gate stays shut). What
        relieving a dated gate means (a periodic one: every / factor): no change waits
        longer than before, and the longest waits shrink first."""
        assert self.dates is not None and factor >= 1
        extra = round(len(self.dates) * (factor - 1.0))
        if factor > 1:
            extra = max(extra, 1)
        times = [0.0, *self.dates]
        gaps = [(a - b, a) for a, b in itertools.pairwise(times)]  # (-length, start)
        heapq.heapify(gaps)
        added = []
        for _ in range(extra):
            neg, start = heapq.heappop(gaps)
            half = -neg / 2.0
            added.append(start + half)
            for gap in ((-half, start), (-half, start + half)):
                heapq.heappush(gaps, gap)
        return sorted(self.dates + added)

    def describe(self) -> str:
        """'every 10 days', 'on 3 dates (days 12 to 251)'."""
        if self.dates is None:
            return f"every {self.every:g} days"
        if len(self.dates) == 1:
            return f"on day {self.dates[0]:g} only"
        return f"on {len(self.dates)} dates (days {self.dates[0]:g} to {self.dates[-1]:g})"
