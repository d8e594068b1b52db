"""Scenario sections for how people adapt: peer review, review under load, learning,
incidents from escaped defects, and `People`, the section that gathers the first two.

Each section's defaults are neutral: with all of them left out, the model is the network
of FIFO queues described in docs/model.md section 8. The sources and the assumptions
behind the presets' values are in docs/calibration.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from orgsim.scenario.section import NonNegFloat, PositiveFloat, Probability, Section


class PeerReview(Section):
    """Developers review their teammates' pull requests (off by default).

    With peer review on, a team's developers serve its review queue beside any dedicated
    reviewers; the author never reviews their own PR. When a developer finishes a job they
    choose between reviewing and coding by `rule`:

    - `threshold`: review first when more than `threshold` PRs wait in the team's review
      queue, otherwise code (and review when there is nothing to code);
    - `share`: review first while the developer's reviewing time is below `share` of the
      time they have worked, otherwise code;
    - `review_first`: review whatever waits before coding anything ("finish before you
      start": review is downstream of coding).

    A developer who cannot code (the open-PR limit, the team's WIP limit, no work in the
    backlog) reviews if anything waits, whatever the rule.
    """

    enabled: bool = False
    rule: Literal["threshold", "share", "review_first"] = "threshold"
    threshold: Annotated[int, Field(ge=0)] = 2
    share: Probability = 0.2


class ReviewLoad(Section):
    """Review under load: long queues and large PRs make review faster and shallower.

    At the start of a review the reviewer sees `n` PRs waiting in the queue they serve and
    the PR's size `z` (1.0 is a typical change). Pressure is `h = n / (n + queue_knee)`
    with `n` the PRs waiting per person serving the queue: 0 with nothing waiting, 1/2 at
    `queue_knee`. The review takes `(1 - hurry * h)` of its usual time and each latent
    defect is found with the station's detection times `(1 - skim * h)`. Past
    `size_knee`, a larger PR is skimmed: both its detection and (where review time grows
    with size) its time are multiplied by `(size_knee / z) ** size_slope`, so review
    time grows like `z ** (1 - size_slope)` (the SmartBear/Cisco study of code review:
    reviewers read large changes faster and find fewer of their defects). Neutral:
    `hurry = skim = size_slope = 0`.
    """

    hurry: Annotated[float, Field(ge=0, lt=1)] = 0.0
    skim: Probability = 0.0
    queue_knee: PositiveFloat = 5.0
    size_knee: PositiveFloat = 2.0
    size_slope: NonNegFloat = 0.0

    @property
    def neutral(self) -> bool:
        return self.hurry == 0.0 and self.skim == 0.0 and self.size_slope == 0.0


class Incidents(Section):
    """Escaped defects reach production as incidents, which bring failure demand.

    Each latent defect still in a change when it reaches production causes an incident
    with probability `share` (the rest are minor bugs nobody has to remediate), after an
    exponential delay of mean `surface_days`. The incident is restored by the owning
    team: a bug-fix change of size `fix_size` enters the team's backlog ahead of all
    other work (an expedite class: it waits ahead of fresh work at every station) and
    production counts as restored when its first coding job ends, after
    `restore_days` of extra mitigation work in that job. The bug fix then passes the
    whole pipeline like any change. Neutral: `surface_days = 0` (escaped defects never
    surface).
    """

    surface_days: NonNegFloat = 0.0
    share: Probability = 1.0
    fix_size: PositiveFloat = 0.3
    restore_days: NonNegFloat = 0.25


class Learning(Section):
    """Developers learn to use their assistant (off by default).

    A developer who gets an assistant starts at `initial_speedup` (the METR trial measured
    about 0.84x: 19% more time, for experienced developers new to the tools) and ramps linearly to the
    assistant's effective speed-up over `days` working days. Neutral: `days = 0`.
    """

    days: NonNegFloat = 0.0
    initial_speedup: PositiveFloat = 1.0


class People(Section):
    """How people share and adapt their work: peer review and review under load."""

    peer_review: PeerReview = PeerReview()
    review_load: ReviewLoad = ReviewLoad()
