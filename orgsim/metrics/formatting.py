"""The one formatter: numbers, estimates and changes as a reader wants them.

Thousands separated, few decimals, a true minus sign, "n/a" for a figure the run cannot
support and "at least" for a censored one. The CLI, the app, `analyze`, the claims and the
docs all format through here, with each metric's scale and unit from the catalog.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from orgsim.metrics.catalog import metric

MINUS = "\u2212"
NA = "n/a"


def finite(x: Any) -> bool:
    """A number that can be shown as one (not None, nan, inf, a flag or a text)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


_ok = finite


def number(x: Any, digits: int | None = None, missing: str = NA) -> str:
    """1,234 / 123 / 12.3 / 1.23 (or `digits` decimals); `missing` for nan or None."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return missing
    if isinstance(x, float) and math.isinf(x):
        return "\u221e" if x > 0 else MINUS + "\u221e"
    if not _ok(x):
        return str(x)
    a = abs(x)
    if digits is not None:
        s = f"{x:,.{digits}f}"
    elif a >= 1000:
        s = f"{x:,.0f}"
    elif a >= 100:
        s = f"{x:.0f}"
    elif a >= 10:
        s = f"{x:.1f}"
    else:
        s = f"{x:.2f}"
    return s.replace("-", MINUS)


def significant(x: Any, digits: int = 4) -> str:
    """`digits` significant digits, for figures checked against theory ("-" for none)."""
    if not _ok(x):
        return "-"
    if x != 0 and abs(x) < 1e-3:
        return f"{x:.1e}"
    return f"{x:.{digits}g}"


def money(x: Any, missing: str = NA) -> str:
    """$1.2M, $48k, $950."""
    if not _ok(x):
        return missing
    a = abs(x)
    sign = MINUS if x < 0 else ""
    if a >= 1e6:
        return f"{sign}${a / 1e6:.1f}M"
    if a >= 1e4:
        return f"{sign}${a / 1e3:.0f}k"
    return f"{sign}${a:,.0f}"


def value(x: Any, key: str, with_unit: bool = False, short: bool = False, missing: str = NA) -> str:
    """A summary figure in its shown scale (a share as a percent), optionally with its
    unit, or with the short one ("d", "/week") where room is scarce."""
    m = metric(key)
    if m.kind == "flag":
        return missing if x is None else ("yes" if x else "no")
    if m.kind == "text":
        return missing if x in (None, "") else str(x)
    if m.kind == "money" and (m.unit == "$" or short):
        return money(x, missing)
    s = number(x * m.scale if _ok(x) else x, missing=missing)
    return _with_unit(s, m.symbol if short else m.unit) if with_unit and s != missing else s


def _with_unit(s: str, u: str) -> str:
    if not u:
        return s
    return f"{s}{u}" if u == "%" or u.startswith("/") else f"{s} {u}"


def change(x: Any, key: str, short: bool = True, missing: str = NA) -> str:
    """A signed difference of a figure, in its units: '+1.2 d', '+$1,200', a share's in
    percentage points ('+3.1 pts')."""
    if not _ok(x):
        return missing
    m = metric(key)
    sign = "+" if x >= 0 else MINUS
    if m.kind == "money" and (m.unit == "$" or short):
        return sign + money(abs(x))
    if m.kind == "share" and m.unit == "%":
        return f"{sign}{number(abs(x) * m.scale)} pts"
    return _with_unit(sign + number(abs(x) * m.scale), m.symbol if short else m.unit)


HOURS_PER_DAY = 8.0


def duration(x: Any, missing: str = NA) -> str:
    """Working days as '12.1 d', or in hours ('3.2 h') when under a day."""
    return durations([x], missing)


def durations(xs: Sequence[Any], missing: str = NA, at_least: Sequence[bool] = ()) -> str:
    """Durations with one unit: '3.2 · 5.1 d', '2.5 · 7.0 h' (hours when the longest is
    under a day); `at_least` marks a lower bound '≥'."""
    if not all(_ok(x) for x in xs):
        return missing
    hours = max(xs) < 1.0
    marks = [("\u2265" if b else "") for b in at_least] + [""] * len(xs)
    text = " \u00b7 ".join(
        m + number(x * HOURS_PER_DAY if hours else x) for m, x in zip(marks, xs, strict=False)
    )
    return f"{text} {'h' if hours else 'd'}"


def estimate(e, key: str = "", with_unit: bool = False) -> str:
    """'12.3 [11.0, 13.6]' in the metric's scale; 'at least 12.3' when censored."""
    k = metric(key).scale if key else 1.0
    if not _ok(e.mean):
        return NA
    mid = number(e.mean * k)
    if e.censored:
        text = f"at least {mid}"
    elif _ok(e.low):
        text = f"{mid} [{number(e.low * k)}, {number(e.high * k)}]"
    else:
        text = mid
    u = metric(key).unit if key else ""
    if with_unit and u:
        text += "%" if u == "%" else f" {u}"
    return text


def percent(x: Any, digits: int = 0, sign: bool = True) -> str:
    """A fraction as a signed percent: 0.123 -> '+12%'."""
    if not _ok(x):
        return NA
    s = f"{100 * x:+.{digits}f}%" if sign else f"{100 * x:.{digits}f}%"
    return s.replace("-", MINUS)


def relative(e) -> str:
    """A relative-change Estimate as '+12% [+5%, +19%]'; ten-fold or more as a ratio."""
    if not _ok(e.mean):
        return NA
    if e.mean >= 9.0:
        return f"x{1 + e.mean:,.0f}" if e.mean >= 99 else f"x{1 + e.mean:.1f}"
    if _ok(e.low):
        return f"{percent(e.mean)} [{percent(e.low)}, {percent(e.high)}]"
    return percent(e.mean)


def markdown_table(df) -> str:
    """A pandas frame as a GitHub-flavoured markdown table (cells already strings)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(str(r[c]).replace("|", "/") for c in cols) + " |")
    return "\n".join(lines)
