"""The organization's sections: teams on a network, people per role, demand, labour cost.

Who is there and how work arrives, apart from the pipeline it flows through: the roles
named here are the ones a station may be served by, and the scenario checks (in
`orgsim.scenario.schema`) match the two.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orgsim.scenario.people import Incidents
from orgsim.scenario.section import NonNegFloat, Probability, Section
from orgsim.scenario.stations import Distribution

ROLES = ("developer", "reviewer", "approver", "release_manager", "automated")
TEAM_ROLES = ("developer", "reviewer")
DEFAULT_DAILY_COST = {
    "developer": 800.0,
    "reviewer": 850.0,
    "approver": 900.0,
    "release_manager": 900.0,
    "automated": 0.0,
    "coe": 900.0,
}
SHARED_ROLES = ("approver", "release_manager")


class Demand(Section):
    """Where work comes from.

    `poisson`: new items arrive at each team at `rate_per_team` per working day.
    `backlog`: the backlog never runs dry; a developer who looks for new work finds some.
    `priority_share`: with Poisson demand, the share of arriving requests that are urgent
    (an expedite class of service): they wait ahead of fresh work at every station.
    """

    kind: Literal["poisson", "backlog"] = "poisson"
    rate_per_team: NonNegFloat = 1.0
    size: Distribution = Distribution(dist="deterministic", mean=1.0, cv=0.0)
    high_risk_share: Probability = 0.0
    defects_per_size: NonNegFloat = 0.0
    cross_team_share: Probability = 0.0
    priority_share: Probability = 0.0

    @model_validator(mode="after")
    def _priority_needs_arrivals(self) -> Demand:
        if self.priority_share > 0 and self.kind != "poisson":
            raise ValueError("priority_share needs kind 'poisson' (urgent requests arrive)")
        return self


class Topology(Section):
    """How teams depend on each other (edges carry cross-team reviews and coupling)."""

    kind: Literal["hierarchy", "small_world", "scale_free", "complete", "ring", "file"] = (
        "hierarchy"
    )
    degree: Annotated[int, Field(ge=1)] = 4
    rewire: Probability = 0.1
    branching: Annotated[int, Field(ge=1)] = 3
    file: str | None = None

    @model_validator(mode="after")
    def _file_needs_path(self) -> Topology:
        if self.kind == "file" and not self.file:
            raise ValueError("topology kind 'file' needs 'file' (an edge list or GraphML path)")
        return self


def _known_roles(v: dict, allowed: tuple[str, ...], what: str) -> dict:
    for role in v:
        if role not in allowed:
            raise ValueError(f"unknown {what} {role!r} (expected one of {allowed})")
    return v


class Org(Section):
    """The organization: teams on a network, people per role, demand, labour cost."""

    teams: Annotated[int, Field(ge=1, le=20_000)] = 1
    team_names: list[str] | None = None
    topology: Topology = Topology()
    people_per_team: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: {"developer": 1}
    )
    shared_people: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    demand: Demand = Demand()
    incidents: Incidents = Incidents()
    daily_cost: dict[str, NonNegFloat] = Field(default_factory=lambda: dict(DEFAULT_DAILY_COST))

    @field_validator("people_per_team")
    @classmethod
    def _team_roles(cls, v: dict[str, int]) -> dict[str, int]:
        return _known_roles(v, TEAM_ROLES, "team role")

    @field_validator("shared_people")
    @classmethod
    def _shared_roles(cls, v: dict[str, int]) -> dict[str, int]:
        return _known_roles(v, SHARED_ROLES, "shared role")

    @field_validator("daily_cost")
    @classmethod
    def _cost_roles(cls, v: dict[str, float]) -> dict[str, float]:
        """Roles left out keep their default cost: naming one role changes only that one."""
        known = (*TEAM_ROLES, *SHARED_ROLES, "automated", "coe")
        return {**DEFAULT_DAILY_COST, **_known_roles(v, known, "role")}

    @model_validator(mode="after")
    def _names_match(self) -> Org:
        if self.team_names is not None:
            if len(self.team_names) != self.teams:
                raise ValueError(
                    f"team_names has {len(self.team_names)} names for {self.teams} teams"
                )
            if len(set(self.team_names)) != len(self.team_names):
                raise ValueError("team_names must be unique")
        return self
