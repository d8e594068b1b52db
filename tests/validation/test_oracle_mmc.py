"""M/M/c: c reviewers of one team share the first station's queue (Erlang C)."""

from __future__ import annotations


def test_mmc_wait_probability_and_sojourn_match_erlang_c_with_2_reviewers(validate):
    validate("mmc_c2")


def test_mmc_wait_probability_and_sojourn_match_erlang_c_with_3_reviewers(validate):
    validate("mmc_c3")
