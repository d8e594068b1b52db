"""A time-weighted counter: the exact time-average of a piecewise-constant quantity."""

from __future__ import annotations


class Gauge:
    """Counts items somewhere and integrates that count over time.

    `area` is the integral of `value` dt up to `last`; `mark()` remembers the area at the
    start of the measured window so that means exclude the warm-up.
    """

    __slots__ = ("area", "area0", "last", "t0", "value")

    def __init__(self) -> None:
        self.value = 0
        self.area = 0.0
        self.last = 0.0
        self.area0 = 0.0
        self.t0 = 0.0

    def add(self, now: float, delta: int) -> None:
        self.area += self.value * (now - self.last)
        self.last = now
        self.value += delta

    def mark(self, now: float) -> None:
        self.add(now, 0)
        self.area0 = self.area
        self.t0 = now

    def mean(self, now: float) -> float:
        self.add(now, 0)
        span = now - self.t0
        return (self.area - self.area0) / span if span > 0 else float(self.value)
