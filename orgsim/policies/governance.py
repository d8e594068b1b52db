"""Governance: which route a change takes through sign-off, the board and deployment.

- manual: every change gets a person's security sign-off and waits for the change
  advisory board's window; it rides the release train.
- risk_based: low-risk changes get automated checks instead of a person's sign-off and
  skip the board; high-risk changes still go the manual way.
- automated: policy-as-code; every change is checked by automated stations and none
  waits for a board.
Continuous deployment (a release-cadence policy) lets a change deploy on its own as soon
as it is ready, when governance lets it skip the board.
A change that does not follow the redesign (see `Mandate`) takes the manual route.

The rule is a router: at each station it governs it picks the lane of every change (the
station's people, an automated lane of `automated_check_days` (`deploy_days` for a
deployment), or straight through).

Neutral: manual governance without continuous deployment (no station is governed).
Capacity effect: a governed station's people see only the changes that take the manual
route.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule
from orgsim.work.lanes import FAST, MAIN, SKIP, DelayLane

if TYPE_CHECKING:
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec
    from orgsim.work.item import WorkItem
    from orgsim.work.station import Station


class Governance(Rule):
    """Decides the lane a change takes at a governed station."""

    name = "policy.governance"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        p = spec.policy
        self.mode = p.governance
        self.continuous_deployment = p.continuous_deployment
        self.automated_check_days = p.automated_check_days
        self.deploy_days = p.deploy_days
        self.adherence = mandate.adherence
        self.high_risk_share = spec.org.demand.high_risk_share

    @property
    def neutral(self) -> bool:
        return self.mode == "manual" and not self.continuous_deployment

    def governs(self, kind: str) -> bool:
        if kind in ("sign_off", "board"):
            return self.mode != "manual"
        return kind == "deploy" and self.continuous_deployment

    def lenient_for(self, item: WorkItem) -> bool:
        """Does the policy let this change past manual control (before the mandate)?"""
        if self.mode == "automated":
            return True
        return self.mode == "risk_based" and not item.high_risk

    def lane(self, station: Station, item: WorkItem) -> int:
        if not item.redesign or not self.lenient_for(item):
            return MAIN
        kind = station.kind
        if kind == "sign_off":
            return FAST
        if kind == "board":
            return SKIP
        if kind == "deploy" and self.continuous_deployment:
            return FAST
        return MAIN

    def shape_station(self, station: Station, org: Organization) -> None:
        if not self.governs(station.kind):
            return
        station.router = self
        station.lane_days = (
            self.deploy_days if station.kind == "deploy" else self.automated_check_days
        )
        station.lane = DelayLane(org, functools.partial(_lane_done, org, station))

    def people_share(self, kind: str) -> float:
        """The share of changes a station's people still see (the rest take a lane)."""
        if not self.governs(kind) or self.mode == "manual":
            return 1.0
        lenient = 1.0 if self.mode == "automated" else 1.0 - self.high_risk_share
        return 1.0 - self.adherence * lenient

    def capacity_effect(self, line: Line) -> None:
        for st in line.stations:
            st.people_share *= self.people_share(st.kind)


def _lane_done(org: Organization, station: Station, item: WorkItem, tag: int) -> None:
    """A change leaves the automated lane: the flow carries it on."""
    org.flow.lane_done(station, item, tag)
