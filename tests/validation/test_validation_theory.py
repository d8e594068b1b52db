"""The closed forms and the interval arithmetic the validation cases rely on."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from orgsim.experiments.estimate import Estimate
from orgsim.validation import theory
from orgsim.validation.runner import per_check_level


def test_mm1_closed_forms():
    q = theory.mm1(0.8, 1.0)
    assert (q.W, q.L, q.Wq) == pytest.approx((5.0, 4.0, 4.0))
    assert math.isclose(q.L, q.lam * q.W)


def test_erlang_c_with_one_server_is_the_utilization_and_mmc_reduces_to_mm1():
    assert theory.erlang_c(0.7, 1.0, 1) == pytest.approx(0.7)
    assert math.isclose(theory.mmc(0.7, 1.0, 1).W, theory.mm1(0.7, 1.0).W)


def test_erlang_c_textbook_value():
    # a = 1.6, c = 2: P_wait = (a^2/2/(1-rho)) / (1 + a + a^2/2/(1-rho)) = 6.4 / 9
    assert theory.erlang_c(1.6, 1.0, 2) == pytest.approx(6.4 / 9)


def test_pollaczek_khinchine_with_exponential_service_is_mm1():
    assert math.isclose(theory.pollaczek_khinchine(0.8, 1.0, 1.0).W, 5.0)
    assert theory.pollaczek_khinchine(0.8, 1.0, 0.0).Wq == pytest.approx(2.0)  # M/D/1


def test_jackson_tandem_of_three_mm1_stations():
    # oracles.md: lam 0.8, mu 1, three stations in tandem: W = 15.
    routing = [[0, 1, 0], [0, 0, 1], [0, 0, 0]]
    net = theory.jackson([0.8, 0, 0], routing, [1, 1, 1], [1, 1, 1])
    assert net.sojourn == pytest.approx(15.0)


def test_traffic_equations_with_a_rework_loop():
    lam = theory.traffic_equations([0.5, 0, 0], [[0, 1, 0], [0.3, 0, 0.7], [0, 0, 0]])
    assert lam == pytest.approx([0.5 / 0.7, 0.5 / 0.7, 0.5])


def test_unstable_queues_are_rejected():
    with pytest.raises(ValueError, match="unstable"):
        theory.mm1(1.0, 1.0)


def _closed_line_by_enumeration(w: int, k: int) -> tuple[float, float]:
    """Balanced closed exponential line (rate 1): every state equally likely."""
    states = [s for s in itertools.product(range(w + 1), repeat=k) if sum(s) == w]
    busy = np.mean([s[0] > 0 for s in states])
    started = np.mean([w - max(s[0] - 1, 0) for s in states])
    return float(busy), float(started)


@pytest.mark.parametrize(("w", "k"), [(1, 3), (2, 3), (4, 3), (8, 3), (5, 4)])
def test_practical_worst_case_is_exact_for_a_balanced_exponential_line(w, k):
    th, ct = theory.practical_worst_case(w, float(k), 1.0)
    busy, started = _closed_line_by_enumeration(w, k)
    assert th == pytest.approx(busy)  # throughput = utilization of station 1 (rate 1)
    assert ct == pytest.approx(w / th)  # Little on the closed loop of cards
    assert theory.balanced_line_started_wip(w, k) == pytest.approx(started)


def test_t_interval_matches_scipy_and_contains_its_mean():
    x = [1.0, 2.0, 4.0, 3.5, 2.5]
    est = Estimate.of(x, 0.99)
    lo, hi = stats.t.interval(0.99, len(x) - 1, loc=np.mean(x), scale=stats.sem(x))
    assert (est.low, est.high) == pytest.approx((lo, hi))
    assert est.contains(est.mean)


def test_paired_interval_is_the_interval_of_the_differences():
    a, b = [1.0, 2.0, 3.0, 4.0], [0.5, 2.5, 2.0, 4.5]
    assert Estimate.paired(a, b).mean == pytest.approx((0.5 - 0.5 + 1.0 - 0.5) / 4)
    with pytest.raises(ValueError):
        Estimate.paired(a, b[:3])


def test_welch_interval_matches_scipy():
    a = [1.0, 2.0, 4.0, 3.5, 2.5, 3.0]
    b = [2.0, 2.2, 2.1, 2.6]
    est = Estimate.welch(a, b, 0.95)
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(0.95)
    assert (est.low, est.high) == pytest.approx((ci.low, ci.high))


def test_bonferroni_level():
    assert per_check_level(0.99, 1) == pytest.approx(0.99)
    assert per_check_level(0.99, 50) == pytest.approx(1 - 0.0002)
    assert math.isclose(per_check_level(0.95, 0), 0.95)


@pytest.mark.parametrize(("c", "scv"), [(1, 0.25), (1, 1.0), (1, 2.25), (2, 1.0), (3, 1.0)])
def test_priority_classes_average_to_the_fifo_wait(c, scv):
    # Conservation law: with one service distribution for all classes the queue holds the
    # same work under any non-preemptive order, so the rate-weighted waits equal FIFO's.
    lams = [0.3 * 0.8 * c, 0.7 * 0.8 * c]
    waits = theory.priority_waits(lams, 1.0, scv, c)
    fifo = theory.pollaczek_khinchine(0.8, 1.0, scv).Wq if c == 1 else theory.mmc(0.8 * c, 1, c).Wq
    assert np.dot(lams, waits) / sum(lams) == pytest.approx(fifo)
    assert waits[0] < fifo < waits[1]


def test_priority_with_one_class_is_the_fifo_queue_and_mgc_is_refused():
    assert theory.priority_waits([0.7], 1.0, 0.5)[0] == pytest.approx(
        theory.pollaczek_khinchine(0.7, 1.0, 0.5).Wq
    )
    with pytest.raises(ValueError, match="no exact"):
        theory.priority_waits([0.5, 0.5], 1.0, 0.5, 2)


def test_allen_cunneen_is_exact_for_exponential_service_and_for_one_server():
    assert theory.mgc_allen_cunneen(2.4, 1.0, 1.0, 3).Wq == pytest.approx(theory.mmc(2.4, 1, 3).Wq)
    assert theory.mgc_allen_cunneen(0.7, 1.0, 2.25, 1).Wq == pytest.approx(
        theory.pollaczek_khinchine(0.7, 1.0, 2.25).Wq
    )


@pytest.mark.parametrize("rho", [0.3, 0.7, 0.9])
def test_gate_with_capacity_one_is_md1_plus_half_a_period(rho):
    # K = 1: Q' = max(Q - 1, 0) + A is the M/D/1 chain at departures (service T), whose
    # law is the time-average one, so E[(Q - 1)^+] = Lq(M/D/1) and Wq = Wq(M/D/1) + T/2.
    every = 2.0
    gate = theory.bulk_gate(rho / every, every, 1)
    md1 = theory.pollaczek_khinchine(rho / every, every, 0.0)
    assert gate.Wq == pytest.approx(md1.Wq + every / 2, rel=1e-9)


def test_gate_boards_a_periods_arrivals_on_average_whatever_the_truncation():
    gate = theory.bulk_gate(2.4, 1.0, 3)
    assert gate.boarded == pytest.approx(2.4, rel=1e-9)  # throughput = arrival rate
    finer = theory.bulk_gate(2.4, 1.0, 3, tail=1e-14)
    assert finer.Wq == pytest.approx(gate.Wq, rel=1e-9)
    roomy = theory.bulk_gate(1.0, 1.0, 40)  # capacity never binds: T/2
    assert roomy.Wq == pytest.approx(0.5, rel=1e-9)
    with pytest.raises(ValueError, match="unstable"):
        theory.bulk_gate(3.0, 1.0, 3)


def test_infinite_server_count_is_poisson_with_mean_lam_d():
    n = theory.infinite_server_count(2.0, 0.5)
    assert (n.mean(), n.var()) == pytest.approx((1.0, 1.0))


def _closed_by_enumeration(means, servers, w):
    """Gordon-Newell product form: P(n) ~ prod_i means_i^n_i / prod_{j<=n_i} min(j, c_i)."""
    states = [s for s in itertools.product(range(w + 1), repeat=len(means)) if sum(s) == w]

    def weight(s):
        out = 1.0
        for n, m, c in zip(s, means, servers, strict=True):
            out *= m**n / math.prod(min(j, c) for j in range(1, n + 1))
        return out

    g = np.array([weight(s) for s in states])
    g /= g.sum()
    st = np.array(states)
    busy0 = np.minimum(st[:, 0], servers[0])
    th = float(g @ busy0) / means[0]
    lengths = g @ st
    queued0 = float(g @ np.maximum(st[:, 0] - servers[0], 0))
    return th, lengths, queued0


@pytest.mark.parametrize("w", [1, 3, 6, 10])
def test_mva_matches_the_product_form_of_a_multi_server_closed_line(w):
    means, servers = [1.5, 0.8, 2.0], [2, 1, 3]
    net = theory.closed_mva(means, servers, w)
    th, lengths, queued0 = _closed_by_enumeration(means, servers, w)
    throughput, mean_lengths = net.TH, net.L
    assert throughput == pytest.approx(th, rel=1e-9)
    assert mean_lengths == pytest.approx(lengths, rel=1e-9)
    assert net.queued(0, servers[0]) == pytest.approx(queued0, rel=1e-9, abs=1e-12)


def test_mva_of_a_balanced_single_server_line_is_the_practical_worst_case():
    for w in (1, 2, 4, 8):
        th, _ = theory.practical_worst_case(w, 3.0, 1.0)
        throughput = theory.closed_mva([1.0] * 3, [1] * 3, w).TH
        assert throughput == pytest.approx(th)
