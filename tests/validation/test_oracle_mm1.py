"""M/M/1: one developer, Poisson arrivals, exponential coding times."""

from __future__ import annotations


def test_mm1_mean_sojourn_and_number_in_system_match_theory_at_rho_0_5(validate):
    validate("mm1_rho_0.5")


def test_mm1_mean_sojourn_and_number_in_system_match_theory_at_rho_0_8(validate):
    validate("mm1_rho_0.8")
