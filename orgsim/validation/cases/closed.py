"""Saturated and closed lines: CONWIP (a WIP limit on the line) and the bottleneck."""

from __future__ import annotations

from typing import Any

from orgsim.validation import theory
from orgsim.validation.cases.build import Case, days_at, scenario, scenario_run, station
from orgsim.validation.runner import Measurements, Precision, Run

# -- (6) CONWIP: a closed line --------------------------------------------------------------
CONWIP_LEVELS = (2, 4, 8)
CONWIP_K = 3


def conwip_scenario(w: int, days: float) -> dict[str, Any]:
    """A balanced 3-station exponential line, unlimited backlog, team WIP limit w."""
    pipeline = [
        station("coding", "developer", 1.0),
        station("review", "reviewer", 1.0),
        station("test", "automated", 1.0, servers=1),
    ]
    return scenario(
        f"conwip-{w}",
        pipeline,
        days=days,
        warmup=100.0,
        people={"developer": 1, "reviewer": 1},
        policy={"wip_limit": w, "swarm": False},
    )


def conwip_case() -> Case:
    t0, rb = float(CONWIP_K), 1.0

    def runs(p: Precision) -> list[Run]:
        return [scenario_run(f"w{w}", conwip_scenario(w, days_at(1_500, p))) for w in CONWIP_LEVELS]

    def judge(m: Measurements) -> None:
        for w in CONWIP_LEVELS:
            th, ct = theory.practical_worst_case(w, t0, rb)
            m.against(f"throughput TH, w = {w} (PWC)", th, f"w{w}", "TH")
            flow = theory.balanced_line_started_wip(w, CONWIP_K) / th
            note = f"PWC CT {ct:.4g} counts the wait for a free developer"
            m.against(f"flow time start->done, w = {w}", flow, f"w{w}", "flow", note)

    return Case("conwip", "CONWIP: closed balanced line of 3 stations", runs, judge)


# -- (8) Bottleneck ----------------------------------------------------------------------------
BOTTLENECK = {"coding": 1.0, "review": 1.25, "test": 1.0}  # mean service days


def bottleneck_scenario(key: str, days: float, coding: float, test: float) -> dict[str, Any]:
    pipeline = [
        station("coding", "developer", coding),
        station("review", "reviewer", BOTTLENECK["review"]),
        station("test", "automated", test, servers=1),
    ]
    return scenario(
        f"bottleneck-{key}",
        pipeline,
        days=days,
        warmup=100.0,
        people={"developer": 1, "reviewer": 1},
    )


def bottleneck_case(speedup: float = 1.5) -> Case:
    rb = 1 / BOTTLENECK["review"]
    coding_rate = 1 / BOTTLENECK["coding"]

    def runs(p: Precision) -> list[Run]:
        d = days_at(1_000, p)
        c, t = BOTTLENECK["coding"], BOTTLENECK["test"]
        return [
            scenario_run("base", bottleneck_scenario("base", d, c, t)),
            scenario_run("fast_coding", bottleneck_scenario("fast-coding", d, c / speedup, t)),
            scenario_run("fast_test", bottleneck_scenario("fast-test", d, c, t / speedup)),
        ]

    def judge(m: Measurements) -> None:
        m.against("throughput TH = bottleneck rate", rb, "base", "TH")
        m.paired(
            f"TH change, coding {speedup:g}x faster",
            0.0,
            "fast_coding",
            "base",
            "TH",
            note="paired on common random numbers",
        )
        m.paired(
            f"TH change, test {speedup:g}x faster",
            0.0,
            "fast_test",
            "base",
            "TH",
            note="paired on common random numbers",
        )
        m.against("review queue growth / day", coding_rate - rb, "base", "growth.review")
        m.against(
            f"review queue growth / day, coding {speedup:g}x",
            coding_rate * speedup - rb,
            "fast_coding",
            "growth.review",
        )

    title = "Bottleneck: unlimited backlog, review is the constraint"
    return Case("bottleneck", title, runs, judge)


# -- CONWIP on an unbalanced multi-server line: exact mean value analysis ------------------------
MVA_LINE = {  # station: (role, mean service days, servers)
    "coding": ("developer", 1.5, 2),
    "review": ("reviewer", 0.8, 1),
    "test": ("automated", 2.0, 3),
}
MVA_LEVELS = (3, 6, 10)


def mva_scenario(w: int, days: float) -> dict[str, Any]:
    """Two developers, one reviewer, three test servers; unlimited backlog, WIP limit w."""
    pipeline = []
    for name, (role, mean, servers) in MVA_LINE.items():
        extra = {"servers": servers} if role == "automated" else {}
        pipeline.append(station(name, role, mean, **extra))
    people = {role: c for role, _, c in MVA_LINE.values() if role != "automated"}
    return scenario(
        f"conwip-mva-{w}",
        pipeline,
        days=days,
        warmup=100.0,
        people=people,
        policy={"wip_limit": w, "swarm": False},
    )


def conwip_mva_case() -> Case:
    """The team's line at WIP limit w is a closed network of w cards (swarming off).

    A freed card waits for a free developer: the first station of the closed network is
    the developers, its queue the cards not yet started. So TH and the station means
    come from exact load-dependent MVA, and orgsim's flow time (start to done) is
    (w - cards waiting for a developer) / TH.
    """
    means = [m for _, m, _ in MVA_LINE.values()]
    servers = [c for _, _, c in MVA_LINE.values()]
    nets = {w: theory.closed_mva(means, servers, w) for w in MVA_LEVELS}

    def runs(p: Precision) -> list[Run]:
        return [scenario_run(f"w{w}", mva_scenario(w, days_at(1_500, p))) for w in MVA_LEVELS]

    def judge(m: Measurements) -> None:
        for w, net in nets.items():
            m.against(f"throughput TH, w = {w} (MVA)", net.TH, f"w{w}", "TH")
            flow = (w - net.queued(0, servers[0])) / net.TH
            m.against(f"flow time start->done, w = {w}", flow, f"w{w}", "flow")
        mid = MVA_LEVELS[len(MVA_LEVELS) // 2]
        for i, name in enumerate(MVA_LINE):
            if i > 0:
                m.against(f"WIP at {name}, w = {mid} (MVA)", nets[mid].L[i], f"w{mid}", f"L.{name}")

    title = "CONWIP on an unbalanced line (2 developers, 1 reviewer, 3 test servers): MVA"
    return Case("conwip_mva", title, runs, judge)
