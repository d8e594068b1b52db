"""Developers: pull work by rule and code it, with or without an AI assistant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from orgsim.agents.worker import Job, Worker

if TYPE_CHECKING:
    from orgsim.agents.organization import Organization
    from orgsim.agents.pool import RolePool
    from orgsim.work.station import Station


class StartingNorm(Protocol):
    """A norm that can tell a developer to stop starting new work."""

    def keeps_from_starting(self, developer: Developer) -> bool: ...


class ReviewRule(Protocol):
    """When a developer reviews a teammate's PR rather than start new coding."""

    def wants_to_review(self, developer: Developer) -> bool: ...


class Developer(Worker):
    """A developer of one team.

    Pull rule, finish before you start: returned work of the own team first (rework and
    urgent bug fixes), then, by the peer-review rule, the team's review queue, then new
    work from the team's backlog. New work waits while the developer keeps a norm that
    says stop: the team's WIP limit ("stop starting, start finishing") or the personal
    limit on open PRs. A developer who follows the redesign (see `Mandate`) keeps those
    norms; one who keeps the old habit starts new work anyway. Someone who may not start
    reviews (with peer review), swarms on the team's review queue (under a WIP limit), or
    loses the time to other work until one of their PRs merges.

    An AI assistant divides coding time by its effective speed-up (the nominal speed-up,
    realized in proportion to data access; ramped up from a starting speed over a
    learning period when the scenario says so) and bills tokens for every assisted coding
    day; it also changes the PR it produces (size, latent defects). Whether a developer
    has an assistant follows the team's adoption level, which a center of excellence can
    raise over time: `adoption_draw` is the developer's fixed place in that queue.

    The rules themselves live in orgsim.policies: when the organization is staffed they
    hand each developer the norms it keeps (`norms`), its review rule and when it reviews
    instead of coding. Left as built here (no norm, no review), a developer is a plain
    FIFO server of the team's coding queue.
    """

    role = "developer"

    def __init__(self, model: Organization, pool: RolePool, adoption_draw: float) -> None:
        super().__init__(model, pool)
        self.adoption_draw = adoption_draw
        self.follows_redesign = True  # keeps the redesigned norms (the mandate decides)
        self.assisted = False
        self.speedup = 1.0
        self.ramp_until = -1.0  # learning: the speed-up is reached at this time
        self.ramp_from = 0.0
        self.seat_from = -1.0  # when the developer got an assistant (seat licence)
        self.open_prs = 0  # own PRs opened and not yet merged
        self.review_time = 0.0  # days spent reviewing teammates' PRs (the share rule)
        # Set once by the organization's rules (orgsim.policies); neutral here.
        self.norms: tuple[StartingNorm, ...] = ()  # norms this developer keeps
        self.review_rule: ReviewRule | None = None  # reviews first when it says so
        self.reviews_when_free = False  # nothing else to do: review a teammate's PR
        self.reviews_when_stopped = False  # a norm says stop starting: review instead
        # The rule's fixed inputs, read once: it runs at every hand-off.
        self.team_obj = model.teams[pool.team]
        self.new_item = model.flow.new_item if model.unlimited_backlog else None
        self.update_assistant(model.team_adoption[pool.team])

    # -- the assistant --------------------------------------------------------------------
    def update_assistant(self, team_adoption: float) -> None:
        """Have an assistant once the team's adoption level reaches this developer."""
        was = self.assisted
        self.assisted = self.adoption_draw < team_adoption
        if self.assisted:
            ai = self.model.scenario_spec.ai
            self.speedup = self.model.assistant_speedup
            if not was:
                self.seat_from = self.model.now
            if not was and ai.learning.days > 0:
                self.ramp_from = self.model.now
                self.ramp_until = self.model.now + ai.learning.days
        else:
            self.speedup = 1.0

    def speed_at(self, now: float) -> float:
        """The assistant's speed-up while the developer is still learning to use it."""
        learning = self.model.scenario_spec.ai.learning
        done = (now - self.ramp_from) / learning.days
        return learning.initial_speedup + (self.speedup - learning.initial_speedup) * done

    # -- the rule ---------------------------------------------------------------------------
    def pick_next_job(self) -> tuple[Station, Job] | None:
        k = self.pool.k
        blocked = False
        for st in self.pool.stations:  # downstream first
            q = st.queues[k]
            if q.batches:
                return st, q.batches.popleft()
            if st.gate is not None:
                continue
            if q.returned:
                return st, q.returned.popleft()
            if st.index == 0:
                rule = self.review_rule
                if rule is not None and rule.wants_to_review(self):
                    picked = self.pick_review()
                    if picked is not None:
                        return picked
                if self.norms and self.keeps_from_starting():
                    blocked = True
                    continue
                if q.fresh:
                    return st, q.fresh.popleft()
                if self.new_item is not None:  # an unlimited backlog: always a next item
                    return st, self.new_item(self.team, False)
            elif q.fresh:
                return st, q.fresh.popleft()
        if self.reviews_when_free or (blocked and self.reviews_when_stopped):
            # A peer reviewer with nothing else to do, or, at the WIP limit, a developer
            # who swarms on the team's reviews: "stop starting, start finishing".
            return self.pick_review()
        return None

    def keeps_from_starting(self) -> bool:
        """Does a norm this developer keeps say stop starting (the team's WIP limit, the
        personal limit on open PRs)? Those who keep the old habit hold no norm."""
        for norm in self.norms:  # noqa: SIM110 (a loop: no generator at every hand-off)
            if norm.keeps_from_starting(self):
                return True
        return False

    def wants_to_review(self) -> bool:
        """The review rule: review now rather than start new coding?"""
        rule = self.review_rule
        return rule is not None and rule.wants_to_review(self)

    def pick_review(self) -> tuple[Station, Job] | None:
        """A teammate's PR from the team's review queue (re-reviews first); never one's own."""
        k = self.pool.k
        for st in self.model.review_stations:
            if st.gate is not None:
                continue
            q = st.queues[k]
            for lane in (q.returned, q.fresh):
                for i, item in enumerate(lane):
                    if item.author is not self:
                        del lane[i]
                        return st, item
        return None

    def start(self, station: Station, job: Job) -> None:
        super().start(station, job)
        if self.review_rule is not None and station.kind == "review":
            self.review_time += self.until - self.since
