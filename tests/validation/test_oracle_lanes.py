"""Automated governance lanes are infinite-server queues: Poisson(lam d) changes in them."""

from __future__ import annotations


def test_automated_lane_holds_a_poisson_number_of_changes_and_risk_based_splits_it(validate):
    checks = validate("lane_automated")
    assert any("variance" in c.quantity for c in checks)
