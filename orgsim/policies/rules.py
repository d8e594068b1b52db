"""The rules of one run, built once from the scenario, and the registry of rule classes.

Adding a rule: write its module (a `Rule` subclass: hooks, capacity effect, neutral
setting; docs/model.md shows one) and add its class to `RULES`. The order of `RULES` is
the order in which hooks run, which matters in one place: the pools a station asks for
help are asked in this order (peer reviewers, then neighbouring teams, then swarming
developers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from orgsim.policies.base import Organization, Rule
from orgsim.policies.coe import CenterOfExcellence
from orgsim.policies.cross_team import CrossTeamReview
from orgsim.policies.focus import CompetingPriorities
from orgsim.policies.governance import Governance
from orgsim.policies.mandate import Mandate
from orgsim.policies.peer_review import PeerReview
from orgsim.policies.pr_limit import OpenPrLimit
from orgsim.policies.release import ReleaseCadence
from orgsim.policies.swarm import Swarming
from orgsim.policies.wip import WipLimit

if TYPE_CHECKING:
    from orgsim.policies.line import Line
    from orgsim.scenario.schema import ScenarioSpec

# Every rule but the mandate, which the others consult and which is built first.
RULES: tuple[type[Rule], ...] = (
    CenterOfExcellence,
    CompetingPriorities,
    Governance,
    ReleaseCadence,
    WipLimit,
    OpenPrLimit,
    PeerReview,
    CrossTeamReview,
    Swarming,
)


class Rules:
    """The mandate and every other rule of one run, and the hooks they run together."""

    def __init__(self, spec: ScenarioSpec, seed: int) -> None:
        self.mandate = Mandate(spec, seed)
        self.all: tuple[Rule, ...] = (
            self.mandate,
            *(cls(spec, self.mandate) for cls in RULES),  # type: ignore[call-arg]
        )

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.all)

    def __getitem__(self, cls: type[Rule]) -> Rule:
        """The rule of one class: `rules[WipLimit]`."""
        return next(rule for rule in self.all if type(rule) is cls)

    def active(self) -> list[Rule]:
        """The rules that are not neutral in this run."""
        return [rule for rule in self.all if not rule.neutral]

    def shape(self, org: Organization) -> None:
        """Before anyone is hired: stations, the flow of work, the assistants."""
        for station in org.stations:
            for rule in self.all:
                rule.shape_station(station, org)
        for rule in self.all:
            rule.shape(org)

    def staff(self, org: Organization) -> None:
        """Once everyone is hired: norms, review rules, who helps where."""
        for rule in self.all:
            rule.staff(org)

    def start(self, org: Organization) -> None:
        """Before the first day: what rules run on their own."""
        for rule in self.all:
            rule.start(org)

    def capacity_effect(self, line: Line) -> Line:
        """The line as every rule leaves it, for the capacity estimate."""
        for rule in self.all:
            rule.capacity_effect(line)
        return line
