"""Plain-text rendering of a run's summary for the terminal: labels and units from the
metric catalog, numbers from its formatter, as in the app and the sweep tables."""

from __future__ import annotations

from typing import Any

from orgsim.metrics import catalog
from orgsim.metrics.catalog import metric
from orgsim.metrics.dora import NOT_APPLICABLE
from orgsim.metrics.formatting import finite, number, value
from orgsim.metrics.stability import stability_words


def _fig(s: dict[str, Any], key: str) -> str:
    """A summary figure with its unit, formatted as everywhere else."""
    return value(s.get(key), key, with_unit=True, short=True)


def _row(s: dict[str, Any], key: str, more: str = "") -> str:
    """'  throughput             162/week': the catalog's short label, then the figure."""
    return f"  {metric(key).name:<26} {_fig(s, key)}{more}"


def _bound(x: Any, at_least: Any) -> str:
    """A Kaplan-Meier figure, or its lower bound ('>=249.9') where the curve stops short."""
    if not finite(x) and finite(at_least):
        return f">={number(at_least)}"
    return number(x)


def lead_time_lines(s: dict[str, Any]) -> list[str]:
    """Lead time three ways: finished changes only, all started (Kaplan-Meier), Little."""
    km = [
        _bound(s.get(f"lead_time_km_p{q}"), s.get(f"lead_time_p{q}_at_least")) for q in (50, 85, 95)
    ]
    mean = _bound(s.get("lead_time_km_mean"), s.get("lead_time_km_mean_at_least"))
    open_ = s.get("lead_time_km_censored", 0)
    return [
        f"  lead time ({catalog.unit('lead_time_mean')})",
        f"    finished only        mean {number(s['lead_time_mean']):>8}   p50 {number(s['lead_time_p50']):>8}"
        f"   p85 {number(s['lead_time_p85']):>8}   p95 {number(s['lead_time_p95']):>8}",
        f"    all started (KM)     mean {mean:>8}   p50 {km[0]:>8}   p85 {km[1]:>8}   p95 {km[2]:>8}"
        f"   ({number(open_)} still in progress)",
        f"    Little's law         mean {number(s.get('lead_time_littles')):>8}   (mean WIP / throughput)",
    ]


def stability_lines(s: dict[str, Any]) -> list[str]:
    """The steady-state verdict, and what it means for the figures below it."""
    words = stability_words(s)
    if s.get("stability") == "unstable":
        note = f"lead time and WIP below depend on the run's length ({number(s['days'], 0)} days)"
    elif s.get("stability") == "stable":
        note = "no WIP series grows (batch means of daily WIP, 95% interval)"
    else:
        note = "too few measured days to tell whether WIP grows"
    return [f"Steady state                 {words}", f"{'':29}{note}"]


def dora_lines(s: dict[str, Any]) -> list[str]:
    head = f"DORA (tiers of {s['dora_tier_year']})"
    if s["dora_tier"] == NOT_APPLICABLE:
        return [
            head,
            "  n/a: the pipeline has no deployment station (its last station neither carries",
            "  deployment risk nor is of kind deploy), so nothing here reaches production",
        ]
    unstable = "  unstable" if s.get("stability") == "unstable" else ""
    changes = _bound(
        s.get("lead_time_for_changes_km_p50"), s.get("lead_time_for_changes_p50_at_least")
    )
    return [
        head + f"  (deployments at {s['deployment_station']})",
        _row(s, "deploys_per_week"),
        _row(s, "lead_time_for_changes_p50", " (p50 of finished changes, commit to production)"),
        f"{'':29}{changes} d counting those still in progress (KM){unstable}",
        _row(s, "change_failure_rate"),
        _row(s, "time_to_restore_mean", " (mean)"),
        _row(s, "dora_tier"),
    ]


def growing_places(s: dict[str, Any]) -> set[str]:
    """Where WIP grows by the stability rule (significant and above the threshold)."""
    if s.get("stability") != "unstable":
        return set()
    limit = s.get("wip_growth_threshold_per_day", 0.0)
    ci = s.get("wip_growth_ci_per_day", {})
    return {
        k: g for k, g in s.get("wip_growth_per_day", {}).items() if g > limit and ci[k][0] > 0
    }.keys()


def format_summary(s: dict[str, Any]) -> str:
    """A readable table: steady state, flow, DORA, people, cost, and WIP per station."""
    unstable = s.get("stability") == "unstable"
    wip_note = f"   {stability_words(s)}" if unstable else ""
    lines = [
        f"orgsim run: {s['scenario']}  seed {s['seed']}  ({number(s['days'], 0)} working days measured)",
        "",
        *stability_lines(s),
        "",
        "Flow",
        _row(s, "completed"),
        _row(s, "throughput_per_week"),
        *lead_time_lines(s),
        _row(s, "wip_mean", f" (mean){wip_note}"),
        _row(s, "flow_efficiency"),
        _row(s, "bottleneck_station"),
        "",
        *dora_lines(s),
        "",
        "Cost",
        _row(s, "labor_cost", f"   (of which failure demand {_fig(s, 'failure_demand_cost')})"),
        _row(s, "automation_cost"),
        _row(s, "token_cost"),
        _row(s, "seat_cost"),
        _row(s, "coe_cost"),
        _row(s, "cost_per_item", "   (bug fixes are not counted as delivered)"),
        "",
        "People and incidents",
        _row(s, "merged_prs_per_week", f"   mean size {_fig(s, 'pr_size_mean')}")
        + f"   open to merge {_fig(s, 'pr_review_time_mean')}",
        _row(s, "incidents_per_week", f"   restored in {_fig(s, 'incident_restore_mean')} (mean)")
        + f"   failure demand {_fig(s, 'failure_demand_share')} of delivered changes",
        "",
        "Utilization",
    ]
    for role, u in s["utilization_by_role"].items():
        lines.append(f"  {role:<26} {value(u, f'util.{role}', with_unit=True)}")
    lines += ["", "WIP by station (mean changes)"]
    growing = growing_places(s)
    wip = s["wip_mean_by_station"]
    peak = max((v for v in wip.values() if v == v), default=0.0) or 1.0
    for name, v in wip.items():
        bar = "#" * round(30 * v / peak) if v == v else ""
        mark = "  <- bottleneck" if name == s["bottleneck_station"] else ""
        if name in growing:
            mark += f"  grows {value(s['wip_growth_per_day'][name], f'growth.{name}', True, True)}"
        lines.append(f"  {name:<16} {number(v):>9}  {bar}{mark}")
    lines.append("")
    residual = value(s["littles_law_residual"], "littles_law_residual", with_unit=True)
    lines.append(f"{catalog.label('littles_law_residual')}  {residual}")
    return "\n".join(lines)
