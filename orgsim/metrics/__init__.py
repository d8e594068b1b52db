"""What is measured: pure functions over a run's records."""

from orgsim.metrics.dora import dora_tiers
from orgsim.metrics.records import items_frame, timeseries_frame, visits_frame
from orgsim.metrics.summary import summarize

__all__ = ["dora_tiers", "items_frame", "summarize", "timeseries_frame", "visits_frame"]
