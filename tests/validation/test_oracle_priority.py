"""Urgent work ahead of fresh work: two-class non-preemptive priority queues (Cobham)."""

from __future__ import annotations


def test_urgent_and_fresh_waits_match_cobham_on_an_mg1_station(validate):
    validate("priority_mg1")


def test_urgent_and_fresh_waits_match_cobham_with_two_reviewers(validate):
    checks = validate("priority_mmc")
    urgent, fresh = (c.orgsim.mean for c in checks[:2])
    assert urgent < fresh  # and, being pass, each matches its class's value
