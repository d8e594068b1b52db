"""Open queues with closed forms: M/M/1, M/M/c (Erlang C), a Jackson network, M/G/1 (P-K)."""

from __future__ import annotations

from typing import Any

from orgsim.validation import theory
from orgsim.validation.cases.build import Case, days_at, scenario, scenario_run, station
from orgsim.validation.runner import Measurements, Precision, Run


# -- (2) M/M/1 ---------------------------------------------------------------------------
def mm1_case(
    rho: float,
    *,
    service_mean: float = 1.0,
    theory_service_mean: float | None = None,
    name: str | None = None,
    base_days: float | None = None,
) -> Case:
    """One developer, Poisson arrivals at rho / E[S]: W, Wq and L against M/M/1.

    `service_mean` is what the scenario runs; `theory_service_mean` what theory is told
    (the same unless a test wants a mis-specified theory to be caught).
    """
    told = service_mean if theory_service_mean is None else theory_service_mean
    lam = rho / told
    q = theory.mm1(lam, 1.0 / told)
    days = base_days if base_days is not None else (5_000.0 if rho <= 0.6 else 10_000.0)
    case_name = name or f"mm1_rho_{rho:g}"

    def runs(p: Precision) -> list[Run]:
        pipeline = [station("coding", "developer", service_mean)]
        return [scenario_run("run", scenario(case_name, pipeline, days=days_at(days, p), rate=lam))]

    def judge(m: Measurements) -> None:
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean wait Wq", q.Wq, "run", "Wq.coding")
        m.against("mean number in system L", q.L, "run", "L")

    return Case(case_name, f"M/M/1 at rho = {rho:g}", runs, judge)


# -- (3) M/M/c ---------------------------------------------------------------------------
def mmc_case(c: int, rho: float = 0.8) -> Case:
    """c reviewers of one team serve the first station: Erlang C."""
    lam = rho * c
    q = theory.mmc(lam, 1.0, c)
    name = f"mmc_c{c}"
    days = 8_000.0 / c

    def runs(p: Precision) -> list[Run]:
        pipeline = [station("review", "reviewer", 1.0)]
        mapping = scenario(name, pipeline, days=days_at(days, p), rate=lam, people={"reviewer": c})
        return [scenario_run("run", mapping)]

    def judge(m: Measurements) -> None:
        m.against("P(wait) (Erlang C)", q.p_wait, "run", "pwait.review")
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean number in system L", q.L, "run", "L")

    return Case(name, f"M/M/{c} at rho = {rho:g} (Erlang C)", runs, judge)


# -- (4) Jackson network with a rework loop ----------------------------------------------
JACKSON = {
    "gamma": 0.5,
    "names": ("coding", "review", "test"),
    "means": (1.0, 0.9, 1.3),
    "rework": 0.3,  # review sends the item back to coding
}


def jackson_scenario(days: float) -> dict[str, Any]:
    names, means = JACKSON["names"], JACKSON["means"]
    pipeline = [
        station(names[0], "developer", means[0]),
        station(
            names[1],
            "reviewer",
            means[1],
            rework={"to": names[0], "probability": JACKSON["rework"]},
        ),
        station(names[2], "automated", means[2], servers=1),
    ]
    people = {"developer": 1, "reviewer": 1}
    return scenario("jackson", pipeline, days=days, rate=JACKSON["gamma"], people=people)


def jackson_theory() -> theory.Network:
    p = JACKSON["rework"]
    routing = [[0, 1, 0], [p, 0, 1 - p], [0, 0, 0]]
    mu = [1 / m for m in JACKSON["means"]]
    return theory.jackson([JACKSON["gamma"], 0, 0], routing, mu, [1, 1, 1])


def jackson_case() -> Case:
    net = jackson_theory()
    names = JACKSON["names"]

    def runs(p: Precision) -> list[Run]:
        return [scenario_run("run", jackson_scenario(days_at(5_000, p)))]

    def judge(m: Measurements) -> None:
        for name, q in zip(names, net.nodes, strict=True):
            m.against(f"visit rate lam_{name}", q.lam, "run", f"rate.{name}")
        for name, q in zip(names, net.nodes, strict=True):
            m.against(f"sojourn per visit W_{name}", q.W, "run", f"W.{name}")
        m.against("mean time in system W", net.sojourn, "run", "W")
        m.against("mean number in system L", net.L, "run", "L")

    title = "Jackson tandem coding -> review -> test, review reworks to coding (p = 0.3)"
    return Case("jackson_rework", title, runs, judge)


# -- (5) M/D/1 and M/G/1: Pollaczek-Khinchine ----------------------------------------------
def pk_case(name: str, dist: str, rho: float, cv: float, base_days: float) -> Case:
    scv = 0.0 if dist == "deterministic" else cv * cv
    q = theory.pollaczek_khinchine(rho, 1.0, scv)

    def runs(p: Precision) -> list[Run]:
        extra = {"cv": cv} if dist != "deterministic" else {}
        pipeline = [station("coding", "developer", 1.0, dist=dist, **extra)]
        return [scenario_run("run", scenario(name, pipeline, days=days_at(base_days, p), rate=rho))]

    def judge(m: Measurements) -> None:
        m.against("mean wait Wq (P-K)", q.Wq, "run", "Wq.coding")
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean number in system L", q.L, "run", "L")

    shape = "deterministic" if dist == "deterministic" else f"{dist}, cv {cv:g}"
    return Case(name, f"M/G/1 at rho = {rho:g}, service {shape}", runs, judge)
