"""A time-weighted counter: the exact time-average of a piecewise-constant quantity."""

from __future__ import annotations


class Gauge:
    """Counts items somewhere and integrates that count over time, as running sums.

    With +1 at times e_i and -1 at times l_i, the integral of the count from 0 to t is
    value * t - sum(e_i) + sum(l_i). So `add` keeps only the count and `offset`, the signed
    sum of the change times (two additions, on the hot path of every station visit), and
    `area(t)` is exact whenever it is read. `mark()` remembers the area at the start of the
    measured window so that means exclude the warm-up.
    """

    __slots__ = ("area0", "offset", "t0", "value")

    def __init__(self) -> None:
        self.value = 0
        self.offset = 0.0
        self.area0 = 0.0
        self.t0 = 0.0

    def add(self, now: float, delta: int) -> None:
        self.value += delta
        self.offset -= delta * now

    def area(self, now: float) -> float:
        """The integral of the count from time 0 to `now`."""
        return self.value * now + self.offset

    def mark(self, now: float) -> None:
        self.area0 = self.area(now)
        self.t0 = now

    def mean(self, now: float) -> float:
        span = now - self.t0
        return (self.area(now) - self.area0) / span if span > 0 else float(self.value)
