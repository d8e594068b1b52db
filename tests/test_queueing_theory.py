"""Neutral pipelines reproduce queueing theory (within CIs from independent replications).

Each check runs 10 replications (seeds 1..10) after a warm-up of several relaxation
times of the queue, and requires the theoretical value inside the 99% t interval of the
replication means. L is the time-average of backlog + coding WIP (summary["wip_mean"]),
W the mean lead time of items delivered in the measured window.
"""

from __future__ import annotations

import pytest
from helpers import assert_in_ci, neutral_scenario, station

import orgsim

SEEDS = range(1, 11)


def _replicate(scn: orgsim.Scenario) -> tuple[list[float], list[float]]:
    w, l_ = [], []
    for seed in SEEDS:
        s = orgsim.simulate(scn, seed=seed).summary
        w.append(s["lead_time_mean"])
        l_.append(s["wip_mean"])
    return w, l_


@pytest.mark.parametrize(
    ("lam", "days", "warmup"),
    [(0.5, 2000.0, 200.0), (0.8, 5000.0, 500.0)],
    ids=["rho=0.5", "rho=0.8"],
)
def test_mm1_matches_sojourn_time_and_number_in_system(lam, days, warmup):
    mu = 1.0
    rho = lam / mu
    scn = neutral_scenario(
        [station("coding", "developer", "exponential", 1.0 / mu)],
        rate=lam,
        days=days,
        warmup=warmup,
    )
    w, l_ = _replicate(scn)
    assert_in_ci(w, 1.0 / (mu - lam), f"M/M/1 W at rho={rho}")
    assert_in_ci(l_, rho / (1.0 - rho), f"M/M/1 L at rho={rho}")


def test_md1_waiting_follows_pollaczek_khinchine():
    """Deterministic service: half the M/M/1 queueing delay (P-K formula, cs^2 = 0)."""
    lam, mu = 0.7, 1.0
    rho = lam / mu
    scn = neutral_scenario(
        [station("coding", "developer", "deterministic", 1.0 / mu)],
        rate=lam,
        days=2000.0,
        warmup=200.0,
    )
    w, l_ = _replicate(scn)
    wq = rho / (2.0 * mu * (1.0 - rho))
    assert_in_ci(w, wq + 1.0 / mu, "M/D/1 W")
    assert_in_ci(l_, lam * (wq + 1.0 / mu), "M/D/1 L")


def test_three_station_tandem_adds_up_to_three_mm1_sojourns():
    """Jackson: a tandem of M/M/1 stations (lam 0.8, mu 1) has W = 3 / (mu - lam) = 15."""
    lam, mu = 0.8, 1.0
    scn = neutral_scenario(
        [
            station("coding", "developer", "exponential", 1.0 / mu),
            station("build", "automated", "exponential", 1.0 / mu, servers=1),
            station("deploy", "automated", "exponential", 1.0 / mu, servers=1),
        ],
        rate=lam,
        days=4000.0,
        warmup=500.0,
    )
    w, l_ = _replicate(scn)
    assert_in_ci(w, 3.0 / (mu - lam), "tandem W")
    assert_in_ci(l_, 3.0 * lam / (mu - lam), "tandem L")
