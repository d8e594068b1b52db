"""M/G/1: the mean wait depends on the service time's mean and variance only (P-K)."""

from __future__ import annotations


def test_md1_wait_matches_pollaczek_khinchine(validate):
    validate("md1")


def test_mg1_lognormal_wait_matches_pollaczek_khinchine(validate):
    validate("mg1_lognormal")
