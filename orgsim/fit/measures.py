"""What a backtest compares, computed the same way for the log and for a simulation.

Both sides are reduced to a `Trace` over the held-out window [0, T) in working days:
every case's arrival and completion (NaN while in progress) and every finished station
visit (enter, leave). The measures then cannot differ in how they are taken:

- lead time (arrival to done) of the cases that arrived in the window and were done by
  its end: the rest are censored on both sides alike (simulated changes unfinished at
  T are left out exactly as the log's unreleased ones are);
- deliveries per week, and completions per week at every station;
- WIP (cases arrived and not done) at each working day;
- time at each station (from entering it to leaving it, waiting included).

Distances: the lead-time distance is the Wasserstein-1 (earth mover's) distance between
the two samples divided by the observed mean lead time, so 0.1 reads "moving 10% of
the mean per case". log-distance-measures' cycle-time EMD is used as well when that
package is installed (it needs Python < 3.13); scipy.stats.wasserstein_distance is the
one always available. The WIP distance is the mean absolute difference of the daily
WIP curves divided by the observed mean WIP.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats


@dataclass
class Trace:
    """Cases and visits over a window of `horizon` working days (test: arrived inside)."""

    arrival: np.ndarray
    done: np.ndarray
    test: np.ndarray
    visits: pd.DataFrame  # station, enter, leave, test
    horizon: float
    stations: list[str] = field(default_factory=list)

    @property
    def weeks(self) -> int:
        return max(1, int(self.horizon // 5))

    def lead_times(self) -> np.ndarray:
        ok = self.test & np.isfinite(self.done) & (self.done <= self.horizon)
        return self.done[ok] - self.arrival[ok]

    def censored(self) -> int:
        return int((self.test & ~(np.isfinite(self.done) & (self.done <= self.horizon))).sum())

    def weekly_deliveries(self) -> np.ndarray:
        d = self.done[np.isfinite(self.done) & (self.done >= 0) & (self.done < self.weeks * 5)]
        return np.bincount((d // 5).astype(int), minlength=self.weeks).astype(float)

    def station_rates(self) -> dict[str, float]:
        v = self.visits
        inside = v["leave"].between(0, self.weeks * 5, inclusive="left")
        counts = v[inside].groupby("station", observed=False).size()
        return {s: float(counts.get(s, 0)) / self.weeks for s in self.stations}

    def wip_daily(self) -> np.ndarray:
        days = np.arange(0, math.floor(self.horizon) + 1, dtype=float)
        a = np.sort(self.arrival)
        d = np.sort(np.where(np.isfinite(self.done), self.done, np.inf))
        return (np.searchsorted(a, days, "right") - np.searchsorted(d, days, "right")).astype(float)

    def station_times(self) -> dict[str, np.ndarray]:
        v = self.visits[self.visits["test"] & self.visits["leave"].le(self.horizon)]
        t = (v["leave"] - v["enter"]).to_numpy()
        return {s: t[(v["station"] == s).to_numpy()] for s in self.stations}


def lead_distance(sim: np.ndarray, obs: np.ndarray) -> float:
    """Wasserstein-1 distance between lead-time samples, over the observed mean."""
    if len(sim) == 0 or len(obs) == 0:
        return float("nan")
    return float(stats.wasserstein_distance(sim, obs) / obs.mean())


def wip_distance(sim: np.ndarray, obs: np.ndarray) -> float:
    n = min(len(sim), len(obs))
    m = obs[:n].mean()
    return float(np.abs(sim[:n] - obs[:n]).mean() / m) if m > 0 else float("nan")


def ldm_cycle_time(sim_trace: Trace, obs_trace: Trace, calendar) -> float | None:
    """log-distance-measures' cycle-time EMD (1-day bins, normalized), if installed."""
    try:
        from log_distance_measures.config import EventLogIDs
        from log_distance_measures.cycle_time_distribution import (
            cycle_time_distribution_distance,
        )
    except ImportError:
        return None
    ids = EventLogIDs(case="case", activity="activity", start_time="start", end_time="end")

    def as_log(tr: Trace) -> pd.DataFrame:
        ok = tr.test & np.isfinite(tr.done) & (tr.done <= tr.horizon)
        idx = np.flatnonzero(ok)
        return pd.DataFrame(
            {
                "case": idx,
                "activity": "case",
                "start": calendar.to_time(tr.arrival[ok]),
                "end": calendar.to_time(tr.done[ok]),
            }
        )

    return float(
        cycle_time_distribution_distance(
            as_log(obs_trace), ids, as_log(sim_trace), ids, pd.Timedelta(days=1), normalize=True
        )
    )
