"""Metric tiles: formatted values, DORA tiers and one-line explanations.

Pure functions from a summary dict (`OrgModel.summary()`) to display strings, so that the
Simulate and Compare pages word every metric the same way: labels and units from the
metric catalog, numbers from its formatter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from orgsim.metrics.catalog import DAYS, metric
from orgsim.metrics.dora import NOT_APPLICABLE
from orgsim.metrics.formatting import duration, durations, number, percent, value
from orgsim.metrics.formatting import finite as ok
from orgsim.metrics.stability import UNSTABLE, stability_words

DASH = "–"  # a figure not measured (yet)
TARGET_BAND = (11.0, 20.0)  # Bain 2026: the savings companies aimed for, in percent

TIPS = {
    "deployment_frequency": "How often changes reach production: deployments per week "
    "(elite: on demand, at least daily).",
    "lead_time_for_changes": "Median time from code committed to running in production "
    "(elite: under a day).",
    "change_failure_rate": "Share of deployments that caused an incident in production "
    "(elite: 5% or less).",
    "time_to_restore": "Mean time to restore service after a failed deployment, in "
    "8-hour working days (elite: under an hour).",
    "overall": "The organization's DORA 2024 tier: the lowest tier among its four keys.",
    "throughput": "Changes delivered to production per week over the measured window.",
    "lead_time": "Time from a change entering the backlog to production, over the changes "
    "finished in the window: p50 half of them, p85 85% took at most this long. It leaves "
    "out the changes still in progress.",
    "lead_time_open": "Lead time counting the changes still in progress (Kaplan-Meier: an "
    "unfinished change has taken at least as long as it has been open). '≥' marks a "
    "percentile the run has not reached: more than that share is still open. Little's law "
    "gives the mean: mean WIP / throughput.",
    "stability": "Whether the run reached a steady state: a queue whose WIP grows "
    "significantly (batch means of daily WIP) by more than 2% of daily throughput makes "
    "lead times and WIP depend on how long the run is.",
    "flow_efficiency": "Share of lead time a change is actually worked on; the rest is "
    "waiting in queues and for gates.",
    "wip": "Changes started and not yet in production, averaged over the window.",
    "token_spend": "What the AI assistants' tokens cost over the measured window (USD).",
    "cost_per_item": "People and tokens over the window divided by the changes delivered "
    "in it (USD).",
    "savings": "Drop in cost per delivered change against the same scenario and seed "
    "without AI (adoption 0); target band 11-20%.",
}

# DORA's four keys: the tile and the summary figure it shows (its label is the catalog's).
DORA_KEYS = {
    "deployment_frequency": "deploys_per_week",
    "lead_time_for_changes": "lead_time_for_changes_p50",
    "change_failure_rate": "change_failure_rate",
    "time_to_restore": "time_to_restore_mean",
}
TIER_COLORS = {
    "elite": "#1b5e20",
    "high": "#2e7d32",
    "medium": "#ef6c00",
    "low": "#c62828",
    "-": "#9e9e9e",
}


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str
    detail: str
    tip: str
    tier: str = ""  # DORA tier, for colouring
    tone: str = ""  # "good", "bad" or ""
    note: str = ""  # a warning word after the detail ("unstable")


def title(key: str) -> str:
    """A metric's short label as a tile heading: 'Token spend'."""
    name = metric(key).name
    return name[:1].upper() + name[1:]


def shown(x: Any, key: str) -> str:
    """A tile value: the formatter's, with its short unit, a dash when not measured."""
    if metric(key).unit == DAYS:
        return duration(x, DASH)
    return value(x, key, with_unit=True, short=True, missing=DASH)


def bounded_pair(a: tuple[Any, Any], b: tuple[Any, Any]) -> str:
    """Two Kaplan-Meier durations (value, lower bound) with one unit: '223 · ≥250 d'.

    A percentile the curve does not reach shows its lower bound, marked '≥'.
    """
    bounds = [not ok(x) and ok(at_least) for x, at_least in (a, b)]
    values = [at_least if bound else x for (x, at_least), bound in zip((a, b), bounds, strict=True)]
    return durations(values, DASH, at_least=bounds)


def unstable(summary: dict[str, Any] | None) -> bool:
    return bool(summary) and summary.get("stability") == UNSTABLE


def deploy_rate(per_week: Any) -> str:
    """Deployments per day when there is one a day or more, else per week."""
    if ok(per_week) and per_week >= 5:
        return f"{number(per_week / 5)}/day"
    return shown(per_week, "deploys_per_week")


def dora_tiles(summary: dict[str, Any] | None) -> list[Tile]:
    """The four keys with their DORA 2024 tiers, then the overall tier."""
    s = summary or {}
    if summary and s.get("dora_tier") == NOT_APPLICABLE:
        out = [
            Tile(key, title(m), "n/a", "no deployment station", TIPS[key], tier="-")
            for key, m in DORA_KEYS.items()
        ]
        why = "nothing reaches production"
        return [*out, Tile("overall", "Overall", "n/a", why, TIPS["overall"], tier="-")]
    tiers = s.get("dora_tiers", {}) or {}
    values = {
        "deployment_frequency": deploy_rate(s.get("deploys_per_week")),
        "lead_time_for_changes": shown(
            s.get("lead_time_for_changes_p50"), DORA_KEYS["lead_time_for_changes"]
        ),
        "change_failure_rate": shown(s.get("change_failure_rate"), "change_failure_rate"),
        "time_to_restore": shown(s.get("time_to_restore_mean"), "time_to_restore_mean"),
    }
    out = []
    for key, m in DORA_KEYS.items():
        tier = tiers.get(key, "-") if summary else "-"
        detail = tier if tier != "-" else "not measured yet"
        note = "unstable" if key == "lead_time_for_changes" and unstable(summary) else ""
        out.append(Tile(key, title(m), values[key], detail, TIPS[key], tier=tier, note=note))
    overall = s.get("dora_tier", "-") if summary else "-"
    out.append(Tile("overall", "Overall", overall, "lowest key", TIPS["overall"], tier=overall))
    return out


def flow_tiles(
    summary: dict[str, Any] | None, savings_pct: float, has_ai: bool, baseline_ready: bool = True
) -> list[Tile]:
    """Flow, cost and savings tiles."""
    s = summary or {}
    shaky = "unstable" if unstable(summary) else ""
    out = [
        Tile(
            "throughput",
            title("throughput_per_week"),
            number(s.get("throughput_per_week"), missing=DASH),
            metric("throughput_per_week").unit,
            TIPS["throughput"],
        ),
        Tile(
            "lead_time",
            "Lead time p50 · p85",
            durations([s.get("lead_time_p50"), s.get("lead_time_p85")], DASH),
            "finished changes only",
            TIPS["lead_time"],
            note=shaky,
        ),
        Tile(
            "lead_time_open",
            "All started p50 · p85",
            bounded_pair(
                (s.get("lead_time_km_p50"), s.get("lead_time_p50_at_least")),
                (s.get("lead_time_km_p85"), s.get("lead_time_p85_at_least")),
            ),
            f"Little's law mean {duration(s.get('lead_time_littles'), DASH)}",
            TIPS["lead_time_open"],
            note=shaky,
        ),
        Tile(
            "flow_efficiency",
            title("flow_efficiency"),
            shown(s.get("flow_efficiency"), "flow_efficiency"),
            "worked on / lead time",
            TIPS["flow_efficiency"],
        ),
        Tile(
            "wip",
            title("wip_mean"),
            number(s.get("wip_mean"), missing=DASH),
            "changes in progress (mean)",
            TIPS["wip"],
            note=shaky,
        ),
        Tile(
            "token_spend",
            title("token_cost"),
            shown(s.get("token_cost"), "token_cost"),
            "AI assistants, this window",
            TIPS["token_spend"],
        ),
        Tile(
            "cost_per_item",
            title("cost_per_item"),
            shown(s.get("cost_per_item"), "cost_per_item"),
            "people, automation, AI, CoE",
            TIPS["cost_per_item"],
        ),
    ]
    if not has_ai:
        text, detail, tone = DASH, "no AI here: this is the baseline", ""
    elif not ok(savings_pct):
        text, detail, tone = DASH, "measuring" if baseline_ready else "baseline not run", ""
    else:
        text = percent(savings_pct / 100, 1)
        detail, tone = savings_verdict(savings_pct)
    out.append(
        Tile("savings", "Savings vs no-AI baseline", text, detail, TIPS["savings"], tone=tone)
    )
    return out


def stability_html(summary: dict[str, Any] | None) -> str:
    """The steady-state banner above the tiles: 'unstable: WIP grows 51/day at review'."""
    s = summary or {}
    verdict = s.get("stability", "")
    if verdict == UNSTABLE:
        tone, more = "bad", "lead times and WIP below depend on how long the run has been going"
    elif verdict == "stable":
        tone, more = "good", "no queue grows: the figures below describe a steady state"
    else:
        tone, more = "", "not enough measured days yet to tell whether a queue grows"
    words = stability_words(s) or "not measured yet"
    cls = "orgsim-steady-value" + (f" orgsim-{tone}" if tone else "")
    return (
        '<div class="orgsim-group orgsim-steady"><div class="orgsim-group-title">Steady state'
        f'</div><div class="orgsim-tile orgsim-tile-stability" tabindex="0">'
        f'<span class="{cls}">{escape(words)}</span> '
        f'<span class="orgsim-tile-detail">{escape(more)}</span>'
        f'<div class="orgsim-tip" role="tooltip">{escape(TIPS["stability"])}</div></div></div>'
    )


def stability_badge_html(summary: dict[str, Any] | None) -> str:
    """A one-line label for headings: 'unstable: WIP grows 51/day at review'."""
    words = stability_words(summary or {})
    if not words:
        return ""
    tone = {"unstable": "bad", "stable": "good"}.get((summary or {}).get("stability"), "")
    cls = "orgsim-stability" + (f" orgsim-{tone}" if tone else "")
    return f'<span class="{cls}">{escape(words)}</span>'


def savings_verdict(pct: float) -> tuple[str, str]:
    low, high = TARGET_BAND
    if pct < 10:
        return f"below 10% (target {low:.0f}-{high:.0f}%)", "bad"
    if pct < low:
        return f"below target {low:.0f}-{high:.0f}%", "bad"
    if pct <= high:
        return f"within target {low:.0f}-{high:.0f}%", "good"
    return f"above target {low:.0f}-{high:.0f}%", "good"


def tile_html(tile: Tile) -> str:
    """One tile; its explanation shows on hover (plain CSS, no widget per tile)."""
    value_cls = "orgsim-tile-value" + (f" orgsim-{tile.tone}" if tile.tone else "")
    if tile.tier:
        color = TIER_COLORS.get(tile.tier, TIER_COLORS["-"])
        detail = (
            f'<span class="orgsim-tier" style="background:{color}">{escape(tile.detail)}</span>'
        )
    else:
        detail = escape(tile.detail)
    if tile.note:
        detail += f' <span class="orgsim-note orgsim-bad">{escape(tile.note)}</span>'
    return (
        f'<div class="orgsim-tile orgsim-tile-{tile.key}" tabindex="0">'
        f'<div class="orgsim-tile-label">{escape(tile.label)}</div>'
        f'<div class="{value_cls}">{escape(tile.value)}</div>'
        f'<div class="orgsim-tile-detail">{detail}</div>'
        f'<div class="orgsim-tip" role="tooltip">{escape(tile.tip)}</div></div>'
    )


def group_html(title: str, tiles: Sequence[Tile], cls: str) -> str:
    return (
        f'<div class="orgsim-group {cls}"><div class="orgsim-group-title">{escape(title)}</div>'
        f'<div class="orgsim-group-body">{"".join(tile_html(t) for t in tiles)}</div></div>'
    )
