"""A Jackson network: coding -> review -> test, review sending work back to coding."""

from __future__ import annotations


def test_rework_loop_matches_traffic_equations_and_jackson_sojourns(validate):
    checks = validate("jackson_rework")
    quantities = {c.quantity for c in checks}
    assert {"visit rate lam_coding", "sojourn per visit W_test", "mean time in system W"} <= (
        quantities
    )
