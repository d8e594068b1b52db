"""Patterns a scenario claims to reproduce: published figures with a tolerance band.

Pattern-oriented modelling (Grimm et al. 2005) judges a model by several patterns at
once. A scenario lists its own under `[[patterns]]`; `orgsim patterns` runs it on
replications and says, for each, whether the measured mean falls inside the band. A
pattern with `against` compares with another scenario run on the same seeds: the
measured value is then the relative change of the metric, seed by seed.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from orgsim.scenario.section import Section


class Pattern(Section):
    """One pattern: a summary metric, the band it must fall in, and where the band is from.

    `metric` is a key of the run's summary (dotted for a per-station or per-role entry,
    e.g. `utilization_by_station.review`). With `against` (a scenario file, relative to
    this one) the value judged is `metric / metric(against) - 1`, paired by seed.
    """

    name: Annotated[str, Field(min_length=1)]
    metric: Annotated[str, Field(min_length=1)]
    low: float | None = None
    high: float | None = None
    source: str = ""
    against: str | None = None

    @model_validator(mode="after")
    def _band(self) -> Pattern:
        if self.low is None and self.high is None:
            raise ValueError("a pattern needs low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self

    def band(self) -> str:
        lo = "-inf" if self.low is None else f"{self.low:g}"
        hi = "inf" if self.high is None else f"{self.high:g}"
        return f"[{lo}, {hi}]"
