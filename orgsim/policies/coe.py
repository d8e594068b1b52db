"""The center of excellence: AI practice spread along the team network, and its effects.

Its diffusion of AI practice along the team network is an agent
(`orgsim.agents.coe.CoEAgent`), which this rule starts; the effects that act continuously
are multipliers computed here once: AI-assisted review and test generation (review and
test stations faster), guardrails on the defects AI-written code carries, and better
data access for the assistants.

Neutral: disabled (strength 0: every multiplier leaves the AI section's values as they
are). Capacity effect: review and test visits shorter, the assistants' defect multiplier
and data access as the engine uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule

if TYPE_CHECKING:
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec
    from orgsim.work.station import Station


class CenterOfExcellence(Rule):
    """Multipliers a center of excellence of a given strength brings (all 1 when off)."""

    name = "policy.center_of_excellence"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        coe, ai = spec.policy.center_of_excellence, spec.ai
        s = coe.strength if coe.enabled else 0.0
        self.enabled = coe.enabled
        self.strength = s
        self.diffusion = coe.diffusion
        self.review_speed = 1.0 + (coe.review_speedup - 1.0) * s
        self.test_speed = 1.0 + (coe.test_speedup - 1.0) * s
        self.defect_multiplier = 1.0 + (ai.defect_multiplier - 1.0) * (1.0 - s)
        self.data_access = ai.data_access + (1.0 - ai.data_access) * s
        self.assistant_speedup = 1.0 + (ai.coding_speedup - 1.0) * self.data_access

    @property
    def neutral(self) -> bool:
        return not self.enabled

    def speed_at(self, kind: str) -> float:
        """How much faster a station of this kind works with the CoE's tooling."""
        return {"review": self.review_speed, "test": self.test_speed}.get(kind, 1.0)

    def shape_station(self, station: Station, org: Organization) -> None:
        station.scale *= 1.0 / self.speed_at(station.kind)

    def shape(self, org: Organization) -> None:
        org.flow.defect_multiplier = self.defect_multiplier
        org.assistant_speedup = self.assistant_speedup

    def start(self, org: Organization) -> None:
        if self.enabled:
            # Mesa's agent, loaded only by a run: the capacity estimate needs no Mesa.
            from orgsim.agents.coe import CoEAgent

            org.coe = CoEAgent(org, self.strength, self.diffusion)  # type: ignore[arg-type]

    def capacity_effect(self, line: Line) -> None:
        line.defect_multiplier = self.defect_multiplier
        line.data_access = self.data_access
        for st in line.stations:
            st.work_factor *= 1.0 / self.speed_at(st.kind)
