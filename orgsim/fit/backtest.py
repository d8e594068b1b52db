"""Backtesting a fitted scenario on a held-out period of the log.

The simulation covers [from, to) in working days (day 0 = `from`). It starts from the
work in progress observed at `from`: every case that had arrived and was not done is
placed at the station it was at (being served or waiting there; a change merged and
waiting for the release is in the release station's queue), keeping its real arrival
time, so its lead time counts from then. A case that was being served gets a fresh
service draw (the elapsed part is not subtracted: an assumption, stated in the report).

Demand is exogenous: by default every case the log shows arriving in the window arrives
in the simulation at the same moment, for the same team (`arrivals="observed"`); what is
tested is how the organization responds. With `arrivals="fitted"` the scenario's own
Poisson demand drives it instead, as a forecast would.

Gates: a periodic gate keeps its phase (its offset moved from the scenario's origin to
`from`). A dated gate, a release calendar that follows no period, is an input like the
arrivals: with observed arrivals it opens at the releases the log shows in the window
(the batch instants of its station's completions, as the fit finds them), so that what
is tested is the flow around the releases, not release dates the fit had to guess. With
`arrivals="fitted"`, a forecast, it keeps the scenario's own dates (moved to the
window's clock): a forecast knows nothing of the window. So does a gate whose station
the log does not hold. With no opening in the window the gate stays shut.

Everything goes through the model's public pieces: an `OrgModel` built from the scenario
(with zero Poisson demand when arrivals are observed), `model.call_after` to schedule the
arrivals and `model.flow.new_item` / `model.flow.enter` to create and place items.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgsim.fit.cases import case_table, known_at, ordered_visits, positions_at
from orgsim.fit.discover import batch_instants
from orgsim.fit.emit import read_origin
from orgsim.fit.log import EventLog, LogError
from orgsim.fit.measures import Trace
from orgsim.fit.workdays import WorkCalendar
from orgsim.model import OrgModel
from orgsim.scenario import Scenario, load_scenario
from orgsim.work.distributions import stream


@dataclass
class Backtest:
    """The observed trace, one simulated trace per seed, one naive trace per seed."""

    scenario: Scenario
    source: str
    start: pd.Timestamp
    end: pd.Timestamp
    calendar: WorkCalendar
    arrivals: str
    observed: Trace
    simulated: list[Trace]
    naive: list[np.ndarray]
    seeds: list[int]
    initial_wip: pd.Series
    training_lead: np.ndarray
    notes: list[str] = field(default_factory=list)


def run_backtest(
    scenario_path, log: EventLog, start, end, seeds: int = 10, arrivals: str = "observed"
) -> Backtest:
    """Simulate [start, end) of `log` with the scenario at `scenario_path`, `seeds` times."""
    scn = load_scenario(scenario_path)
    first, last = log.first_time, log.last_time
    start, end = _stamp(start), _stamp(end)
    if not first < start < last:
        raise LogError(
            log.source,
            "--from",
            f"{start.date()} is outside the log ({first.date()} to {last.date()})",
        )
    if not start < end <= last:
        raise LogError(
            log.source,
            "--to",
            f"{end.date()} must be after --from and within the log (to {last.date()})",
        )
    order = scn.spec.station_names
    missing = sorted(set(log.roles) - set(order))
    if missing:
        raise LogError(
            log.source,
            "activities",
            f"station {missing[0]!r} is not in the scenario ({', '.join(order)})",
        )
    cal = WorkCalendar.make(start, log.mapping.tz, log.mapping.holidays)
    horizon = cal.span(start, end)
    notes = []
    releases = _releases(log, scn, cal, end, horizon)
    scn = _prepare(scn, scenario_path, cal, horizon, arrivals, notes, releases)
    observed, wip0, incoming = _observed(log, order, cal, start, end, horizon)
    training = _training_lead(log, order, cal, start)
    tests = observed.arrival[observed.test]
    teams = _team_index(scn, log, start, end, order)
    sims, naive = [], []
    for seed in range(seeds):
        sims.append(_simulate(scn, seed, wip0, incoming, teams, horizon, order, arrivals))
        rng = stream(seed, "backtest/naive")
        if len(training):
            draw = rng.choice(training, len(tests))
            naive.append(draw[tests + draw <= horizon])
        else:  # nothing was done before the window: no past lead times to resample
            naive.append(np.array([]))
    return Backtest(
        scn, log.source, start, end, cal, arrivals, observed, sims, naive,
        list(range(seeds)), wip0["station"].map(dict(enumerate(order))).value_counts(),
        training, notes,
    )  # fmt: skip


def _stamp(t) -> pd.Timestamp:
    ts = pd.Timestamp(t)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def _releases(log: EventLog, scn: Scenario, cal: WorkCalendar, end, horizon) -> dict:
    """Each dated gate's openings in the window as the log shows them (working days from
    --from): the batch instants of its station's completions (none: it stays shut). A
    gate whose station the log does not hold is left out: its own dates apply."""
    ev = known_at(log.events, end)
    out = {}
    for st in scn.spec.pipeline:
        if st.gate is None or not st.gate.dated or st.name not in log.roles:
            continue
        t1 = cal.to_days(ev.loc[(ev["station"] == st.name) & ev["end"].notna(), "end"])
        out[st.name] = batch_instants(t1[(t1 >= 0) & (t1 < horizon)]).tolist()
    return out


def _prepare(
    scn: Scenario, path, cal: WorkCalendar, horizon: float, arrivals, notes, releases
) -> Scenario:
    """The scenario over the window: no warm-up, gates in phase (dated gates on the
    log's release dates), demand as chosen."""
    over: dict = {"simulation.days": horizon, "simulation.warmup_days": 0.0}
    origin = read_origin(path) if not isinstance(path, Scenario | dict) else None
    if origin is None:
        notes.append("the scenario states no origin: its day 0 is taken to be --from")
        shift = 0.0
    else:
        shift = float(
            WorkCalendar.make(origin, cal.tz, [str(h) for h in cal.holidays]).to_days([cal.origin])[
                0
            ]
        )
    for st in scn.spec.pipeline:
        if st.gate is not None and st.gate.dated:
            known = releases if arrivals == "observed" else {}  # a forecast: its own dates
            over[f"pipeline.{st.name}.gate.dates"] = _window_dates(
                st.name, st.gate.dates, shift, horizon, known, notes
            )
        elif st.gate is not None and shift:
            first = st.gate.first_opening
            off = (first - shift) % st.gate.every
            over[f"pipeline.{st.name}.gate.offset"] = off if off > 1e-9 else st.gate.every
    if arrivals == "observed":
        over["org.demand.kind"] = "poisson"
    scn = scn.with_overrides(over)
    if arrivals != "observed":
        return scn
    # The observed arrivals drive the run: the scenario's own demand is switched off
    # (a rate of 0, which a scenario on its own may not have: it would carry no work).
    demand = scn.spec.org.demand.model_copy(update={"rate_per_team": 0.0})
    org = scn.spec.org.model_copy(update={"demand": demand})
    return Scenario(scn.spec.model_copy(update={"org": org}), scn.source, scn.to_dict())


def _window_dates(name, dates, shift, horizon, releases, notes) -> list[float]:
    """A dated gate's openings over the window: the log's releases there if the log holds
    the station, else the scenario's own dates moved to the window's clock."""
    if name in releases:
        got = releases[name]
        notes.append(
            f"{name}: a dated gate, opened at the {len(got)} release(s) the log shows in the "
            "window (an input, replayed like the arrivals)"
        )
    else:
        got = [t - shift for t in dates if t - shift >= 0]
        notes.append(f"{name}: a dated gate, opened at the scenario's own dates")
    # With no opening in the window the gate stays shut: one date after the end.
    return got or [horizon + 1.0]


def _observed(log: EventLog, order, cal, start, end, horizon):
    """The log's trace over the window, and the WIP at its start."""
    ev = ordered_visits(known_at(log.events, end), order)
    ev["t0"], ev["t1"] = cal.to_days(ev["start"]), cal.to_days(ev["end"])
    cases = case_table(ev, order)
    a, d = cal.to_days(cases["arrival"]), cal.to_days(cases["done"])
    wip0 = positions_at(log.events, order, start)
    wip0["a"] = cal.to_days(wip0["arrival"])
    test = (a >= 0) & (a < horizon)
    keep = test | cases.index.isin(wip0.index)
    prev = ev.groupby("case_id")["t1"].shift(1)
    enter = prev.fillna(ev["case_id"].map(pd.Series(a, index=cases.index)))
    test_ids = set(cases.index[test])
    visits = pd.DataFrame(
        {
            "station": ev["station"].to_numpy(),
            "enter": enter.to_numpy(),
            "leave": ev["t1"].to_numpy(),
            "test": ev["case_id"].isin(test_ids).to_numpy(),
        }
    )
    visits = visits[ev["case_id"].isin(cases.index[keep]).to_numpy() & np.isfinite(visits["leave"])]
    incoming = sorted(zip(a[test], cases["team"][test].astype(str), strict=True))
    return Trace(a[keep], d[keep], test[keep], visits, horizon, list(order)), wip0, incoming


def _training_lead(log: EventLog, order, cal, start) -> np.ndarray:
    """Lead times of the cases done before the window (the naive baseline's sample)."""
    cases = case_table(known_at(log.events, start), order)
    done = cases["done"].notna()
    return (cal.to_days(cases["done"]) - cal.to_days(cases["arrival"]))[done.to_numpy()]


def _team_index(scn: Scenario, log: EventLog, start, end, order) -> dict:
    """Log team -> scenario team index (by name; otherwise in order of appearance)."""
    names = scn.spec.org.team_names or [str(i) for i in range(scn.spec.org.teams)]
    seen = log.events["team"].dropna().astype(str).unique()
    pos = {n: i for i, n in enumerate(names)}
    return {t: pos.get(t, i % len(names)) for i, t in enumerate(seen)}


def _simulate(scn, seed, wip0, incoming, teams, horizon, order, arrivals) -> Trace:
    model = OrgModel(scn, seed=seed)
    flow = model.flow
    for row in wip0.itertuples():
        team = teams.get(str(row.team), 0)
        _place(model, team, int(row.station), float(row.a))
    n0 = len(flow.items)
    if arrivals == "observed":
        for t, team in incoming:
            model.call_after(t, functools.partial(flow.new_item, teams.get(team, 0)))
    model.run()
    rows = flow.ledger.item_columns(flow.items)
    a = rows["arrived"].astype(float)
    d = np.where(rows["done"] >= 0, rows["done"], np.nan)
    test = np.arange(len(a)) >= n0
    vt = flow.ledger.visit_columns(("item", "station", "enter", "leave"))
    visits = pd.DataFrame(
        {
            "station": np.asarray(order, dtype=object)[vt["station"]] if len(vt["item"]) else [],
            "enter": vt["enter"],
            "leave": vt["leave"],
            "test": vt["item"] >= n0,
        }
    )
    return Trace(a, d, test, visits, horizon, list(order))


def _place(model: OrgModel, team: int, station: int, arrived: float) -> None:
    """An item that was in progress at the start, put where it was, with its arrival."""
    flow = model.flow
    if station == 0:
        item = flow.new_item(team)
        item.arrived = arrived
        return
    item = flow.new_item(team, in_backlog=False)
    item.arrived = item.started = item.committed = arrived
    item.reached = 0
    t = model.teams[team]
    t.wip += 1  # the team's work in progress, as when coding started
    t.started += 1
    flow.enter(model.stations[station], item)
