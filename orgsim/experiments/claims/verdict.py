"""Verdicts in bands: what a paired effect's confidence interval allows us to say.

Every effect a claim is judged on is a relative paired change (`Estimate.relative`, or a
difference-in-differences `Estimate.interaction`), turned into an *improvement*: positive
is better for the metric (more throughput, less lead time, lower cost). The 95% interval
of that improvement then falls into one of these bands, checked in this order:

- "improves substantially": the whole interval is at or above +SUBSTANTIAL (20%).
- "worsens substantially": the whole interval is at or below -SUBSTANTIAL.
- "worsens": the whole interval is below -MARGIN (5%): worse, beyond what anyone would
  call noise.
- "barely changes": the whole interval lies strictly between -SUBSTANTIAL and
  +SUBSTANTIAL: whichever way it moves, it moves by less than a fifth.
- "inconclusive": none of these (the interval straddles a boundary; more seeds needed).

Why these numbers. SUBSTANTIAL = 20% is the mission's own scale: the article's savings
target is 11-20%, and a fifth is the smallest change a delivery organization notices
without a dashboard. "Barely" therefore means "by less than 20% either way", so a large
worsening can never pass for "barely improves": a tenfold lead time is "worsens
substantially". MARGIN = 5% separates a real worsening from a wobble: a loss of a few
percent is reported as "barely changes" unless the interval is clear of -5%, in which
case the sharper word "worsens" is used (a worsening is always worth naming).

A claim that needs a substantial gain is contradicted as soon as the whole interval lies
below +20% (`substantial_gain`), even when the interval is too wide for a band (it may
straddle -20%): no band is reported then, but the gain the claim needs is ruled out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from orgsim.experiments.estimate import Estimate

SUBSTANTIAL = 0.20
MARGIN = 0.05

IMPROVES_SUBSTANTIALLY = "improves substantially"
WORSENS_SUBSTANTIALLY = "worsens substantially"
WORSENS = "worsens"
BARELY_CHANGES = "barely changes"
INCONCLUSIVE = "inconclusive"
NOT_IMPROVING = (BARELY_CHANGES, WORSENS, WORSENS_SUBSTANTIALLY)
WORSENING = (WORSENS, WORSENS_SUBSTANTIALLY)


@dataclass(frozen=True)
class Verdict:
    """A claim's verdict at one design point.

    `holds`: True if the data support the claim by its stated rule, False if they
    contradict it, None if the intervals are too wide to tell. `band`: the headline
    band (or a short phrase for claims judged on several effects). `effects`: every
    estimate the verdict used, by name (relative changes as fractions, +0.25 = 25%).
    `bands`: each effect's band. `text`: the finding, written from the numbers.
    """

    holds: bool | None
    band: str
    effects: dict[str, Estimate]
    text: str
    bands: dict[str, str] = field(default_factory=dict)


def improvement(e: Estimate, better: str) -> Estimate:
    """A relative change as an improvement: flipped when less is better."""
    if better == "lower":
        return Estimate(-e.mean, -e.high, -e.low, e.n, e.level, e.censored)
    return e


def band(e: Estimate, better: str = "higher") -> str:
    """The band the improvement's whole interval lies in (see the module docstring)."""
    g = improvement(e, better)
    if not (math.isfinite(g.low) and math.isfinite(g.high)):
        return INCONCLUSIVE
    if g.low >= SUBSTANTIAL:
        return IMPROVES_SUBSTANTIALLY
    if g.high <= -SUBSTANTIAL:
        return WORSENS_SUBSTANTIALLY
    if g.high < -MARGIN:
        return WORSENS
    if g.low > -SUBSTANTIAL and g.high < SUBSTANTIAL:
        return BARELY_CHANGES
    return INCONCLUSIVE


def substantial_gain(e: Estimate, better: str = "higher") -> bool | None:
    """Does the effect improve substantially? True in that band; False when the whole
    interval lies below +SUBSTANTIAL (whatever else it does, even if its band is
    inconclusive because it straddles -SUBSTANTIAL); None otherwise."""
    if band(e, better) == IMPROVES_SUBSTANTIALLY:
        return True
    g = improvement(e, better)
    return False if math.isfinite(g.high) and g.high < SUBSTANTIAL else None


def all_or_none(checks: list[bool | None]) -> bool | None:
    """True if every check passes, False if any fails, else None (some undecided)."""
    if any(c is False for c in checks):
        return False
    if all(c is True for c in checks):
        return True
    return None


def rule(holds: bool | None) -> str:
    return {True: "holds", False: "does not hold", None: "is inconclusive"}[holds]
