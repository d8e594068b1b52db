"""The scenario schema: every input orgsim accepts, validated at the edge.

A scenario is plain data (TOML on disk, a mapping in Python). It is validated once, on
load, by these pydantic models; the engine then reads plain attributes and never
re-checks them on the hot path. Every section has defaults, and every behavioural option
has a *neutral* value under which the pipeline is a network of FIFO queues (see
docs/model.md, "Queueing reduction").

The sections live by theme (`stations`, `organization`, `policy`, `people`, `patterns`);
this module holds the whole-scenario spec, whose checks span sections (a station's role
needs people in the org to serve it), and re-exports every section so that
`from orgsim.scenario.schema import X` names any of them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from orgsim.scenario.organization import (
    DEFAULT_DAILY_COST,
    ROLES,
    SHARED_ROLES,
    TEAM_ROLES,
    Demand,
    Org,
    Topology,
)
from orgsim.scenario.patterns import Pattern
from orgsim.scenario.people import Incidents, Learning, PeerReview, People, ReviewLoad
from orgsim.scenario.policy import AIAssistant, CenterOfExcellence, Policy
from orgsim.scenario.section import NonNegFloat, PositiveFloat, Probability, Section
from orgsim.scenario.stations import (
    DEFAULT_KIND,
    DeploymentRisk,
    Distribution,
    Gate,
    Rework,
    Station,
    StationKind,
    empirical_moments,
)

__all__ = [
    "DEFAULT_DAILY_COST",
    "DEFAULT_KIND",
    "ROLES",
    "SHARED_ROLES",
    "TEAM_ROLES",
    "AIAssistant",
    "CenterOfExcellence",
    "Demand",
    "DeploymentRisk",
    "Distribution",
    "Gate",
    "Incidents",
    "Learning",
    "NonNegFloat",
    "Org",
    "Pattern",
    "PeerReview",
    "People",
    "Policy",
    "PositiveFloat",
    "Probability",
    "ReviewLoad",
    "Rework",
    "ScenarioSpec",
    "Simulation",
    "Station",
    "StationKind",
    "Topology",
    "empirical_moments",
]


class Simulation(Section):
    """How long to run. Time is in working days (a week is 5)."""

    days: PositiveFloat = 250.0
    warmup_days: NonNegFloat = 0.0


def _not_last(st: Station, after: list[Station]) -> str:
    """The problem of a deployment station followed by other stations, on one line."""
    field, why = ("deployment", "it carries deployment risk")
    if st.deployment is None:
        given = "kind" in st.model_fields_set
        field, why = ("kind", "its kind is deploy" if given else "release managers deploy")
    return (
        f"pipeline.{st.name}.{field}: a deployment station must be the last station of the "
        f"pipeline ({why}, but {', '.join(s.name for s in after)} come after it"
        + ("" if st.deployment is not None else "; give it another kind if it does not deploy")
        + ")"
    )


class ScenarioSpec(Section):
    """A whole scenario. Cross-section rules are checked here.

    Use `orgsim.load_scenario` to build one; `Scenario.with_overrides` to vary it.
    """

    name: str = "scenario"
    description: str = ""
    simulation: Simulation = Simulation()
    org: Org = Org()
    pipeline: Annotated[list[Station], Field(min_length=1)] = Field(
        default_factory=lambda: [Station(name="coding", role="developer")]
    )
    ai: AIAssistant = AIAssistant()
    policy: Policy = Policy()
    people: People = People()
    patterns: list[Pattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pipeline_is_possible(self) -> ScenarioSpec:
        names = [s.name for s in self.pipeline]
        if self.org.demand.kind == "backlog" and self.pipeline[0].role != "developer":
            raise ValueError(
                f"org.demand.kind: an unlimited backlog is drawn by developers, but the first "
                f"station ({self.pipeline[0].name}) is served by {self.pipeline[0].role}"
            )
        seen: set[str] = set()
        for i, st in enumerate(self.pipeline):
            if st.name in seen:
                raise ValueError(f"pipeline.{st.name}: station name used twice")
            seen.add(st.name)
            if st.name in ("backlog", "done"):
                raise ValueError(f"pipeline.{st.name}: '{st.name}' is reserved")
            for target, what in (
                (st.rework.to if st.rework else None, "rework.to"),
                (st.deployment.rework_to if st.deployment else None, "deployment.rework_to"),
            ):
                if target is not None and target not in names[: i + 1]:
                    raise ValueError(
                        f"pipeline.{st.name}.{what}: {target!r} is not this or an earlier station"
                    )
            if st.role in TEAM_ROLES:
                peer = st.role == "reviewer" and self.people.peer_review.enabled
                if self.org.people_per_team.get(st.role, 0) < 1 and not peer:
                    raise ValueError(
                        f"pipeline.{st.name}.role: no {st.role} in org.people_per_team to serve it"
                    )
            elif st.role in SHARED_ROLES and self.org.shared_people.get(st.role, 0) < 1:
                raise ValueError(
                    f"pipeline.{st.name}.role: no {st.role} in org.shared_people to serve it"
                )
            if st.role != "automated" and "servers" in st.model_fields_set:
                raise ValueError(
                    f"pipeline.{st.name}.servers: only automated stations have servers; "
                    f"{st.role} stations are served by people"
                )
            if st.deploys and i < len(self.pipeline) - 1:
                raise ValueError(_not_last(st, self.pipeline[i + 1 :]))
        demand = self.org.demand
        if demand.kind == "poisson" and demand.rate_per_team == 0:
            raise ValueError(
                "org.demand.rate_per_team: Poisson demand at rate 0 brings no work into the "
                'pipeline (give a rate above 0, or kind = "backlog")'
            )
        if sum(st.merge for st in self.pipeline) > 1:
            raise ValueError("pipeline: more than one station has merge = true")
        self._peer_review_is_possible()
        return self

    def _peer_review_is_possible(self) -> None:
        if not self.people.peer_review.enabled:
            return
        team = self.org.people_per_team
        if not any(st.role == "reviewer" for st in self.pipeline):
            raise ValueError(
                "people.peer_review.enabled: the pipeline has no review station "
                "(a station with role = 'reviewer') for developers to serve"
            )
        if team.get("reviewer", 0) < 1 and team.get("developer", 0) < 2:
            raise ValueError(
                "people.peer_review.enabled: with no dedicated reviewers a team needs at "
                "least 2 developers (an author never reviews their own PR)"
            )

    @property
    def deployment_station(self) -> Station | None:
        """The station whose departures are deployments to production (always the last
        one), or None when the pipeline stops short of production."""
        last = self.pipeline[-1]
        return last if last.deploys else None

    @property
    def station_names(self) -> list[str]:
        return [s.name for s in self.pipeline]
