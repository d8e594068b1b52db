"""How experiments run: replications, comparisons on common random numbers, the constraint."""

from orgsim.experiments.compare import TARGET_BAND, Comparison, compare
from orgsim.experiments.constraint import constraint_timeline, relieve, what_if
from orgsim.experiments.patterns import PatternReport, patterns
from orgsim.experiments.runner import flatten_summary, run_many
from orgsim.experiments.stats import mean_ci

__all__ = [
    "TARGET_BAND",
    "Comparison",
    "PatternReport",
    "compare",
    "constraint_timeline",
    "flatten_summary",
    "mean_ci",
    "patterns",
    "relieve",
    "run_many",
    "what_if",
]
