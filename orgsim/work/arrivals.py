"""Demand: Poisson arrivals of new work into each team's backlog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.scenario.schema import Distribution
from orgsim.work.distributions import Sampler, stream

if TYPE_CHECKING:
    from orgsim.model import OrgModel


class ArrivalProcess:
    """New change requests for one team, at `rate` per working day (exponential gaps).

    Each team draws from its own stream, so adding a team or changing another team's
    rate leaves this team's arrivals unchanged (common random numbers).
    """

    def __init__(self, model: OrgModel, team: int, rate: float, seed: int) -> None:
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

    def __init__(self, model: OrgModel, station) -> None:
        self.model = model
        self.station = station
        self.opened = 0
        self.held = 0

    def open(self) -> None:
        station = self.station
        now = self.model.now
        self.opened += 1
        station.next_window = station.gate.next_opening(now)
        if station.held_by_mandate and not self.model.policy.mandate.train_leaves():
            self.held += 1  # the release manager keeps the old rhythm: the train waits
            return
        for k in station.form_batches(now):
            pool = station.pools[k]
            if pool.idle:
                pool.dispatch()
