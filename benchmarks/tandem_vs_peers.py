"""Speed of orgsim's engine against two established Python simulators, on one queueing model.

Why this exists: orgsim claims to be fast enough for interactive what-if work and for
large sweeps, and its engine is built on Mesa's event API rather than a dedicated
discrete-event library. Claims about speed only mean something as ratios measured in the
same run on the same machine, so this script runs one model, a three-station tandem line
(one server per station, Poisson arrivals at 4 a day, exponential service at rate 5 a
day at every station: utilization 0.8, and 100,000 items in 25,000 simulated days, inside
orgsim's horizon bound of 100 working years), in

- orgsim, as a scenario through the public API (`OrgModel.run()` for the engine alone,
  `orgsim.simulate()` for the engine plus the result tables a user gets), and the same
  engine on Mesa's stock event list (`orgsim.reference.StockEventListModel`), which
  shows what orgsim's event calendar buys,
- ciw (3.x), the queueing-network library, with its documented `create_network` API,
- SimPy, written the way SimPy's own examples write it (one process per customer
  holding a `simpy.Resource`).

The line is an open Jackson network, so the mean sojourn time is known exactly:
W = 3 / (5 - 4) = 3 days. Each engine's W is printed next to its speed, so a fast
wrong answer shows up. Only the simulation run is timed, as wall time
(`time.perf_counter`, what the targets are about) and as this process's CPU time
(`time.process_time`, steadier when other programs compete for the CPU: if the two
differ much, the machine was busy and the run is worth repeating). Building the models
and reading results out of ciw and SimPy are not timed.

    .venv/bin/python benchmarks/tandem_vs_peers.py                      # 100,000 items
    .venv/bin/python benchmarks/tandem_vs_peers.py --items 20000 --repeats 3
    .venv/bin/python benchmarks/tandem_vs_peers.py --ciw-items 20000    # ciw on fewer items
    .venv/bin/python benchmarks/tandem_vs_peers.py --engines orgsim --profile 25
    .venv/bin/python benchmarks/tandem_vs_peers.py --no-stock-mesa      # skip the Mesa-list run

Targets printed next to the ratios: orgsim >= 2x ciw and >= 1x SimPy in items per second.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import platform
import pstats
import random
import sys
import sysconfig
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import ciw
import mesa
import simpy

import orgsim
from orgsim.reference import StockEventListModel

ARRIVAL_RATE = 4.0  # items per day
SERVICE_RATE = 5.0  # per day, at each of the three stations (utilization 0.8)
STATIONS = 3
THEORY_W = STATIONS / (SERVICE_RATE - ARRIVAL_RATE)  # M/M/1 in tandem: sum of 1/(mu - lambda)
TARGETS = {"ciw": 2.0, "SimPy": 1.0}  # orgsim items/s over the peer's items/s
ENGINES = ("orgsim", "ciw", "simpy", "mesa")
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measurement:
    """One engine's best run: items completed, wall and CPU seconds, mean sojourn time."""

    label: str
    items: int
    seconds: float
    cpu_seconds: float
    mean_sojourn: float
    tables_seconds: float | None = None  # orgsim.simulate() only: total minus engine run

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else float("nan")

    @property
    def cpu_rate(self) -> float:
        return self.items / self.cpu_seconds if self.cpu_seconds > 0 else float("nan")


def horizon(items: int) -> float:
    """Simulated days in which about `items` items arrive."""
    return items / ARRIVAL_RATE


def timed[T](call: Callable[[], T]) -> tuple[T, float, float]:
    """Run `call`; return its result, wall seconds (perf_counter) and CPU seconds.

    The garbage collector runs before the clock starts, so one engine's leftovers are
    not collected on the next engine's time.
    """
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    out = call()
    return out, time.perf_counter() - start, time.process_time() - cpu


# -- orgsim ------------------------------------------------------------------------------
def tandem_scenario(items: int) -> orgsim.Scenario:
    """The tandem line as an orgsim scenario: one team, one developer, two automated servers."""
    return orgsim.load_scenario(
        {
            "name": "tandem",
            "simulation": {"days": horizon(items), "warmup_days": 0},
            "org": {
                "teams": 1,
                "people_per_team": {"developer": 1},
                "demand": {"kind": "poisson", "rate_per_team": ARRIVAL_RATE},
            },
            "pipeline": [
                {
                    "name": "s1",
                    "role": "developer",
                    "service": {"dist": "exponential", "mean": 1 / SERVICE_RATE},
                },
                {
                    "name": "s2",
                    "role": "automated",
                    "servers": 1,
                    "service": {"dist": "exponential", "mean": 1 / SERVICE_RATE},
                },
                {
                    "name": "s3",
                    "role": "automated",
                    "servers": 1,
                    "service": {"dist": "exponential", "mean": 1 / SERVICE_RATE},
                },
            ],
        }
    )


def run_orgsim_engine(
    items: int,
    seed: int,
    profiler: cProfile.Profile | None = None,
    model_class: type[orgsim.OrgModel] = orgsim.OrgModel,
    label: str = "orgsim engine",
) -> Measurement:
    """`OrgModel.run()`: the event loop alone, no result tables."""
    model = model_class(tandem_scenario(items), seed=seed)

    def run() -> None:
        if profiler is not None:
            profiler.enable()
        model.run()
        if profiler is not None:
            profiler.disable()

    _, seconds, cpu = timed(run)
    rows = model.flow.ledger.item_columns(model.flow.items)
    done = rows["done"] >= 0
    assert done.sum() == model.flow.completed
    sojourn = rows["done"][done] - rows["arrived"][done]
    return Measurement(label, len(sojourn), seconds, cpu, float(sojourn.mean()))


def run_orgsim_on_stock_mesa(items: int, seed: int) -> Measurement:
    """The same engine on Mesa's stock event list: what the event calendar buys."""
    return run_orgsim_engine(items, seed, None, StockEventListModel, "orgsim on Mesa list")


def run_orgsim_simulate(items: int, seed: int) -> Measurement:
    """`orgsim.simulate()`: what a user calls, engine plus visits/items/summary tables."""
    scn = tandem_scenario(items)
    res, seconds, cpu = timed(lambda: orgsim.simulate(scn, seed=seed))
    return Measurement(
        "orgsim simulate()",
        int(res.summary["completed"]),
        seconds,
        cpu,
        float(res.summary["lead_time_mean"]),
    )


# -- ciw ---------------------------------------------------------------------------------
def run_ciw(items: int, seed: int) -> Measurement:
    """ciw's documented way: a network of three M/M/1 nodes routed 1 -> 2 -> 3 -> exit."""
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVAL_RATE), None, None],
        service_distributions=[ciw.dists.Exponential(rate=SERVICE_RATE) for _ in range(3)],
        number_of_servers=[1, 1, 1],
        routing=[[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    _, seconds, cpu = timed(lambda: sim.simulate_until_max_time(horizon(items)))
    records = sim.get_all_records()
    arrived = {r.id_number: r.arrival_date for r in records if r.node == 1}
    sojourn = [r.exit_date - arrived[r.id_number] for r in records if r.node == STATIONS]
    return Measurement("ciw", len(sojourn), seconds, cpu, sum(sojourn) / len(sojourn))


# -- SimPy -------------------------------------------------------------------------------
def run_simpy(items: int, seed: int) -> Measurement:
    """SimPy as its tutorials write it: a source process spawning one process per customer."""
    rng = random.Random(seed)
    env = simpy.Environment()
    stations = [simpy.Resource(env, capacity=1) for _ in range(STATIONS)]
    sojourn: list[float] = []

    def customer(env: simpy.Environment) -> Iterator[Any]:
        arrived = env.now
        for station in stations:
            with station.request() as request:
                yield request
                yield env.timeout(rng.expovariate(SERVICE_RATE))
        sojourn.append(env.now - arrived)

    def source(env: simpy.Environment) -> Iterator[Any]:
        while True:
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            env.process(customer(env))

    env.process(source(env))
    _, seconds, cpu = timed(lambda: env.run(until=horizon(items)))
    return Measurement("SimPy", len(sojourn), seconds, cpu, sum(sojourn) / len(sojourn))


# -- bare Mesa ---------------------------------------------------------------------------
class BareMesaTandem(mesa.Model):
    """The line as bare Mesa events: three FIFO queues, no agents, no records.

    A floor for any model built on Mesa's stock event list (`schedule_event`, its default
    step schedule): whatever an agent layer adds comes on top of this rate.
    """

    def __init__(self, seed: int) -> None:
        super().__init__(rng=seed)
        rng = random.Random(seed)
        self.draw = rng.expovariate
        self.queues: list[list[float]] = [[] for _ in range(STATIONS)]  # arrival times
        self.heads = [0] * STATIONS  # index of the first waiting item of each queue
        self.serving: list[float | None] = [None] * STATIONS
        self.ends = [self.end_at_0, self.end_at_1, self.end_at_2]
        self.sojourn: list[float] = []
        self.schedule_event(self.arrive, after=self.draw(ARRIVAL_RATE))

    def arrive(self) -> None:
        self.enter(0, self.time)
        self.schedule_event(self.arrive, after=self.draw(ARRIVAL_RATE))

    def enter(self, k: int, arrived: float) -> None:
        if self.serving[k] is None:
            self.serving[k] = arrived
            self.schedule_event(self.ends[k], after=self.draw(SERVICE_RATE))
        else:
            self.queues[k].append(arrived)

    def end_of_service(self, k: int) -> None:
        arrived = self.serving[k]
        if k + 1 < STATIONS:
            self.enter(k + 1, arrived)
        else:
            self.sojourn.append(self.time - arrived)
        q, head = self.queues[k], self.heads[k]
        if head < len(q):
            self.serving[k], self.heads[k] = q[head], head + 1
            self.schedule_event(self.ends[k], after=self.draw(SERVICE_RATE))
        else:
            self.serving[k] = None

    def end_at_0(self) -> None:
        self.end_of_service(0)

    def end_at_1(self) -> None:
        self.end_of_service(1)

    def end_at_2(self) -> None:
        self.end_of_service(2)


def run_bare_mesa(items: int, seed: int) -> Measurement:
    model = BareMesaTandem(seed)
    _, seconds, cpu = timed(lambda: model.run_until(horizon(items)))
    done = model.sojourn
    return Measurement("bare Mesa events", len(done), seconds, cpu, sum(done) / len(done))


# -- the run -----------------------------------------------------------------------------
def best_of(repeats: int, run: Callable[[], Measurement]) -> Measurement:
    """The fastest of `repeats` identical runs (same seed: same work every time).

    Wall and CPU time are each the minimum over the repeats.
    """
    runs = [run() for _ in range(repeats)]
    best = min(runs, key=lambda m: m.seconds)
    best.cpu_seconds = min(m.cpu_seconds for m in runs)
    return best


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    versions = ", ".join(f"{p} {version(p)}" for p in ("orgsim", "mesa", "ciw", "simpy"))
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load:.2f}; {versions}"
    )


def print_table(rows: list[Measurement]) -> None:
    head = f"{'engine':<20}{'items':>9}{'run (s)':>10}{'cpu (s)':>9}{'tables (s)':>12}"
    head += f"{'items/s':>10}"
    head += f"{'W (days)':>10}{f'W - {THEORY_W:g}':>9}"
    print(head)
    print("-" * len(head))
    for m in rows:
        tables = f"{m.tables_seconds:>12.2f}" if m.tables_seconds is not None else f"{'':>12}"
        print(
            f"{m.label:<20}{m.items:>9,}{m.seconds:>10.2f}{m.cpu_seconds:>9.2f}{tables}"
            f"{m.rate:>10,.0f}"
            f"{m.mean_sojourn:>10.2f}{m.mean_sojourn - THEORY_W:>+9.2f}"
        )


def print_ratios(engine: Measurement | None, simulate: Measurement | None, peers: dict) -> None:
    ours = [m for m in (engine, simulate) if m is not None]
    if not ours or not peers:
        return
    print()
    print(f"{'ratio of items/s':<30}{'wall':>8}{'cpu':>8}{'target':>9}   verdict (wall)")
    for peer_name, peer in peers.items():
        target = TARGETS[peer_name]
        for m in ours:
            ratio = m.rate / peer.rate
            cpu_ratio = m.cpu_rate / peer.cpu_rate
            verdict = "met" if ratio >= target else "MISSED"
            label = f"{m.label} / {peer_name}"
            print(
                f"{label:<30}{ratio:>7.2f}x{cpu_ratio:>7.2f}x"
                f"{'>= ' + format(target, 'g') + 'x':>9}   {verdict}"
            )


def print_profile(profiler: cProfile.Profile, top: int) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    text = text[text.index("   ncalls") :].rstrip()
    for prefix in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], ROOT):
        text = text.replace(str(prefix) + os.sep, "")
    print()
    print(f"cProfile of OrgModel.run(), top {top} by own time (profiling slows the run ~3x):")
    print(text)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument(
        "--items", type=int, default=100_000, help="items to push through (default 100000)"
    )
    p.add_argument(
        "--ciw-items",
        type=int,
        default=None,
        help="run ciw on fewer items (it is the slowest); rates stay comparable",
    )
    p.add_argument("--repeats", type=int, default=1, help="runs per engine; the fastest counts")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--engines", nargs="+", choices=ENGINES, default=list(ENGINES), help="which to run"
    )
    p.add_argument(
        "--no-stock-mesa",
        dest="stock_mesa",
        action="store_false",
        help="skip the run of orgsim on Mesa's stock event list",
    )
    p.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="also profile one orgsim engine run and print the top N functions",
    )
    args = p.parse_args(argv)
    for name in ("items", "repeats"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.ciw_items is not None and args.ciw_items < 1:
        p.error("--ciw-items must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    n, seed, reps = args.items, args.seed, args.repeats
    ciw_n = args.ciw_items or n
    print(
        f"Tandem line: {STATIONS} stations in series, 1 server each, Poisson arrivals "
        f"{ARRIVAL_RATE}/day, exponential service rate {SERVICE_RATE}/day at each"
    )
    print(
        f"about {n:,} items ({horizon(n):,.0f} simulated days), seed {seed}, "
        f"best of {reps} run(s); theory W = {THEORY_W:g} days"
    )
    if ciw_n != n:
        print(f"ciw runs on about {ciw_n:,} items only (--ciw-items): compare items/s, not seconds")
    print(f"{dt.date.today().isoformat()}: {machine()}")
    print()

    def progress(name: str) -> None:
        print(f"  running {name} ...", file=sys.stderr, flush=True)

    engine = simulate = stock = None
    peers: dict[str, Measurement] = {}
    if "orgsim" in args.engines:
        progress("orgsim OrgModel.run()")
        engine = best_of(reps, lambda: run_orgsim_engine(n, seed))
        progress("orgsim simulate()")
        simulate = best_of(reps, lambda: run_orgsim_simulate(n, seed))
        simulate.tables_seconds = max(simulate.seconds - engine.seconds, 0.0)
        if args.stock_mesa:
            progress("orgsim OrgModel.run() on Mesa's stock event list")
            stock = best_of(reps, lambda: run_orgsim_on_stock_mesa(n, seed))
    if "ciw" in args.engines:
        progress("ciw")
        peers["ciw"] = best_of(reps, lambda: run_ciw(ciw_n, seed))
    if "simpy" in args.engines:
        progress("SimPy")
        peers["SimPy"] = best_of(reps, lambda: run_simpy(n, seed))

    bare = None
    if "mesa" in args.engines:
        progress("bare Mesa events")
        bare = best_of(reps, lambda: run_bare_mesa(n, seed))

    rows = [m for m in (engine, simulate, stock) if m is not None] + list(peers.values())
    rows += [bare] if bare is not None else []
    print_table(rows)
    if simulate is not None:
        print(
            "engine = OrgModel.run(); simulate() = engine + result tables; "
            "tables (s) = the difference"
        )
    if stock is not None:
        print(
            "on Mesa list = the same engine on Mesa's stock EventList and step schedule "
            f"(orgsim.reference); the event calendar is {engine.rate / stock.rate:.2f}x faster"
        )
    if bare is not None:
        print(
            "bare Mesa events = the line as three queues on Mesa's schedule_event, no agents: "
            "the floor for any model on Mesa's stock event list"
        )
    print_ratios(engine, simulate, peers)

    if args.profile:
        profiler = cProfile.Profile()
        run_orgsim_engine(n, seed, profiler)
        print_profile(profiler, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
