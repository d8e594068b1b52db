"""The one error type for bad input: it always fits on one line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

MAX_PROBLEM = 400  # characters of a problem's wording (values from inputs are cut)


class ScenarioError(ValueError):
    """A scenario (file, mapping or override) is invalid.

    The message names where the input came from, the dotted path of the field, and the
    problem, on one line: ``scenarios/x.toml: pipeline.review.service.mean: must be > 0``.
    """

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        problem = " ".join(str(problem).split())
        if len(problem) > MAX_PROBLEM:  # a pasted megabyte stays a readable line
            problem = problem[: MAX_PROBLEM - 20] + " ... " + problem[-15:]
        self.problem = problem
        where = f"{source}: {field}: " if field else f"{source}: "
        super().__init__(where + self.problem)


def first_problem(exc: ValidationError, required: str = "Field required") -> tuple[Any, str]:
    """The first validation error's location and a short, one-line wording of it.

    Every input file (scenarios, sweep specs) reports only its first problem, worded the
    same way, with a count of the others.
    """
    errors = exc.errors()
    err = errors[0]
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = required
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    more = len(errors) - 1
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return err["loc"], msg


class CapacityWarning(UserWarning):
    """The scenario's demand exceeds the estimated capacity of a station: no steady state."""
