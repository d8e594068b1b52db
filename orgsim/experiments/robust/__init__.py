"""Robustness of the claims: do they hold across the plausible range of the parameters
no source pins down? See `study.robustness` and docs/experiments.md, "Robustness"."""

from orgsim.experiments.robust.report import RobustnessReport, share_ci
from orgsim.experiments.robust.space import SPACE, Uncertain, at_point, overrides_for, sample
from orgsim.experiments.robust.study import DEFAULT_DAYS, build_plan, robustness

__all__ = [
    "DEFAULT_DAYS",
    "SPACE",
    "RobustnessReport",
    "Uncertain",
    "at_point",
    "build_plan",
    "overrides_for",
    "robustness",
    "sample",
    "share_ci",
]
