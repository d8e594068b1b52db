"""Did the run reach a steady state? WIP growth per station, judged on batch means.

Why it matters: lead time, WIP and Little's law describe a steady state. When a station
receives work faster than it serves it, its queue grows for as long as the run lasts;
the mean lead time of the changes that happened to finish then depends on the horizon,
and Little's law on the same run contradicts it. Such figures must be read as "after
this many days", never as what the organization delivers.

The rule, for each daily WIP series of the measured window (the backlog, every station
and the total in system, from the day book):

1. Batch means. The days are cut into at most `BATCHES` consecutive batches of equal
   length, and each batch is replaced by its mean. Daily WIP is strongly
   autocorrelated (today's queue is yesterday's plus a little), so a regression on the
   days themselves would be overconfident; means of long batches are close to
   independent (the method of batch means, Law & Kelton, *Simulation Modeling and
   Analysis*, ch. 9). A batch spans a whole number of periods of the slowest gate (a
   release train every 10 days fills and empties its queue in a saw-tooth: a batch
   holding part of a tooth would see a trend that is only the tooth's phase; a dated
   gate's period is its longest gap between openings within the run); the days
   that do not fill a batch are dropped from the start of the window, where a run is
   furthest from a steady state.
2. Trend. A straight line is fitted to the batch means against the batches' mid-days
   (`scipy.stats.linregress`): its slope is the growth in items per working day, with a
   t confidence interval on k - 2 degrees of freedom (k batches). The interval's level
   is Bonferroni's `1 - (1 - LEVEL) / m` for m series, so that the chance of a stable
   run being called unstable by any of its series stays under `1 - LEVEL` (5%).
3. Verdict. A series grows when its interval lies wholly above 0 (statistically
   significant) *and* its slope exceeds `PRACTICAL` times the run's daily throughput
   (practically significant). A growth g at throughput TH lengthens the Little lead time
   WIP / TH by g / TH days every day: at 2% that is five days over a 250-day year,
   enough to change any lead-time figure, while the sampling wobble of a stable queue
   that batch means may leave (a slowly mixing queue at high load) stays far below it.

The run is unstable when any series grows. When the window holds fewer than
`MIN_BATCHES` batches (days, or gate periods) the question cannot be answered: the
verdict is "too short to judge" and `stable` is False (no steady state has been shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

BATCHES = 10
MIN_BATCHES = 5
LEVEL = 0.95
PRACTICAL = 0.02  # growth per day, as a share of the daily throughput

STABLE, UNSTABLE, TOO_SHORT = "stable", "unstable", "too short to judge"


@dataclass(frozen=True)
class Stability:
    """The verdict and the growth of every WIP series (items per working day)."""

    verdict: str
    growth: dict[str, float]
    interval: dict[str, tuple[float, float]]
    threshold: float  # the practical threshold, items per day
    growing: list[str] = field(default_factory=list)  # series that grow, fastest first

    @property
    def stable(self) -> bool:
        return self.verdict == STABLE

    @property
    def worst(self) -> str:
        """The place whose WIP grows fastest (not the total), or ''."""
        return next((name for name in self.growing if name != "total"), "")


def batch_length(days: int, period: int = 1) -> int:
    """Days per batch: whole periods, long enough for at most `BATCHES` batches."""
    period = max(int(period), 1)
    return max(math.ceil(days / BATCHES / period), 1) * period


def wip_stability(
    days: np.ndarray,
    series: dict[str, np.ndarray],
    throughput_per_day: float,
    period: int = 1,
) -> Stability:
    """Judge each WIP series (one value per day in `days`) by the rule above; `period`
    is the slowest gate's period in days (1 without gates)."""
    threshold = PRACTICAL * max(throughput_per_day, 0.0)
    n = len(days)
    size = batch_length(n, period)
    k = n // size
    if k < MIN_BATCHES:
        nan = {name: math.nan for name in series}
        return Stability(TOO_SHORT, nan, {k: (math.nan, math.nan) for k in series}, threshold)
    skip = n - k * size

    def means(y: np.ndarray) -> np.ndarray:
        return y[skip:].astype(float).reshape(k, size).mean(axis=1)

    mid = means(np.asarray(days))
    level = 1.0 - (1.0 - LEVEL) / max(len(series), 1)
    t = float(stats.t.ppf(0.5 + level / 2, k - 2))
    growth, interval, growing = {}, {}, []
    for name, y in series.items():
        means_y = means(np.asarray(y))
        if np.ptp(means_y) == 0.0:
            slope, half = 0.0, 0.0
        else:
            fit = stats.linregress(mid, means_y)
            slope, half = float(fit.slope), t * float(fit.stderr)
        growth[name] = slope
        interval[name] = (slope - half, slope + half)
        if slope - half > 0.0 and slope > threshold:
            growing.append(name)
    growing.sort(key=lambda s: -growth[s])
    return Stability(UNSTABLE if growing else STABLE, growth, interval, threshold, growing)


def run_stability(model, throughput_per_day: float) -> Stability:
    """The day book's WIP series over the measured window, judged."""
    book = model.daybook
    table = book.table() if len(book) else np.empty((0, book.width))
    day = table[:, book.columns.index("day")]
    keep = day >= model.window_start - 1e-9
    column = {c: table[keep, i] for i, c in enumerate(book.columns)}
    series = {"backlog": column["wip_backlog"]}
    for st in model.stations:
        series[st.name] = column[f"wip_{st.name}"]
    series["total"] = column["wip_total"]
    # A dated gate's period is its longest gap between openings within the run.
    periods = [st.gate.longest_interval(model.horizon) for st in model.stations if st.gate]
    period = math.ceil(max(periods, default=1.0) - 1e-9) or 1
    return wip_stability(day[keep], series, throughput_per_day, period)


def stability_words(summary: dict) -> str:
    """'unstable: WIP grows 51/day at review', 'stable', 'too short to judge'."""
    verdict = summary.get("stability", "")
    if verdict != UNSTABLE:
        return verdict
    where = summary.get("wip_growing_at", "")
    growth = summary.get("wip_growth_per_day", {}).get(where or "total", math.nan)
    rate = f"{growth:,.0f}" if abs(growth) >= 10 else f"{growth:.1f}"
    place = f" at {where.replace('_', ' ')}" if where else " in the system"
    if where == "backlog":
        place = " in the backlog"
    return f"unstable: WIP grows {rate}/day{place}"
