"""What a run costs, in the lines a controller recognises.

Every line is a cost over the measured window. People cost their daily rate whether
busy or idle (`org.daily_cost`); automated stations cost `daily_cost.automated` per
provisioned server-day (CI runners, test environments); assistants cost their tokens
and a seat licence per developer who has one (`ai.seat_cost_per_month`, 21 working days
a month); a center of excellence costs its own team. Failure demand (restoring
production after an incident and fixing the escaped defect) is part of the labour line:
`failure_demand_cost` says how much of it, valued at the developer rate. The cost per
delivered change divides the total by the changes delivered that were not bug fixes:
failure demand is not value.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView

MONTH = 21.0  # working days


def cost_lines(model: RunView, done: pd.DataFrame, span: float) -> dict[str, Any]:
    """The cost lines and the cost per delivered change of the window."""
    spec = model.scenario_spec
    rates = spec.org.daily_cost
    t0, now = model.window_start, float(model.time)
    labour = sum(rates.get(w.role, 0.0) * span for w in model.workers() if w.role != "automated")
    servers = sum(st.spec.servers for st in model.stations if st.role == "automated")
    automation = servers * rates["automated"] * span
    tokens = model.flow.tokens - model.tokens_at_warmup
    seat_days = 0.0
    if spec.ai.seat_cost_per_month > 0:
        for pool in model.developer_pools:
            for dev in pool.workers:
                if dev.seat_from >= 0:
                    seat_days += max(0.0, now - max(dev.seat_from, t0))
    seats = seat_days * spec.ai.seat_cost_per_month / MONTH
    coe = spec.policy.center_of_excellence
    coe_cost = coe.people * rates["coe"] * span if coe.enabled else 0.0
    fixes = done["failure"].to_numpy(dtype=bool)
    failure_cost = float(done.loc[fixes, "active_time"].sum()) * rates["developer"]
    total = labour + automation + tokens + seats + coe_cost
    delivered = int((~fixes).sum())
    return {
        "labor_cost": labour,
        "automation_cost": automation,
        "token_cost": tokens,
        "seat_cost": seats,
        "coe_cost": coe_cost,
        "failure_demand_cost": failure_cost,
        "total_cost": total,
        "cost_per_item": total / delivered if delivered else math.nan,
    }
