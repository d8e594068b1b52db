"""Plain-text rendering of a run's summary for the terminal."""

from __future__ import annotations

import math
from typing import Any


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


def format_summary(s: dict[str, Any]) -> str:
    """A readable table: flow, DORA, people, cost, and WIP per station."""
    lines = [
        f"orgsim run: {s['scenario']}  seed {s['seed']}  ({_num(s['days'], 0)} working days measured)",
        "",
        "Flow",
        f"  completed              {_num(s['completed'])}",
        f"  throughput / week      {_num(s['throughput_per_week'])}",
        f"  lead time (days)       mean {_num(s['lead_time_mean'])}   p50 {_num(s['lead_time_p50'])}"
        f"   p85 {_num(s['lead_time_p85'])}   p95 {_num(s['lead_time_p95'])}",
        f"  WIP (mean items)       {_num(s['wip_mean'])}",
        f"  flow efficiency        {_pct(s['flow_efficiency'])}",
        f"  bottleneck             {s['bottleneck_station']}",
        "",
        f"DORA (tiers of {s['dora_tier_year']})",
        f"  deploys / week         {_num(s['deploys_per_week'], 2)}",
        f"  lead time for changes  {_num(s['lead_time_for_changes_p50'])} days (p50, commit to production)",
        f"  change failure rate    {_pct(s['change_failure_rate'])}",
        f"  time to restore        {_num(s['time_to_restore_mean'], 2)} days (mean)",
        f"  tier                   {s['dora_tier']}",
        "",
        "Cost",
        f"  labour                 ${_num(s['labor_cost'], 0)}",
        f"  tokens                 ${_num(s['token_cost'], 0)}",
        f"  per delivered change   ${_num(s['cost_per_item'], 0)}",
        "",
        "Utilization",
    ]
    for role, u in s["utilization_by_role"].items():
        lines.append(f"  {role:<22} {_pct(u)}")
    lines += ["", "WIP by station (mean items)"]
    wip = s["wip_mean_by_station"]
    peak = max((v for v in wip.values() if v == v), default=0.0) or 1.0
    for name, v in wip.items():
        bar = "#" * round(30 * v / peak) if v == v else ""
        mark = "  <- bottleneck" if name == s["bottleneck_station"] else ""
        lines.append(f"  {name:<16} {_num(v):>9}  {bar}{mark}")
    lines.append("")
    lines.append(f"Little's law residual  {_pct(s['littles_law_residual'])}")
    return "\n".join(lines)
