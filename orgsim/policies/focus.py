"""Competing priorities: the time people lose to other work when the mandate is weak.

Under a weak mandate everybody loses a share `(1 - mandate) * competing_priorities` of
their time to other work: a person's task takes `1 / (1 - lost)` times as long, and only
`1 - lost` of that time is work on it. Automated servers lose nothing.

Neutral: competing_priorities 0 (or mandate 1). Capacity effect: the work of a visit at a
station served by people grows by the same factor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule

if TYPE_CHECKING:
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec
    from orgsim.work.station import Station


class CompetingPriorities(Rule):
    """Time lost to other work, and the longer tasks that follow from it."""

    name = "policy.competing_priorities"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.time_lost = (1.0 - mandate.adherence) * spec.policy.competing_priorities

    @property
    def neutral(self) -> bool:
        return self.time_lost == 0.0

    @property
    def focus_factor(self) -> float:
        """How much longer a person's task takes when part of their time goes elsewhere."""
        return 1.0 / (1.0 - self.time_lost)

    def shape_station(self, station: Station, org: Organization) -> None:
        if station.role != "automated":
            station.scale *= self.focus_factor
            station.touch = 1.0 / self.focus_factor  # time lost to other work waits

    def capacity_effect(self, line: Line) -> None:
        for st in line.stations:
            if st.role != "automated":
                st.work_factor *= self.focus_factor
