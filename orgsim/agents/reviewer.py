"""Reviewers: review pull requests of their team and, along network edges, of neighbours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.agents.worker import Job, Worker

if TYPE_CHECKING:
    from orgsim.work.station import Station


class Reviewer(Worker):
    """A reviewer of one team.

    Own team's queue first (returned work, then fresh). When that is empty, help the
    team with the longest review queue among those the pool helps (`RolePool.helps`: the
    neighbours on the dependency network when the organization allows cross-team
    review, none otherwise). Review time grows with PR size; defects found
    send the change back to its author (see `Rework` in the scenario schema).
    """

    role = "reviewer"

    def pick_next_job(self) -> tuple[Station, Job] | None:
        own = super().pick_next_job()
        helps = self.pool.helps
        if own is not None or not helps:
            return own
        best: tuple[int, int, Station] | None = None
        for pool in helps:
            for st in self.pool.stations:
                if st.gate is not None:
                    continue
                n = st.queues[pool.k].waiting()
                if n and (best is None or n > best[0]):
                    best = (n, pool.k, st)
        if best is None:
            return None
        _, k, st = best
        q = st.queues[k]
        return st, (q.returned.popleft() if q.returned else q.fresh.popleft())
