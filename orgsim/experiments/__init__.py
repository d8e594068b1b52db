"""How experiments run: replications, comparisons on common random numbers, the constraint."""

from orgsim.experiments.compare import TARGET_BAND, Comparison, compare
from orgsim.experiments.constraint import constraint_timeline, relieve, what_if
from orgsim.experiments.patterns import PatternReport, patterns
from orgsim.experiments.runner import flatten_summary

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
