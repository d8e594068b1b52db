"""Teams: fixed agents on the dependency network, owning a backlog, people and WIP."""

from __future__ import annotations

import mesa
from mesa.discrete_space import FixedAgent


class Team(FixedAgent):
    """A team on its node of the team network.

    It owns the backlog (new work arrives here), knows its members and counts its work
    in progress (items started and not yet in production), which its WIP limit caps
    (the developers' rule reads it: `Developer.keeps_from_starting`).
    """

    def __init__(self, model: mesa.Model, index: int, name: str, cell) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.cell = cell
        self.wip = 0
        self.started = 0
        self.delivered = 0
        self.neighbours: list[int] = []

    def __repr__(self) -> str:
        return f"Team({self.index}, {self.name!r}, wip={self.wip})"
