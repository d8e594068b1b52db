"""Whether a run reached a steady state: WIP growth judged on batch means of the day book."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import BASELINE, assert_in_ci, neutral_scenario, station
from helpers import NEUTRAL_AI as AI
from scipy import stats

import orgsim
from orgsim.metrics.stability import PRACTICAL, batch_length, stability_words, wip_stability


def mm1(rho: float, days: float = 1500.0) -> orgsim.Scenario:
    return neutral_scenario(
        [station("coding", "developer", "exponential", 1.0)], rate=rho, days=days, warmup=100.0
    )


def overfed_line(days: float = 300.0) -> orgsim.Scenario:
    """Developers code at 2 a day from an unlimited backlog; review serves 1 a day."""
    return orgsim.load_scenario(
        {
            "name": "overfed",
            "simulation": {"days": days, "warmup_days": 20.0},
            "org": {"people_per_team": {"developer": 1}, "demand": {"kind": "backlog"}},
            "pipeline": [
                station("coding", "developer", "exponential", 0.5),
                station("review", "automated", "exponential", 1.0, servers=1),
            ],
        }
    )


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """A stationary AR(1) series: strongly autocorrelated, with no trend at all."""
    e = rng.normal(size=n + 500)
    y = np.zeros(n + 500)
    for t in range(1, n + 500):
        y[t] = phi * y[t - 1] + e[t]
    return 50.0 + y[500:]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_mm1_at_load_07_reads_stable(seed):
    s = orgsim.simulate(mm1(0.7), seed=seed).summary
    assert s["stable"] is True and s["stability"] == "stable"
    assert s["wip_growing_at"] == ""
    assert set(s["wip_growth_per_day"]) == {"backlog", "coding", "total"}
    assert abs(s["wip_growth_per_day"]["total"]) < s["wip_growth_threshold_per_day"]


def test_line_fed_faster_than_its_bottleneck_reads_unstable_at_the_bottleneck():
    runs = [orgsim.simulate(overfed_line(), seed=seed).summary for seed in range(1, 11)]
    for s in runs:
        assert s["stable"] is False and s["stability"] == "unstable"
        assert s["wip_growing_at"] == "review"
        assert stability_words(s).startswith("unstable: WIP grows ")
        assert stability_words(s).endswith("/day at review")
    # Oracle 8: the queue in front of the bottleneck grows at upstream rate - bottleneck
    # rate, 2 - 1 a day. One run's interval is that of its own path (a random walk with
    # drift); the drift itself is judged across independent runs.
    assert_in_ci([s["wip_growth_per_day"]["review"] for s in runs], 2.0 - 1.0, "review growth")


def test_too_few_days_cannot_show_a_steady_state():
    s = orgsim.simulate(mm1(0.7, days=3.0), seed=1).summary
    assert s["stability"] == "too short to judge"
    assert s["stable"] is False
    assert all(math.isnan(v) for v in s["wip_growth_per_day"].values())


def test_batches_hold_whole_gate_periods():
    assert batch_length(250, 1) == 25
    assert batch_length(250, 10) == 30  # 8 batches of three trains each
    assert batch_length(60, 10) == 10
    days = np.arange(60.0)
    saw = np.tile(np.arange(10.0) * 24.0, 6)  # a release queue filling and emptying
    assert wip_stability(days, {"release": saw}, 24.0, period=10).stable
    assert wip_stability(days, {"release": saw}, 24.0, period=10).growth["release"] == 0.0


def test_batch_means_resist_autocorrelation_that_fools_a_day_level_regression():
    """200 trend-free AR(1) series (phi 0.95): a regression on the days finds a 'trend' in
    a large share of them, batch means in few; the practical threshold in none."""
    rng = np.random.default_rng(7)
    days = np.arange(250.0)
    naive = batch = practical = 0
    for _ in range(200):
        y = ar1(rng, len(days), 0.95)
        fit = stats.linregress(days, y)
        naive += fit.slope - stats.t.ppf(0.975, len(days) - 2) * fit.stderr > 0
        batch += not wip_stability(days, {"q": y}, 0.0).stable
        practical += not wip_stability(days, {"q": y}, 10.0).stable
    assert naive > 60, naive
    assert batch < 30, batch
    assert practical == 0


def test_growth_below_the_practical_threshold_is_not_instability():
    days = np.arange(250.0)
    slow = 100.0 + 0.5 * PRACTICAL * 10.0 * days  # half the threshold at 10 items a day
    assert wip_stability(days, {"q": slow}, 10.0).stable
    assert not wip_stability(days, {"q": slow}, 1.0).stable


def test_enterprise_ai_as_shipped_reads_unstable_at_review():
    s = orgsim.simulate(AI, seed=1).summary
    assert s["stability"] == "unstable" and s["wip_growing_at"] == "review"
    assert s["wip_growth_per_day"]["review"] > 10 * s["wip_growth_threshold_per_day"]


@pytest.mark.slow
def test_enterprise_baseline_reads_stable_on_seeds_1_to_10():
    verdicts = {seed: orgsim.simulate(BASELINE, seed=seed).summary for seed in range(1, 11)}
    unstable = {
        k: (s["stability"], s["wip_growing_at"]) for k, s in verdicts.items() if not s["stable"]
    }
    assert not unstable, unstable
