"""Verdict bands: the whole 95% interval decides, and a worsening is never 'barely'."""

from __future__ import annotations

import math

import pytest

from orgsim.experiments.claims import verdict as v
from orgsim.experiments.estimate import Estimate


def est(mean, low, high):
    return Estimate(mean, low, high, 10)


def test_tenfold_lead_time_is_a_substantial_worsening_not_barely():
    assert v.band(est(9.0, 8.5, 9.5), better="lower") == v.WORSENS_SUBSTANTIALLY


@pytest.mark.parametrize(
    ("e", "better", "expected"),
    [
        (est(0.30, 0.21, 0.40), "higher", v.IMPROVES_SUBSTANTIALLY),
        (est(-0.30, -0.40, -0.21), "lower", v.IMPROVES_SUBSTANTIALLY),
        (est(0.05, -0.02, 0.12), "higher", v.BARELY_CHANGES),
        (est(-0.03, -0.08, 0.01), "higher", v.BARELY_CHANGES),
        (est(-0.10, -0.14, -0.06), "higher", v.WORSENS),
        (est(0.10, 0.06, 0.14), "lower", v.WORSENS),
        (est(0.15, 0.05, 0.30), "higher", v.INCONCLUSIVE),
        (est(-0.15, -0.30, 0.02), "higher", v.INCONCLUSIVE),
        (est(0.1, math.nan, math.nan), "higher", v.INCONCLUSIVE),
    ],
)
def test_band_is_the_one_the_whole_interval_lies_in(e, better, expected):
    assert v.band(e, better) == expected


def test_all_or_none_fails_on_any_contradiction_and_waits_on_undecided():
    assert v.all_or_none([True, True]) is True
    assert v.all_or_none([True, None]) is None
    assert v.all_or_none([None, False]) is False
