"""The sections an organization's leaders choose: the AI assistant, the center of
excellence and the policies agents follow.

These are the levers a comparison varies (a redesign is a bundle of them); every default
is neutral, so a scenario that names none of them runs the plain queueing network.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from orgsim.scenario.people import Learning
from orgsim.scenario.section import NonNegFloat, PositiveFloat, Probability, Section


class AIAssistant(Section):
    """The AI coding assistant. Neutral: adoption 0 or every multiplier 1.

    `adoption` is the mean share of developers with an assistant; teams differ around it
    by `adoption_spread` (the standard deviation of team shares, Beta-distributed).
    The assistant realizes the part of `coding_speedup` above 1 in proportion to
    `data_access` (the share of its potential a team can use given what data it may
    see): 3x at access 0.5 gives 2x. `defect_multiplier` compares the latent defects of a
    change written with an assistant to the same change written by hand (per change, as
    CodeRabbit's comparison is); `pr_size_multiplier` scales the PR reviewers read.
    Each developer with an assistant costs `seat_cost_per_month` (21 working days) in
    licences beside the tokens; `learning` ramps a new user up to the speed-up.
    """

    adoption: Probability = 0.0
    adoption_spread: Annotated[float, Field(ge=0, lt=0.5)] = 0.0
    coding_speedup: PositiveFloat = 1.0
    pr_size_multiplier: PositiveFloat = 1.0
    defect_multiplier: NonNegFloat = 1.0
    token_cost_per_day: NonNegFloat = 0.0
    seat_cost_per_month: NonNegFloat = 0.0
    data_access: Probability = 1.0
    learning: Learning = Learning()


class CenterOfExcellence(Section):
    """An AI center of excellence (off by default).

    At `strength` s it spreads AI practice along the team network (each week a team's
    adoption moves a share `diffusion * s` of the way toward its most advanced
    neighbour's), brings AI-assisted review and test generation (review and test
    stations faster by up to `review_speedup` / `test_speedup`), guardrails (the AI
    defect multiplier's excess shrinks by s) and data access (the gap to full access
    shrinks by s).
    """

    enabled: bool = False
    strength: Probability = 0.6
    diffusion: Probability = 0.3
    review_speedup: Annotated[float, Field(ge=1)] = 1.5
    test_speedup: Annotated[float, Field(ge=1)] = 1.5
    people: Annotated[int, Field(ge=0)] = 4


class Policy(Section):
    """Organizational policies the agents follow. Every default is neutral.

    `mandate` is the probability that an agent or a change follows the redesigned rules
    instead of the old habit: a developer respects the WIP limit (and swarms on review
    instead of starting new work), a change takes the governance and release route the
    policy sets, a release manager runs the train on the new cadence (a departure the
    mandate does not carry is skipped: the train waits for the next one). Low mandate
    also means competing priorities: people lose `(1 - mandate) * competing_priorities`
    of their time to other work.

    `continuous_deployment` lets a change deploy on its own only where governance lets it
    skip the board (risk_based: low-risk changes; automated: all); under manual
    governance every change rides the train. `release_every` re-times the release gate
    (its offset is dropped: the first departure is after one new period; a dated gate's
    dates give way to the period: the policy is a cadence).

    `open_pr_limit` is a team norm: a developer with that many PRs of their own opened
    and not yet merged (past the last review station) starts no new coding; they review
    (with peer review), swarm (under a WIP limit) or lose the time to other work. The
    mandate decides who keeps the norm, as it does for the WIP limit.
    """

    center_of_excellence: CenterOfExcellence = CenterOfExcellence()
    mandate: Probability = 1.0
    competing_priorities: Annotated[float, Field(ge=0, lt=1)] = 0.0
    governance: Literal["manual", "risk_based", "automated"] = "manual"
    automated_check_days: PositiveFloat = 0.02
    wip_limit: Annotated[int, Field(ge=0)] = 0
    open_pr_limit: Annotated[int, Field(ge=0)] = 0
    swarm: bool = True
    release_every: NonNegFloat = 0.0
    continuous_deployment: bool = False
    deploy_days: PositiveFloat = 0.05
    cross_team_review: bool = False
