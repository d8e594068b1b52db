"""Finding the constraint: which station limits throughput, when, and what relieves it.

Two views, as an operations researcher would take them:
- `constraint_timeline`: over successive periods of one run, the station whose servers
  are busiest (utilization, the queue at the period's end breaking ties: the engine's
  rule, `orgsim.metrics.summary.constraint_of`). When a station is relieved, the
  timeline shows the constraint moving.
- `what_if`: relieve each station in turn (+25% capacity by default: faster service, or
  more frequent windows for a gate; a dated gate keeps its dates and gets 25% more,
  each halving its longest interval) and measure, on common random numbers, what that
  does to throughput. Relieving the constraint raises throughput; relieving a
  non-constraint does not (Goldratt's first focusing steps, as an experiment).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from orgsim.experiments.compare import compare
from orgsim.metrics.summary import constraint_of
from orgsim.scenario import Scenario, load_scenario


def constraint_timeline(result, period: float = 20.0) -> pd.DataFrame:
    """Per period after the warm-up: each station's utilization and the constraint."""
    ts = result.timeseries
    spec = result.scenario.spec
    servers = result.summary["servers_by_station"]
    start = spec.simulation.warmup_days
    days = ts.index.to_numpy()
    rows = []
    t = start
    while t + period <= days.max() + 1e-9:
        a, b = (
            ts.loc[ts.index <= t].iloc[-1] if (ts.index <= t).any() else None,
            ts.loc[ts.index <= t + period].iloc[-1],
        )
        row = {"from_day": t, "to_day": t + period}
        loads, queues = {}, {}
        for st in spec.pipeline:
            busy0 = a[f"busy_{st.name}"] if a is not None else 0.0
            util = (b[f"busy_{st.name}"] - busy0) / (servers[st.name] * period)
            wip0 = a[f"wip_{st.name}"] if a is not None else 0.0
            row[f"util.{st.name}"] = loads[st.name] = util
            row[f"queue_growth.{st.name}"] = (b[f"wip_{st.name}"] - wip0) / period
            queues[st.name] = b[f"wip_{st.name}"]
        row["constraint"] = constraint_of(loads, queues)
        rows.append(row)
        t += period
    return pd.DataFrame(rows)


def relieve(scenario: Scenario, station: str, relief: float = 0.25) -> Scenario:
    """The scenario with one station's capacity raised by `relief` (0.25 = +25%)."""
    spec = scenario.spec
    st = next((s for s in spec.pipeline if s.name == station), None)
    if st is None:
        raise KeyError(f"no station {station!r} in {scenario.name}")
    factor = 1.0 + relief
    if st.gate is not None:
        overrides = (
            {f"pipeline.{station}.gate.dates": st.gate.dates_more_often(factor)}
            if st.gate.dated
            else {f"pipeline.{station}.gate.every": st.gate.every / factor}
        )
        if st.gate.capacity:
            overrides[f"pipeline.{station}.gate.capacity"] = max(
                1, round(st.gate.capacity * factor)
            )
    else:
        overrides = {f"pipeline.{station}.service.mean": st.service.mean / factor}
    return scenario.with_overrides(overrides)


def what_if(
    scenario,
    seeds: int | Sequence[int] = 10,
    *,
    relief: float = 0.25,
    stations: Sequence[str] | None = None,
    days: float | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Relieve each station in turn; the paired change in throughput and lead time.

    Throughput here is the delivery rate (the slope of cumulative deliveries), which
    release trains' lumpy departures disturb far less than a count over the window.
    """
    scn = load_scenario(scenario)
    names = list(stations) if stations else scn.spec.station_names
    bundles = {"as is": scn}
    for name in names:
        bundles[name] = relieve(scn, name, relief)
    cmp = compare(
        bundles,
        seeds,
        days=days,
        metrics=("delivery_rate_per_week", "lead_time_mean"),
        workers=workers,
        backend=backend,
        scheduler=scheduler,
    )
    tp = cmp.metric("delivery_rate_per_week")
    lt = cmp.metric("lead_time_mean")
    as_is = cmp.runs[cmp.runs["bundle"] == "as is"]["bottleneck_station"].mode()
    rows = []
    for name in names:
        rows.append(
            {
                "station": name,
                "throughput_change": tp.loc[name, "diff"],
                "ci_low": tp.loc[name, "diff_low"],
                "ci_high": tp.loc[name, "diff_high"],
                "throughput_change_pct": tp.loc[name, "diff_pct"],
                "lead_time_change_pct": lt.loc[name, "diff_pct"],
                "raises_throughput": bool(tp.loc[name, "diff_low"] > 0),
                "constraint_as_is": bool(len(as_is) and as_is.iloc[0] == name),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["throughput_as_is"] = float(tp.loc["as is", "mean"])
    out.attrs["relief"] = relief
    out.attrs["seeds"] = len(cmp.seeds)
    return out
