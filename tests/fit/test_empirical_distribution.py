"""The `empirical` distribution kind: validation, derived moments, inverse-CDF draws."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import t_interval
from scipy import stats

import orgsim
from orgsim.scenario import ScenarioError
from orgsim.scenario.schema import Distribution, empirical_moments
from orgsim.work.distributions import Sampler, stream

Q = [0.1, 0.5, 1.0, 4.0, 10.0]


def test_empirical_mean_and_cv_follow_from_the_quantiles():
    d = Distribution(dist="empirical", quantiles=Q)
    m, cv = empirical_moments(Q)
    assert d.mean == pytest.approx(m) and d.cv == pytest.approx(cv)
    # segment means (0.3, 0.75, 2.5, 7.0), each with probability 1/4
    assert m == pytest.approx((0.3 + 0.75 + 2.5 + 7.0) / 4)


@pytest.mark.parametrize(
    "quantiles, problem",
    [
        ([1.0, 0.5, 2.0], "non-decreasing"),
        ([0.0, 1.0], "> 0"),
        ([1.0, float("inf")], "finite"),
        ([1.0], "at least 2"),
    ],
)
def test_bad_quantiles_are_rejected_naming_the_field(quantiles, problem):
    with pytest.raises(
        ScenarioError, match=r"pipeline\.coding\.service.*" + problem.replace(">", ">")
    ):
        orgsim.load_scenario(
            {
                "pipeline": [
                    {
                        "name": "coding",
                        "role": "developer",
                        "service": {"dist": "empirical", "quantiles": quantiles},
                    }
                ]
            }
        )


def test_an_inconsistent_cv_and_quantiles_on_another_kind_are_rejected():
    with pytest.raises(ValueError, match="cv of an empirical"):
        Distribution(dist="empirical", quantiles=Q, cv=0.1)
    with pytest.raises(ValueError, match="only for an empirical"):
        Distribution(dist="lognormal", mean=1.0, cv=1.0, quantiles=Q)


def test_a_given_mean_rescales_the_shape_and_keeps_draws_paired():
    base = Sampler(Distribution(dist="empirical", quantiles=Q), stream(3, "s"))
    scaled_dist = Distribution(dist="empirical", quantiles=Q, mean=2 * empirical_moments(Q)[0])
    scaled = Sampler(scaled_dist, stream(3, "s"))
    a = np.array([base.next() for _ in range(1000)])
    b = np.array([scaled.next() for _ in range(1000)])
    np.testing.assert_allclose(b, 2 * a, rtol=1e-12)
    assert scaled_dist.cv == pytest.approx(Distribution(dist="empirical", quantiles=Q).cv)


def test_draws_follow_the_piecewise_linear_distribution():
    d = Distribution(dist="empirical", quantiles=Q)
    means = []
    for seed in range(10):
        s = Sampler(d, stream(seed, "service/coding"))
        means.append(np.mean([s.next() for _ in range(5000)]))
    _m, lo, hi = t_interval(means)
    assert lo <= d.mean <= hi
    s = Sampler(d, stream(99, "x"))
    x = np.array([s.next() for _ in range(20000)])
    probs = np.linspace(0, 1, len(Q))
    ks = stats.kstest(x, lambda v: np.interp(v, Q, probs))
    assert ks.pvalue > 0.01


def test_a_scenario_with_an_empirical_service_runs_and_its_distribution_round_trips():
    raw = {
        "simulation": {"days": 40},
        "org": {"people_per_team": {"developer": 3}, "demand": {"rate_per_team": 1.0}},
        "pipeline": [
            {
                "name": "coding",
                "role": "developer",
                "service": {"dist": "empirical", "quantiles": Q},
            }
        ],
    }
    scn = orgsim.load_scenario(raw)
    res = orgsim.simulate(scn, seed=1)
    assert res.summary["completed"] > 0
    service = scn.spec.pipeline[0].service
    assert Distribution.model_validate(service.model_dump()) == service
    relieved = scn.with_overrides({"pipeline.coding.service.mean": 1.0})
    assert relieved.spec.pipeline[0].service.mean == 1.0
