"""What every validation case is made of: the `Case` record and the scenario builders.

Scenarios are built as a user builds them: plain mappings that `orgsim.load_scenario`
validates, one team, every behavioural option neutral unless a case is about it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from orgsim.validation.measure import orgsim_run
from orgsim.validation.runner import Measurements, Precision, Run

WARMUP = 200.0  # days: >= 3 relaxation times of the slowest queue below (bias < 0.1%)


@dataclass(frozen=True)
class Case:
    """A named validation case: the runs it needs and how to judge them."""

    name: str
    title: str
    runs: Callable[[Precision], list[Run]]
    judge: Callable[[Measurements], None]
    needs: tuple[str, ...] = ()
    seed_share: float = 1.0  # the share of the seeds it uses (costly runs use fewer)

    def seeds(self, seeds: Sequence[int]) -> list[int]:
        seeds = list(seeds)
        return seeds[: max(2, math.ceil(self.seed_share * len(seeds)))]


def station(name: str, role: str, mean: float, dist: str = "exponential", **extra) -> dict:
    service: dict[str, Any] = {"dist": dist, "mean": mean}
    if "cv" in extra:
        service["cv"] = extra.pop("cv")
    return {"name": name, "role": role, "service": service, **extra}


def scenario(
    name: str,
    pipeline: list[dict],
    *,
    days: float,
    warmup: float = WARMUP,
    rate: float | None = None,
    people: dict[str, int] | None = None,
    shared: dict[str, int] | None = None,
    policy: dict[str, Any] | None = None,
    demand_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One team, a pipeline, Poisson demand at `rate` (or an unlimited backlog if None)."""
    return {
        "name": f"validation-{name}",
        "simulation": {"days": days, "warmup_days": warmup},
        "org": {
            "teams": 1,
            "people_per_team": people if people is not None else {"developer": 1},
            "shared_people": shared or {},
            "demand": demand(rate, **(demand_extra or {})),
        },
        "pipeline": pipeline,
        "policy": policy or {},
    }


def days_at(base: float, p: Precision, multiple: float = 1.0) -> float:
    """A run length scaled by the precision, rounded to a multiple of `multiple` days."""
    return max(multiple, round(base * p.scale / multiple) * multiple)


def scenario_run(key: str, mapping: dict[str, Any]) -> Run:
    return Run(key, orgsim_run, {"scenario": mapping})


def demand(rate: float | None, **extra: Any) -> dict[str, Any]:
    """Poisson demand at `rate` per day with extra demand fields (None: unlimited backlog)."""
    if rate is None:
        return {"kind": "backlog", **extra}
    return {"kind": "poisson", "rate_per_team": rate, **extra}
