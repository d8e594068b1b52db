"""Developers: pull work by rule and code it, with or without an AI assistant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.agents.worker import Job, Worker

if TYPE_CHECKING:
    from orgsim.agents.pool import RolePool
    from orgsim.model import OrgModel
    from orgsim.work.station import Station


class Developer(Worker):
    """A developer of one team.

    Pull rule: rework of the own team first, then the team's backlog. Under a WIP limit,
    a developer who follows the redesign (see `Mandate`) starts no new work while the
    team is at its limit ("stop starting, start finishing") and swarms on the team's
    review queue instead; one who keeps the old habit starts new work anyway.

    An AI assistant divides coding time by its effective speed-up (the nominal speed-up,
    realized in proportion to data access) and bills tokens for every assisted coding
    day; it also changes the PR it produces (size, latent defects). Whether a developer
    has an assistant follows the team's adoption level, which a center of excellence can
    raise over time: `adoption_draw` is the developer's fixed place in that queue.
    """

    role = "developer"

    def __init__(self, model: OrgModel, pool: RolePool, adoption_draw: float) -> None:
        super().__init__(model, pool)
        self.adoption_draw = adoption_draw
        self.follows_redesign = model.policy.mandate.person_follows()
        self.assisted = False
        self.speedup = 1.0
        self.update_assistant(model.team_adoption[pool.team])

    def update_assistant(self, team_adoption: float) -> None:
        """Have an assistant once the team's adoption level reaches this developer."""
        self.assisted = self.adoption_draw < team_adoption
        if self.assisted:
            ai = self.model.scenario_spec.ai
            access = self.model.policy.coe.data_access
            self.speedup = 1.0 + (ai.coding_speedup - 1.0) * access
        else:
            self.speedup = 1.0

    def pick_next_job(self) -> tuple[Station, Job] | None:
        k = self.pool.k
        team = self.model.teams[self.team]
        blocked = False
        for st in self.pool.stations:
            q = st.queues[k]
            if q.batches:
                return st, q.batches.popleft()
            if st.gate is not None:
                continue
            if q.returned:
                return st, q.returned.popleft()
            if st.index == 0:
                if not team.may_start_new_work(self):
                    blocked = True
                    continue
                item = q.fresh.popleft() if q.fresh else team.draw_from_unlimited_backlog()
                if item is not None:
                    return st, item
            elif q.fresh:
                return st, q.fresh.popleft()
        if blocked and self.model.policy.swarm:
            return self.swarm_on_review()
        return None

    def swarm_on_review(self) -> tuple[Station, Job] | None:
        """At the WIP limit: help finish the team's changes waiting for review."""
        k = self.pool.k
        for st in self.model.review_stations:
            if st.gate is not None:
                continue
            q = st.queues[k]
            if q.returned:
                return st, q.returned.popleft()
            if q.fresh:
                return st, q.fresh.popleft()
        return None
