"""OrgModel: a software organization as agents serving a queueing pipeline.

Teams sit on a dependency network (networkx, held in Mesa's `Network` space). Developers
with or without AI assistants, reviewers, approvers, release managers and automated
servers are Mesa agents in role pools; work items flow through the stations the scenario
lists. Time is in working days; one Mesa step is one day. Inside a day everything happens
as events at fractional times, through Mesa's event API (`schedule_event`,
`schedule_recurring`, `run_for`, `run_until`) and, for the frequent ones, `call_after`:
an arrival, the end of a piece of work, a gate opening. The event list behind that API
is orgsim's `EventCalendar` (orgsim/calendar.py), which orders events as Mesa does at a
fraction of the cost. Nothing polls idle agents.

With every behavioural option neutral (no AI, no rework, no gates, no WIP limits, no
cross-team help), each station is a FIFO multi-server queue and the pipeline a network of
such queues: queueing theory applies exactly (docs/model.md, docs/validation.md).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import mesa
import networkx as nx
from mesa.discrete_space import Network
from mesa.time import Schedule

from orgsim.agents import ROLE_CLASSES, Developer, RolePool, Team
from orgsim.agents.pressure import ReviewPressure
from orgsim.calendar import EventCalendar
from orgsim.org import build_team_graph
from orgsim.policies import Rules
from orgsim.scenario import Scenario, load_scenario
from orgsim.scenario.schema import SHARED_ROLES, TEAM_ROLES
from orgsim.work.arrivals import ArrivalProcess, Window
from orgsim.work.daybook import DayBook
from orgsim.work.distributions import Sampler, Uniforms, stream
from orgsim.work.flow import Flow
from orgsim.work.station import Station

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "enterprise-baseline.toml"


class OrgModel(mesa.Model):
    """The organization. Build it from a scenario and a seed, then step or run it.

    >>> model = OrgModel("scenarios/enterprise-baseline.toml", seed=1)
    >>> model.step()            # one working day
    >>> model.run_for(20)       # four more weeks
    """

    def __init__(
        self, scenario: Scenario | str | Path | dict[str, Any] | None = None, *, seed: int = 0
    ):
        scn = load_scenario(scenario if scenario is not None else DEFAULT_SCENARIO)
        seed = int(seed)
        super().__init__(rng=seed)
        self._use_event_calendar()
        self.org_scenario = scn
        self.scenario_spec = spec = scn.spec
        self.seed = seed
        self.rules = Rules(spec, seed)  # the organization's rules (orgsim.policies)
        self.unlimited_backlog = spec.org.demand.kind == "backlog"
        self.warmup = float(spec.simulation.warmup_days)
        self.horizon = self.warmup + float(spec.simulation.days)

        self.graph: nx.Graph = build_team_graph(spec.org, _int_seed(seed, "topology"), scn.source)
        self.network = Network(self.graph, random=self.random, layout=None)
        n = self.graph.number_of_nodes()
        self.teams: list[Team] = [
            Team(self, i, str(self.graph.nodes[i]["name"]), self.network[i]) for i in range(n)
        ]
        for team in self.teams:
            team.neighbours = sorted(int(j) for j in self.graph.neighbors(team.index))

        self.stations: list[Station] = []
        for i, st in enumerate(spec.pipeline):
            n_queues = n if st.role in TEAM_ROLES else 1
            sampler = Sampler(st.service, stream(seed, f"service/{st.name}"))
            self.stations.append(Station(i, st, sampler, n_queues, n))
        by_name = {s.name: s for s in self.stations}
        for a, b in zip(self.stations, self.stations[1:], strict=False):
            a.next = b
        for s in self.stations:
            if s.spec.rework is not None:
                s.rework_to = by_name[s.spec.rework.to]
            if s.spec.deployment is not None and s.spec.deployment.rework_to:
                s.deploy_rework_to = by_name[s.spec.deployment.rework_to]

        self.review_stations = [s for s in self.stations if s.kind == "review" and s.team_scoped]
        merge = [s for s in self.stations if s.spec.merge] or [
            s for s in self.stations if s.kind == "review"
        ][-1:]
        for st in merge:
            st.merges = True
        self._apply_review_load()
        self.flow = Flow(self, self.stations, seed)
        ai = spec.ai
        self.assistant_speedup = 1.0 + (ai.coding_speedup - 1.0) * ai.data_access
        self.rules.shape(self)  # stations, the flow of work, the assistants
        self.pools: list[RolePool] = []
        self.team_adoption = self._initial_adoption()
        self._staff_the_organization()
        self.rules.staff(self)  # norms, review rules, who helps where
        if isinstance(self.calendar, EventCalendar):  # orgsim.reference runs Mesa's own list
            self.calendar.tune(sum(len(p.workers) for p in self.pools))
        self.coe = None  # the center of excellence's agent, when the rule starts one
        self.rules.start(self)
        self._start_demand()
        self._open_gates()
        self.daybook = DayBook(self.flow, self.stations)
        self._end_warmup()  # measure from the start until the warm-up ends (if there is one)
        if self.warmup > 0:
            self.schedule_event(self._end_warmup, at=self.warmup)

    # -- construction -------------------------------------------------------------------
    def _use_event_calendar(self) -> None:
        """Run Mesa's event API (step, run_for, run_until, schedule_event, ...) on the
        event calendar, whose loop also ticks the days (orgsim/calendar.py)."""
        self._default_schedule.stop()
        self._event_list = self.calendar = EventCalendar()
        self.now = 0.0  # the clock as a plain attribute, always equal to `time`
        self.next_day = 1.0

    def _apply_review_load(self) -> None:
        """Review under load applies where people review a change: review and sign-off."""
        load = self.scenario_spec.people.review_load
        if load.neutral:
            return
        for st in self.stations:
            if st.kind in ("review", "sign_off") and st.role != "automated":
                st.under_load = ReviewPressure(load)

    def _initial_adoption(self) -> list[float]:
        """Each team's share of developers with an assistant (Beta around the mean)."""
        ai = self.scenario_spec.ai
        n = len(self.teams)
        mean, sd = ai.adoption, ai.adoption_spread
        if sd <= 0 or mean in (0.0, 1.0):
            return [mean] * n
        var = min(sd * sd, mean * (1 - mean) * 0.999)
        k = mean * (1 - mean) / var - 1
        rng = stream(self.seed, "ai-adoption/teams")
        return [float(x) for x in rng.beta(mean * k, (1 - mean) * k, n)]

    def apply_adoption(self, team: int) -> None:
        """A team's adoption level changed: its developers take up assistants accordingly."""
        level = self.team_adoption[team]
        for dev in self.developer_pools[team].workers:
            dev.update_assistant(level)

    def _staff_the_organization(self) -> None:
        spec = self.scenario_spec
        adopt = Uniforms(stream(self.seed, "ai-adoption"))
        for role in TEAM_ROLES:
            stations = [s for s in self.stations if s.role == role]
            per_team = spec.org.people_per_team.get(role, 0)
            pools = []
            for team in self.teams:
                pool = self._pool(role, team.index, team.index, stations)
                pools.append(pool)
                for _ in range(per_team):
                    if role == "developer":
                        Developer(self, pool, adoption_draw=adopt.next())
                    else:
                        ROLE_CLASSES[role](self, pool)
            for team, pool in zip(self.teams, pools, strict=True):
                pool.neighbours = [pools[j] for j in team.neighbours]
            if role == "developer":
                self.developer_pools = pools
        for role in SHARED_ROLES:
            stations = [s for s in self.stations if s.role == role]
            pool = self._pool(role, -1, 0, stations)
            for _ in range(spec.org.shared_people.get(role, 0)):
                ROLE_CLASSES[role](self, pool)
        for station in self.stations:
            if station.role == "automated":
                pool = self._pool("automated", -1, 0, [station])
                for _ in range(station.spec.servers):
                    ROLE_CLASSES["automated"](self, pool)

    def _pool(self, role: str, team: int, k: int, stations: list[Station]) -> RolePool:
        pool = RolePool(role, team, k)
        for st in stations:
            pool.add_station(st)
            if st.team_scoped:
                if not st.pools:
                    st.pools = [None] * len(st.queues)  # type: ignore[list-item]
                st.pools[k] = pool
            else:
                st.pools = [pool]
        self.pools.append(pool)
        return pool

    def _start_demand(self) -> None:
        demand = self.scenario_spec.org.demand
        self.arrivals: list[ArrivalProcess] = []
        if demand.kind == "poisson" and demand.rate_per_team > 0:
            for team in self.teams:
                self.arrivals.append(
                    ArrivalProcess(self, team.index, demand.rate_per_team, self.seed)
                )
        elif demand.kind == "backlog":
            for pool in self.stations[0].pools:
                pool.dispatch()

    def _open_gates(self) -> None:
        """A periodic gate opens by a recurring event; a dated one by one event per date
        (none after the last: it stays shut). Mesa's events hold weak references to
        their callbacks, so each is the bound method of a window the model keeps."""
        self.windows: list[Window] = []
        for st in self.stations:
            gate = st.gate
            if gate is None:
                continue
            window = Window(self, st)
            if gate.dates is None:
                every = Schedule(interval=gate.every, start=gate.first_opening)
                self.schedule_recurring(window.open, every)
            else:
                for t in gate.dates:
                    self.schedule_event(window.open, at=t)
            st.next_window = gate.first_opening
            self.windows.append(window)

    def _end_warmup(self) -> None:
        """Start the measurement window now: metrics count from here on."""
        now = self.now
        self.window_start = now
        for gauge in self.gauges():
            gauge.mark(now)
        self.busy_at_warmup = {w.unique_id: w.busy_so_far(now) for w in self.workers()}
        self.station_busy_at_warmup = [st.busy_so_far(now) for st in self.stations]
        self.tokens_at_warmup = self.flow.tokens
        self.windows_at_warmup = [w.opened for w in self.windows]
        self.completions_at_warmup = [st.completions for st in self.stations]

    # -- running ------------------------------------------------------------------------
    def step(self) -> None:
        """One working day has passed: take the day's snapshot (events did the work)."""
        self._record_day()

    def call_after(self, delay: float, action) -> None:
        """Run `action()` `delay` days from now: the organization's own events (cheap)."""
        self.calendar.call_at(self.now + delay, action)

    def _advance_time(self, until: float) -> None:
        """Mesa's time advance (behind step, run_for, run_until), on the event calendar."""
        if until <= self.time:
            warnings.warn(
                f"end time {until} is not after time {self.time}", RuntimeWarning, stacklevel=3
            )
            return
        self.calendar.advance(self, until)

    def run(self, days: float | None = None) -> None:
        """Run to the end of the scenario's horizon (or for `days` more days)."""
        if days is None:
            self.run_until(self.horizon)
        else:
            self.run_for(days)

    # -- observation --------------------------------------------------------------------
    def gauges(self):
        yield self.flow.backlog
        yield self.flow.in_system
        for st in self.stations:
            yield st.wip

    def workers(self):
        for pool in self.pools:
            yield from pool.workers

    def wip_by_station(self) -> dict[str, int]:
        """Items at each station now (the backlog first), as the factory floor shows them."""
        out = {"backlog": self.flow.backlog.value}
        out.update({st.name: st.wip.value for st in self.stations})
        return out

    def next_windows(self) -> dict[str, float]:
        """When each gate (change-approval board, release train) next opens, in days."""
        return {st.name: st.next_window for st in self.stations if st.gate is not None}

    def timeseries(self):
        """The daily time series so far (pandas; see `orgsim.metrics.timeseries_frame`)."""
        from orgsim.metrics import timeseries_frame

        return timeseries_frame(self)

    def items(self):
        """One row per work item so far (pandas; see `orgsim.metrics.items_frame`)."""
        from orgsim.metrics import items_frame

        return items_frame(self)

    def summary(self) -> dict[str, Any]:
        """The headline numbers so far, measured from the end of the warm-up to now."""
        from orgsim.metrics import items_frame, summarize

        return summarize(self, items_frame(self, per_station=False))

    def _record_day(self) -> None:
        """Append today's snapshot to the day book; seal the ledger's buffers if large."""
        self.daybook.record(self.now)
        self.flow.ledger.seal()

    def _tick_day(self) -> None:
        """A new working day begins: Mesa's step (the calendar runs it at each whole day)."""
        self.steps += 1
        self._user_step()


def _int_seed(seed: int, name: str) -> int:
    return int(stream(seed, name).integers(2**31 - 1))


__all__ = ["DEFAULT_SCENARIO", "OrgModel"]
