"""The pipeline's sections: stations, and the random durations, gates, rework and
deployment risk that shape what happens at each.

They are apart from the organization and its policies because the engine reads them per
event (a station's service sampler, its rework rule, its deployment risk): everything a
work item meets on its way to production is defined here (gates in gate.py), validated
once.
"""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from orgsim.scenario.gate import Gate
from orgsim.scenario.section import NonNegFloat, PositiveFloat, Probability, Section


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
