"""The machinery of a validation case: replicated runs, their measurements, the verdicts.

A case lists the runs it needs (`Run`: a top-level orgsim function, its parameters), every
run is repeated on the same seeds, and the case's judge turns the per-seed measurements into
`Check`s: one quantity, what theory says, what orgsim (and a peer simulator) measured with
a confidence interval (`orgsim.experiments.estimate.Estimate`: Student's t over the
replications, each one seed), and a verdict. A check passes when the value theory
predicts lies inside that interval; nothing is widened by hand. The runs go through the
sweeps backends (`orgsim.experiments.plan.execute_tasks`), as every experiment does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orgsim.experiments.estimate import Estimate
from orgsim.metrics.formatting import significant

PASS, FAIL, SKIP, NA = "pass", "fail", "skipped", "n/a"


@dataclass(frozen=True)
class Precision:
    """How hard to look: replications (seeds) and a multiplier on every run's length."""

    name: str
    reps: int
    scale: float


PRECISIONS = {
    "quick": Precision("quick", reps=20, scale=1.0),
    "full": Precision("full", reps=40, scale=4.0),
}


@dataclass(frozen=True)
class Run:
    """One configuration to replicate: `fn(params, seed)` returns named measurements."""

    key: str
    fn: Callable[[Any, int], dict[str, float]]
    params: Any


@dataclass
class Check:
    """One quantity compared with theory (or with a peer simulator)."""

    case: str
    quantity: str
    theory: float | None
    orgsim: Estimate | None = None
    peer: Estimate | None = None
    status: str = PASS
    note: str = ""
    shown: str | None = None  # how to show orgsim's value when it is not an interval
    theory_shown: str | None = None  # how to show theory when it is a bound

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def per_check_level(level: float, checks: int) -> float:
    """Bonferroni: `checks` intervals at this level all hold together with prob. >= level."""
    return 1.0 - (1.0 - level) / max(1, checks)


@dataclass
class Measurements:
    """Per-seed measurements of a case's runs, and the ways to judge them.

    `level` is the confidence level of each single interval (see `per_check_level`).
    """

    case: str
    level: float
    data: dict[str, list[dict[str, float]]]
    checks: list[Check] = field(default_factory=list)

    def values(self, key: str, metric: str) -> np.ndarray:
        return np.array([row.get(metric, math.nan) for row in self.data[key]], dtype=float)

    def estimate(self, key: str, metric: str) -> Estimate:
        return Estimate.of(self.values(key, metric), self.level)

    def against(self, quantity: str, theory: float, key: str, metric: str, note: str = "") -> Check:
        """Pass when theory lies inside the confidence interval of orgsim's mean."""
        est = self.estimate(key, metric)
        ok = est.n >= 2 and est.contains(theory)
        return self._add(Check(self.case, quantity, theory, est, None, _verdict(ok), note))

    def bound(self, quantity: str, limit: float, key: str, metric: str, note: str = "") -> Check:
        """A deterministic bound: the largest value over all seeds must not exceed `limit`."""
        x = self.values(key, metric)
        worst = float(np.max(x)) if len(x) and not np.isnan(x).any() else math.nan
        ok = worst <= limit + 1e-9 * max(1.0, abs(limit))
        shown = f"max {significant(worst)}"
        check = Check(self.case, quantity, limit, None, None, _verdict(ok), note, shown)
        check.theory_shown = f"<= {significant(limit)}"
        return self._add(check)

    def paired(
        self, quantity: str, theory: float, key_a: str, key_b: str, metric: str, note: str = ""
    ) -> Check:
        """Difference a - b on common random numbers; pass when theory lies inside its CI."""
        est = Estimate.paired(self.values(key_a, metric), self.values(key_b, metric), self.level)
        ok = est.n >= 2 and est.contains(theory)
        return self._add(Check(self.case, quantity, theory, est, None, _verdict(ok), note))

    def against_peer(
        self,
        quantity: str,
        theory: float | None,
        key: str,
        peer_key: str,
        metric: str,
        note: str = "",
    ) -> Check:
        """orgsim and the peer agree when their Welch interval for the difference holds 0.

        `theory` is shown beside them; it does not enter the verdict.
        """
        a, b = self.values(key, metric), self.values(peer_key, metric)
        diff = Estimate.welch(a, b, self.level)
        ok = diff.n >= 2 and diff.contains(0.0)
        note = (
            f"difference {significant(diff.mean)} [{significant(diff.low)}, {significant(diff.high)}]"
            + (f"; {note}" if note else "")
        )
        check = Check(
            self.case,
            quantity,
            theory,
            Estimate.of(a, self.level),
            Estimate.of(b, self.level),
            _verdict(ok),
            note,
        )
        return self._add(check)

    def _add(self, check: Check) -> Check:
        self.checks.append(check)
        return check


def _verdict(ok: bool) -> str:
    return PASS if ok else FAIL


def execute(
    tasks: Sequence[tuple[Callable[[Any, int], dict[str, float]], Any, int]],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    *,
    backend: str = "local",
    scheduler: str | None = None,
) -> list[dict[str, float]]:
    """Run every (fn, params, seed) task on `jobs` workers of the sweeps backends, in order.

    `fn` is called by its "module:function" name, so it must be a top-level orgsim
    function; `params` must pickle."""
    from orgsim.experiments.plan import execute_tasks

    calls = [(f"{fn.__module__}:{fn.__qualname__}", (params, seed)) for fn, params, seed in tasks]
    return execute_tasks(
        calls, workers=jobs, backend=backend, scheduler=scheduler, progress=progress
    )
