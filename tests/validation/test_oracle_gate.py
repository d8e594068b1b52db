"""A periodic gate (approval board) that opens every T days."""

from __future__ import annotations


def test_periodic_gate_adds_half_a_period_of_waiting_and_never_more_than_a_period(validate):
    validate("gate")


def test_gate_on_the_first_station_counts_waiting_work_as_backlog_and_the_batch_as_wip(
    validate,
):
    """Waiting for the window is backlog (lam T/2); the boarded batch is the station's WIP.

    Regression: Flow.begin_batch once skipped `_start_new_work` for station 0, leaving
    every item in the backlog gauge and driving the station's WIP negative.
    """
    validate("gate_first_station")


def test_gate_with_a_capacity_matches_the_embedded_markov_chain(validate):
    """At most K items board per opening: the rest wait for later openings."""
    validate("gate_capacity")
