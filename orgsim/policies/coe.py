"""The center of excellence's effects on stations and assistants.

Its diffusion of AI practice along the team network is an agent
(`orgsim.agents.coe.CoEAgent`); the effects that act continuously are multipliers
computed here once: AI-assisted review and test generation, guardrails on the defects
AI-written code carries, and better data access for the assistants.
"""

from __future__ import annotations

from orgsim.scenario.schema import AIAssistant
from orgsim.scenario.schema import CenterOfExcellence as CoESpec


class CoEEffects:
    """Multipliers a center of excellence of a given strength brings (all 1 when off)."""

    def __init__(self, spec: CoESpec, ai: AIAssistant) -> None:
        s = spec.strength if spec.enabled else 0.0
        self.enabled = spec.enabled
        self.strength = s
        self.review_speed = 1.0 + (spec.review_speedup - 1.0) * s
        self.test_speed = 1.0 + (spec.test_speedup - 1.0) * s
        self.defect_multiplier = 1.0 + (ai.defect_multiplier - 1.0) * (1.0 - s)
        self.data_access = ai.data_access + (1.0 - ai.data_access) * s

    def speed_at(self, kind: str) -> float:
        return {"review": self.review_speed, "test": self.test_speed}.get(kind, 1.0)
