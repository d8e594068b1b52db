"""Plain-text rendering of a run's summary for the terminal."""

from __future__ import annotations

import math
from typing import Any

from orgsim.metrics.dora import NOT_APPLICABLE
from orgsim.metrics.stability import stability_words


def _num(x: Any, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _pct(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{100 * x:.1f}%"


def _bound(x: Any, at_least: Any, digits: int = 1) -> str:
    """A Kaplan-Meier figure, or its lower bound ('>= 249.9') where the curve stops short."""
    if (
        isinstance(x, float)
        and math.isnan(x)
        and isinstance(at_least, float)
        and at_least == at_least
    ):
        return f">={_num(at_least, digits)}"
    return _num(x, digits)


def lead_time_lines(s: dict[str, Any]) -> list[str]:
    """Lead time three ways: finished changes only, all started (Kaplan-Meier), Little."""
    km = [
        _bound(s.get(f"lead_time_km_p{q}"), s.get(f"lead_time_p{q}_at_least")) for q in (50, 85, 95)
    ]
    mean = _bound(s.get("lead_time_km_mean"), s.get("lead_time_km_mean_at_least"))
    open_ = s.get("lead_time_km_censored", 0)
    return [
        "  lead time (days)",
        f"    finished only        mean {_num(s['lead_time_mean']):>8}   p50 {_num(s['lead_time_p50']):>8}"
        f"   p85 {_num(s['lead_time_p85']):>8}   p95 {_num(s['lead_time_p95']):>8}",
        f"    all started (KM)     mean {mean:>8}   p50 {km[0]:>8}   p85 {km[1]:>8}   p95 {km[2]:>8}"
        f"   ({_num(open_)} still in progress)",
        f"    Little's law         mean {_num(s.get('lead_time_littles')):>8}   (mean WIP / throughput)",
    ]


def stability_lines(s: dict[str, Any]) -> list[str]:
    """The steady-state verdict, and what it means for the figures below it."""
    words = stability_words(s)
    if s.get("stability") == "unstable":
        note = f"lead time and WIP below depend on the run's length ({_num(s['days'], 0)} days)"
    elif s.get("stability") == "stable":
        note = "no WIP series grows (batch means of daily WIP, 95% interval)"
    else:
        note = "too few measured days to tell whether WIP grows"
    return [f"Steady state             {words}", f"                         {note}"]


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
        f"  deploys / week         {_num(s['deploys_per_week'], 2)}",
        f"  lead time for changes  {_num(s['lead_time_for_changes_p50'])} days (p50 of finished changes,"
        " commit to production)",
        f"                         {changes} days counting those still in progress (KM){unstable}",
        f"  change failure rate    {_pct(s['change_failure_rate'])}",
        f"  time to restore        {_num(s['time_to_restore_mean'], 2)} days (mean)",
        f"  tier                   {s['dora_tier']}",
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
        f"orgsim run: {s['scenario']}  seed {s['seed']}  ({_num(s['days'], 0)} working days measured)",
        "",
        *stability_lines(s),
        "",
        "Flow",
        f"  completed              {_num(s['completed'])}",
        f"  throughput / week      {_num(s['throughput_per_week'])}",
        *lead_time_lines(s),
        f"  WIP (mean items)       {_num(s['wip_mean'])}{wip_note}",
        f"  flow efficiency        {_pct(s['flow_efficiency'])}",
        f"  bottleneck             {s['bottleneck_station']}",
        "",
        *dora_lines(s),
        "",
        "Cost",
        f"  labour                 ${_num(s['labor_cost'], 0)}"
        f"   (of which failure demand ${_num(s['failure_demand_cost'], 0)})",
        f"  automation             ${_num(s['automation_cost'], 0)}",
        f"  tokens                 ${_num(s['token_cost'], 0)}",
        f"  seats                  ${_num(s['seat_cost'], 0)}",
        f"  center of excellence   ${_num(s['coe_cost'], 0)}",
        f"  per delivered change   ${_num(s['cost_per_item'], 0)}   (bug fixes are not counted as delivered)",
        "",
        "People and incidents",
        f"  merged PRs / week      {_num(s['merged_prs_per_week'])}   mean size {_num(s['pr_size_mean'], 2)}"
        f"   open to merge {_num(s['pr_review_time_mean'])} days",
        f"  incidents / week       {_num(s['incidents_per_week'])}   restored in {_num(s['incident_restore_mean'], 2)} days (mean)"
        f"   failure demand {_pct(s['failure_demand_share'])} of delivered changes",
        "",
        "Utilization",
    ]
    for role, u in s["utilization_by_role"].items():
        lines.append(f"  {role:<22} {_pct(u)}")
    lines += ["", "WIP by station (mean items)"]
    growing = growing_places(s)
    wip = s["wip_mean_by_station"]
    peak = max((v for v in wip.values() if v == v), default=0.0) or 1.0
    for name, v in wip.items():
        bar = "#" * round(30 * v / peak) if v == v else ""
        mark = "  <- bottleneck" if name == s["bottleneck_station"] else ""
        if name in growing:
            mark += f"  grows {_num(s['wip_growth_per_day'][name])}/day"
        lines.append(f"  {name:<16} {_num(v):>9}  {bar}{mark}")
    lines.append("")
    lines.append(f"Little's law residual  {_pct(s['littles_law_residual'])}")
    return "\n".join(lines)
