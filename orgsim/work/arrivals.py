"""Demand: Poisson arrivals of new work into each team's backlog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.scenario.schema import Distribution
from orgsim.work.distributions import Sampler, stream

if TYPE_CHECKING:
    from orgsim.work.protocols import Organization


class ArrivalProcess:
    """New change requests for one team, at `rate` per working day (exponential gaps).

    Each team draws from its own stream, so adding a team or changing another team's
    rate leaves this team's arrivals unchanged (common random numbers).
    """

    def __init__(self, model: Organization, team: int, rate: float, seed: int) -> None:
        self.model = model
        self.team = team
        self.gaps = Sampler(
            Distribution(dist="exponential", mean=1.0 / rate), stream(seed, f"arrivals/{team}")
        )
        model.call_after(self.gaps.next(), self.arrive)

    def arrive(self) -> None:
        self.model.flow.new_item(self.team)
        self.model.call_after(self.gaps.next(), self.arrive)


class Window:
    """The opening of a gate: change-advisory-board meetings, release-train departures
    (periodic, or on the dates a dated gate lists)."""

    def __init__(self, model: Organization, station) -> None:
        self.model = model
        self.station = station
        self.opened = 0
        self.held = 0

    def open(self) -> None:
        station = self.station
        now = self.model.now
        self.opened += 1
        station.next_window = station.gate.next_opening(now)
        if station.holds is not None and station.holds():
            self.held += 1  # e.g. a release manager keeps the old rhythm: the train waits
            return
        for k in station.form_batches(now):
            pool = station.pools[k]
            if pool.idle:
                pool.dispatch()
