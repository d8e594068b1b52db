"""The checks have teeth: a model that is wrong in a known way fails them."""

from __future__ import annotations

import orgsim.model
from orgsim.validation.cases import bottleneck_case, mm1_case
from orgsim.work.distributions import Sampler


class _SlowSampler(Sampler):
    """Every service time 10% longer than the scenario says."""

    def next(self) -> float:
        return 1.1 * super().next()


def _failed(checks, quantity: str) -> bool:
    return next(c for c in checks if c.quantity == quantity).status == "fail"


def test_mm1_check_fails_when_service_times_are_biased_by_ten_percent(monkeypatch, run_case):
    # Only the stations' samplers (built in orgsim.model), not the arrival process.
    monkeypatch.setattr(orgsim.model, "Sampler", _SlowSampler)
    checks = run_case("mm1_rho_0.5")
    assert _failed(checks, "mean time in system W")
    assert _failed(checks, "mean number in system L")


def test_mm1_check_fails_when_theory_is_told_a_service_mean_five_percent_off(run_case):
    wrong = mm1_case(0.5, service_mean=1.05, theory_service_mean=1.0, name="mm1_misspecified")
    checks = run_case(wrong)
    assert _failed(checks, "mean time in system W")


def test_paired_throughput_check_fails_when_the_bottleneck_itself_is_sped_up(monkeypatch, run_case):
    # Relabel the bottleneck: make "review" fast and "test" the 1.25-day constraint, so
    # the case's "test 1.5x faster" run now speeds up the bottleneck.
    import orgsim.validation.cases as cases

    monkeypatch.setitem(cases.BOTTLENECK, "review", 1.0)
    monkeypatch.setitem(cases.BOTTLENECK, "test", 1.25)
    checks = run_case(bottleneck_case())
    assert _failed(checks, "TH change, test 1.5x faster")
