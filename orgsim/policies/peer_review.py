"""Peer review: developers review their teammates' PRs beside the team's reviewers.

A developer reviews by the team's rule before starting new coding: always
(`review_first`), while their review time is below a `share` of their busy time
(`share`), or while a review queue of the team holds more than `threshold` PRs
(`threshold`); with nothing else to do they review too. Never their own PR. When a PR
joins the team's review queue, the team's developers are asked after its reviewers.

Neutral: people.peer_review.enabled false. Capacity effect: the team's developers and
reviewers serve coding and review as one pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, add_helpers, developers

if TYPE_CHECKING:
    from orgsim.agents.developer import Developer
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec


class PeerReview(Rule):
    """When developers review, and the help they give the team's review stations."""

    name = "people.peer_review"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        peer = spec.people.peer_review
        self.enabled = peer.enabled
        self.rule = peer.rule
        self.share = peer.share
        self.threshold = peer.threshold
        self.review_stations: list = []

    @property
    def neutral(self) -> bool:
        return not self.enabled

    def wants_to_review(self, developer: Developer) -> bool:
        """Review now rather than start new coding?"""
        if self.rule == "review_first":
            return True
        if self.rule == "share":
            return developer.review_time < self.share * developer.busy_time
        threshold = self.threshold
        k = developer.pool.k
        for st in self.review_stations:
            q = st.queues[k]
            if len(q.returned) + len(q.fresh) > threshold:
                return True
        return False

    def staff(self, org: Organization) -> None:
        if self.neutral:
            return
        self.review_stations = org.review_stations
        for dev in developers(org):
            dev.review_rule = self
            dev.reviews_when_free = True
        for pool in org.developer_pools:
            pool.mixed = True
        for st in org.review_stations:
            st.peer_pools = org.developer_pools
            add_helpers(st, lambda k: (org.developer_pools[k],))

    def capacity_effect(self, line: Line) -> None:
        if self.neutral:
            return
        for st in line.stations:
            if st.role == "reviewer":
                st.pool = "developer"
        line.servers["developer"] += line.servers["reviewer"]
