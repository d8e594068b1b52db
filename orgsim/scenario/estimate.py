"""The engine's first-order estimate of a scenario, as the scenario layer sees it.

Two things the scenario layer says before a run need queueing arithmetic over the rules
the organization follows: the capacity warning (`CapacityWarning`, on loading a scenario)
and the run's cost (orgsim/scenario/cost.py). That arithmetic reads the engine's rule
objects, so it lives above this layer (orgsim/policies/capacity.py); this module holds
only the protocol it fills and the one estimate installed here when orgsim is imported
(`install`). The scenario layer never imports the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orgsim.scenario.schema import ScenarioSpec


@dataclass(frozen=True)
class Traffic:
    """What a run will carry, per day and in all (the run-cost arithmetic's inputs)."""

    starts_per_team: float  # new changes started a day per team (demand, or what the
    # developers start from an unlimited backlog)
    visits_per_change: float  # station visits one change makes, rework included
    gate_openings: float  # gate openings over the horizon asked for


class LineEstimate(Protocol):
    """The capacity estimate of a scenario's delivery line."""

    def warnings(self, spec: ScenarioSpec) -> list[str]:
        """One line per problem found: demand above the line's capacity."""
        ...

    def traffic(self, spec: ScenarioSpec, horizon: float) -> Traffic:
        """What the line carries over `horizon` days."""
        ...


_installed: list[LineEstimate] = []


def install(estimate: LineEstimate) -> None:
    """Make `estimate` the one the scenario loader and the run-cost check use."""
    _installed[:] = [estimate]


def installed() -> LineEstimate:
    """The installed estimate (orgsim's own, once `orgsim` is imported)."""
    if not _installed:
        raise RuntimeError("no capacity estimate installed: import orgsim first")
    return _installed[0]


def capacity_warnings(spec: ScenarioSpec) -> list[str]:
    """The installed estimate's warnings for `spec` (none before one is installed)."""
    return _installed[0].warnings(spec) if _installed else []
