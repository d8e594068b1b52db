"""The same open network in ciw, a peer discrete-event simulator (a test-only dependency).

ciw's records give each customer's arrival, service start and exit at every node visit;
from them come the same measurements as orgsim's: mean sojourn per node visit and mean
time in the network, over the visits (customers) that end inside the measured window.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def available() -> bool:
    """Can ciw be imported here?"""
    try:
        importlib.import_module("ciw")
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class OpenNetwork:
    """Poisson arrivals at the first node; exponential service; Markov routing."""

    names: Sequence[str]
    gamma: float  # external arrival rate at the first node
    service_means: Sequence[float]
    servers: Sequence[int]
    routing: Sequence[Sequence[float]]  # routing[i][j]: from node i to node j
    days: float
    warmup: float


def ciw_run(params: Mapping[str, Any] | OpenNetwork, seed: int) -> dict[str, float]:
    """Simulate the network in ciw for warmup + days; measure W per node and in total."""
    import ciw

    net = params if isinstance(params, OpenNetwork) else OpenNetwork(**params)
    n = len(net.names)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(net.gamma)] + [None] * (n - 1),
        service_distributions=[ciw.dists.Exponential(1.0 / m) for m in net.service_means],
        number_of_servers=list(net.servers),
        routing=[list(row) for row in net.routing],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    t0, t1 = net.warmup, net.warmup + net.days
    sim.simulate_until_max_time(t1)
    sums = [0.0] * n
    counts = [0] * n
    first_arrival: dict[int, float] = {}
    total, done = 0.0, 0
    records = sorted(
        (r for r in sim.get_all_records() if r.record_type == "service"),
        key=lambda r: r.arrival_date,
    )
    for r in records:
        first_arrival.setdefault(r.id_number, r.arrival_date)
        if not (t0 <= r.exit_date <= t1):
            continue
        sums[r.node - 1] += r.exit_date - r.arrival_date
        counts[r.node - 1] += 1
        if r.destination == -1:
            total += r.exit_date - first_arrival[r.id_number]
            done += 1
    out = {
        f"W.{name}": sums[i] / counts[i] if counts[i] else math.nan
        for i, name in enumerate(net.names)
    }
    out["W"] = total / done if done else math.nan
    return out
