"""Mandate: how strongly process redesign is enforced.

Redesigned rules compete with old habits. The mandate is the probability that a given
agent or change follows the new rule: each developer is, once and for all, someone who
respects the WIP limit or someone who keeps starting work; each change, once and for
all, takes the new governance and release route or the old one; each departure of a
re-timed release train actually leaves, or is held by a release manager keeping the old
rhythm. A weak mandate also means competing priorities: everybody loses a share of their
time to other work.
"""

from __future__ import annotations

from orgsim.work.distributions import Uniforms, stream


class Mandate:
    """The adherence probability and the draws that apply it, each from its own stream."""

    def __init__(self, adherence: float, competing_priorities: float, seed: int) -> None:
        self.adherence = adherence
        self.time_lost = (1.0 - adherence) * competing_priorities
        self._people = Uniforms(stream(seed, "mandate/people"))
        self._changes = Uniforms(stream(seed, "mandate/changes"))
        self._trains = Uniforms(stream(seed, "mandate/trains"))

    @property
    def focus_factor(self) -> float:
        """How much longer a person's task takes when part of their time goes elsewhere."""
        return 1.0 / (1.0 - self.time_lost)

    def person_follows(self) -> bool:
        return self.adherence >= 1.0 or self._people.next() < self.adherence

    def change_follows(self) -> bool:
        return self.adherence >= 1.0 or self._changes.next() < self.adherence

    def train_leaves(self) -> bool:
        return self.adherence >= 1.0 or self._trains.next() < self.adherence
