"""The one error type for bad input: it always fits on one line."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario (file, mapping or override) is invalid.

    The message names where the input came from, the dotted path of the field, and the
    problem, on one line: ``scenarios/x.toml: pipeline.review.service.mean: must be > 0``.
    """

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = " ".join(str(problem).split())
        where = f"{source}: {field}: " if field else f"{source}: "
        super().__init__(where + self.problem)
