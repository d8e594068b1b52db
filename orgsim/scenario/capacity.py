"""A rough capacity estimate: will the pipeline keep up with its demand?

Why an estimate: a scenario whose demand exceeds what some station can serve never
reaches a steady state; its queue there grows for as long as the run lasts, and its lead
time and WIP depend on the horizon. That is worth a warning before a single day is
simulated. The estimate is first-order queueing arithmetic, not a simulation:

- Visits. Each station's visits per new item solve the traffic equations of a Jackson
  network, `v = e0 + P^T v` (numpy.linalg.solve), where an item leaving station j goes
  back to its rework target with probability `p_j = 1 - (1 - probability) *
  exp(-detection * D_j)`: `D_j` is the mean latent defects left when the item reaches
  j (Poisson at commit, thinned by the detection of every station before it). Coupling
  and deployment failures are left out (they depend on the state of the run).
- Work per visit. The mean service draw times the mean size (developer stations) or PR
  size (others) if the station scales with size, the center of excellence's speed-up,
  the focus lost to competing priorities, and at developer stations the assistants'
  speed-up on the share of developers who have one; a rework visit at its target is
  scaled by the rework `effort`. Governance lanes take their share of changes off the
  station's people. A gated station serves at most one batch per queue and opening, and
  passes at most `capacity` items per opening when the gate has a capacity. A dated
  gate opens as often as its dates within the run's horizon say, on average.
- Capacity. A pool of people (or servers) serving several stations (approvers at
  security and at the board) is loaded by all of them: its utilization is the demand
  times the work per item, over its members. The line's capacity is the demand at which
  the busiest pool (or the tightest gate) reaches 1.

With Poisson demand the demand is the scenario's rate; with an unlimited backlog it is
what the developers can start, since they never idle. Under a WIP limit only the
developers who do not follow it (a share 1 - mandate) start work freely; for the others
the line is closed and cannot overflow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from orgsim.scenario.schema import TEAM_ROLES, ScenarioSpec


class CapacityWarning(UserWarning):
    """The scenario's demand exceeds the estimated capacity of a station: no steady state."""


@dataclass(frozen=True)
class Constraint:
    """The tightest pool or gate and the line's capacity (new items per day per team)."""

    stations: tuple[str, ...]
    per_team: bool  # True: a team's own pool; False: one shared pool for all teams
    capacity_per_team: float  # new items a day per team the constraint can keep up with


def visits_per_item(spec: ScenarioSpec) -> tuple[np.ndarray, np.ndarray]:
    """Expected visits to each station per new item, and the work of those visits in
    units of one fresh visit (rework visits at a target count `effort` each)."""
    stations = spec.pipeline
    n = len(stations)
    index = {s.name: i for i, s in enumerate(stations)}
    demand, ai = spec.org.demand, spec.ai
    coe = _coe(spec)
    adoption = ai.adoption
    multiplier = adoption * coe.defect_multiplier + (1.0 - adoption)
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


def line_constraint(spec: ScenarioSpec) -> Constraint | None:
    """The pool or gate that limits the line, with the demand it can keep up with.

    A pool's load at a demand of x new items a day per team is `x * per_item + fixed`
    server-days a day (per team for a team's own pool, in all for a shared one): gated
    stations add a fixed load of one batch per queue and opening, the others load it in
    proportion to their visits. Its capacity is the x at which the load fills its servers.
    """
    visits, work = visits_per_item(spec)
    teams = spec.org.teams
    pools: dict[str, list] = {}  # pool -> [station names, per-item load, fixed load, team's]
    candidates: list[Constraint] = []
    for i, st in enumerate(spec.pipeline):
        team_pool = st.role in TEAM_ROLES
        key = _pool_of(spec, st)
        pool = pools.setdefault(key, [[], 0.0, 0.0, team_pool])
        pool[0].append(st.name)
        per_visit = _work_per_visit(spec, st)
        if st.gate is None:
            pool[1] += work[i] * _people_share(spec, st) * per_visit * (1 if team_pool else teams)
            continue
        opens = _openings_per_day(spec, st.gate)
        pool[2] += per_visit * opens
        if st.gate.capacity and visits[i] > 0:
            passes = st.gate.capacity * opens / visits[i]  # new items a day per queue
            per_team = float(passes / (1 if team_pool else teams))
            candidates.append(Constraint((st.name,), team_pool, per_team))
    for key, (names, per_item, fixed, team_pool) in pools.items():
        servers = _servers(spec, key.split(":", 1)[0], names[0])
        if per_item > 0 and servers > fixed:
            capacity = float((servers - fixed) / per_item)
            candidates.append(Constraint(tuple(names), team_pool, capacity))
    return min(candidates, key=lambda c: c.capacity_per_team, default=None)


def _openings_per_day(spec: ScenarioSpec, gate) -> float:
    """1 / every for a periodic gate; for a dated one, its openings over the run (warm-up
    and measured days): a gate shut for good after its last date passes nothing more."""
    if not gate.dated:
        return 1.0 / gate.every
    horizon = spec.simulation.days + spec.simulation.warmup_days
    return gate.openings(horizon) / horizon


def capacity_warnings(spec: ScenarioSpec) -> list[str]:
    """One line per problem found (at most one): demand above the line's capacity."""
    demand = spec.org.demand
    policy = spec.policy
    constraint = line_constraint(spec)
    if constraint is None:
        return []
    if demand.kind == "poisson":
        rate = demand.rate_per_team
        if rate < constraint.capacity_per_team:
            return []
        said = f"demand {_rate(rate)}/day per team"
    else:
        first = _first_pool_capacity(spec)
        if first is None or spec.pipeline[0].name in constraint.stations:
            return []
        if policy.wip_limit > 0:
            # The limit closes the line for developers who follow it; those who keep the
            # old habit (1 - mandate of them) still start work as fast as they can.
            first *= 1.0 - policy.mandate
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
    line = f"{said}{verb} the capacity of {where} ({cap}): the run will not reach a steady state"
    return [line + _left_out(spec)]


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


def _first_pool_capacity(spec: ScenarioSpec) -> float | None:
    """With an unlimited backlog: the new items a day per team the developers start.

    They never idle, so they start work at the rate that fills their time: coding, and
    under peer review the share of review the team's reviewers cannot take.
    """
    _, work = visits_per_item(spec)
    coding = review = 0.0
    for i, st in enumerate(spec.pipeline):
        if st.gate is not None:
            continue
        if st.role == "developer":
            coding += work[i] * _work_per_visit(spec, st)
        elif _pool_of(spec, st) == "developer":
            review += work[i] * _work_per_visit(spec, st)
    team = spec.org.people_per_team
    developers, reviewers = team.get("developer", 0), team.get("reviewer", 0)
    if coding <= 0:
        return None
    rate = developers / coding
    if review and rate * review > reviewers:
        rate = (developers + reviewers) / (coding + review)
    return rate


def _coe(spec: ScenarioSpec):
    from orgsim.policies.coe import CoEEffects  # lazy: policies import the schema

    return CoEEffects(spec.policy.center_of_excellence, spec.ai)


def _work_per_visit(spec: ScenarioSpec, st) -> float:
    """Mean days one fresh visit takes a server (a batch job for a gated station)."""
    ai, policy, demand = spec.ai, spec.policy, spec.org.demand
    coe = _coe(spec)
    days = st.service.mean / coe.speed_at(st.station_kind)
    if st.role != "automated":
        days /= 1.0 - (1.0 - policy.mandate) * policy.competing_priorities
    if st.gate is not None or st.deployment is not None:
        return days  # batches and deployments: one draw, whatever their size
    if st.scales_with_size:
        size = demand.size.mean
        if st.role != "developer":
            size *= 1.0 + ai.adoption * (ai.pr_size_multiplier - 1.0)
        load = spec.people.review_load
        if st.role == "reviewer" and size > load.size_knee:
            size *= (load.size_knee / size) ** load.size_slope  # large PRs are skimmed
        days *= size
    if st.role == "developer":
        speed = 1.0 + (ai.coding_speedup - 1.0) * coe.data_access
        days *= ai.adoption / speed + (1.0 - ai.adoption)
    return days


def _people_share(spec: ScenarioSpec, st) -> float:
    """The share of visits the station's own servers handle (governance lanes take the rest)."""
    policy = spec.policy
    kind = st.station_kind
    lenient = {"automated": 1.0, "risk_based": 1.0 - spec.org.demand.high_risk_share}
    if kind in ("sign_off", "board") and policy.governance != "manual":
        return 1.0 - policy.mandate * lenient[policy.governance]
    if kind == "deploy" and policy.continuous_deployment and policy.governance != "manual":
        return 1.0 - policy.mandate * lenient[policy.governance]
    return 1.0


def _pool_of(spec: ScenarioSpec, st) -> str:
    """Who serves a station: its role's people (under peer review, the team's developers
    and reviewers together serve review stations), or its own automated servers."""
    if st.role == "automated":
        return f"automated:{st.name}"
    if st.role == "reviewer" and spec.people.peer_review.enabled:
        return "developer"
    return st.role


def _servers(spec: ScenarioSpec, role: str, station: str) -> int:
    team = spec.org.people_per_team
    if role == "developer" and spec.people.peer_review.enabled:
        return team.get("developer", 0) + team.get("reviewer", 0)
    if role in TEAM_ROLES:
        return team.get(role, 0)
    if role == "automated":
        return next(s.servers for s in spec.pipeline if s.name == station)
    return spec.org.shared_people.get(role, 0)


def _rate(x: float) -> str:
    if x >= 10:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"
