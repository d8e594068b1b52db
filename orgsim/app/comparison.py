"""The Compare page's computation, free of UI code: run bundles, compare, draw aligned charts.

Every bundle runs on `seeds` common seeds through `orgsim.compare` for the numbers: means,
95% intervals and paired differences against the first bundle. The charts show the first
of those seeds: its runs keep their time series and, through a probe
(`orgsim.experiments.probes.chart_inputs`), their lead times and servers, so nothing is
simulated twice. Charts share their axis ranges so that the columns line up.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

import orgsim
from orgsim.app import charts
from orgsim.app.floor import StationView, floor_svg
from orgsim.app.state import Bundle
from orgsim.app.words import Phrase, describe, savings_words, stability_verdicts
from orgsim.experiments.compare import DEFAULT_METRICS
from orgsim.experiments.probes import CHART_INPUTS
from orgsim.experiments.runner import nest_summary
from orgsim.metrics.catalog import lower_bound_of
from orgsim.scenario import Scenario

EXTRA_METRICS = (
    "lead_time_p50",
    "lead_time_p95",
    "lead_time_km_p50",
    "lead_time_for_changes_p50",
)
# The Compare table's rows, in order; labels, units and number formats are the catalog's.
TABLE_METRICS = (
    "throughput_per_week",
    "lead_time_p50",
    "lead_time_km_p50",
    "lead_time_p85",
    "lead_time_km_p85",
    "lead_time_mean",
    "lead_time_littles",
    "wip_mean",
    "flow_efficiency",
    "deploys_per_week",
    "lead_time_for_changes_p50",
    "change_failure_rate",
    "time_to_restore_mean",
    "token_cost",
    "cost_per_item",
)


@dataclass(frozen=True)
class BundleRun:
    name: str
    scenario_name: str
    summary: dict
    stations: list[str]
    floor: str
    charts: dict[str, bytes]


@dataclass(frozen=True)
class CompareOutcome:
    names: list[str]
    seeds: list[int]
    days: float
    runs: list[BundleRun]
    table: object  # pandas DataFrame from orgsim.compare
    phrases: dict[str, list[Phrase]]
    savings: dict[str, str]
    elapsed: float = 0.0
    stability: dict[str, str] = field(default_factory=dict)  # bundle -> verdict in words

    def unstable(self, name: str) -> bool:
        return self.stability.get(name, "stable").startswith("unstable")


# What one comparison may cost in the shared server: about a minute of simulation. A
# larger one belongs in `orgsim compare` (or a sweep), not in a page other people share.
APP_MAX_EVENTS = 3e7
MAX_SEEDS = 20
SEED_MAX = 2**31 - 1


class Cancelled(Exception):
    """The person pressed Cancel, or left the page."""


def _report(done: int, total: int, progress, cancelled) -> None:
    if cancelled():
        # The server's log says so: an operator sees that no work outlived its session.
        print(f"orgsim app: comparison stopped after {done} of {total} runs", file=sys.stderr)
        raise Cancelled
    progress(f"Simulated {done} of {total} runs")


def validate(
    bundles: Sequence[Bundle], seed: int = 0, seeds: int = 1, days: float | None = None
) -> str:
    """What is wrong with a comparison request, in one sentence (empty when nothing is).
    The same bounds as the scenario schema, and a budget for the whole comparison."""
    from orgsim.scenario.bounds import YEARS
    from orgsim.scenario.cost import estimate

    names = [b.name.strip() for b in bundles]
    if any(not n for n in names):
        return "Every bundle needs a name."
    if len(set(names)) != len(names):
        return "Bundle names must differ."
    if not 0 <= seed <= SEED_MAX:
        return f"Seed: between 0 and {SEED_MAX:,}."
    if not 1 <= seeds <= MAX_SEEDS:
        return f"Seeds: between 1 and {MAX_SEEDS}."
    if days is not None and not (0 < days <= 20 * YEARS and math.isfinite(days)):
        return f"Measured days: more than 0 and at most {20 * YEARS:,.0f}."
    try:
        events = seeds * sum(estimate(b.controls.scenario().spec, days).events for b in bundles)
    except Exception as exc:  # a bundle that does not load says so itself
        return str(exc)
    if events > APP_MAX_EVENTS:
        return (
            f"This comparison would simulate about {events:.1e} events; the app's limit is "
            f"{APP_MAX_EVENTS:.0e}. Use fewer seeds or measured days, or run it with "
            "orgsim compare."
        )
    return ""


def run_comparison(
    bundles: Sequence[Bundle],
    seed: int,
    seeds: int,
    days: float | None,
    progress: Callable[[str], None] = lambda _msg: None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int = 1,
) -> CompareOutcome:
    """Run every bundle and compare them against the first (raises ScenarioError).

    `cancelled` is asked after every finished run; when it says yes the comparison stops
    with `Cancelled` (the workers are stopped with it). With `workers` > 1 the runs go to
    worker processes, so that they do not hold the server's interpreter while other
    people's pages step."""
    import time

    t0 = time.monotonic()
    scenarios = {b.name.strip(): b.controls.scenario() for b in bundles}
    names = list(scenarios)
    stations = sorted(
        {s.name for scn in scenarios.values() for s in scn.spec.pipeline},
    )
    metrics = list(
        dict.fromkeys([*DEFAULT_METRICS, *EXTRA_METRICS, *(f"wip.{s}" for s in stations)])
    )
    metrics += [b for m in metrics if (b := lower_bound_of(m)) is not None]
    seed_list = list(range(seed, seed + max(1, seeds)))
    progress(f"Comparing {len(names)} bundles on {len(seed_list)} common seeds")
    result = orgsim.compare(
        scenarios,
        seeds=seed_list,
        days=days,
        metrics=metrics,
        workers=workers,
        probes=(CHART_INPUTS,),
        timeseries=lambda job: job.seed == seed,
        progress=lambda done, total: _report(done, total, progress, cancelled),
    )
    progress("Drawing charts")
    shown = []
    for name, scn in scenarios.items():
        row = result.runs[(result.runs["bundle"] == name) & (result.runs["seed"] == seed)]
        flat = row.iloc[0].to_dict()
        lead = np.asarray(flat.pop("lead_times"), dtype=float)
        if days:
            scn = scn.with_overrides({"simulation.days": days})
        shown.append(ChartRun(scn, nest_summary(flat), result.series[(name, seed)], lead))
    runs = _draw(names, shown)
    return CompareOutcome(
        names=names,
        seeds=seed_list,
        days=float(days) if days else float(shown[0].scenario.spec.simulation.days),
        runs=runs,
        table=result.table,
        phrases=describe(result.table, names, len(seed_list), result.stability),
        savings=savings_words(result.savings, len(seed_list)),
        elapsed=time.monotonic() - t0,
        stability=stability_verdicts(result.stability),
    )


@dataclass(frozen=True)
class ChartRun:
    """One bundle's run on the charted seed: what the charts and the floor draw."""

    scenario: Scenario
    summary: dict
    timeseries: object  # pandas DataFrame, one row per day
    lead_times: np.ndarray


def _draw(names: list[str], results: list[ChartRun]) -> list[BundleRun]:
    leads = [r.lead_times for r in results]
    pipelines = [[s.name for s in r.scenario.spec.pipeline] for r in results]
    ts_all = [r.timeseries for r in results]

    def top(values: list[float], pad: float = 1.06) -> float:
        finite = [v for v in values if math.isfinite(v)]
        return max(max(finite, default=1.0), 1.0) * pad

    lead_top = top([charts.lead_top(x) for x in leads], 1.0)
    limits = charts.Limits(
        days=top([float(ts.index.max()) if len(ts) else 1.0 for ts in ts_all], 1.0),
        cum=top([float(ts["cum_backlog"].max()) if len(ts) else 1.0 for ts in ts_all]),
        wip=top(
            [
                float(ts[[f"wip_{s}" for s in p]].to_numpy().max()) if len(ts) else 1.0
                for ts, p in zip(ts_all, pipelines, strict=True)
            ],
            1.08,
        ),
        lead=lead_top,
        lead_count=top([charts.lead_peak(x, lead_top) for x in leads], 1.1),
        weekly=top([float(charts.weekly(ts).max()) if len(ts) else 1.0 for ts in ts_all], 1.15),
        spend=top([float(ts["token_spend"].sum()) / 1000 if len(ts) else 1.0 for ts in ts_all]),
    )
    mean_peak = max(
        max(r.summary["wip_mean_by_station"].get(s, 0.0) for s in p)
        for r, p in zip(results, pipelines, strict=True)
    )
    out = []
    n = len(results)
    size = (min(11.0 / n, 5.8), 2.45) if n > 1 else (7.0, 2.6)
    for name, res, lead, stations in zip(names, results, leads, pipelines, strict=True):
        s = res.summary
        warmup = float(res.scenario.spec.simulation.warmup_days)
        pct = {k: s.get(f"lead_time_{k}", math.nan) for k in ("p50", "p85", "p95")}
        util = s.get("utilization_by_station", {})
        servers = s.get("servers_by_station", {})
        spec = {st.name: st for st in res.scenario.spec.pipeline}
        views = [
            StationView(
                name=st,
                kind=spec[st].station_kind,
                role="peer" if _peer_reviewed(spec[st], res.scenario.spec) else spec[st].role,
                servers=int(servers.get(st, 0)),
                wip=round(s["wip_mean_by_station"].get(st, 0.0)),
                utilization=float(util.get(st, math.nan)),
                gate=spec[st].gate.describe() if spec[st].gate else None,
            )
            for st in stations
        ]
        ts = res.timeseries
        with charts.figure_size(size):
            drawn = {
                "cfd": charts.cumulative_flow(ts, stations, warmup, limits),
                "wip": charts.wip_over_time(ts, stations, warmup, limits),
                "lead": charts.lead_time_distribution(lead, pct, limits),
                "throughput": charts.throughput_per_week(ts, warmup, limits),
                "spend": charts.spend_vs_delivered(ts, warmup, limits),
            }
        out.append(
            BundleRun(
                name=name,
                scenario_name=res.scenario.name,
                summary=s,
                stations=stations,
                floor=floor_svg(
                    views,
                    backlog=None if res.scenario.spec.org.demand.kind == "backlog" else 0,
                    delivered=int(s.get("completed", 0)),
                    now=float(ts.index.max()) if len(ts) else 0.0,
                    constraint=s.get("bottleneck_station", ""),
                    scale_peak=max(mean_peak, 1.0),
                ),
                charts=drawn,
            )
        )
    return out


def _peer_reviewed(station, scenario_spec) -> bool:
    """A review station whose queue developers serve too (peer review)."""
    return station.role == "reviewer" and scenario_spec.people.peer_review.enabled
