"""Calendar time to orgsim's working days, and back.

orgsim's clock counts working days: a week is 5 days, and nothing is ever done on a
weekend. A delivery log records calendar time. `WorkCalendar` maps one onto the other:
a timestamp on a working day becomes (working days since the origin) + (the fraction of
that calendar day elapsed); a timestamp on a weekend day or holiday becomes the start of
the next working day (all of Saturday and Sunday collapse onto Monday 00:00). The map is
monotone and continuous, so durations never turn negative, and an activity that spans a
weekend loses the weekend: Friday 17:00 to Monday 9:00 is 0.67 working days, not 2.67.

Days are 24-hour days in the calendar's time zone (UTC unless told otherwise), since
a log does not say when people work within a day; what moves is only *which* calendar
day a timestamp falls on. Holidays are optional (a list of dates). numpy's business-day
functions (`busday_count`, `busday_offset`) do the counting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class WorkCalendar:
    """Working days counted from `origin` (a timestamp; its day's midnight is day 0)."""

    origin: pd.Timestamp
    tz: str = "UTC"
    holidays: tuple[np.datetime64, ...] = ()
    weekmask: str = "1111100"
    _cal: np.busdaycalendar = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        origin = pd.Timestamp(self.origin)
        origin = (
            origin.tz_localize(self.tz) if origin.tzinfo is None else origin.tz_convert(self.tz)
        )
        object.__setattr__(self, "origin", origin)
        cal = np.busdaycalendar(weekmask=self.weekmask, holidays=list(self.holidays))
        object.__setattr__(self, "_cal", cal)

    @classmethod
    def make(
        cls, origin, tz: str = "UTC", holidays: Iterable[str] = (), weekmask: str = "1111100"
    ) -> WorkCalendar:
        days = tuple(np.datetime64(pd.Timestamp(h).date(), "D") for h in holidays)
        return cls(pd.Timestamp(origin), tz, days, weekmask)

    @property
    def origin_day(self) -> np.datetime64:
        return np.datetime64(self.origin.tz_localize(None).date(), "D")

    def to_days(self, times) -> np.ndarray:
        """Working days since the origin's midnight, for tz-aware timestamps (NaT -> nan)."""
        ts = pd.DatetimeIndex(pd.to_datetime(times, utc=True)).tz_convert(self.tz).tz_localize(None)
        out = np.full(len(ts), np.nan)
        ok = ~ts.isna()
        if not ok.any():
            return out
        local = ts[ok]
        day = local.normalize().to_numpy().astype("datetime64[D]")
        frac = np.asarray((local - local.normalize()).total_seconds(), dtype=float) / 86_400.0
        whole = np.busday_count(self.origin_day, day, busdaycal=self._cal).astype(float)
        open_day = np.is_busday(day, busdaycal=self._cal)
        out[ok] = whole + np.where(open_day, frac, 0.0)
        return out

    def to_time(self, days) -> pd.DatetimeIndex:
        """The calendar instant (in UTC) of working-day times: the inverse of `to_days`."""
        d = np.asarray(days, dtype=float)
        whole = np.floor(d)
        frac = d - whole
        start = np.busday_offset(self.origin_day, 0, roll="forward", busdaycal=self._cal)
        day = np.busday_offset(start, whole.astype(np.int64), roll="forward", busdaycal=self._cal)
        local = pd.DatetimeIndex(day.astype("datetime64[ns]")) + pd.to_timedelta(
            frac * 86_400.0, unit="s"
        )
        return local.tz_localize(self.tz).tz_convert("UTC")

    def span(self, a, b) -> float:
        """Working days between two instants."""
        x = self.to_days([a, b])
        return float(x[1] - x[0])
