"""Closed forms from queueing theory and operations science (docs/validation.md).

Notation: arrival rate lam, service rate mu per server, c servers, rho = lam / (c mu);
W mean time in system, Wq mean wait before service, L mean number in system.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Queue:
    """Steady-state means of one queue."""

    lam: float
    rho: float
    W: float
    Wq: float
    L: float
    p_wait: float


def _stable(lam: float, mu: float, c: int) -> float:
    if lam < 0 or mu <= 0 or c < 1:
        raise ValueError("need lam >= 0, mu > 0, c >= 1")
    rho = lam / (c * mu)
    if rho >= 1:
        raise ValueError(f"unstable queue: rho = {rho:.3f} >= 1")
    return rho


def mm1(lam: float, mu: float) -> Queue:
    """M/M/1: W = 1/(mu - lam), L = rho/(1 - rho), Wq = rho/(mu - lam)."""
    rho = _stable(lam, mu, 1)
    return Queue(lam, rho, 1 / (mu - lam), rho / (mu - lam), rho / (1 - rho), rho)


def erlang_c(lam: float, mu: float, c: int) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang's C formula)."""
    rho = _stable(lam, mu, c)
    a = lam / mu
    top = a**c / math.factorial(c) / (1 - rho)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def mmc(lam: float, mu: float, c: int) -> Queue:
    """M/M/c: Wq = P_wait / (c mu - lam), W = Wq + 1/mu."""
    rho = _stable(lam, mu, c)
    p = erlang_c(lam, mu, c)
    wq = p / (c * mu - lam)
    w = wq + 1 / mu
    return Queue(lam, rho, w, wq, lam * w, p)


def pollaczek_khinchine(lam: float, mean_service: float, scv: float) -> Queue:
    """M/G/1 (exact): Wq = rho (1 + cs^2) / (2 (1 - rho)) E[S]."""
    rho = _stable(lam, 1 / mean_service, 1)
    wq = rho * (1 + scv) / (2 * (1 - rho)) * mean_service
    w = wq + mean_service
    return Queue(lam, rho, w, wq, lam * w, rho)


def traffic_equations(gamma: Sequence[float], routing: Sequence[Sequence[float]]) -> np.ndarray:
    """Solve lam_i = gamma_i + sum_j lam_j p_ji (routing[j][i] = p_ji)."""
    g = np.asarray(gamma, dtype=float)
    p = np.asarray(routing, dtype=float)
    return np.linalg.solve(np.eye(len(g)) - p.T, g)


@dataclass(frozen=True)
class Network:
    """An open Jackson network: each node an M/M/c_i queue at its total rate lam_i."""

    nodes: tuple[Queue, ...]
    sojourn: float  # mean total time in the network per external arrival
    L: float

    @property
    def lam(self) -> list[float]:
        return [q.lam for q in self.nodes]


def jackson(
    gamma: Sequence[float],
    routing: Sequence[Sequence[float]],
    mu: Sequence[float],
    servers: Sequence[int],
) -> Network:
    lam = traffic_equations(gamma, routing)
    nodes = tuple(mmc(float(lam_i), m, c) for lam_i, m, c in zip(lam, mu, servers, strict=True))
    total_l = sum(q.L for q in nodes)
    return Network(nodes, total_l / float(sum(gamma)), total_l)


def practical_worst_case(w: int, t0: float, rb: float) -> tuple[float, float]:
    """Hopp & Spearman's practical worst case for a closed line at WIP w: (TH, CT).

    TH = rb w / (W0 + w - 1), CT = T0 + (w - 1) / rb, W0 = rb T0; exact for a balanced
    line of single-server exponential stations.
    """
    w0 = rb * t0
    return rb * w / (w0 + w - 1), t0 + (w - 1) / rb


def balanced_line_started_wip(w: int, k: int) -> float:
    """Mean items started and not done in a balanced closed exponential line of k stations.

    The closed line is product form with every way of placing the w cards on the k
    stations equally likely. A card freed while the first station's server is busy waits
    for it; orgsim starts an item (and the clock of its flow time) only when a developer
    takes it, so what it counts as started is w - E[(n1 - 1)^+] = w - (w/k - w/(w+k-1)).
    """
    return w - (w / k - w / (w + k - 1))


def periodic_gate_wait(every: float) -> float:
    """Mean wait for a window that opens every T, for arrivals independent of it: T/2."""
    return every / 2


# -- priority classes -----------------------------------------------------------------------
def priority_waits(
    lams: Sequence[float], mean_service: float, scv: float = 1.0, c: int = 1
) -> list[float]:
    """Mean wait per class of a non-preemptive priority queue (Cobham 1954), class 0 first.

    Every class has the same service distribution. Wq_k = W0 / ((1 - s_{k-1}) (1 - s_k)),
    s_k the load of classes 0..k; W0 the mean residual work an arrival finds in service:
    lam E[S^2] / 2 for one server (M/G/1, exact for any service distribution), and
    P_wait / (c mu) for c exponential servers (M/M/c, exact). For c > 1 servers with
    non-exponential service there is no exact form, and this refuses.
    """
    lam = float(sum(lams))
    mu = 1.0 / mean_service
    _stable(lam, mu, c)
    if c == 1:
        w0 = lam * (1.0 + scv) * mean_service**2 / 2
    elif scv == 1.0:
        w0 = erlang_c(lam, mu, c) / (c * mu)
    else:
        raise ValueError("no exact priority formula for M/G/c with c > 1")
    out, load = [], 0.0
    for lam_k in lams:
        before = load
        load += lam_k * mean_service / c
        out.append(w0 / ((1.0 - before) * (1.0 - load)))
    return out


# -- M/G/c: an approximation only --------------------------------------------------------------
def mgc_allen_cunneen(lam: float, mean_service: float, scv: float, c: int) -> Queue:
    """M/G/c, *approximate* (Allen-Cunneen, Lee-Longton): Wq = (1 + cs^2)/2 Wq(M/M/c).

    Exact for c = 1 (P-K) and for exponential service; otherwise no closed form exists,
    so validation judges M/G/c against a peer simulator and shows this only as a guide.
    """
    q = mmc(lam, 1.0 / mean_service, c)
    wq = (1.0 + scv) / 2 * q.Wq
    return Queue(lam, q.rho, wq + mean_service, wq, lam * (wq + mean_service), q.p_wait)


# -- a gate with a capacity: bulk service at periodic openings ----------------------------
MAX_STATES = 4096  # the largest truncation of the bulk gate's chain (a dense solve)


@dataclass(frozen=True)
class BulkGate:
    """Steady state of a gate that opens every T and takes up to K waiting items.

    `pi[q]`: probability that q items wait just before an opening; `Lq` the time-average
    number waiting for the gate, `Wq` the mean wait for it (Little), `boarded` the mean
    batch size (lam T in steady state), `states` the truncation of the chain.
    """

    pi: np.ndarray
    Lq: float
    Wq: float
    boarded: float
    states: int


def bulk_gate(lam: float, every: float, capacity: int, tail: float = 1e-12) -> BulkGate:
    """Exact, numerically: the embedded chain Q_{n+1} = max(Q_n - K, 0) + A_n.

    Q_n counts the items waiting just before the n-th opening, A_n ~ Poisson(lam T) the
    arrivals of the next period. Between openings the number waiting is the items left
    behind, (Q_n - K)^+, plus the period's arrivals so far (lam T / 2 on average), so
    Lq = E[(Q - K)^+] + lam T / 2 and Wq = Lq / lam. The chain is truncated at N states,
    the last one absorbing the Poisson tail; N starts at K + lam T + 20 sqrt(lam T) + 20
    and doubles (up to MAX_STATES) until the stationary mass of the top K states is below
    `tail` (which must lie above rounding, ~1e-14).
    """
    from scipy import stats

    a, k = lam * every, int(capacity)
    if k < 1:
        raise ValueError("capacity must be >= 1 (0 means unlimited: T/2 applies)")
    if a >= k:
        raise ValueError(f"unstable gate: lam T = {a:.3f} >= capacity {k}")
    n = int(k + a + 20 * math.sqrt(a) + 20)
    while True:
        base = np.maximum(np.arange(n) - k, 0)  # items left behind by an opening
        jumps = np.arange(n)[None, :] - base[:, None]
        p = stats.poisson.pmf(jumps, a)
        p[:, -1] = stats.poisson.sf(n - 2 - base, a)  # P(A >= n - 1 - base): the last state
        m = p.T - np.eye(n)
        m[-1, :] = 1.0  # replace one balance equation by sum(pi) = 1
        rhs = np.zeros(n)
        rhs[-1] = 1.0
        pi = np.linalg.solve(m, rhs)
        if np.abs(pi[-k:]).sum() < tail:
            break
        if 2 * n > MAX_STATES:
            raise ValueError(f"bulk gate: tail {tail:g} not reached within {n} states")
        n *= 2
    states = np.arange(n)
    lq = float(pi @ np.maximum(states - k, 0)) + a / 2
    return BulkGate(pi, lq, lq / lam, float(pi @ np.minimum(states, k)), n)


# -- automated lanes: infinite servers --------------------------------------------------------
def infinite_server_count(lam: float, mean_delay: float):
    """M/G/infinity: the number in the lane is Poisson(lam E[D]), whatever D's shape.

    Returns the frozen scipy distribution (mean and variance lam E[D]).
    """
    from scipy import stats

    return stats.poisson(lam * mean_delay)


# -- closed networks: exact mean value analysis -----------------------------------------------
@dataclass(frozen=True)
class ClosedNetwork:
    """A closed network of FCFS exponential stations at population N.

    `TH` throughput (cycles per day), `L[i]` the mean number at station i (queued and in
    service), `p[i][j]` the probability of j customers at station i.
    """

    TH: float
    L: tuple[float, ...]
    p: tuple[np.ndarray, ...]

    def queued(self, i: int, c: int) -> float:
        """Mean number waiting (not in service) at station i of c servers."""
        j = np.arange(len(self.p[i]))
        return float(self.p[i] @ np.maximum(j - c, 0))


def closed_mva(means: Sequence[float], servers: Sequence[int], population: int) -> ClosedNetwork:
    """Exact load-dependent MVA (Reiser & Lavenberg 1980) for a closed serial line.

    Station i has servers[i] exponential servers of mean service time means[i]; every
    customer visits each station once per cycle. Recursion on the population n:
    R_i(n) = sum_j j / mu_i(j) p_i(j - 1 | n - 1), TH(n) = n / sum_i R_i(n),
    p_i(j | n) = TH(n) / mu_i(j) p_i(j - 1 | n - 1), with mu_i(j) = min(j, c_i) / means[i].
    """
    k = len(means)
    p = [np.zeros(population + 1) for _ in range(k)]
    for q in p:
        q[0] = 1.0
    th = 0.0
    for n in range(1, population + 1):
        j = np.arange(1, n + 1)
        rates = [np.minimum(j, c) / m for m, c in zip(means, servers, strict=True)]
        resp = [float(np.sum(j / r * q[:n])) for r, q in zip(rates, p, strict=True)]
        th = n / sum(resp)
        for i in range(k):
            new = np.zeros(population + 1)
            new[1 : n + 1] = th / rates[i] * p[i][:n]
            new[0] = 1.0 - new[1:].sum()
            p[i] = new
    lengths = tuple(float(q @ np.arange(population + 1)) for q in p)
    return ClosedNetwork(th, lengths, tuple(p))
