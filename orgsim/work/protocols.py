"""What the flow of work needs of the organization around it, as protocols.

Work sits below the agents, the rules and the model: a station asks pools for help, the
flow reads the clock and the teams, a job is served by someone with or without an
assistant. Typing against these small protocols, instead of importing the classes that
fill them (`OrgModel`, `RolePool`, `Worker`), keeps the engine free of import cycles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from orgsim.scenario.schema import ScenarioSpec
from orgsim.work.item import WorkItem


class Calendar(Protocol):
    """The event list: run `action()` at time `t`."""

    def call_at(self, t: float, action: Callable[[], object], /) -> None: ...


class Clock(Protocol):
    """What a delay lane needs: the time now and the calendar to wake up on."""

    now: float
    calendar: Calendar


class Team(Protocol):
    """A team as the flow counts it: its neighbours, its work in progress, its output."""

    index: int
    neighbours: list[int]
    wip: int
    started: int
    delivered: int


class Intake(Protocol):
    """Where new work comes in (the flow)."""

    def new_item(self, team: int, in_backlog: bool = True) -> WorkItem: ...


class Organization(Clock, Protocol):
    """The organization the flow of work runs in (the model)."""

    scenario_spec: ScenarioSpec
    teams: Sequence[Team]
    unlimited_backlog: bool
    flow: Intake

    def call_after(self, delay: float, action: Callable[[], object], /) -> None: ...


class Pool(Protocol):
    """People a station asks to take work: idle members pick their next job by their rule."""

    idle: Sequence[object]
    workers: Sequence[object]

    def dispatch(self) -> bool: ...


class Server(Protocol):
    """Whoever serves a job: a person (with or without an assistant) or a machine."""

    assisted: bool
    speedup: float
    ramp_until: float
    open_prs: int
    job: object
    pool: Pool

    def speed_at(self, now: float) -> float: ...
