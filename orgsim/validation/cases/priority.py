"""Urgent work ahead of fresh work: non-preemptive priority queues (Cobham's formula).

With `org.demand.priority_share` = p, a share p of the Poisson arrivals is urgent and
waits in the returned lane, ahead of fresh work: two Poisson classes (rates p lam and
(1 - p) lam) with the same service distribution, served first-come-first-served within
a class, never interrupted. One station, so that both classes arrive as Poisson streams.
"""

from __future__ import annotations

from orgsim.validation import theory
from orgsim.validation.cases.build import Case, days_at, scenario, scenario_run, station
from orgsim.validation.runner import Measurements, Precision, Run


def priority_case(
    name: str,
    *,
    role: str,
    servers: int,
    rho: float,
    share: float,
    dist: str = "exponential",
    cv: float = 1.0,
    base_days: float = 5_000.0,
) -> Case:
    """One station of `servers` people of `role`: per-class waits against Cobham."""
    scv = 1.0 if dist == "exponential" else cv * cv
    lam = rho * servers
    urgent, fresh = theory.priority_waits([share * lam, (1 - share) * lam], 1.0, scv, servers)
    fifo = theory.mmc(lam, 1.0, servers) if servers > 1 else None
    overall = fifo.Wq if fifo else theory.pollaczek_khinchine(lam, 1.0, scv).Wq
    st = "review" if role == "reviewer" else "coding"

    def runs(p: Precision) -> list[Run]:
        extra = {"cv": cv} if dist != "exponential" else {}
        mapping = scenario(
            name,
            [station(st, role, 1.0, dist=dist, **extra)],
            days=days_at(base_days, p),
            rate=lam,
            people={role: servers},
            demand_extra={"priority_share": share},
        )
        return [scenario_run("run", mapping)]

    def judge(m: Measurements) -> None:
        m.against("mean wait, urgent (Cobham)", urgent, "run", f"Wq.{st}.urgent")
        m.against("mean wait, fresh (Cobham)", fresh, "run", f"Wq.{st}.fresh")
        m.against("mean wait, all work (as FIFO)", overall, "run", f"Wq.{st}")

    shape = "exponential" if dist == "exponential" else f"{dist}, cv {cv:g}"
    kind = "M/G/1" if servers == 1 else f"M/M/{servers}"
    title = f"{kind} priority: urgent share {share:g}, rho = {rho:g}, service {shape}"
    return Case(name, title, runs, judge)


def priority_cases() -> list[Case]:
    return [
        priority_case(
            "priority_mg1",
            role="developer",
            servers=1,
            rho=0.7,
            share=0.3,
            dist="lognormal",
            cv=0.5,
        ),
        priority_case(
            "priority_mmc", role="reviewer", servers=2, rho=0.8, share=0.3, base_days=6_000
        ),
    ]
