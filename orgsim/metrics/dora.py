"""DORA's four keys and their performance tiers (DORA 2024 clusters).

The 2024 report clusters organizations into elite / high / medium / low by deployment
frequency, lead time for changes, change failure rate and failed-deployment recovery
time. Its cluster medians are not monotone in every key (high: 20% change failure, medium:
10%), so orgsim maps each key to a tier with monotone thresholds drawn from the cluster
table (docs/model.md lists them) and gives the organization the lowest of its key tiers.
Time is in working days: one day is 8 working hours, a week 5 days, a month 21 days.

The keys exist only where the pipeline reaches production: its last station is a
deployment station (`ScenarioSpec.deployment_station`: a station with `deployment` risk,
or of kind `deploy`). A pipeline that stops short of production has no deployments to
count: its four keys are NaN and its tier "n/a", not zero and not "low". Change failure
and restore are measured only where failures are modelled (a station with `deployment`
risk); a `deploy` station without risk counts its deployments (the instants at which
changes reach production) but has no failures to count.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from orgsim.metrics.lead_time import censored_lead_times

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView

TIERS = ("low", "medium", "high", "elite")
TIER_YEAR = 2024
NOT_APPLICABLE = "n/a"
WEEK = 5.0


def tier_deploy_frequency(per_day: float) -> str:
    if per_day >= 1.0:
        return "elite"  # on demand: at least daily
    if per_day >= 1.0 / 5:
        return "high"  # at least weekly
    if per_day >= 1.0 / 21:
        return "medium"  # at least monthly
    return "low"


def tier_lead_time(days: float) -> str:
    if days < 1.0:
        return "elite"
    if days <= 5.0:
        return "high"
    if days <= 21.0:
        return "medium"
    return "low"


def tier_change_failure(rate: float) -> str:
    if rate <= 0.05:
        return "elite"
    if rate <= 0.15:
        return "high"
    if rate <= 0.30:
        return "medium"
    return "low"


def tier_restore(days: float) -> str:
    if days <= 1.0 / 8:
        return "elite"  # under an hour
    if days <= 1.0:
        return "high"  # under a day
    if days <= 5.0:
        return "medium"  # under a week
    return "low"


def dora_tiers(
    deploys_per_day: float, lead_time_days: float, change_failure_rate: float, restore_days: float
) -> dict[str, str]:
    """Each key's tier and the overall tier (the lowest key). NaN keys are not judged."""
    keys = {}
    if not math.isnan(deploys_per_day):
        keys["deployment_frequency"] = tier_deploy_frequency(deploys_per_day)
    if not math.isnan(lead_time_days):
        keys["lead_time_for_changes"] = tier_lead_time(lead_time_days)
    if not math.isnan(change_failure_rate):
        keys["change_failure_rate"] = tier_change_failure(change_failure_rate)
    if not math.isnan(restore_days):
        keys["time_to_restore"] = tier_restore(restore_days)
    overall = min(keys.values(), key=TIERS.index) if keys else "low"
    return {**keys, "overall": overall}


def dora_keys(model: RunView, items: pd.DataFrame, done: pd.DataFrame) -> dict[str, Any]:
    """DORA's four keys over the measured window, their tiers, and the deployment station.

    `done` is `items` delivered in the window (the caller has it already)."""
    now, t0 = float(model.time), model.window_start
    span = max(now - t0, 1e-12)
    station = model.scenario_spec.deployment_station
    if station is None:
        return {
            "deployment_station": "",
            "deploys_per_week": math.nan,
            "lead_time_for_changes_p50": math.nan,
            "lead_time_for_changes_km_p50": math.nan,
            "lead_time_for_changes_p50_at_least": math.nan,
            "change_failure_rate": math.nan,
            "time_to_restore_mean": math.nan,
            "dora_tier": NOT_APPLICABLE,
            "dora_tiers": {"overall": NOT_APPLICABLE},
            "dora_tier_year": TIER_YEAR,
        }
    if station.deployment is not None:
        deploys = [d for d in model.flow.deployments if t0 <= d[0] <= now]
        n_deploys = len(deploys)
        failed = [d for d in deploys if d[2]]
        cfr = len(failed) / n_deploys if deploys else math.nan
        restore = float(np.mean([d[3] for d in failed])) if failed else math.nan
    else:  # a batch reaches production at one instant: one deployment per instant
        n_deploys = int(np.unique(done["done"].to_numpy()).size)
        cfr = restore = math.nan
    changes = (done["done"] - done["committed"]).to_numpy()
    p50 = float(np.percentile(changes, 50)) if len(changes) else math.nan
    km = censored_lead_times(items["committed"], items["done"], t0, now)
    tiers = dora_tiers(n_deploys / span, p50, cfr, restore)
    return {
        "deployment_station": station.name,
        "deploys_per_week": n_deploys / span * WEEK,
        "lead_time_for_changes_p50": p50,
        "lead_time_for_changes_km_p50": km.quantiles[50],
        "lead_time_for_changes_p50_at_least": km.at_least[50],
        "change_failure_rate": cfr,
        "time_to_restore_mean": restore,
        "dora_tier": tiers["overall"],
        "dora_tiers": tiers,
        "dora_tier_year": TIER_YEAR,
    }
