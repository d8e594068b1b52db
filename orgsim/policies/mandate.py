"""Mandate: how strongly process redesign is enforced.

Redesigned rules compete with old habits. The mandate is the probability that a given
agent or change follows the new rule: each developer is, once and for all, someone who
keeps the redesigned norms (the WIP limit, the limit on open PRs) or someone who keeps
starting work; each change, once and for all, takes the new governance and release route
or the old one; each departure of a re-timed release train actually leaves, or is held
by a release manager keeping the old rhythm. The other rules consult it; it has no
capacity effect of its own (each rule it moderates counts the share that follows).

Neutral: mandate 1 (everyone follows; no draw is made).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule, developers
from orgsim.work.distributions import Uniforms, stream

if TYPE_CHECKING:
    from orgsim.scenario.schema import ScenarioSpec


class Mandate(Rule):
    """The adherence probability and the draws that apply it, each from its own stream."""

    name = "policy.mandate"

    def __init__(self, spec: ScenarioSpec, seed: int) -> None:
        self.adherence = spec.policy.mandate
        self._people = Uniforms(stream(seed, "mandate/people"))
        self._changes = Uniforms(stream(seed, "mandate/changes"))
        self._trains = Uniforms(stream(seed, "mandate/trains"))

    @property
    def neutral(self) -> bool:
        return self.adherence >= 1.0

    def person_follows(self) -> bool:
        return self.adherence >= 1.0 or self._people.next() < self.adherence

    def change_follows(self) -> bool:
        return self.adherence >= 1.0 or self._changes.next() < self.adherence

    def train_leaves(self) -> bool:
        return self.adherence >= 1.0 or self._trains.next() < self.adherence

    def shape(self, org: Organization) -> None:
        org.flow.redesign_share = self.adherence
        if not self.neutral:
            org.flow.change_follows = self.change_follows

    def staff(self, org: Organization) -> None:
        for dev in developers(org):  # one draw each, in the order they were hired
            dev.follows_redesign = self.person_follows()
