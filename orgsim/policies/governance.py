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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.work.item import WorkItem
    from orgsim.work.station import Station

MAIN, FAST, SKIP = 0, 1, 2  # lanes: the station's people, an automated lane, straight through


class Governance:
    """Decides the lane a change takes at a governed station."""

    def __init__(self, mode: str, continuous_deployment: bool) -> None:
        self.mode = mode
        self.continuous_deployment = continuous_deployment

    def is_neutral(self) -> bool:
        return self.mode == "manual" and not self.continuous_deployment

    def governs(self, station: Station) -> bool:
        kind = station.kind
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
