"""What a run will cost before it starts: events to simulate and memory to hold them.

Every field can be within its bound (orgsim/scenario/bounds.py) and the whole still be
beyond any machine: 20,000 teams for 20 years with a release every 5 minutes. `check` and
`run` estimate the run first and refuse, in one line, one that would take hours or more
memory than the machine has, unless the user raises the limit on purpose
(`--max-events`). The estimate is first-order arithmetic from the capacity model
(orgsim/policies/capacity.py, through `orgsim.scenario.estimate`): changes started a day,
visits per change, gate openings; it errs on the high side (work that waits at the
constraint costs no events).
"""

from __future__ import annotations

from dataclasses import dataclass

from orgsim.scenario.errors import ScenarioError
from orgsim.scenario.estimate import installed

MAX_EVENTS = 2e8  # about ten minutes of simulation on the reference machine
MAX_MEMORY = 8 << 30  # bytes
EVENTS_PER_VISIT = 3.0  # arrive, start, finish
BYTES_PER_VISIT = 160.0  # a row of the visit log, with its share of the item table
BYTES_PER_ITEM = 600.0


@dataclass(frozen=True)
class RunCost:
    events: float
    memory: float
    changes: float

    def line(self) -> str:
        return (
            f"about {self.events:.1e} events, {self.changes:.1e} changes, "
            f"{self.memory / 2**30:.1f} GiB"
        )


def estimate(spec, days: float | None = None) -> RunCost:
    """The run's cost: changes started, events and memory, over warm-up plus `days`."""
    horizon = (spec.simulation.days if days is None else days) + spec.simulation.warmup_days
    teams = spec.org.teams
    traffic = installed().traffic(spec, horizon)
    changes = traffic.starts_per_team * teams * horizon
    per_change = traffic.visits_per_change
    openings = traffic.gate_openings
    people = sum(spec.org.people_per_team.values()) * teams + sum(spec.org.shared_people.values())
    events = changes * (EVENTS_PER_VISIT * per_change + 2) + openings + people * horizon
    memory = changes * (BYTES_PER_ITEM + BYTES_PER_VISIT * per_change)
    return RunCost(events, memory, changes)


def check_cost(scenario, days: float | None = None, max_events: float = MAX_EVENTS) -> RunCost:
    """The cost, or a one-line `ScenarioError` when it is beyond the limits."""
    cost = estimate(scenario.spec, days)
    if cost.events > max_events:
        raise ScenarioError(
            scenario.source,
            "",
            f"this run would simulate {cost.line()}; the limit is {max_events:.1e} events "
            "(shorten simulation.days, fewer teams or people, or raise it with --max-events)",
        )
    if cost.memory > MAX_MEMORY:
        raise ScenarioError(
            scenario.source,
            "",
            f"this run would hold {cost.line()}; the limit is {MAX_MEMORY / 2**30:.0f} GiB "
            "(shorten simulation.days or fewer teams)",
        )
    return cost
