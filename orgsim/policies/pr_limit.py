"""Open-PR limit: a developer with that many PRs of their own opened and not yet merged
starts no new coding.

A team norm: they review (with peer review), swarm (under a WIP limit) or lose the time
to other work until one of their PRs merges; the merge asks them again. The mandate
decides who keeps the norm, as it does for the WIP limit. Each developer's count is
their own, so the developer pool asks each idle member in turn.

Neutral: open_pr_limit 0. Capacity effect: none in the estimate (the limit holds work
back in front of the merge; it does not change what the line can serve).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, developers

if TYPE_CHECKING:
    from orgsim.agents.developer import Developer
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec


class OpenPrLimit(Rule):
    """The personal cap on open PRs, as a norm developers keep."""

    name = "policy.open_pr_limit"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.limit = spec.policy.open_pr_limit

    @property
    def neutral(self) -> bool:
        return self.limit <= 0

    def keeps_from_starting(self, developer: Developer) -> bool:
        return developer.open_prs >= self.limit

    def staff(self, org: Organization) -> None:
        if self.neutral:
            return
        for dev in developers(org):
            if dev.follows_redesign:
                dev.norms += (self,)
        for pool in org.developer_pools:
            pool.mixed = True
        org.flow.counts_prs = any(s.merges for s in org.stations)
