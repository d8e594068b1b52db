"""The uncertain parameters the claims depend on, and a Latin hypercube over them.

A claim is tested on the shipped presets, whose values are partly published figures and
partly assumptions (docs/calibration.md). "Does the claim hold for organizations like
mine?" asks whether the verdict survives when those values move within a plausible range.
Each `Uncertain` names a scenario override key, a range and its source; a design point
is one value per parameter, and it is applied to *every* preset it is meaningful for.

Values are given in the units of the reference preset (`enterprise-ai`), so a reader can
say "review takes 0.4 days" rather than "review time x1.6". Each preset then moves by the
same ratio from its own value, so the presets keep their differences (the redesigned
preset's 24 QA servers stay 1.5x the others' 16):

- `ratio`: new = own x (value / reference), rounded for counts (at least 1, or 0 where
  the preset's own value is 0: "no limit" stays no limit).
- `excess`: for multipliers whose neutral value is 1 (the AI defect and PR-size
  multipliers): new = 1 + (own - 1) x (value - 1) / (reference - 1), only where the
  preset has assistants (`ai.adoption > 0`); a preset without AI is untouched.
- `demand`: the demand model. `elastic` keeps each preset's unlimited backlog (developers
  never run dry); `committed` replaces it with Poisson arrivals at `arrival_load` times
  the baseline's delivered throughput (REFERENCE_RATE per team and working day), the
  same for every preset, so a faster line can only deliver what is asked of it.

A station override applies only where the preset has that station (ai-native has no qa).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from orgsim.scenario import Scenario

# enterprise-baseline delivers about 135 changes a week with 12 teams (docs/calibration.md
# section 5): 135 / 5 / 12 = 2.25 changes per team per working day.
REFERENCE_RATE = 2.25


@dataclass(frozen=True)
class Uncertain:
    """One uncertain parameter: its scenario key, plausible range and source.

    `reference`: the value in enterprise-ai, the unit of `low`..`high` (None for `demand`).
    `levels`: the values of a categorical parameter (sampled with equal weight).
    """

    name: str
    label: str
    key: str
    low: float
    high: float
    how: Literal["ratio", "excess", "demand", "load"]
    source: str
    reference: float | None = None
    integer: bool = False
    upper: float | None = None  # a hard bound of the field (a probability's 1)
    levels: tuple[str, ...] = ()

    @property
    def categorical(self) -> bool:
        return bool(self.levels)

    def describe_range(self) -> str:
        if self.categorical:
            return " or ".join(self.levels)
        fmt = "{:g}"
        return f"{fmt.format(self.low)}-{fmt.format(self.high)}"


SPACE: tuple[Uncertain, ...] = (
    Uncertain(
        "review_days",
        "review time per typical PR (days)",
        "pipeline.review.service.mean",
        0.1,
        0.6,
        "ratio",
        "assumption: no source gives the absolute time of a review (calibration.md section 4)",
        reference=0.25,
    ),
    Uncertain(
        "approvers",
        "approvers (security and CAB)",
        "org.shared_people.approver",
        1,
        6,
        "ratio",
        "assumption (calibration.md section 4)",
        reference=3,
        integer=True,
    ),
    Uncertain(
        "ci_servers",
        "CI servers",
        "pipeline.integration.servers",
        3,
        16,
        "ratio",
        "assumption (calibration.md section 4)",
        reference=8,
        integer=True,
    ),
    Uncertain(
        "qa_servers",
        "QA test environments",
        "pipeline.qa.servers",
        6,
        32,
        "ratio",
        "assumption (calibration.md section 4)",
        reference=16,
        integer=True,
    ),
    Uncertain(
        "review_detection",
        "defect detection at review",
        "pipeline.review.rework.detection",
        0.2,
        0.8,
        "ratio",
        "assumption; CodeRabbit 2025 counts problems reviewers find, not the share",
        reference=0.5,
        upper=0.95,
    ),
    Uncertain(
        "test_detection",
        "defect detection at QA",
        "pipeline.qa.rework.detection",
        0.1,
        0.7,
        "ratio",
        "assumption (calibration.md section 4)",
        reference=0.4,
        upper=0.95,
    ),
    Uncertain(
        "defect_multiplier",
        "latent defects per AI-assisted change (x hand-written)",
        "ai.defect_multiplier",
        1.0,
        2.5,
        "excess",
        "CodeRabbit 2025: 1.7x problems per PR (2.74x for security); DORA 2024 direction",
        reference=1.7,
    ),
    Uncertain(
        "pr_size_multiplier",
        "PR size with AI (x hand-written)",
        "ai.pr_size_multiplier",
        1.0,
        3.0,
        "excess",
        "Faros AI 2025: +154% average PR size (2.5x) at high adoption",
        reference=2.5,
    ),
    Uncertain(
        "open_pr_limit",
        "open PRs per developer (team norm)",
        "policy.open_pr_limit",
        1,
        5,
        "ratio",
        "assumption (calibration.md section 1.4)",
        reference=2,
        integer=True,
    ),
    Uncertain(
        "peer_review_threshold",
        "PRs waiting before a developer reviews first",
        "people.peer_review.threshold",
        0,
        5,
        "ratio",
        "assumption (calibration.md section 1.4); the presets use the threshold rule",
        reference=2,
        integer=True,
    ),
    Uncertain(
        "demand",
        "demand model",
        "org.demand.kind",
        0,
        1,
        "demand",
        "assumption: every preset has an unlimited backlog (calibration.md section 4)",
        levels=("elastic", "committed"),
    ),
    Uncertain(
        "arrival_load",
        "committed demand (x baseline throughput)",
        "org.demand.rate_per_team",
        0.6,
        1.4,
        "load",
        f"assumption; 1.0 = {REFERENCE_RATE:g} changes per team per day, the baseline's "
        "delivered throughput (calibration.md section 5); only under committed demand",
    ),
)


def sample(points: int, seed: int = 0, space: Sequence[Uncertain] = SPACE) -> pd.DataFrame:
    """`points` design points by Latin hypercube (scipy.stats.qmc), seeded.

    One column per parameter; counts are integers drawn with equal weight per value
    (each LHS stratum maps to [low, high + 1) before flooring), categorical parameters
    take one of their levels with equal weight.
    """
    from scipy.stats import qmc

    if points < 1:
        raise ValueError("a robustness study needs at least one design point")
    u = qmc.LatinHypercube(d=len(space), rng=np.random.default_rng(seed)).random(points)
    cols: dict[str, Any] = {}
    for j, p in enumerate(space):
        if p.categorical:
            idx = np.minimum((u[:, j] * len(p.levels)).astype(int), len(p.levels) - 1)
            cols[p.name] = [p.levels[i] for i in idx]
        elif p.integer:
            v = np.floor(p.low + u[:, j] * (p.high - p.low + 1))
            cols[p.name] = np.minimum(v, p.high).astype(int)
        else:
            cols[p.name] = p.low + u[:, j] * (p.high - p.low)
    return pd.DataFrame(cols)


def _current(scenario: Scenario, key: str) -> Any:
    """The preset's effective value at a dotted key (stations by name); None if absent."""
    node: Any = scenario.resolved()
    for part in key.split("."):
        if isinstance(node, list):
            node = next((s for s in node if s.get("name") == part), None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
    return node


def overrides_for(
    scenario: Scenario, point: Mapping[str, Any], space: Sequence[Uncertain] = SPACE
) -> dict[str, Any]:
    """The dotted overrides that put `scenario` at the design point (see module doc)."""
    spec = scenario.spec
    out: dict[str, Any] = {}
    for p in space:
        if p.name not in point:
            continue
        value = point[p.name]
        if p.how == "demand":
            if value == "committed":
                out[p.key] = "poisson"
                load = float(point.get("arrival_load", 1.0))
                out["org.demand.rate_per_team"] = load * REFERENCE_RATE
            continue
        if p.how == "load":
            continue  # applied with the demand model
        own = _current(scenario, p.key)
        if own is None:
            continue  # the preset has no such station or field
        if p.how == "excess":
            if spec.ai.adoption <= 0:
                continue
            ref = float(p.reference) - 1.0
            new = 1.0 + (float(own) - 1.0) * (float(value) - 1.0) / ref
        else:
            if p.key.startswith("people.peer_review") and not spec.people.peer_review.enabled:
                continue
            new = float(own) * float(value) / float(p.reference)
        new = float(f"{new:.12g}")  # the reference value maps to the preset's own exactly
        if p.upper is not None:
            new = min(new, p.upper)
        if p.integer:
            floor = 1 if p.low >= 1 and own != 0 else 0
            new = max(floor, round(new))
        out[p.key] = new
    return out


def at_point(
    scenario: Scenario, point: Mapping[str, Any], space: Sequence[Uncertain] = SPACE
) -> Scenario:
    """The scenario moved to the design point (a new, validated scenario)."""
    import warnings

    from orgsim.scenario import CapacityWarning

    with warnings.catch_warnings():
        # Overloaded points are part of the space; their summary says so.
        warnings.simplefilter("ignore", CapacityWarning)
        return scenario.with_overrides(overrides_for(scenario, point, space))


def space_table(space: Sequence[Uncertain] = SPACE) -> pd.DataFrame:
    """The parameters as a table: what docs/calibration.md lists."""
    rows = []
    for p in space:
        rows.append(
            {
                "parameter": p.name,
                "meaning": p.label,
                "key": p.key,
                "range": p.describe_range(),
                "enterprise-ai": "-" if p.reference is None else f"{p.reference:g}",
                "applied as": p.how,
                "source": p.source,
            }
        )
    return pd.DataFrame(rows)
