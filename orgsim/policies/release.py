"""Release cadence: the release train re-timed to leave every `release_every` days.

The deployment station's gate is replaced by a periodic one of that period (its offset
dropped, its batch capacity kept). A release manager who keeps the old rhythm holds a
departure: each departure leaves with the mandate's probability, otherwise the train
waits for the next one.

Neutral: release_every 0 (the scenario's own gate, if any). Capacity effect: the
deployment station runs on the re-timed gate, and only the departures that leave pass
work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule
from orgsim.scenario.schema import Gate

if TYPE_CHECKING:
    from orgsim.policies.line import Line
    from orgsim.policies.mandate import Mandate
    from orgsim.scenario.schema import ScenarioSpec
    from orgsim.work.station import Station


class ReleaseCadence(Rule):
    """The re-timed release train and the mandate that decides its departures."""

    name = "policy.release_every"

    def __init__(self, spec: ScenarioSpec, mandate: Mandate) -> None:
        self.every = spec.policy.release_every
        self.mandate = mandate

    @property
    def neutral(self) -> bool:
        return self.every <= 0

    def gate_for(self, kind: str, gate: Gate | None) -> Gate | None:
        """The gate a station of this kind runs on under the rule."""
        if self.neutral or kind != "deploy":
            return gate
        return Gate(every=self.every, capacity=gate.capacity if gate is not None else 0)

    def held(self) -> bool:
        """Is this departure held by someone keeping the old rhythm?"""
        return not self.mandate.train_leaves()

    def shape_station(self, station: Station, org: Organization) -> None:
        gate = self.gate_for(station.kind, station.gate)
        if gate is not station.gate:
            station.gate = gate
            station.holds = self.held

    def capacity_effect(self, line: Line) -> None:
        for st in line.stations:
            gate = self.gate_for(st.kind, st.gate)
            if gate is not st.gate:
                st.gate = gate
                st.passing_share *= self.mandate.adherence
