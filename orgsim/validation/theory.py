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
