"""The center of excellence: an agent that spreads AI practice along the team network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
from mesa.time import Schedule

if TYPE_CHECKING:
    from orgsim.agents.organization import Organization

WEEK = 5.0


class CoEAgent(mesa.Agent):
    """A small central team that coaches product teams in using AI well.

    It starts with the best-connected team (most dependencies), bringing it up to the
    CoE's strength, and every week each team's adoption moves a share of the way toward
    its most advanced neighbour's: practice travels along the edges of the team network,
    as it does between teams that work together. Without a CoE each team keeps the
    adoption level it reached on its own.
    """

    def __init__(self, model: Organization, strength: float, diffusion: float) -> None:
        super().__init__(model)
        self.strength = strength
        self.rate = diffusion * strength
        hub = max(model.teams, key=lambda t: (len(t.neighbours), -t.index))
        self.hub = hub.index
        levels = model.team_adoption
        levels[hub.index] = max(levels[hub.index], strength)
        model.apply_adoption(hub.index)
        self.coaching = model.schedule_recurring(self.coach, Schedule(interval=WEEK, start=WEEK))

    def coach(self) -> None:
        """One week of coaching: adoption diffuses from each team's most advanced neighbour."""
        model = self.model
        levels = model.team_adoption
        before = list(levels)
        for team in model.teams:
            if not team.neighbours:
                continue
            best = max(before[j] for j in team.neighbours)
            if best > before[team.index]:
                levels[team.index] = before[team.index] + self.rate * (best - before[team.index])
                model.apply_adoption(team.index)
