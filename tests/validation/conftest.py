"""Validation tests: each runs one case of `orgsim.validation` at quick precision.

Seeds 1..20 (the quick precision's replications), intervals at the suite's per-check
level (99% simultaneous over every check of the suite, Bonferroni), as
`orgsim validate --precision quick` uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from orgsim.validation import PRECISIONS, Case, Check, format_table, run_cases, select

QUICK = PRECISIONS["quick"]
SEEDS = range(1, QUICK.reps + 1)


def run(case: str | Case, seeds: Sequence[int] = SEEDS) -> list[Check]:
    """Run one case (by name or as a `Case`) in this process."""
    chosen = [case] if isinstance(case, Case) else select([case])
    return run_cases(chosen, QUICK, seeds)


def failures(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.status == "fail"]


@pytest.fixture
def validate() -> Callable[..., list[Check]]:
    """Run a case and require every check to pass; the table is the failure message."""

    def _validate(case: str | Case, seeds: Sequence[int] = SEEDS) -> list[Check]:
        checks = run(case, seeds)
        assert checks, f"case {case!r} made no checks"
        assert not failures(checks), "\n" + format_table(checks)
        return checks

    return _validate


@pytest.fixture
def run_case() -> Callable[..., list[Check]]:
    """Run a case and return its checks, whatever their verdicts."""
    return run
