"""Swarming: at the WIP limit, developers review instead of starting new work.

"Stop starting, start finishing": a developer whom the WIP limit (or the open-PR limit,
under a WIP limit) keeps from starting takes a teammate's PR from the team's review
queue; a PR that joins the queue is offered to the team's idle developers after its
reviewers.

Neutral: swarm false, or no WIP limit. Capacity effect: none in the estimate (blocked
developers lend time to review only while the limit binds; the estimate stays on the
safe side of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, add_helpers, developers

if TYPE_CHECKING:
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec


class Swarming(Rule):
    """Blocked developers help with the team's reviews."""

    name = "policy.swarm"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.enabled = spec.policy.swarm and spec.policy.wip_limit > 0

    @property
    def neutral(self) -> bool:
        return not self.enabled

    def staff(self, org: Organization) -> None:
        if self.neutral:
            return
        for dev in developers(org):
            dev.reviews_when_stopped = True
        for st in org.stations:
            if st.kind == "review" and st.team_scoped:
                add_helpers(st, lambda k: (org.developer_pools[k],))
