"""The scenario schema: every input orgsim accepts, validated at the edge.

A scenario is plain data (TOML on disk, a mapping in Python). It is validated once, on
load, by these pydantic models; the engine then reads plain attributes and never
re-checks them on the hot path. Every section has defaults, and every behavioural option
has a *neutral* value under which the pipeline is a network of FIFO queues (see
docs/model.md, "Queueing reduction").
"""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orgsim.scenario.patterns import Pattern
from orgsim.scenario.people import Incidents, Learning, PeerReview, ReviewLoad
from orgsim.scenario.section import Section

PositiveFloat = Annotated[float, Field(gt=0)]
NonNegFloat = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]

ROLES = ("developer", "reviewer", "approver", "release_manager", "automated")
TEAM_ROLES = ("developer", "reviewer")
DEFAULT_DAILY_COST = {
    "developer": 800.0,
    "reviewer": 850.0,
    "approver": 900.0,
    "release_manager": 900.0,
    "automated": 0.0,
    "coe": 900.0,
}
SHARED_ROLES = ("approver", "release_manager")


class Distribution(Section):
    """A positive random duration or size.

    `exponential` (mean), `lognormal` (mean and coefficient of variation cv),
    `deterministic` (always the mean), `gamma` (mean and cv), `uniform` (mean +- spread
    given by cv*sqrt(3)*mean, i.e. the same cv), `empirical` (see `quantiles`).
    """

    dist: Literal["exponential", "lognormal", "deterministic", "gamma", "uniform", "empirical"] = (
        "exponential"
    )
    mean: PositiveFloat = 1.0
    cv: NonNegFloat = 1.0
    # -- empirical distribution (fitted from records) -----------------------------------
    # `quantiles` are the values at equally spaced probabilities 0, 1/K, ..., 1; draws
    # interpolate linearly between them (inverse-CDF). `mean` and `cv` follow from the
    # quantiles; a `mean` given beside them rescales the whole shape to that mean (so
    # overrides such as `service.mean` keep working), and `cv` may not be given.
    quantiles: list[float] | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive_empirical(cls, data):
        if not isinstance(data, dict) or data.get("dist") != "empirical":
            return data
        q = data.get("quantiles")
        if not isinstance(q, list | tuple) or len(q) < 2:
            raise ValueError("an empirical distribution needs 'quantiles': at least 2 values")
        try:
            q = [float(x) for x in q]
        except (TypeError, ValueError):
            raise ValueError("quantiles must be numbers") from None
        if not all(math.isfinite(x) and x > 0 for x in q):
            raise ValueError("quantiles must be finite and > 0")
        if any(b < a for a, b in itertools.pairwise(q)):
            raise ValueError("quantiles must be non-decreasing")
        qmean, qcv = empirical_moments(q)
        given_cv = data.get("cv")
        if given_cv is not None and not math.isclose(
            float(given_cv), qcv, rel_tol=1e-6, abs_tol=1e-9
        ):
            raise ValueError(
                f"cv of an empirical distribution follows from its quantiles ({qcv:.6g}); "
                "leave it out"
            )
        return {**data, "quantiles": q, "mean": data.get("mean", qmean), "cv": qcv}

    @model_validator(mode="after")
    def _check_shape(self) -> Distribution:
        if self.quantiles is not None and self.dist != "empirical":
            raise ValueError(f"quantiles are only for an empirical distribution, not {self.dist}")
        if self.dist in ("lognormal", "gamma") and self.cv <= 0:
            raise ValueError(f"cv must be > 0 for a {self.dist} distribution")
        if self.dist == "uniform" and self.cv >= 1 / 3**0.5:
            raise ValueError("cv must be < 0.577 for a uniform distribution (times stay positive)")
        return self

    @property
    def scv(self) -> float:
        """Squared coefficient of variation (what queueing formulas use)."""
        return {"exponential": 1.0, "deterministic": 0.0}.get(self.dist, self.cv**2)


def empirical_moments(quantiles: list[float]) -> tuple[float, float]:
    """Mean and cv of the piecewise-linear inverse CDF through equally spaced quantiles.

    Between consecutive quantiles a and b the draw is uniform on [a, b]: each of the K
    segments carries probability 1/K, mean (a+b)/2 and second moment (a²+ab+b²)/3.
    """
    a, b = quantiles[:-1], quantiles[1:]
    k = len(a)
    m1 = sum((x + y) / 2 for x, y in zip(a, b, strict=True)) / k
    m2 = sum((x * x + x * y + y * y) / 3 for x, y in zip(a, b, strict=True)) / k
    return m1, math.sqrt(max(m2 - m1 * m1, 0.0)) / m1


class Gate(Section):
    """A periodic window: the station processes its waiting work only when it opens.

    At each opening (offset, offset+every, ...; with offset 0 the first opening is at
    `every`) up to `capacity` waiting items (0 = all) board one batch; one server of the
    station's role then handles the batch as a single job (a change-advisory-board
    meeting, a release train's deployment) whose duration is one service draw, whatever
    the batch's size.
    """

    every: PositiveFloat
    offset: NonNegFloat = 0.0
    capacity: Annotated[int, Field(ge=0)] = 0


class Rework(Section):
    """Sending work back to an earlier station.

    An item leaving the station goes back to `to` with probability
    1 - (1 - probability) * (1 - detection)^defects * (1 - coupling)^n * exp(-staleness * age),
    where defects are the item's latent defects, n the items of neighbouring teams being
    served at the station at the same moment (integration coupling along the team
    network: changes integrated together conflict) and age the working days since its PR
    was opened (merge conflicts: the longer a change waits, the more the main line has
    moved under it). Found defects are fixed by the rework, whose service time at `to` is
    scaled by `effort`.
    """

    to: str
    probability: Probability = 0.0
    detection: Probability = 0.0
    coupling: Probability = 0.0
    staleness: NonNegFloat = 0.0
    effort: PositiveFloat = 1.0


class DeploymentRisk(Section):
    """A deployment (a release batch) can fail.

    P(fail) = 1 - (1 - per_item)^batch_size * (1 - per_defect)^latent_defects_in_batch.
    A failure is an incident: production is restored after `restore` days; the batch's
    items with latent defects go back to `rework_to` at full effort, their defects now
    known and fixed there (the rest ship with the restore). The change failure rate is
    counted per deployment, as DORA counts it.
    """

    per_item: Probability = 0.0
    per_defect: Probability = 0.0
    restore: Distribution = Distribution(dist="lognormal", mean=0.5, cv=1.0)
    rework_to: str | None = None


StationKind = Literal["build", "review", "test", "sign_off", "board", "deploy"]
DEFAULT_KIND = {
    "developer": "build",
    "reviewer": "review",
    "approver": "sign_off",
    "release_manager": "deploy",
    "automated": "build",
}


class Station(Section):
    """One station of the delivery pipeline, served by one role.

    `kind` says what the station is for, which is what policies act on: governance on
    `sign_off` and `board` stations, release cadence on `deploy` stations, the center of
    excellence's AI-assisted review and test generation on `review` and `test` stations.
    Left out, it follows from the role (an approver station behind a gate is a `board`).
    A change's PR is merged when it leaves the station marked `merge` (at most one;
    left out, the last review station): what the open-PR limit counts as open.
    """

    name: Annotated[str, Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")]
    role: Literal["developer", "reviewer", "approver", "release_manager", "automated"]
    kind: StationKind | None = None
    service: Distribution = Distribution()
    servers: Annotated[int, Field(ge=1)] = 1
    scales_with_size: bool = False
    gate: Gate | None = None
    rework: Rework | None = None
    deployment: DeploymentRisk | None = None
    merge: bool = False

    @property
    def station_kind(self) -> str:
        if self.kind is not None:
            return self.kind
        if self.role == "approver" and self.gate is not None:
            return "board"
        return DEFAULT_KIND[self.role]

    @property
    def deploys(self) -> bool:
        """A deployment station puts changes into production: it carries `deployment`
        risk, or its kind is `deploy` (given, or a release manager's default).

        Only such a station gives DORA's keys a meaning: leaving it is reaching users.
        """
        return self.deployment is not None or self.station_kind == "deploy"


class Demand(Section):
    """Where work comes from.

    `poisson`: new items arrive at each team at `rate_per_team` per working day.
    `backlog`: the backlog never runs dry; a developer who looks for new work finds some.
    `priority_share`: with Poisson demand, the share of arriving requests that are urgent
    (an expedite class of service): they wait ahead of fresh work at every station.
    """

    kind: Literal["poisson", "backlog"] = "poisson"
    rate_per_team: NonNegFloat = 1.0
    size: Distribution = Distribution(dist="deterministic", mean=1.0, cv=0.0)
    high_risk_share: Probability = 0.0
    defects_per_size: NonNegFloat = 0.0
    cross_team_share: Probability = 0.0
    priority_share: Probability = 0.0

    @model_validator(mode="after")
    def _priority_needs_arrivals(self) -> Demand:
        if self.priority_share > 0 and self.kind != "poisson":
            raise ValueError("priority_share needs kind 'poisson' (urgent requests arrive)")
        return self


class Topology(Section):
    """How teams depend on each other (edges carry cross-team reviews and coupling)."""

    kind: Literal["hierarchy", "small_world", "scale_free", "complete", "ring", "file"] = (
        "hierarchy"
    )
    degree: Annotated[int, Field(ge=1)] = 4
    rewire: Probability = 0.1
    branching: Annotated[int, Field(ge=1)] = 3
    file: str | None = None

    @model_validator(mode="after")
    def _file_needs_path(self) -> Topology:
        if self.kind == "file" and not self.file:
            raise ValueError("topology kind 'file' needs 'file' (an edge list or GraphML path)")
        return self


def _known_roles(v: dict, allowed: tuple[str, ...], what: str) -> dict:
    for role in v:
        if role not in allowed:
            raise ValueError(f"unknown {what} {role!r} (expected one of {allowed})")
    return v


class Org(Section):
    """The organization: teams on a network, people per role, demand, labour cost."""

    teams: Annotated[int, Field(ge=1, le=5000)] = 1
    team_names: list[str] | None = None
    topology: Topology = Topology()
    people_per_team: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: {"developer": 1}
    )
    shared_people: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    demand: Demand = Demand()
    incidents: Incidents = Incidents()
    daily_cost: dict[str, NonNegFloat] = Field(default_factory=lambda: dict(DEFAULT_DAILY_COST))

    @field_validator("people_per_team")
    @classmethod
    def _team_roles(cls, v: dict[str, int]) -> dict[str, int]:
        return _known_roles(v, TEAM_ROLES, "team role")

    @field_validator("shared_people")
    @classmethod
    def _shared_roles(cls, v: dict[str, int]) -> dict[str, int]:
        return _known_roles(v, SHARED_ROLES, "shared role")

    @field_validator("daily_cost")
    @classmethod
    def _cost_roles(cls, v: dict[str, float]) -> dict[str, float]:
        """Roles left out keep their default cost: naming one role changes only that one."""
        known = (*TEAM_ROLES, *SHARED_ROLES, "automated", "coe")
        return {**DEFAULT_DAILY_COST, **_known_roles(v, known, "role")}

    @model_validator(mode="after")
    def _names_match(self) -> Org:
        if self.team_names is not None:
            if len(self.team_names) != self.teams:
                raise ValueError(
                    f"team_names has {len(self.team_names)} names for {self.teams} teams"
                )
            if len(set(self.team_names)) != len(self.team_names):
                raise ValueError("team_names must be unique")
        return self


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
    (its offset is dropped: the first departure is after one new period).

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


class People(Section):
    """How people share and adapt their work: peer review and review under load."""

    peer_review: PeerReview = PeerReview()
    review_load: ReviewLoad = ReviewLoad()


class Simulation(Section):
    """How long to run. Time is in working days (a week is 5)."""

    days: PositiveFloat = 250.0
    warmup_days: NonNegFloat = 0.0


def _not_last(st: Station, after: list[Station]) -> str:
    """The problem of a deployment station followed by other stations, on one line."""
    field, why = ("deployment", "it carries deployment risk")
    if st.deployment is None:
        given = "kind" in st.model_fields_set
        field, why = ("kind", "its kind is deploy" if given else "release managers deploy")
    return (
        f"pipeline.{st.name}.{field}: a deployment station must be the last station of the "
        f"pipeline ({why}, but {', '.join(s.name for s in after)} come after it"
        + ("" if st.deployment is not None else "; give it another kind if it does not deploy")
        + ")"
    )


class ScenarioSpec(Section):
    """A whole scenario. Cross-section rules are checked here.

    Use `orgsim.load_scenario` to build one; `Scenario.with_overrides` to vary it.
    """

    name: str = "scenario"
    description: str = ""
    simulation: Simulation = Simulation()
    org: Org = Org()
    pipeline: Annotated[list[Station], Field(min_length=1)] = Field(
        default_factory=lambda: [Station(name="coding", role="developer")]
    )
    ai: AIAssistant = AIAssistant()
    policy: Policy = Policy()
    people: People = People()
    patterns: list[Pattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pipeline_is_possible(self) -> ScenarioSpec:
        names = [s.name for s in self.pipeline]
        if self.org.demand.kind == "backlog" and self.pipeline[0].role != "developer":
            raise ValueError(
                f"org.demand.kind: an unlimited backlog is drawn by developers, but the first "
                f"station ({self.pipeline[0].name}) is served by {self.pipeline[0].role}"
            )
        seen: set[str] = set()
        for i, st in enumerate(self.pipeline):
            if st.name in seen:
                raise ValueError(f"pipeline.{st.name}: station name used twice")
            seen.add(st.name)
            if st.name in ("backlog", "done"):
                raise ValueError(f"pipeline.{st.name}: '{st.name}' is reserved")
            for target, what in (
                (st.rework.to if st.rework else None, "rework.to"),
                (st.deployment.rework_to if st.deployment else None, "deployment.rework_to"),
            ):
                if target is not None and target not in names[: i + 1]:
                    raise ValueError(
                        f"pipeline.{st.name}.{what}: {target!r} is not this or an earlier station"
                    )
            if st.role in TEAM_ROLES:
                peer = st.role == "reviewer" and self.people.peer_review.enabled
                if self.org.people_per_team.get(st.role, 0) < 1 and not peer:
                    raise ValueError(
                        f"pipeline.{st.name}.role: no {st.role} in org.people_per_team to serve it"
                    )
            elif st.role in SHARED_ROLES and self.org.shared_people.get(st.role, 0) < 1:
                raise ValueError(
                    f"pipeline.{st.name}.role: no {st.role} in org.shared_people to serve it"
                )
            if st.role != "automated" and "servers" in st.model_fields_set:
                raise ValueError(
                    f"pipeline.{st.name}.servers: only automated stations have servers; "
                    f"{st.role} stations are served by people"
                )
            if st.deploys and i < len(self.pipeline) - 1:
                raise ValueError(_not_last(st, self.pipeline[i + 1 :]))
        demand = self.org.demand
        if demand.kind == "poisson" and demand.rate_per_team == 0:
            raise ValueError(
                "org.demand.rate_per_team: Poisson demand at rate 0 brings no work into the "
                'pipeline (give a rate above 0, or kind = "backlog")'
            )
        if sum(st.merge for st in self.pipeline) > 1:
            raise ValueError("pipeline: more than one station has merge = true")
        self._peer_review_is_possible()
        return self

    def _peer_review_is_possible(self) -> None:
        if not self.people.peer_review.enabled:
            return
        team = self.org.people_per_team
        if not any(st.role == "reviewer" for st in self.pipeline):
            raise ValueError(
                "people.peer_review.enabled: the pipeline has no review station "
                "(a station with role = 'reviewer') for developers to serve"
            )
        if team.get("reviewer", 0) < 1 and team.get("developer", 0) < 2:
            raise ValueError(
                "people.peer_review.enabled: with no dedicated reviewers a team needs at "
                "least 2 developers (an author never reviews their own PR)"
            )

    @property
    def deployment_station(self) -> Station | None:
        """The station whose departures are deployments to production (always the last
        one), or None when the pipeline stops short of production."""
        last = self.pipeline[-1]
        return last if last.deploys else None

    @property
    def station_names(self) -> list[str]:
        return [s.name for s in self.pipeline]
