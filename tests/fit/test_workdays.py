"""Working-day conversion: weekends and holidays vanish, and the map inverts."""

from __future__ import annotations

import numpy as np
import pytest

from orgsim.fit.workdays import WorkCalendar


def test_a_weekend_inside_an_activity_is_not_working_time():
    cal = WorkCalendar.make("2025-01-06")  # a Monday
    fri, mon = cal.to_days(["2025-01-10T18:00:00Z", "2025-01-13T06:00:00Z"])
    assert mon - fri == pytest.approx(0.25 + 0.25)
    assert cal.to_days(["2025-01-11T12:00:00Z"])[0] == pytest.approx(
        5.0
    )  # Saturday -> Monday 00:00


def test_holidays_are_skipped_and_to_time_inverts_to_days():
    cal = WorkCalendar.make("2025-12-22", holidays=["2025-12-25", "2025-12-26"])
    d = cal.to_days(["2025-12-24T12:00:00Z", "2025-12-29T12:00:00Z"])
    assert d[1] - d[0] == pytest.approx(1.0)
    times = ["2025-12-22T03:00:00Z", "2025-12-29T12:00:00Z", "2026-01-07T23:00:00Z"]
    back = cal.to_time(cal.to_days(times))
    assert [t.isoformat() for t in back] == [
        "2025-12-22T03:00:00+00:00",
        "2025-12-29T12:00:00+00:00",
        "2026-01-07T23:00:00+00:00",
    ]


def test_the_time_zone_decides_which_day_a_timestamp_falls_on():
    utc = WorkCalendar.make("2025-01-06")
    tokyo = WorkCalendar.make("2025-01-06", tz="Asia/Tokyo")
    t = ["2025-01-10T20:00:00Z"]  # Friday evening in UTC, Saturday morning in Tokyo
    assert utc.to_days(t)[0] == pytest.approx(4 + 20 / 24)
    assert tokyo.to_days(t)[0] == pytest.approx(5.0)
    assert np.isnan(utc.to_days([None])[0])
