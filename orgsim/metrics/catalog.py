"""The one metric catalog: what each summary figure is called, its unit, which way is
better, its kind and how it is shown.

Declared next to `summarize` (orgsim/metrics/summary.py) so that a new summary key gets
its entry in the same change. The CLI tables, the app's tiles and comparison words, the
sweep columns, the plots and the claims all read it; nothing else keeps labels or units.
Dotted families (`wip.<station>`, `util_station.<station>`, ...) are described by their
prefix. A key the catalog does not know is still shown, under its own name, as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "count", "share", "money", "text", "flag"]
Better = Literal["higher", "lower", None]


@dataclass(frozen=True)
class Metric:
    """`scale` turns the stored value into the shown one (a share 0.31 shows as 31 %).
    `horizon`: the figure depends on the run's length when the run is unstable."""

    key: str
    label: str
    unit: str = ""
    better: Better = None
    kind: Kind = "number"
    scale: float = 1.0
    horizon: bool = False
    short: str = ""  # a few words for tiles, table rows and phrases ("" = the label)
    summary: bool = True  # False: a probe's or a comparison's figure, not a summary key

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "flag")

    @property
    def name(self) -> str:
        """The short label, for places with little room."""
        return self.short or self.label

    @property
    def symbol(self) -> str:
        """The short unit: "d" for working days, "/week" for a weekly rate."""
        return SHORT_UNITS.get(self.unit, self.unit)


def _m(
    key,
    label,
    unit="",
    better=None,
    kind="number",
    scale=1.0,
    horizon=False,
    short="",
    summary=True,
) -> Metric:
    return Metric(key, label, unit, better, kind, scale, horizon, short, summary)


DAYS = "working days"
PER_WEEK = "changes/week"
SHORT_UNITS = {
    DAYS: "d",
    PER_WEEK: "/week",
    "deploys/week": "/week",
    "PRs/week": "/week",
    "tasks/week": "/week",
    "incidents/week": "/week",
    "changes/day": "/day",
    "$/change": "$",
}
_ENTRIES = [
    _m("scenario", "scenario", kind="text"),
    _m("seed", "seed", kind="count"),
    _m("days", "measured window", DAYS),
    _m("arrivals", "changes started", "changes", kind="count"),
    _m("completed", "changes delivered", "changes", "higher", "count"),
    _m("throughput_per_week", "delivered throughput", PER_WEEK, "higher", short="throughput"),
    _m("delivery_rate_per_week", "delivery rate", PER_WEEK, "higher"),
    _m(
        "lead_time_mean",
        "lead time, mean (finished work)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time mean (finished)",
    ),
    _m(
        "lead_time_p50",
        "lead time, median (finished work)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p50 (finished)",
    ),
    _m(
        "lead_time_p85",
        "lead time, 85th percentile (finished work)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p85 (finished)",
    ),
    _m(
        "lead_time_p95",
        "lead time, 95th percentile (finished work)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p95 (finished)",
    ),
    _m(
        "lead_time_km_mean",
        "lead time, mean (open work counted)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time mean (counting open work)",
    ),
    _m(
        "lead_time_km_p50",
        "lead time, median (open work counted)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p50 (counting open work)",
    ),
    _m(
        "lead_time_km_p85",
        "lead time, 85th percentile (open work counted)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p85 (counting open work)",
    ),
    _m(
        "lead_time_km_p95",
        "lead time, 95th percentile (open work counted)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time p95 (counting open work)",
    ),
    _m(
        "lead_time_littles",
        "lead time by Little's law (WIP / throughput)",
        DAYS,
        "lower",
        horizon=True,
        short="lead time mean (Little's law)",
    ),
    _m("lead_time_km_censored", "changes still open at the end", "changes", kind="count"),
    _m("stable", "reached a steady state", kind="flag"),
    _m("stability", "steady state", kind="text"),
    _m("wip_growth_threshold_per_day", "WIP growth counted as unstable", "changes/day"),
    _m("wip_growing_at", "where WIP grows", kind="text"),
    _m("flow_time_mean", "flow time, mean", DAYS, "lower", horizon=True),
    _m("wip_mean", "WIP, whole pipeline", "changes", "lower", horizon=True, short="total WIP"),
    _m("flow_efficiency", "flow efficiency", "%", "higher", "share", 100.0),
    _m("rework_per_item", "rework loops per change", "loops", "lower"),
    _m("ai_share", "share of changes coded with AI", "%", None, "share", 100.0),
    _m("deployment_station", "deployment station", kind="text"),
    _m("deploys_per_week", "deployments", "deploys/week", "higher", short="deployment frequency"),
    _m(
        "lead_time_for_changes_p50",
        "commit-to-production time, median",
        DAYS,
        "lower",
        horizon=True,
        short="lead time for changes",
    ),
    _m(
        "lead_time_for_changes_km_p50",
        "commit-to-production time, median (open counted)",
        DAYS,
        "lower",
        horizon=True,
    ),
    _m("change_failure_rate", "change failure rate", "%", "lower", "share", 100.0),
    _m("time_to_restore_mean", "time to restore, mean", DAYS, "lower", short="time to restore"),
    _m("dora_tier", "DORA tier", kind="text"),
    _m("dora_tier_year", "DORA report year", kind="count"),
    _m("bottleneck_station", "constraint (bottleneck station)", kind="text", short="bottleneck"),
    _m("bottleneck_utilization", "constraint's utilization", "%", None, "share", 100.0),
    _m("labor_cost", "labour cost", "$", "lower", "money", short="labour"),
    _m(
        "automation_cost",
        "automation cost (CI/QA server-days)",
        "$",
        "lower",
        "money",
        short="automation",
    ),
    _m("token_cost", "token spend", "$", "lower", "money"),
    _m("seat_cost", "AI seat licences", "$", "lower", "money", short="seats"),
    _m(
        "coe_cost", "center of excellence team", "$", "lower", "money", short="center of excellence"
    ),
    _m(
        "failure_demand_cost",
        "failure demand (restore and bug fixes)",
        "$",
        "lower",
        "money",
        short="failure demand",
    ),
    _m("total_cost", "total cost", "$", "lower", "money"),
    _m(
        "cost_per_item",
        "cost per delivered change",
        "$/change",
        "lower",
        "money",
        short="cost per delivered change",
    ),
    _m("merged_prs_per_week", "merged PRs", "PRs/week", "higher"),
    _m("pr_review_time_mean", "PR review time (open to merge), mean", DAYS, "lower", horizon=True),
    _m("pr_size_mean", "PR size, mean", "task units", None),
    _m("tasks_per_developer_per_week", "tasks per developer", "tasks/week", "higher"),
    _m(
        "failure_demand_share", "share of work that is failure demand", "%", "lower", "share", 100.0
    ),
    _m("incidents_per_week", "incidents", "incidents/week", "lower"),
    _m("incident_restore_mean", "incident restore time, mean", DAYS, "lower"),
    _m("littles_law_residual", "Little's law residual", "%", None, "share", 100.0),
    _m("little_identity_residual", "Little identity residual (exact)", "", None, "share"),
    _m("coding_days_per_change", "hands-on coding time per change", DAYS, "lower", summary=False),
    _m(
        "wip_downstream",
        "WIP downstream of coding",
        "changes",
        "lower",
        horizon=True,
        summary=False,
    ),
    _m("savings_pct", "savings per delivered change vs baseline", "%", "higher", summary=False),
]
CATALOG: dict[str, Metric] = {m.key: m for m in _ENTRIES}

# Dotted families of flattened summaries: prefix -> (label template, unit, better, kind, scale)
FAMILIES: dict[str, tuple[str, str, Better, Kind, float, bool]] = {
    "wip": ("WIP at {}", "changes", "lower", "number", 1.0, True),
    "util": ("utilization of {}s", "%", None, "share", 100.0, False),
    "util_station": ("utilization of {}", "%", None, "share", 100.0, False),
    "growth": ("WIP growth at {}", "changes/day", "lower", "number", 1.0, False),
}
# Where a family's columns stand in a flattened summary: after this catalog key.
FAMILY_AFTER = {"growth": "stability", "wip": "wip_mean", "util": "dora_tier_year"}
FAMILY_AFTER["util_station"] = "util"
# Bounds of a Kaplan-Meier figure that a seed did not reach ("at least this").
_BOUND = "_at_least"


def metric(key: str) -> Metric:
    """The catalog entry of a summary key (flattened or not)."""
    if key in CATALOG:
        return CATALOG[key]
    head, dot, tail = key.partition(".")
    if dot and head in FAMILIES:
        label, unit, better, kind, scale, horizon = FAMILIES[head]
        return Metric(key, label.format(tail.replace("_", " ")), unit, better, kind, scale, horizon)
    if key.endswith(_BOUND):
        base = metric(key[: -len(_BOUND)].replace("lead_time_p", "lead_time_km_p"))
        return Metric(key, f"{base.label}, at least", base.unit, None, base.kind, base.scale)
    return Metric(key, key)


def label(key: str) -> str:
    return metric(key).label


def unit(key: str) -> str:
    return metric(key).unit


def lower_bound_of(key: str) -> str | None:
    """The summary key holding the lower bound of a Kaplan-Meier figure, if it is one."""
    if key.endswith("_km_mean"):
        return key + _BOUND
    head, sep, q = key.rpartition("_km_")
    return f"{head}_{q}{_BOUND}" if sep and q.startswith("p") else None


def summary_columns(
    stations: Sequence[str], roles: Sequence[str], not_metrics: Sequence[str] = ()
) -> dict[str, Literal["number", "string"]]:
    """The flattened summary's columns of a pipeline with these stations and these roles
    of workers, in catalog order, with how each is stored ("string" for text).

    This is what a run of such a scenario reports (`flatten_summary`), known without
    running it: a Kaplan-Meier figure is followed by its lower bound, and the families
    stand after the key of `FAMILY_AFTER` (WIP per station after the whole pipeline's).
    """
    members = {
        "wip": ["backlog", *stations],
        "growth": ["backlog", *stations, "total"],
        "util": list(roles),
        "util_station": list(stations),
    }
    out: dict[str, Literal["number", "string"]] = {}

    def add(key: str) -> None:
        out[key] = "string" if metric(key).kind == "text" else "number"
        bound = lower_bound_of(key)
        if bound is not None:
            out[bound] = "number"
        families_after(key)

    def families_after(anchor: str) -> None:
        for head, after in FAMILY_AFTER.items():
            if after == anchor:
                for member in members[head]:
                    out[f"{head}.{member}"] = "number"
                families_after(head)

    for key, m in CATALOG.items():
        if m.summary:
            add(key)
    for key in not_metrics:
        out.pop(key, None)
    return out


def string_metrics() -> tuple[str, ...]:
    """Keys whose values are text (sweeps store them as string columns)."""
    return tuple(k for k, m in CATALOG.items() if m.kind == "text")
