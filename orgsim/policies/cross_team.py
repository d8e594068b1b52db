"""Cross-team review: reviewers with nothing of their own to review help neighbours.

A reviewer whose team's queue is empty takes the longest review queue among the teams
next to theirs on the dependency network; a PR that joins a review queue is offered to
the neighbouring teams' idle reviewers after the team's own.

Neutral: cross_team_review false. Capacity effect: none in the estimate (teams alike in
size and demand keep their own reviewers alike busy; help across edges evens out the
queues, it adds no reviewer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, add_helpers

if TYPE_CHECKING:
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec


class CrossTeamReview(Rule):
    """Reviewers help the teams next to theirs."""

    name = "policy.cross_team_review"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.enabled = spec.policy.cross_team_review

    @property
    def neutral(self) -> bool:
        return not self.enabled

    def staff(self, org: Organization) -> None:
        if self.neutral:
            return
        for st in org.stations:
            if st.kind == "review":
                add_helpers(st, lambda k, st=st: st.pools[k].neighbours)
        for pool in org.pools:
            if pool.role == "reviewer":
                pool.helps = pool.neighbours
