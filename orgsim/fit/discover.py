"""Discovering an organization from its delivery log.

From the log as it stood at the cut-off (`until`), in working days (see workdays.py):

- **Pipeline and rework** from the directly-follows relation: stations in the order in
  which cases first reach them (median rank of the first visit); a visit followed by a
  visit to an earlier station is a rework loop, with probability (such returns / visits)
  and effort (mean duration of repeat visits / first visits at the target).
- **Arrivals**: a case arrives when its first activity starts. The rate per working day
  is counted over the training window (from `since`, by default the moment every
  station has been seen completing work, so a log cut by completion date does not start
  with a dip); the weekday profile is tested (chi-square) and reported.
- **Service times** per station from the visits' durations, censored at the cut-off
  (durations.py).
- **Servers** per station from observed concurrency, not head counts: the largest
  number of visits in service at the same moment over the training window. An
  open-source project has hundreds of occasional contributors but only so many changes
  in hand at once; capacity is at least what was seen in use.
- **Gates**: a station whose completions come in batches (on at most a quarter of the
  working days, at least two per active day on average) is a gate; each batch day's
  latest completion is the instant of its batch. If the intervals between the batches
  are regular (coefficient of variation at most `GATE_PERIODIC_CV`, 0.25: their
  standard deviation at most a quarter of their mean, as for a CAB that sometimes
  moves a meeting by a few days; with one interval, nothing says otherwise), the gate is
  periodic: its period is the mean interval, and its next opening one period after the
  last batch before the cut-off. Otherwise (a release train that follows no period) it
  is dated: the scenario's dates replay the observed release calendar after the
  cut-off, one cycle (the batches' count times the mean interval) later, and again
  cycle after cycle for as long as the scenario needs (`FittedGate.projected`). Its
  first opening is then the periodic one (one mean interval after the last batch), and
  the intervals after it are the observed ones, in their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from orgsim.fit.cases import case_table, concurrency, known_at, ordered_visits
from orgsim.fit.durations import FittedDuration, fit_duration
from orgsim.fit.log import EventLog, LogError
from orgsim.fit.workdays import WorkCalendar

GATE_ACTIVE_SHARE = 0.25
GATE_MIN_BATCH = 2.0
GATE_PERIODIC_CV = 0.25  # above it, the intervals between batches are not one period
GATE_SERVICE_DAYS = 0.001  # a release or board batch as one near-instant job (assumed)


@dataclass
class FittedGate:
    """A gate found in the log: the batch instants (working days, <= 0: before the
    cut-off) and calendar dates, the mean interval and whether it is periodic."""

    every: float
    offset: float
    dates: list[str]
    active_share: float
    mean_batch: float
    interval_cv: float
    instants: list[float] = field(default_factory=list)
    dated: bool = False

    @property
    def cycle(self) -> float:
        """The observed calendar's length when replayed: one mean interval per batch."""
        return len(self.instants) * self.every

    def projected(self, until: float) -> list[tuple[float, str, int]]:
        """A dated gate's openings after the cut-off, up to the first past `until`:
        (time, the observed batch date it replays, the cycle)."""
        out: list[tuple[float, str, int]] = []
        k = 0
        while not out or out[-1][0] <= until:
            k += 1
            for t, date in zip(self.instants, self.dates, strict=True):
                if t + k * self.cycle > 0:
                    out.append((t + k * self.cycle, date, k))
        last = next(i for i, o in enumerate(out) if o[0] > until)
        return out[: last + 1]


@dataclass
class FittedRework:
    to: str
    probability: float
    effort: float
    returns: int


@dataclass
class FittedStation:
    name: str
    role: str
    service: FittedDuration
    servers: int
    concurrency_mean: float
    visits: int
    skipped_share: float
    gate: FittedGate | None = None
    rework: FittedRework | None = None


@dataclass
class FittedOrg:
    """Everything a fit found, with the evidence behind each value."""

    source: str
    origin: pd.Timestamp
    since: pd.Timestamp
    calendar: WorkCalendar
    stations: list[FittedStation]
    teams: list[str]
    rate_per_team: float
    arrivals: int
    window_days: float
    weekday_share: list[float]
    weekday_p: float
    cases: int
    done: int
    lead_time_days: np.ndarray = field(repr=False)
    notes: list[str] = field(default_factory=list)


def discover(log: EventLog, until: pd.Timestamp | None = None, since=None) -> FittedOrg:
    """Fit an organization to `log` as known at `until` (default: the end of the log)."""
    first, last = log.first_time, log.last_time
    until = _within(until, first, last, log.source, "--until") if until is not None else last
    cal = WorkCalendar.make(until, log.mapping.tz, log.mapping.holidays)
    ev = known_at(log.events, until)
    if ev.empty:
        raise LogError(
            log.source, "", f"no activity had started by {until:%Y-%m-%d %H:%M} UTC: nothing to fit"
        )
    order = station_order(ev)
    ev = ordered_visits(ev, order)
    ev["t0"] = cal.to_days(ev["start"])
    ev["t1"] = cal.to_days(ev["end"])
    since_given = since is not None
    if since is None:
        firsts = ev[ev["end"].notna()].groupby("station")["end"].min()
        since = firsts.reindex(order).max() if firsts.index.size == len(order) else first
    else:
        since = _within(since, first, until, log.source, "--since")
    w0 = float(cal.to_days([since])[0])
    cases = case_table(ev, order)
    cases["a"] = cal.to_days(cases["arrival"])
    cases["d"] = cal.to_days(cases["done"])
    teams, rate, n_arr, span, wk, wk_p = _arrivals(cases, w0, cal, since, until)
    if n_arr == 0 or span <= 0:
        raise LogError(
            log.source,
            "--since" if since_given else "",
            f"no case arrives in the training window {since.date()} to {until.date()} "
            f"({max(span, 0.0) + 0.0:.1f} working days): a fit needs arrivals to count "
            f"(the log holds {len(log.events)} event{'s' if len(log.events) != 1 else ''})",
        )
    stations = []
    for i, name in enumerate(order):
        vis = ev[ev["station"] == name]
        stations.append(_station(name, log.roles[name], vis, ev, order, i, w0, cases, teams))
    done = cases["d"].notna()
    return FittedOrg(
        source=log.source, origin=cal.origin, since=pd.Timestamp(since), calendar=cal,
        stations=stations, teams=teams, rate_per_team=rate, arrivals=n_arr, window_days=span,
        weekday_share=wk, weekday_p=wk_p, cases=len(cases), done=int(done.sum()),
        lead_time_days=(cases["d"] - cases["a"])[done].to_numpy(),
    )  # fmt: skip


def _within(t, lo: pd.Timestamp, hi: pd.Timestamp, source: str, flag: str) -> pd.Timestamp:
    ts = pd.Timestamp(t)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    if not lo < ts <= hi:
        raise LogError(source, flag, f"{ts.date()} is outside the log ({lo.date()} to {hi.date()})")
    return ts


def station_order(ev: pd.DataFrame) -> list[str]:
    """Stations by the median rank at which cases first reach them (directly-follows)."""
    ev = ev.sort_values(["case_id", "start"], kind="stable")
    firsts = ev.drop_duplicates(["case_id", "station"])
    rank = firsts.groupby("case_id").cumcount()
    med = rank.groupby(firsts["station"]).median()
    seen = firsts.groupby("station")["start"].min()
    return sorted(med.index, key=lambda s: (med[s], seen[s]))


def _arrivals(cases, w0, cal, since, until):
    """Teams, arrival rate per team per working day, and the weekday profile."""
    inside = cases[cases["a"] >= w0]
    span = float(-w0)
    has_team = cases["team"].notna().any() and (cases["team"].astype(str) != "<NA>").any()
    teams = sorted(cases["team"].dropna().astype(str).unique()) if has_team else ["all"]
    rate = len(inside) / span / len(teams) if span > 0 else 0.0
    local = inside["arrival"].dt.tz_convert(cal.tz)
    counts = np.bincount(local.dt.day_of_week, minlength=7)[:5].astype(float)
    share = (counts / counts.sum()).tolist() if counts.sum() else [0.2] * 5
    p = float(stats.chisquare(counts).pvalue) if counts.sum() >= 25 else float("nan")
    return teams, rate, len(inside), span, share, p


def _station(name, role, vis, ev, order, i, w0, cases, teams) -> FittedStation:
    train = vis[vis["t0"] >= w0]
    dur = (train["t1"] - train["t0"]).to_numpy()
    cens = train["end"].isna().to_numpy()
    dur = np.where(cens, -train["t0"].to_numpy(), dur)  # open at the cut-off (day 0)
    gate = _gate(vis, w0)
    if gate is not None:
        service = FittedDuration(
            {"dist": "deterministic", "mean": GATE_SERVICE_DAYS, "cv": 0.0}, len(dur),
            int(cens.sum()), "deterministic",
            notes=["time at a gate is waiting for the window; each batch is one "
                   f"near-instant job of {GATE_SERVICE_DAYS} days (assumed)"],
        )  # fmt: skip
        servers, cmean = 1, float("nan")
    else:
        service = fit_duration(dur, cens)
        servers, cmean = _servers(vis, w0, teams)
    reached = vis["case_id"].nunique()
    arrived = int((cases["a"] >= w0).sum()) or 1
    skipped = max(0.0, 1.0 - vis[vis["t0"] >= w0]["case_id"].nunique() / arrived) if i else 0.0
    rework = _rework(name, vis, ev, order, i)
    return FittedStation(
        name, role, service, servers, cmean, len(train), skipped if reached else 1.0,
        gate, rework,
    )  # fmt: skip


def _servers(vis: pd.DataFrame, w0: float, teams: list[str]) -> tuple[int, float]:
    """Most visits in service at once over the training window (per team if teams)."""
    best, means = 1, []
    groups = vis.groupby(vis["team"].astype(str)) if len(teams) > 1 else [("all", vis)]
    for _, g in groups:
        s = np.maximum(g["t0"].to_numpy(), w0)
        e = np.nan_to_num(g["t1"].to_numpy(), nan=0.0)
        keep = e > w0
        if not keep.any():
            continue
        t, c = concurrency(s[keep], np.maximum(e[keep], s[keep]))
        inside = t >= w0
        best = max(best, int(c[inside].max()) if inside.any() else 1)
        dt = np.diff(np.append(t, 0.0))
        means.append(float((c * dt)[inside].sum() / max(-w0, 1e-9)))
    return best, float(np.mean(means)) if means else 0.0


def batch_instants(t1: np.ndarray) -> np.ndarray:
    """The instant of each batch at a gate: the latest completion of each working day."""
    t1 = np.asarray(t1, dtype=float)
    if not len(t1):
        return t1
    return pd.Series(t1).groupby(np.floor(t1 + 1e-9)).max().to_numpy()


def _gate(vis: pd.DataFrame, w0: float) -> FittedGate | None:
    """A gate if the station's completions fall on few days in batches."""
    fin = vis[vis["end"].notna() & (vis["t1"] >= w0)]
    if len(fin) < 4:
        return None
    day = np.floor(fin["t1"].to_numpy() + 1e-9)
    days, counts = np.unique(day, return_counts=True)
    active = len(days) / max(-w0, 1.0)
    batch = float(counts.mean())
    if active > GATE_ACTIVE_SHARE or batch < GATE_MIN_BATCH or len(days) < 2:
        return None
    instants = batch_instants(fin["t1"].to_numpy())
    every = float((instants[-1] - instants[0]) / (len(instants) - 1))
    gaps = np.diff(instants)
    offset = float(instants[-1] + every)
    while offset <= 0:
        offset += every
    dates = sorted(fin.groupby(day)["end"].max().dt.strftime("%Y-%m-%d"))
    cv = float(gaps.std() / gaps.mean()) if len(gaps) > 1 else 0.0
    dated = cv > GATE_PERIODIC_CV
    return FittedGate(every, offset, dates, active, batch, cv, instants.tolist(), dated)


def _rework(name, vis, ev, order, i) -> FittedRework | None:
    """Returns from this station to an earlier (or the same) one."""
    nxt = ev.groupby("case_id")["idx"].shift(-1)
    here = ev["station"] == name
    back = here & nxt.notna() & (nxt <= i)
    if not back.any():
        return None
    target = int(nxt[back].mode().iloc[0])
    to = order[target]
    tv = ev[ev["station"] == to]
    d = tv["t1"] - tv["t0"]
    first = d[tv.groupby("case_id").cumcount() == 0].mean()
    again = d[tv.groupby("case_id").cumcount() > 0].mean()
    effort = float(again / first) if first > 0 and np.isfinite(again) else 1.0
    return FittedRework(to, float(back.sum() / here.sum()), max(effort, 0.01), int(back.sum()))
