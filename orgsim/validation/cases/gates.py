"""Gates: a periodic window (approval board, release train) with and without a capacity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orgsim.validation import theory
from orgsim.validation.cases.build import Case, days_at, scenario, scenario_run, station
from orgsim.validation.runner import Measurements, Precision, Run

# -- (7) A periodic gate ---------------------------------------------------------------------
GATE_SERVICE = 0.25
GATE_RATE = 0.5


def gate_scenario(every: float, days: float) -> dict[str, Any]:
    """M/M/1 coding at rho 0.5, then an approval board that meets every T days."""
    pipeline = [
        station("coding", "developer", 1.0),
        station("cab", "approver", GATE_SERVICE, dist="deterministic", gate={"every": every}),
    ]
    return scenario(
        f"gate-{every:g}",
        pipeline,
        days=days,
        rate=GATE_RATE,
        shared={"approver": 1},
    )


def gate_case(periods: Sequence[float] = (5.0, 10.0)) -> Case:
    coding = theory.mm1(GATE_RATE, 1.0)

    def runs(p: Precision) -> list[Run]:
        return [
            scenario_run(f"T{t:g}", gate_scenario(t, days_at(3_000, p, multiple=t)))
            for t in periods
        ]

    def judge(m: Measurements) -> None:
        for t in periods:
            key = f"T{t:g}"
            m.against(f"mean wait at gate, T = {t:g}", theory.periodic_gate_wait(t), key, "Wq.cab")
            m.bound(f"max wait at gate, T = {t:g}", t, key, "max_wait.cab")
            lead = coding.W + theory.periodic_gate_wait(t) + GATE_SERVICE
            m.against(f"mean time in system W, T = {t:g}", lead, key, "W")

    return Case("gate", "Periodic gate (approval board) after M/M/1 coding", runs, judge)


def gate_first_station_case(every: float = 5.0, rate: float = 1.0) -> Case:
    """The gate is the first station: arrivals wait in the backlog for the window."""

    def runs(p: Precision) -> list[Run]:
        pipeline = [
            station("cab", "approver", GATE_SERVICE, dist="deterministic", gate={"every": every})
        ]
        mapping = scenario(
            "gate-first",
            pipeline,
            days=days_at(2_500, p, multiple=every),
            rate=rate,
            people={},
            shared={"approver": 1},
        )
        return [scenario_run("run", mapping)]

    def judge(m: Measurements) -> None:
        wait = theory.periodic_gate_wait(every)
        m.against("mean wait at gate", wait, "run", "Wq.cab")
        m.against("mean time in system W", wait + GATE_SERVICE, "run", "W")
        m.against("backlog WIP (not started) lam T/2", rate * wait, "run", "L.backlog")
        m.against("station WIP (in the batch) lam S", rate * GATE_SERVICE, "run", "L.cab")

    return Case("gate_first_station", "Periodic gate as the first station", runs, judge)


def gate_capacity_case(every: float = 1.0, capacity: int = 3, rate: float = 2.4) -> Case:
    """The gate is the first station and boards at most K waiting items per opening.

    Exact answer from the embedded Markov chain of the number waiting at openings
    (`theory.bulk_gate`); waiting for the window counts as backlog, so the backlog WIP
    is the time-average number waiting for the gate.
    """
    gate = theory.bulk_gate(rate, every, capacity)

    def runs(p: Precision) -> list[Run]:
        spec = {"every": every, "capacity": capacity}
        pipeline = [station("cab", "approver", GATE_SERVICE, dist="deterministic", gate=spec)]
        mapping = scenario(
            "gate-capacity",
            pipeline,
            days=days_at(2_000, p, multiple=every),
            rate=rate,
            people={},
            shared={"approver": 1},
        )
        return [scenario_run("run", mapping)]

    def judge(m: Measurements) -> None:
        m.against("mean wait at gate (Markov chain)", gate.Wq, "run", "Wq.cab")
        m.against("items waiting for the gate Lq", gate.Lq, "run", "L.backlog")
        m.against("mean time in system W", gate.Wq + GATE_SERVICE, "run", "W")

    title = f"Gate with a capacity: opens every {every:g} day, boards up to {capacity}"
    return Case("gate_capacity", title, runs, judge)
