"""The delivery line as the capacity estimate sees it, before the rules change it.

The estimate (orgsim/policies/capacity.py) builds one `Line` from the scenario, lets every
rule apply its closed-form effect to it (`Rule.capacity_effect`), then does its queueing
arithmetic on what the rules left: the rules speak to the estimate through this object as
they speak to the engine through stations, pools and developers.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgsim.scenario.schema import SHARED_ROLES, TEAM_ROLES, Gate, ScenarioSpec
from orgsim.scenario.schema import Station as StationSpec


@dataclass
class StationLine:
    """One station: who serves it, how long a visit takes them, which gate it waits for."""

    spec: StationSpec
    pool: str  # who serves it: a role, or "automated:<station>" for its own servers
    gate: Gate | None  # the gate it runs on (a rule may re-time it)
    work_factor: float = 1.0  # multiplier on a visit's work (focus, assisted review, ...)
    people_share: float = 1.0  # share of the visits its own servers handle (no lane)
    passing_share: float = 1.0  # share of the gate's openings that pass work

    @property
    def kind(self) -> str:
        return self.spec.station_kind

    @property
    def role(self) -> str:
        return self.spec.role


@dataclass
class Line:
    """The whole line: stations, servers per pool and what the assistants bring."""

    spec: ScenarioSpec
    stations: list[StationLine]
    servers: dict[str, int]  # per pool: servers per team (team roles) or in all (shared)
    defect_multiplier: float  # latent defects of assisted code against hand-written code
    data_access: float  # the share of an assistant's potential the teams can use
    free_start_share: float = 1.0  # unlimited backlog: share of developers who start freely

    @classmethod
    def of(cls, spec: ScenarioSpec) -> Line:
        """The line as the scenario describes it, with every rule neutral."""
        stations = [
            StationLine(st, f"automated:{st.name}" if st.role == "automated" else st.role, st.gate)
            for st in spec.pipeline
        ]
        servers = {role: spec.org.people_per_team.get(role, 0) for role in TEAM_ROLES}
        servers.update({role: spec.org.shared_people.get(role, 0) for role in SHARED_ROLES})
        servers.update(
            {f"automated:{s.name}": s.servers for s in spec.pipeline if s.role == "automated"}
        )
        ai = spec.ai
        return cls(spec, stations, servers, ai.defect_multiplier, ai.data_access)
