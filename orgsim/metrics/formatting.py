"""The one formatter: numbers, estimates and changes as a reader wants them.

Thousands separated, few decimals, a true minus sign, "n/a" for a figure the run cannot
support and "at least" for a censored one. The CLI, the app, `analyze`, the claims and the
docs all format through here, with each metric's scale and unit from the catalog.
"""

from __future__ import annotations

import math
from typing import Any

from orgsim.metrics.catalog import metric

MINUS = "\u2212"
NA = "n/a"


def _ok(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def number(x: Any, digits: int | None = None) -> str:
    """1,234 / 123 / 12.3 / 1.23 (or `digits` decimals); n/a for nan or None."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return NA
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


def money(x: Any) -> str:
    """$1.2M, $48k, $950."""
    if not _ok(x):
        return NA
    a = abs(x)
    sign = MINUS if x < 0 else ""
    if a >= 1e6:
        return f"{sign}${a / 1e6:.1f}M"
    if a >= 1e4:
        return f"{sign}${a / 1e3:.0f}k"
    return f"{sign}${a:,.0f}"


def value(x: Any, key: str, with_unit: bool = False) -> str:
    """A summary figure in its shown scale (a share as a percent), optionally with unit."""
    m = metric(key)
    if m.kind == "flag":
        return NA if x is None else ("yes" if x else "no")
    if m.kind == "text":
        return NA if x in (None, "") else str(x)
    if m.kind == "money" and m.unit == "$":
        return money(x)
    s = number(x * m.scale if _ok(x) else x)
    if with_unit and m.unit and s != NA:
        return f"{s}%" if m.unit == "%" else f"{s} {m.unit}"
    return s


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
