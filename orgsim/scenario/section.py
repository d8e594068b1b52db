"""The base of every scenario section: what any value read from a scenario must satisfy.

Unknown keys are errors and values are immutable. Numbers must be finite: an infinite or
NaN duration, rate or cost would make a run hang or silently produce nothing, so it is
rejected where it arrives, with the field's name.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """Base for every scenario section."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
