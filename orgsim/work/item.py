"""Work items: the light records that flow through the pipeline.

Items are not agents: they make no decisions. Agents move them between stations, and
every station visit leaves a flat record (enter, service start, leave) in the model's
visit log, from which every metric is computed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, eq=False)
class WorkItem:
    """One change request on its way from a team's backlog to production."""

    id: int
    team: int
    size: float
    arrived: float
    high_risk: bool = False
    urgent: bool = False  # expedite class: waits ahead of fresh work at every station
    pr_size: float = 0.0
    defects: int = 0
    defects_injected: int = 0
    ai: bool = False
    reviewer_team: int = -1
    started: float = -1.0
    committed: float = -1.0
    done: float = -1.0
    reworks: int = 0
    reached: int = -1
    redesign: bool = True
    serving: bool = False
    active: float = 0.0
    effort: float = 1.0
    enter_t: float = 0.0
    start_t: float = 0.0
    author: object = None  # the developer who first coded it (never its peer reviewer)
    merged: float = -1.0  # when it first passed its merge station
    failure: bool = False  # failure demand: a bug fix brought by an incident
    incident: int = -1  # failure demand: its row in the flow's incident log
    restore_work: float = 0.0  # mitigation work added to its first coding job
    detect: float = 1.0  # this visit's detection factor (review under load)
    deployment: int = -1  # index of the deployment that shipped it

    @property
    def in_progress(self) -> bool:
        return self.done < 0


class Batch:
    """Items that pass a gate together (one CAB meeting, one release train)."""

    __slots__ = ("items", "opened")

    def __init__(self, items: list[WorkItem], opened: float) -> None:
        self.items = items
        self.opened = opened
