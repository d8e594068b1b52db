"""A rough capacity estimate: will the pipeline keep up with its demand?

Why an estimate: a scenario whose demand exceeds what some station can serve never
reaches a steady state; its queue there grows for as long as the run lasts, and its lead
time and WIP depend on the horizon. That is worth a warning before a single day is
simulated. The estimate is first-order queueing arithmetic, not a simulation, over the
line as the organization's rules leave it: every rule states its own closed-form effect
(`Rule.capacity_effect`, beside the hooks it sets for the engine), on a `Line` this
module then reads.

- Visits. Each station's visits per new item solve the traffic equations of a Jackson
  network, `v = e0 + P^T v` (numpy.linalg.solve), where an item leaving station j goes
  back to its rework target with probability `p_j = 1 - (1 - probability) *
  exp(-detection * D_j)`: `D_j` is the mean latent defects left when the item reaches
  j (Poisson at commit, thinned by the detection of every station before it). Coupling
  and deployment failures are left out (they depend on the state of the run).
- Work per visit. The mean service draw times the mean size (developer stations) or PR
  size (others) if the station scales with size, times the rules' factor (focus lost to
  competing priorities, the center of excellence's speed-up), and at developer stations
  the assistants' speed-up on the share of developers who have one; a rework visit at
  its target is scaled by the rework `effort`. Routing rules (governance lanes) take
  their share of changes off the station's people. A gated station serves at most one
  batch per queue and opening, and passes at most `capacity` items per opening when the
  gate has a capacity. A dated gate opens as often as its dates within the run's
  horizon say, on average.
- Capacity. A pool of people (or servers) serving several stations (approvers at
  security and at the board) is loaded by all of them: its utilization is the demand
  times the work per item, over its members. The line's capacity is the demand at which
  the busiest pool (or the tightest gate) reaches 1.

With Poisson demand the demand is the scenario's rate; with an unlimited backlog it is
what the developers can start, since they never idle. Under a WIP limit only the
developers who do not follow it (a share 1 - mandate) start work freely; for the others
the line is closed and cannot overflow.

Importing this module installs the estimate into the scenario layer
(`orgsim.scenario.estimate`), which warns with it on loading a scenario and prices runs
with it; `import orgsim` does so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from orgsim.policies.line import Line, StationLine
from orgsim.policies.rules import Rules
from orgsim.scenario import estimate as scenario_estimate
from orgsim.scenario.errors import CapacityWarning
from orgsim.scenario.estimate import Traffic
from orgsim.scenario.schema import TEAM_ROLES, Gate, ScenarioSpec

__all__ = [
    "CapacityWarning",
    "Constraint",
    "capacity_warnings",
    "line_constraint",
    "line_of",
    "visits_per_item",
]


@dataclass(frozen=True)
class Constraint:
    """The tightest pool or gate and the line's capacity (new items per day per team)."""

    stations: tuple[str, ...]
    per_team: bool  # True: a team's own pool; False: one shared pool for all teams
    capacity_per_team: float  # new items a day per team the constraint can keep up with


def line_of(spec: ScenarioSpec) -> Line:
    """The scenario's line as its rules leave it (the rules built as for a run)."""
    return Rules(spec, seed=0).capacity_effect(Line.of(spec))


def visits_per_item(spec: ScenarioSpec | Line) -> tuple[np.ndarray, np.ndarray]:
    """Expected visits to each station per new item, and the work of those visits in
    units of one fresh visit (rework visits at a target count `effort` each)."""
    line = _line(spec)
    spec = line.spec
    stations = spec.pipeline
    n = len(stations)
    index = {s.name: i for i, s in enumerate(stations)}
    demand, ai = spec.org.demand, spec.ai
    adoption = ai.adoption
    multiplier = adoption * line.defect_multiplier + (1.0 - adoption)
    defects = demand.defects_per_size * demand.size.mean * multiplier
    routing = np.zeros((n, n))  # routing[j, i]: probability of going from j to i
    back = np.zeros(n)
    for j, st in enumerate(stations):
        p, detection = 0.0, 0.0
        if st.rework is not None:
            detection = st.rework.detection
            stay = (1.0 - st.rework.probability) * math.exp(-detection * defects)
            p = 1.0 - stay
            routing[j, index[st.rework.to]] += p
            back[j] = p
        if j + 1 < n:
            routing[j, j + 1] += 1.0 - p
        defects *= 1.0 - detection
    entry = np.zeros(n)
    entry[0] = 1.0
    visits = np.linalg.solve(np.eye(n) - routing.T, entry)
    work = visits.copy()
    for j, st in enumerate(stations):
        if st.rework is not None:
            i = index[st.rework.to]
            work[i] += visits[j] * back[j] * (st.rework.effort - 1.0)
    return visits, work


def line_constraint(spec: ScenarioSpec | Line) -> Constraint | None:
    """The pool or gate that limits the line, with the demand it can keep up with.

    A pool's load at a demand of x new items a day per team is `x * per_item + fixed`
    server-days a day (per team for a team's own pool, in all for a shared one): gated
    stations add a fixed load of one batch per queue and opening, the others load it in
    proportion to their visits. Its capacity is the x at which the load fills its servers.
    """
    line = _line(spec)
    visits, work = visits_per_item(line)
    teams = line.spec.org.teams
    pools: dict[str, list] = {}  # pool -> [station names, per-item load, fixed load, team's]
    candidates: list[Constraint] = []
    for i, st in enumerate(line.stations):
        team_pool = st.role in TEAM_ROLES
        pool = pools.setdefault(st.pool, [[], 0.0, 0.0, team_pool])
        pool[0].append(st.spec.name)
        per_visit = _work_per_visit(line, st)
        if st.gate is None:
            pool[1] += work[i] * st.people_share * per_visit * (1 if team_pool else teams)
            continue
        opens = _openings_per_day(line.spec, st.gate) * st.passing_share
        pool[2] += per_visit * opens
        if st.gate.capacity and visits[i] > 0:
            passes = st.gate.capacity * opens / visits[i]  # new items a day per queue
            per_team = float(passes / (1 if team_pool else teams))
            candidates.append(Constraint((st.spec.name,), team_pool, per_team))
    for key, (names, per_item, fixed, team_pool) in pools.items():
        servers = line.servers[key]
        if per_item > 0 and servers > fixed:
            capacity = float((servers - fixed) / per_item)
            candidates.append(Constraint(tuple(names), team_pool, capacity))
    return min(candidates, key=lambda c: c.capacity_per_team, default=None)


def capacity_warnings(spec: ScenarioSpec) -> list[str]:
    """One line per problem found (at most one): demand above the line's capacity."""
    line = line_of(spec)
    demand = spec.org.demand
    constraint = line_constraint(line)
    if constraint is None:
        return []
    if demand.kind == "poisson":
        rate = demand.rate_per_team
        if rate < constraint.capacity_per_team:
            return []
        said = f"demand {_rate(rate)}/day per team"
    else:
        first = first_pool_capacity(line)
        if first is None or spec.pipeline[0].name in constraint.stations:
            return []
        # Rules that close the line (a WIP limit) leave only some developers starting
        # work as fast as they can.
        if line.free_start_share != 1.0:
            first *= line.free_start_share
        rate = first
        if rate < constraint.capacity_per_team:
            return []
        said = f"developers start about {_rate(rate)}/day per team from an unlimited backlog"
    where = " and ".join(constraint.stations)
    if constraint.per_team or spec.org.teams == 1:
        cap = f"about {_rate(constraint.capacity_per_team)}/day"
    else:
        teams = spec.org.teams
        cap = f"about {_rate(constraint.capacity_per_team * teams)}/day for all {teams} teams"
        said += f" ({_rate(rate * teams)}/day in all)"
    over = rate > constraint.capacity_per_team * 1.0001
    if demand.kind == "poisson":
        verb = " exceeds" if over else " matches"
    else:
        verb = ", more than" if over else ", as much as"
    line_text = (
        f"{said}{verb} the capacity of {where} ({cap}): the run will not reach a steady state"
    )
    return [line_text + _left_out(spec)]


def first_pool_capacity(spec: ScenarioSpec | Line) -> float | None:
    """With an unlimited backlog: the new items a day per team the developers start.

    They never idle, so they start work at the rate that fills their time: coding, and
    when developers also review (peer review) the share of review the team's reviewers
    cannot take.
    """
    line = _line(spec)
    _, work = visits_per_item(line)
    coding = review = 0.0
    for i, st in enumerate(line.stations):
        if st.gate is not None:
            continue
        if st.role == "developer":
            coding += work[i] * _work_per_visit(line, st)
        elif st.pool == "developer":
            review += work[i] * _work_per_visit(line, st)
    team = line.spec.org.people_per_team
    developers, reviewers = team.get("developer", 0), team.get("reviewer", 0)
    if coding <= 0:
        return None
    rate = developers / coding
    if review and rate * review > reviewers:
        rate = (developers + reviewers) / (coding + review)
    return rate


class CapacityEstimate:
    """The estimate the scenario layer warns and prices runs with (`LineEstimate`)."""

    def warnings(self, spec: ScenarioSpec) -> list[str]:
        return capacity_warnings(spec)

    def traffic(self, spec: ScenarioSpec, horizon: float) -> Traffic:
        line = line_of(spec)
        demand = spec.org.demand
        if demand.kind == "poisson":
            per_team = demand.rate_per_team
        else:
            per_team = first_pool_capacity(line) or 0.0
        visits, _ = visits_per_item(line)
        per_change = float(sum(v for v in visits if math.isfinite(v)))
        openings = sum(st.gate.openings(horizon) for st in line.stations if st.gate is not None)
        return Traffic(per_team, per_change, openings)


def _line(spec: ScenarioSpec | Line) -> Line:
    return spec if isinstance(spec, Line) else line_of(spec)


def _openings_per_day(spec: ScenarioSpec, gate: Gate) -> float:
    """1 / every for a periodic gate; for a dated one, its openings over the run (warm-up
    and measured days): a gate shut for good after its last date passes nothing more."""
    if not gate.dated:
        return 1.0 / gate.every
    horizon = spec.simulation.days + spec.simulation.warmup_days
    return gate.openings(horizon) / horizon


def _left_out(spec: ScenarioSpec) -> str:
    """What the estimate leaves out that can move the pile to another station: merge
    conflicts grow with a PR's age and with what merges beside it, so a queue in front of
    a merge can feed itself and fill before the station the estimate names."""
    merges = [
        st.name
        for st in spec.pipeline
        if st.rework is not None and (st.rework.staleness > 0 or st.rework.coupling > 0)
    ]
    if not merges:
        return ""
    return (
        f" (an estimate without the merge conflicts at {' and '.join(merges)}, which grow "
        "as work waits and can pile it up there first)"
    )


def _work_per_visit(line: Line, st: StationLine) -> float:
    """Mean days one fresh visit takes a server (a batch job for a gated station)."""
    spec, spec_st = line.spec, st.spec
    ai, demand = spec.ai, spec.org.demand
    days = spec_st.service.mean * st.work_factor
    if st.gate is not None or spec_st.deployment is not None:
        return days  # batches and deployments: one draw, whatever their size
    if spec_st.scales_with_size:
        size = demand.size.mean
        if st.role != "developer":
            size *= 1.0 + ai.adoption * (ai.pr_size_multiplier - 1.0)
        load = spec.people.review_load
        if st.role == "reviewer" and size > load.size_knee:
            size *= (load.size_knee / size) ** load.size_slope  # large PRs are skimmed
        days *= size
    if st.role == "developer":
        speed = 1.0 + (ai.coding_speedup - 1.0) * line.data_access
        days *= ai.adoption / speed + (1.0 - ai.adoption)
    return days


def _rate(x: float) -> str:
    if x >= 10:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"


scenario_estimate.install(CapacityEstimate())
