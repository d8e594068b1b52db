"""The base of every scenario section: what any value read from a scenario must satisfy.

Unknown keys are errors and values are immutable. Numbers must be finite: an infinite or
NaN duration, rate or cost would make a run hang or silently produce nothing, so it is
rejected where it arrives, with the field's name. Numbers must be numbers: `true` or
`"250"` where a count or duration belongs is a mistake, not a 1 or a 250 (pydantic would
coerce both). An integral float (`2.0`) still counts as an integer.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

_NUMBERS = (int, float)

# The number kinds sections are made of, named once for every section module.
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegFloat = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]


@cache
def _numeric(annotation: Any) -> bool:
    """Is the field a number (or an optional number), and not a bool?"""
    if annotation in _NUMBERS:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(a in _NUMBERS for a in args)
    return False


class Section(BaseModel):
    """Base for every scenario section."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, bool | str) and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            if field is not None and _numeric(field.annotation):
                kind = "true/false" if isinstance(value, bool) else "text"
                raise ValueError(f"must be a number, not {kind} ({value!r})")
        return value
