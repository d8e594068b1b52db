"""What flows and where: work items, stations with their queues and gates, and routing."""

from orgsim.work.flow import Flow
from orgsim.work.item import Batch, WorkItem
from orgsim.work.station import Station

__all__ = ["Batch", "Flow", "Station", "WorkItem"]
