"""Lead times that count unfinished work: Kaplan-Meier and Little's law beside finished-only."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import NEUTRAL_AI as AI
from helpers import neutral_scenario, station, t_interval

import orgsim
from orgsim.metrics.lead_time import kaplan_meier


def mm1(seed: int) -> orgsim.SimulationResult:
    scn = neutral_scenario(
        [station("coding", "developer", "exponential", 1.0)], rate=0.7, days=2000.0, warmup=100.0
    )
    return orgsim.simulate(scn, seed=seed)


def batch_interval(res: orgsim.SimulationResult) -> tuple[float, float, float]:
    """The run's own 99% interval for its mean lead time: batch means of 10 consecutive
    groups of finished items (in order of completion)."""
    s = res.summary
    end = float(res.timeseries.index.max())
    done = res.items[(res.items["done"] >= end - s["days"]) & (res.items["done"] <= end)]
    lead = done.sort_values("done")["lead_time"].to_numpy()
    return t_interval([b.mean() for b in np.array_split(lead, 10)])


def test_without_censoring_kaplan_meier_is_the_empirical_distribution():
    rng = np.random.default_rng(3)
    x = rng.exponential(2.0, 500)
    km = kaplan_meier(x, np.array([]))
    for q in (50, 85, 95):
        assert km.quantiles[q] == pytest.approx(np.quantile(x, q / 100, method="inverted_cdf"))
        assert math.isnan(km.at_least[q])
    assert km.mean == pytest.approx(x.mean(), rel=1e-12)
    assert km.open == 0


def test_a_percentile_the_curve_never_reaches_is_reported_as_a_lower_bound():
    finished = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    still_open = np.array([8.0, 9.0, 10.0])  # 30% still in progress, all longer
    km = kaplan_meier(finished, still_open)
    assert km.quantiles[50] == 5.0
    assert math.isnan(km.quantiles[85]) and math.isnan(km.quantiles[95])
    assert km.at_least[85] == km.at_least[95] == 10.0
    # No mean, only the area under the survival curve up to the longest time seen:
    # 1 + 0.9 + ... + 0.4 over the seven finished, then 0.3 from 7 to 10.
    assert math.isnan(km.mean)
    assert km.mean_at_least == pytest.approx(4.9 + 0.3 * 3, rel=1e-12)
    assert km.open == 3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_on_a_stable_run_little_and_kaplan_meier_agree_with_the_finished_mean(seed):
    res = mm1(seed)
    s = res.summary
    assert s["stable"]
    _, lo, hi = batch_interval(res)
    half = (hi - lo) / 2
    mean = s["lead_time_mean"]
    assert abs(s["lead_time_km_mean"] - mean) <= half, (s["lead_time_km_mean"], mean, half)
    assert abs(s["lead_time_littles"] - mean) <= half, (s["lead_time_littles"], mean, half)
    for q in (50, 85, 95):
        assert math.isnan(s[f"lead_time_p{q}_at_least"])
        assert s[f"lead_time_km_p{q}"] == pytest.approx(s[f"lead_time_p{q}"], rel=0.05)


def test_on_an_unstable_run_the_finished_only_figures_understate_and_are_flagged():
    s = orgsim.simulate(AI, seed=1).summary
    assert not s["stable"] and s["stability"] == "unstable"
    assert s["lead_time_littles"] > 2 * s["lead_time_mean"]
    assert s["lead_time_km_p50"] > s["lead_time_p50"]
    assert math.isnan(s["lead_time_km_p85"])  # most of what started is still open
    assert s["lead_time_p85_at_least"] > s["lead_time_p85"]
    assert s["lead_time_km_censored"] > s["completed"]
    assert s["littles_law_residual"] > 0.5
