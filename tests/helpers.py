"""Shared builders and checks for the test suite.

Statistical checks use t confidence intervals over independent replications (different
seeds): the replication means are i.i.d., so mean +/- t * s / sqrt(n) is an honest
interval whatever the run length. Every statistical test uses the same level,
`CI_LEVEL`, fixed up front, and a fixed list of seeds.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import orgsim
from orgsim.experiments.estimate import Estimate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "enterprise-baseline.toml"
AI = SCENARIOS / "enterprise-ai.toml"
# The presets with every adaptive rule off and dedicated reviewers (tests/data/neutral-presets).
NEUTRAL = ROOT / "tests" / "data" / "neutral-presets"
NEUTRAL_BASELINE = NEUTRAL / "enterprise-baseline.toml"
NEUTRAL_AI = NEUTRAL / "enterprise-ai.toml"

CI_LEVEL = 0.99
EXACT = 1e-9  # absolute tolerance for identities that hold up to floating-point rounding


# -- statistics -----------------------------------------------------------------------
def t_interval(values: Iterable[float], level: float = CI_LEVEL) -> tuple[float, float, float]:
    """Mean and two-sided t interval of independent replications."""
    x = np.asarray(list(values), dtype=float)
    n = len(x)
    assert n >= 2, "a confidence interval needs at least two replications"
    assert np.all(np.isfinite(x)), f"non-finite replication values: {x}"
    return Estimate.of(x, level).as_tuple()


def assert_in_ci(values: Sequence[float], expected: float, what: str) -> None:
    m, lo, hi = t_interval(values)
    assert lo <= expected <= hi, (
        f"{what}: theory {expected:.4g} outside the {CI_LEVEL:.0%} CI "
        f"[{lo:.4g}, {hi:.4g}] (mean {m:.4g}) of {len(values)} replications {list(values)}"
    )


# -- scenarios ------------------------------------------------------------------------
def station(
    name: str,
    role: str = "automated",
    dist: str = "exponential",
    mean: float = 1.0,
    cv: float = 1.0,
    servers: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A station mapping; `servers` only for automated stations."""
    service: dict[str, Any] = {"dist": dist, "mean": mean}
    if dist in ("lognormal", "gamma", "uniform"):
        service["cv"] = cv
    st: dict[str, Any] = {"name": name, "role": role, "service": service}
    if servers is not None:
        st["servers"] = servers
    st.update(extra)
    return st


def neutral_scenario(
    pipeline: list[dict[str, Any]],
    rate: float,
    days: float,
    warmup: float = 0.0,
    developers: int = 1,
    teams: int = 1,
    **sections: Any,
) -> orgsim.Scenario:
    """A scenario with every behavioural option neutral: a network of FIFO queues.

    No AI, no rework, no gates, no WIP limit, no cross-team review, deterministic size 1,
    Poisson arrivals at `rate` per team per day.
    """
    raw: dict[str, Any] = {
        "name": "neutral",
        "simulation": {"days": days, "warmup_days": warmup},
        "org": {
            "teams": teams,
            "people_per_team": {"developer": developers},
            "demand": {
                "kind": "poisson",
                "rate_per_team": rate,
                "size": {"dist": "deterministic", "mean": 1.0},
            },
        },
        "pipeline": pipeline,
        "ai": {"adoption": 0.0},
        "policy": {"wip_limit": 0, "cross_team_review": False, "mandate": 1.0},
    }
    for key, value in sections.items():
        raw.setdefault(key, {}).update(value)
    return orgsim.load_scenario(raw)


# -- comparisons ----------------------------------------------------------------------
def same_value(a: Any, b: Any) -> bool:
    """Equality that treats NaN as equal to NaN, recursively through dicts and lists."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


# -- the queueing reduction -----------------------------------------------------------
def station_draws(seed: int, spec, n: int) -> np.ndarray:
    """The first `n` service times of a station, rebuilt from its named stream.

    The stream naming (`service/<station>`) is orgsim's common-random-numbers contract;
    the transformation of the stream into durations is re-derived here from the
    documented distributions (mean-one draws scaled by the mean).
    """
    from orgsim.work.distributions import stream

    rng = stream(seed, f"service/{spec.name}")
    d = spec.service
    if d.dist == "exponential":
        unit = rng.standard_exponential(n)
    elif d.dist == "deterministic":
        unit = np.ones(n)
    elif d.dist == "lognormal":
        sigma = math.sqrt(math.log1p(d.cv * d.cv))
        unit = np.exp(-0.5 * sigma * sigma + sigma * rng.standard_normal(n))
    else:  # pragma: no cover - the generator only uses the three above
        raise AssertionError(d.dist)
    return unit * d.mean


def check_fifo_multiserver(
    entered: pd.Series, log: pd.DataFrame, servers: int, draws: np.ndarray, what: str
) -> int:
    """Verify a station behaved as a FIFO `servers`-server queue; return items checked.

    `entered`: entry time per item (index: item id) of every item that entered the
    station; `log`: the station's finished visits indexed by item (enter, start, leave).
    Items are taken in order of entry up to the first one still at the station at the end
    (after it, a server's state is unknown); for those the Kiefer-Wolfowitz recursion
    start_i = max(enter_i, earliest time one of the c servers is free) must reproduce
    every start, and leave - start must be the station's i-th service draw.
    """
    order = entered.sort_values(kind="stable")
    free = [0.0] * servers
    checked = 0
    last_start = -math.inf
    for k, (item, enter) in enumerate(order.items()):
        if item not in log.index:
            break
        row = log.loc[item]
        assert abs(row["enter"] - enter) <= EXACT, f"{what}: item {item} entry time differs"
        earliest = heapq.heappop(free)
        expected_start = max(enter, earliest)
        assert abs(row["start"] - expected_start) <= EXACT, (
            f"{what}: item {item} (entry #{k}) started at {row['start']!r}, a FIFO "
            f"{servers}-server queue starts it at {expected_start!r} "
            f"(entered {enter!r}, earliest free server {earliest!r})"
        )
        assert row["start"] >= last_start - EXACT, f"{what}: item {item} overtook (not FIFO)"
        last_start = row["start"]
        assert abs((row["leave"] - row["start"]) - draws[k]) <= EXACT, (
            f"{what}: item {item} served {row['leave'] - row['start']!r}, draw #{k} is {draws[k]!r}"
        )
        heapq.heappush(free, expected_start + draws[k])
        checked += 1
    return checked
