"""What the metrics read of a run, as a protocol.

Metrics are pure functions over a run's records; the model calls them (`summary()`,
`items()`, `timeseries()`), so they type against this view of it rather than import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orgsim.agents.pool import RolePool
    from orgsim.agents.team import Team
    from orgsim.agents.worker import Worker
    from orgsim.scenario.schema import ScenarioSpec
    from orgsim.work.arrivals import Window
    from orgsim.work.daybook import DayBook
    from orgsim.work.flow import Flow
    from orgsim.work.station import Station


class RunView(Protocol):
    """A run in progress or finished: its scenario, records and measurement window."""

    scenario_spec: ScenarioSpec
    seed: int
    horizon: float
    flow: Flow
    daybook: DayBook
    stations: list[Station]
    teams: list[Team]
    pools: list[RolePool]
    developer_pools: list[RolePool]
    windows: list[Window]
    window_start: float
    busy_at_warmup: dict[int, float]
    station_busy_at_warmup: list[float]
    completions_at_warmup: list[int]
    windows_at_warmup: list[int]
    tokens_at_warmup: float

    @property
    def time(self) -> float: ...

    def workers(self) -> Iterator[Worker]: ...

    def wip_by_station(self) -> dict[str, int]: ...

    def next_windows(self) -> dict[str, float]: ...


__all__ = ["RunView"]
