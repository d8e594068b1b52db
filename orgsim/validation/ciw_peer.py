"""The same open network in ciw, a peer discrete-event simulator (a test-only dependency).

ciw's records give each customer's arrival, service start and exit at every node visit;
from them come the same measurements as orgsim's: mean sojourn, wait and share of
visits that wait per node, and mean time in the network, over the visits (customers)
that end inside the measured window. With urgent requests, ciw runs two customer
classes, "urgent" ahead of "fresh" (ciw's non-preemptive priority classes), and the
same measurements come per class as well.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CLASSES = ("urgent", "fresh")  # ciw's priority 0 (served first) and 1


def available() -> bool:
    """Can ciw be imported here?"""
    try:
        importlib.import_module("ciw")
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class OpenNetwork:
    """Poisson arrivals at the first node; i.i.d. service; Markov routing.

    Service at node i is `service_dists[i]` (exponential, lognormal, gamma or
    deterministic, as orgsim names them) of mean `service_means[i]` and coefficient of
    variation `service_cvs[i]`; exponential everywhere when left out. A share
    `priority_share` of the arrivals is urgent.
    """

    names: Sequence[str]
    gamma: float  # external arrival rate at the first node
    service_means: Sequence[float]
    servers: Sequence[int]
    routing: Sequence[Sequence[float]]  # routing[i][j]: from node i to node j
    days: float
    warmup: float
    service_dists: Sequence[str] | None = None
    service_cvs: Sequence[float] | None = None
    priority_share: float = 0.0


def ciw_service(dist: str, mean: float, cv: float):
    """A ciw distribution with orgsim's parametrization (mean and cv)."""
    import ciw

    match dist:
        case "exponential":
            return ciw.dists.Exponential(1.0 / mean)
        case "deterministic":
            return ciw.dists.Deterministic(mean)
        case "lognormal":  # ciw takes the mean and sd of the underlying normal
            sigma = math.sqrt(math.log1p(cv * cv))
            return ciw.dists.Lognormal(math.log(mean) - sigma * sigma / 2, sigma)
        case "gamma":
            return ciw.dists.Gamma(1.0 / (cv * cv), mean * cv * cv)
    raise ValueError(f"no ciw counterpart for {dist!r}")


def _network(net: OpenNetwork):
    import ciw

    n = len(net.names)
    dists = net.service_dists or ["exponential"] * n
    cvs = net.service_cvs or [1.0] * n
    service = [
        ciw_service(d, m, cv) for d, m, cv in zip(dists, net.service_means, cvs, strict=True)
    ]
    routing = [list(row) for row in net.routing]
    if net.priority_share <= 0:
        return ciw.create_network(
            arrival_distributions=[ciw.dists.Exponential(net.gamma)] + [None] * (n - 1),
            service_distributions=service,
            number_of_servers=list(net.servers),
            routing=routing,
        )
    rates = {
        "urgent": net.gamma * net.priority_share,
        "fresh": net.gamma * (1 - net.priority_share),
    }
    return ciw.create_network(
        arrival_distributions={
            c: [ciw.dists.Exponential(r)] + [None] * (n - 1) for c, r in rates.items()
        },
        service_distributions={c: list(service) for c in CLASSES},
        number_of_servers=list(net.servers),
        routing={c: routing for c in CLASSES},
        priority_classes={c: i for i, c in enumerate(CLASSES)},
    )


def ciw_run(params: Mapping[str, Any] | OpenNetwork, seed: int) -> dict[str, float]:
    """Simulate the network in ciw for warmup + days and measure it as orgsim is measured.

    W.s, Wq.s, pwait.s per node s and W in total; with urgent requests also W.s.c,
    Wq.s.c and W.c for each class c.
    """
    import ciw

    net = params if isinstance(params, OpenNetwork) else OpenNetwork(**params)
    ciw.seed(seed)
    sim = ciw.Simulation(_network(net))
    t0, t1 = net.warmup, net.warmup + net.days
    sim.simulate_until_max_time(t1)
    records = sorted(
        (r for r in sim.get_all_records() if r.record_type == "service"),
        key=lambda r: r.arrival_date,
    )
    groups = [("", lambda r: True)]
    if net.priority_share > 0:
        groups += [(f".{c}", lambda r, c=c: r.customer_class == c) for c in CLASSES]
    out: dict[str, float] = {}
    for suffix, keep in groups:
        out.update(_measure([r for r in records if keep(r)], net.names, t0, t1, suffix))
    return out


def _measure(records, names: Sequence[str], t0: float, t1: float, suffix: str) -> dict[str, float]:
    n = len(names)
    sojourn, wait, waited, counts = [0.0] * n, [0.0] * n, [0] * n, [0] * n
    first_arrival: dict[int, float] = {}
    total, done = 0.0, 0
    for r in records:
        first_arrival.setdefault(r.id_number, r.arrival_date)
        if not (t0 <= r.exit_date <= t1):
            continue
        i = r.node - 1
        sojourn[i] += r.exit_date - r.arrival_date
        wait[i] += r.waiting_time
        waited[i] += r.waiting_time > 0
        counts[i] += 1
        if r.destination == -1:
            total += r.exit_date - first_arrival[r.id_number]
            done += 1
    out: dict[str, float] = {}
    for i, name in enumerate(names):
        c = counts[i]
        out[f"W.{name}{suffix}"] = sojourn[i] / c if c else math.nan
        out[f"Wq.{name}{suffix}"] = wait[i] / c if c else math.nan
        if not suffix:
            out[f"pwait.{name}"] = waited[i] / c if c else math.nan
    out[f"W{suffix}"] = total / done if done else math.nan
    return out
