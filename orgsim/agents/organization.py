"""What the agents need of the organization they work in, as a protocol.

The model builds the agents, so the agents cannot import it without an import cycle;
they type against this protocol, which the model fills.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from orgsim.work.protocols import Organization as WorkOrganization

if TYPE_CHECKING:
    from orgsim.work.flow import Flow
    from orgsim.work.station import Station


class Organization(WorkOrganization, Protocol):
    """The model as its agents see it: the clock and calendar, the flow of work, the teams'
    adoption of assistants and the review stations developers may help at."""

    flow: Flow
    review_stations: list[Station]
    team_adoption: list[float]
    assistant_speedup: float  # an assistant's speed-up at the organization's data access

    def apply_adoption(self, team: int) -> None: ...

    def schedule_recurring(self, function: Callable[[], Any], schedule: Any) -> Any: ...
