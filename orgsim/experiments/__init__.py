"""How experiments run: replications, comparisons on common random numbers, the constraint.

The names below load on first use, so that `orgsim.experiments.estimate` (which the
validation, the fit and the sweeps use) comes without the experiments themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orgsim.experiments.compare import TARGET_BAND, Comparison, compare
    from orgsim.experiments.constraint import constraint_timeline, relieve, what_if
    from orgsim.experiments.patterns import PatternReport, patterns
    from orgsim.experiments.runner import flatten_summary

_WHERE = {
    "TARGET_BAND": "compare",
    "Comparison": "compare",
    "compare": "compare",
    "constraint_timeline": "constraint",
    "relieve": "constraint",
    "what_if": "constraint",
    "PatternReport": "patterns",
    "patterns": "patterns",
    "flatten_summary": "runner",
}

__all__ = [
    "TARGET_BAND",
    "Comparison",
    "PatternReport",
    "compare",
    "constraint_timeline",
    "flatten_summary",
    "patterns",
    "relieve",
    "what_if",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(f"orgsim.experiments.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'orgsim.experiments' has no attribute {name!r}")
