"""Review under load: how reviewers and approvers respond to a long queue or a large PR.

People facing a pile of pull requests do not review the hundredth as carefully as the
first: they hurry (the review takes less time) and skim (they find fewer of the latent
defects). A large PR is read less carefully too. The rule is in the scenario's
`people.review_load` section (orgsim/scenario/people.py); this object applies it at the
start of a review, where the reviewer sees the queue and the PR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.scenario.people import ReviewLoad
    from orgsim.work.item import WorkItem
    from orgsim.work.station import Station


class ReviewPressure:
    """The review-under-load rule of one station (only built when the rule is not neutral)."""

    __slots__ = ("hurry", "knee", "size_knee", "size_slope", "skim")

    def __init__(self, spec: ReviewLoad) -> None:
        self.hurry = spec.hurry
        self.skim = spec.skim
        self.knee = spec.queue_knee
        self.size_knee = spec.size_knee
        self.size_slope = spec.size_slope

    def pressure(self, station: Station, k: int) -> float:
        """0 with nothing waiting, 1/2 at `queue_knee` PRs waiting per person, toward 1."""
        people = station.people_at(k)
        n = station.queues[k].waiting() / people if people else 0.0
        return n / (n + self.knee)

    def apply(self, station: Station, item: WorkItem, k: int, duration: float) -> float:
        """Set the visit's detection factor on `item`; return the hurried duration."""
        h = self.pressure(station, k)
        detect = 1.0 - self.skim * h
        duration *= 1.0 - self.hurry * h
        if self.size_slope > 0.0 and item.pr_size > self.size_knee:
            skimmed = (self.size_knee / item.pr_size) ** self.size_slope
            detect *= skimmed
            if station.scales_with_size:
                duration *= skimmed  # read faster per line: time grows slower than size
        item.detect = detect
        return duration
