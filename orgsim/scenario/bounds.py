"""Upper (and lower) bounds that no real organization reaches, on every count and duration.

A scenario is checked against these after its types are: a billion approvers or a gate
that opens every nanosecond is a typo or a probe, not an organization, and without a
bound it makes `check` exhaust memory or `run` never end. Each bound is far beyond the
largest enterprise orgsim is meant for (50,000 people: 6,000 teams of 8) and is listed in
docs/model.md. Fields are matched by dotted path; `*` matches one station, role or key.
A value outside its bound is a one-line `ScenarioError` naming the field.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from orgsim.scenario.errors import ScenarioError

YEARS = 250.0  # working days per year
# dotted pattern -> (lowest, highest, why); None: no bound on that side. First match wins.
BOUNDS: list[tuple[str, float | None, float | None, str]] = [
    # The horizon may be long: steady-state checks of queueing theory run for decades.
    ("simulation.days", None, 100 * YEARS, "100 years of working days"),
    ("simulation.warmup_days", None, 100 * YEARS, "100 years of working days"),
    ("org.teams", None, 20_000, "20,000 teams"),
    ("org.people_per_team.*", None, 1_000, "1,000 people of one role in a team"),
    ("org.shared_people.*", None, 100_000, "100,000 shared people of one role"),
    ("org.daily_cost.*", None, 1e7, "$10M a day per person or server"),
    ("org.demand.rate_per_team", None, 1_000, "1,000 requests per team per day"),
    ("org.demand.defects_per_size", None, 100, "100 defects per unit of size"),
    ("org.demand.size.mean", 1e-3, 1_000, "a change of 1/1000 to 1,000 size units"),
    ("org.topology.degree", None, 20_000, "the team count"),
    ("org.topology.branching", None, 20_000, "the team count"),
    ("org.incidents.*days", None, 20 * YEARS, "20 years"),
    ("org.incidents.fix_size", None, 1_000, "1,000 size units"),
    ("pipeline.*.servers", None, 100_000, "100,000 servers at one station"),
    ("pipeline.*.service.mean", 1e-7, 20 * YEARS, "3 milliseconds to 20 years of work"),
    ("pipeline.*.gate.every", 0.01, 20 * YEARS, "a gate opening every 5 minutes to 20 years"),
    ("pipeline.*.gate.offset", None, 20 * YEARS, "20 years"),
    # A gate's dates are times on the run's clock, which may run as long as the horizon.
    ("pipeline.*.gate.dates.*", None, 100 * YEARS, "100 years of working days"),
    ("pipeline.*.gate.capacity", None, 1_000_000, "a million changes per opening"),
    ("pipeline.*.rework.effort", None, 100, "100 times the first effort"),
    ("pipeline.*.rework.staleness", None, 100, "100 per working day"),
    ("*.cv", None, 20, "a coefficient of variation of 20"),
    ("ai.coding_speedup", None, 100, "a 100x assistant"),
    ("ai.pr_size_multiplier", None, 100, "PRs 100 times as large"),
    ("ai.defect_multiplier", None, 100, "100 times the defects"),
    ("ai.token_cost_per_day", None, 1e6, "$1M of tokens a day per person"),
    ("ai.seat_cost_per_month", None, 1e6, "$1M a month per seat"),
    ("ai.learning.days", None, 20 * YEARS, "20 years"),
    ("policy.center_of_excellence.people", None, 100_000, "100,000 people"),
    ("policy.wip_limit", None, 1_000_000, "a million changes"),
    ("policy.open_pr_limit", None, 1_000, "1,000 open PRs per developer"),
    ("policy.release_every", None, 20 * YEARS, "20 years"),
    ("policy.automated_check_days", 1e-4, 20 * YEARS, "3 seconds to 20 years"),
    ("policy.deploy_days", 1e-4, 20 * YEARS, "3 seconds to 20 years"),
    ("*days", None, 20 * YEARS, "20 years of working days"),
    ("*_days", None, 20 * YEARS, "20 years of working days"),
]
# A release train must run at least this often if it runs at all (0 means "off").
RELEASE_EVERY_MIN = 0.01


def _numbers(node: Any, path: str) -> Iterator[tuple[str, float]]:
    """Every number in a scenario mapping, by dotted path (stations by name)."""
    if isinstance(node, bool):
        return
    if isinstance(node, int | float):
        yield path, float(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list | tuple):
        for i, value in enumerate(node):
            name = value.get("name") if isinstance(value, dict) else None
            yield from _numbers(value, f"{path}.{name or i}")


def _bound(path: str) -> tuple[float | None, float | None, str] | None:
    for pattern, low, high, why in BOUNDS:
        if fnmatch.fnmatchcase(path, pattern):
            return low, high, why
    return None


def check_bounds(spec_dump: dict[str, Any], source: str) -> None:
    """Raise a `ScenarioError` for the first number outside its bound."""
    for path, value in _numbers(spec_dump, ""):
        if path.startswith("patterns."):
            continue  # a pattern's band is a target, not a quantity of the organization
        bound = _bound(path)
        if bound is None:
            continue
        low, high, why = bound
        if high is not None and value > high:
            raise ScenarioError(source, path, f"{value:g} is above the limit of {high:g} ({why})")
        if low is not None and value < low:
            raise ScenarioError(source, path, f"{value:g} is below the limit of {low:g} ({why})")
    every = spec_dump.get("policy", {}).get("release_every", 0.0)
    if every and every < RELEASE_EVERY_MIN:
        raise ScenarioError(
            source,
            "policy.release_every",
            f"{every:g} is below the limit of {RELEASE_EVERY_MIN:g} (a train every 5 minutes;"
            " 0 means no train)",
        )
