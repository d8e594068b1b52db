"""Differences between policy bundles, stated in words computed from the numbers.

From an `orgsim.compare` result: "WIP at review 6.2x higher, lead time p85 (finished) −4%
(95% CI −9% to +1%: no clear difference)". Large changes read as ratios, small ones as
percentages; with several seeds each carries the 95% confidence interval of the paired
difference. Words, units and numbers are the metric catalog's and its formatter's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from orgsim.metrics import catalog
from orgsim.metrics.formatting import change as difference
from orgsim.metrics.formatting import number, percent, value

# The metrics every comparison speaks of; their words and direction are the catalog's.
HEADLINE = (
    "throughput_per_week",
    "lead_time_p85",
    "lead_time_mean",
    "wip_mean",
    "deploys_per_week",
    "flow_efficiency",
    "cost_per_item",
    "token_cost",
)
MIN_WIP = 1.0  # stations holding less than this on average in both runs are not worth a word


@dataclass(frozen=True)
class Phrase:
    metric: str
    text: str
    clear: bool  # the CI excludes no difference (always True with one seed)
    better: bool | None  # None when no direction is meaningful


HORIZON_DEPENDENT = ("lead_time", "wip", "flow_time")


def horizon_note(verdicts: Sequence[str]) -> str:
    """What to say after a lead-time or WIP difference when a run was not steady."""
    if any(v.startswith("unstable") for v in verdicts):
        return " (unstable: depends on the run's length)"
    if any(v != "stable" for v in verdicts):
        return " (runs too short to judge a steady state)"
    return ""


def stability_verdicts(stability: pd.DataFrame | None) -> dict[str, str]:
    """Per bundle, the steady-state verdict over its seeds, in words: 'stable',
    'unstable: WIP grows 51/day at review', 'unstable on 2 of 3 seeds: ...'."""
    out: dict[str, str] = {}
    if stability is None or stability.empty:
        return out
    for r in stability.itertuples(index=False):
        text = r.verdict
        if r.verdict.startswith("unstable") and math.isfinite(r.growth_per_day):
            rate = number(r.growth_per_day)
            where = f"at {r.growing_at.replace('_', ' ')}" if r.growing_at else "in the system"
            text += f": WIP grows {rate}/day {where}"
        out[r.scenario] = text
    return out


def ratio_words(base: float, value: float) -> str:
    """'6.2x higher', '3.0x lower', '+35%', '-4%', 'unchanged'."""
    if not (math.isfinite(base) and math.isfinite(value)):
        return "not measured"
    if abs(base) < 1e-12:
        return "unchanged (0)" if abs(value) < 1e-12 else f"{value:,.1f} (from 0)"
    r = value / base
    if r >= 2:
        return f"{r:,.1f}x higher"
    if 0 < r <= 0.5:
        return f"{1 / r:,.1f}x lower"
    if abs(r - 1) < 0.005:
        return "unchanged"
    return percent(r - 1)


def _row(table: pd.DataFrame, metric: str, name: str) -> pd.Series | None:
    rows = table[(table["metric"] == metric) & (table["scenario"] == name)]
    return None if rows.empty else rows.iloc[0]


def phrase(table: pd.DataFrame, key: str, base: str, name: str, seeds: int) -> Phrase | None:
    """The metric's difference between two bundles, in the catalog's words and units."""
    a, b = _row(table, key, base), _row(table, key, name)
    if a is None or b is None or not math.isfinite(a["mean"]) or not math.isfinite(b["mean"]):
        return None
    m = catalog.metric(key)
    x, y = float(a["mean"]), float(b["mean"])
    change = ratio_words(x, y)
    was, now = (value(v, key, with_unit=True, short=True) for v in (x, y))
    text = f"{m.name} {change} ({was} → {now}"
    clear = True
    if seeds > 1 and math.isfinite(b["diff_low"]):
        lo, hi = float(b["diff_low"]), float(b["diff_high"])
        clear = not (lo <= 0 <= hi)
        if change.endswith("%") and abs(x) > 1e-12:
            ci = f"{percent(lo / x)} to {percent(hi / x)}"
        else:
            ci = f"{difference(lo, key)} to {difference(hi, key)}"
        text += f"; 95% CI of the change {ci}"
        if not clear:
            text += ": no clear difference"
    text += ")"
    better = None
    if m.better is not None and y != x:
        better = (y > x) == (m.better == "higher")
    return Phrase(key, text, clear, better)


def station_metrics(table: pd.DataFrame, base: str, name: str, limit: int = 2) -> list[str]:
    """The stations whose WIP changed most (by ratio) between the two bundles."""
    scored = []
    for metric in table["metric"].unique():
        if not str(metric).startswith("wip.") or metric == "wip.backlog":
            continue
        a, b = _row(table, metric, base), _row(table, metric, name)
        if a is None or b is None:
            continue
        x, y = float(a["mean"]), float(b["mean"])
        if not (math.isfinite(x) and math.isfinite(y)) or max(x, y) < MIN_WIP:
            continue
        scored.append((abs(math.log((y + 0.5) / (x + 0.5))), metric))
    scored.sort(reverse=True)
    return [m for score, m in scored[:limit] if score > math.log(1.1)]


def describe(
    table: pd.DataFrame,
    names: Sequence[str],
    seeds: int,
    stability: pd.DataFrame | None = None,
) -> dict[str, list[Phrase]]:
    """For each bundle after the first: its differences from the first, in words.

    Where either bundle did not reach a steady state, a difference in lead time or WIP
    depends on how long the runs were, and its phrase says so.
    """
    base = names[0]
    verdicts = stability_verdicts(stability)
    out: dict[str, list[Phrase]] = {}
    for name in names[1:]:
        pair = [verdicts.get(n, "stable") for n in (base, name)]
        phrases = []
        for key in [*station_metrics(table, base, name), *HEADLINE]:
            p = phrase(table, key, base, name, seeds)
            if p:
                phrases.append(p)
        note = horizon_note(pair)
        if note:
            phrases = [
                Phrase(p.metric, p.text + note, p.clear, p.better)
                if p.metric.startswith(HORIZON_DEPENDENT)
                else p
                for p in phrases
            ]
        out[name] = phrases
    return out


def savings_words(savings: pd.DataFrame, seeds: int) -> dict[str, str]:
    """Per bundle after the first: its savings in cost per delivered change, in words."""
    out = {}
    rows = list(savings.itertuples(index=False))
    if not rows:
        return out
    base = rows[0]
    for r in rows[1:]:
        if not math.isfinite(r.savings_pct):
            out[r.scenario] = "savings not measured (nothing delivered)"
            continue
        cost = [
            value(c, "cost_per_item", short=True) for c in (r.cost_per_item, base.cost_per_item)
        ]
        text = (
            f"{catalog.label('cost_per_item')} {cost[0]} against {cost[1]}: "
            f"savings {percent(r.savings_pct / 100, 1)}"
        )
        if seeds > 1 and math.isfinite(r.ci_low):
            text += f" (95% CI {percent(r.ci_low / 100, 1)} to {percent(r.ci_high / 100, 1)})"
        text += f", {r.verdict} (target band {r.target_band})"
        out[r.scenario] = text
    return out
