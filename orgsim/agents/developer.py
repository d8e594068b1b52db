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

    Pull rule: rework of the own team first, then the team's backlog, but only while the
    team's work in progress is under its WIP limit ("stop starting, start finishing").
    An AI assistant divides coding time by its effective speed-up (the nominal speed-up,
    realized in proportion to the team's data access) and bills tokens for every
    assisted coding day; it also changes the PR it produces (size, latent defects).
    """

    role = "developer"

    def __init__(self, model: OrgModel, pool: RolePool, assisted: bool) -> None:
        super().__init__(model, pool)
        self.assisted = assisted
        ai = model.scenario_spec.ai
        self.speedup = 1.0 + (ai.coding_speedup - 1.0) * ai.data_access if assisted else 1.0

    def pick_next_job(self) -> tuple[Station, Job] | None:
        k = self.pool.k
        team = self.model.teams[self.team]
        for st in self.pool.stations:
            q = st.queues[k]
            if q.batches:
                return st, q.batches.popleft()
            if st.gate is not None:
                continue
            if q.returned:
                return st, q.returned.popleft()
            if st.index == 0:
                if not team.may_start_new_work():
                    continue
                item = q.fresh.popleft() if q.fresh else team.draw_from_unlimited_backlog()
                if item is not None:
                    return st, item
            elif q.fresh:
                return st, q.fresh.popleft()
        return None
