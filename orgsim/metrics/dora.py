"""DORA's four keys and their performance tiers (DORA 2024 clusters).

The 2024 report clusters organizations into elite / high / medium / low by deployment
frequency, lead time for changes, change failure rate and failed-deployment recovery
time. Its cluster medians are not monotone in every key (high: 20% change failure, medium:
10%), so orgsim maps each key to a tier with monotone thresholds drawn from the cluster
table (docs/model.md lists them) and gives the organization the lowest of its key tiers.
Time is in working days: one day is 8 working hours, a week 5 days, a month 21 days.
"""

from __future__ import annotations

import math

TIERS = ("low", "medium", "high", "elite")
TIER_YEAR = 2024


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
