"""What a rule is: a small object with hooks the organization calls, and its capacity effect.

In the style of a queueing library's routers and service disciplines, each rule the
organization follows (a WIP limit, swarming, governance lanes, ...) is built once, when
the organization is staffed, from the scenario's settings. It then sets what the engine's
hot path reads: a station's router, scale and helpers, a gate's cadence, the norms a
developer keeps, what a delivery wakes. The hot path never names a rule; it reads those
attributes or loops over a (possibly empty) tuple of hooks.

Every rule has a neutral setting (`neutral`) under which its hooks leave the engine as it
is: each station a FIFO multi-server queue, the pipeline a network of such queues. Its
closed-form capacity effect (`capacity_effect`) says the same thing to the capacity
estimate (orgsim/policies/capacity.py) that its hooks say to the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from orgsim.agents.developer import Developer
    from orgsim.agents.pool import RolePool
    from orgsim.policies.line import Line
    from orgsim.work.flow import Flow
    from orgsim.work.station import Station


class Organization(Protocol):
    """The organization as rules see it while it is staffed (the model)."""

    stations: list[Station]
    review_stations: list[Station]
    flow: Flow
    developer_pools: list[RolePool]
    pools: list[RolePool]
    assistant_speedup: float
    coe: Any

    @property
    def now(self) -> float: ...


class Rule:
    """One organizational rule. Subclasses override the hooks they need.

    Hooks the engine calls, in this order, once per run:
    `shape_station(station, org)` for every station (service scale, router, gate),
    `shape(org)` once the flow of work exists (what the flow reads, the assistants),
    `staff(org)` once everyone is hired (developers' norms, who helps at a station),
    `start(org)` before the first day (agents of the rule's own).
    """

    name: ClassVar[str] = ""  # the scenario field that sets it

    @property
    def neutral(self) -> bool:
        """Does the rule leave the engine a network of FIFO queues?"""
        return True

    def shape_station(self, station: Station, org: Organization) -> None:
        """Set what the rule changes at one station (called for each, in pipeline order)."""

    def shape(self, org: Organization) -> None:
        """Set what the rule changes in the flow of work and the organization."""

    def staff(self, org: Organization) -> None:
        """Hand the rule's hooks to the people, pools and stations it concerns."""

    def start(self, org: Organization) -> None:
        """Start what the rule runs on its own (an agent, a recurring event)."""

    def capacity_effect(self, line: Line) -> None:
        """Change the capacity estimate's line as the rule changes the engine."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({'neutral' if self.neutral else 'on'})"


def developers(org: Organization) -> Sequence[Developer]:
    """Every developer, team by team, in the order they were hired."""
    return [dev for pool in org.developer_pools for dev in pool.workers]  # type: ignore[misc]


def add_helpers(station: Station, helpers_of: Callable[[int], Sequence[Any]]) -> None:
    """Ask `helpers_of(k)` too, after those already asked, when work joins queue `k`."""
    added = [tuple(helpers_of(k)) for k in range(len(station.queues))]
    if not any(added):
        return
    before = station.helpers or [()] * len(added)
    station.helpers = [b + a for b, a in zip(before, added, strict=True)]
