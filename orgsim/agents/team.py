"""Teams: fixed agents on the dependency network, owning a backlog, people and WIP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

if TYPE_CHECKING:
    from orgsim.model import OrgModel
    from orgsim.work.item import WorkItem


class Team(FixedAgent):
    """A team on its node of the team network.

    It owns the backlog (new work arrives here), knows its members and counts its work
    in progress (items started and not yet in production), which its WIP limit caps.
    """

    def __init__(self, model: OrgModel, index: int, name: str, cell) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.cell = cell
        self.wip = 0
        self.started = 0
        self.delivered = 0
        self.neighbours: list[int] = []

    def may_start_new_work(self, developer) -> bool:
        """Below the WIP limit anyone may start; at it, only those keeping the old habit do."""
        limit = self.model.policy.wip_limit
        return limit == 0 or self.wip < limit or not developer.follows_redesign

    def draw_from_unlimited_backlog(self) -> WorkItem | None:
        """With an unlimited backlog there is always a next item to start."""
        if self.model.unlimited_backlog:
            return self.model.flow.new_item(self.index, in_backlog=False)
        return None

    def __repr__(self) -> str:
        return f"Team({self.index}, {self.name!r}, wip={self.wip})"
