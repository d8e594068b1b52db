"""WIP limit: "stop starting, start finishing".

A team's developers who keep the norm start no new work while the team has `wip_limit`
items in progress (started, not yet in production); each delivery frees a place, and the
team's idle developers are asked again. Those who keep the old habit (a share 1 -
mandate) start new work anyway, so the developer pool asks each idle member in turn.

Neutral: wip_limit 0. Capacity effect: with an unlimited backlog the line is closed for
the developers who keep the norm; only the others start work freely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, developers

if TYPE_CHECKING:
    from orgsim.agents.developer import Developer
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec


class WipLimit(Rule):
    """The team's cap on work in progress, as a norm its developers keep."""

    name = "policy.wip_limit"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.limit = spec.policy.wip_limit
        self.adherence = mandate.adherence

    @property
    def neutral(self) -> bool:
        return self.limit <= 0

    def keeps_from_starting(self, developer: Developer) -> bool:
        return developer.team_obj.wip >= self.limit

    def staff(self, org: Organization) -> None:
        if self.neutral:
            return
        for dev in developers(org):
            if dev.follows_redesign:
                dev.norms += (self,)
        if self.adherence < 1.0:  # some keep the norm, some do not
            for pool in org.developer_pools:
                pool.mixed = True
        first = org.stations[0]
        if first.team_scoped:  # a delivery frees a place in the team's WIP
            org.flow.wakes_on_delivery = list(first.pools)

    def capacity_effect(self, line: Line) -> None:
        if not self.neutral:
            line.free_start_share *= 1.0 - self.adherence
