"""Cross-checks with ciw, a peer simulator: the same network run in both."""

from __future__ import annotations

from typing import Any

from orgsim.validation import theory
from orgsim.validation.cases.build import WARMUP, Case, days_at, scenario, scenario_run, station
from orgsim.validation.ciw_peer import OpenNetwork, ciw_run
from orgsim.validation.runner import Measurements, Precision, Run

# -- cross-check with ciw ------------------------------------------------------------------------
CIW_NET = {
    "names": ("coding", "review"),
    "gamma": 0.6,
    "service_means": (1.0, 1.6),
    "servers": (1, 2),
    "rework": 0.2,
}


def ciw_network(days: float, warmup: float = WARMUP) -> OpenNetwork:
    p = CIW_NET["rework"]
    return OpenNetwork(
        names=CIW_NET["names"],
        gamma=CIW_NET["gamma"],
        service_means=CIW_NET["service_means"],
        servers=CIW_NET["servers"],
        routing=[[0.0, 1.0], [p, 0.0]],
        days=days,
        warmup=warmup,
    )


def ciw_orgsim_scenario(days: float, warmup: float = WARMUP) -> dict[str, Any]:
    (c_name, r_name), (c_mean, r_mean) = CIW_NET["names"], CIW_NET["service_means"]
    pipeline = [
        station(c_name, "developer", c_mean),
        station(
            r_name, "reviewer", r_mean, rework={"to": c_name, "probability": CIW_NET["rework"]}
        ),
    ]
    people = {"developer": CIW_NET["servers"][0], "reviewer": CIW_NET["servers"][1]}
    return scenario(
        "ciw-crosscheck", pipeline, days=days, warmup=warmup, rate=CIW_NET["gamma"], people=people
    )


def ciw_case() -> Case:
    net = ciw_network(1.0)
    p = CIW_NET["rework"]
    jack = theory.jackson(
        [net.gamma, 0.0],
        [[0.0, 1.0], [p, 0.0]],
        [1 / m for m in net.service_means],
        list(net.servers),
    )

    def runs(pr: Precision) -> list[Run]:
        days = days_at(4_000, pr)
        return [
            scenario_run("orgsim", ciw_orgsim_scenario(days)),
            Run("ciw", ciw_run, ciw_network(days)),
        ]

    def judge(m: Measurements) -> None:
        for name, q in zip(net.names, jack.nodes, strict=True):
            m.against_peer(f"sojourn per visit W_{name}", q.W, "orgsim", "ciw", f"W.{name}")
        m.against_peer("mean time in system W", jack.sojourn, "orgsim", "ciw", "W")

    title = "orgsim vs ciw: coding -> review (2 servers), rework p = 0.2"
    return Case("ciw_crosscheck", title, runs, judge, needs=("ciw",))


# -- M/G/c: no exact theory, so the peer simulator is the judge ----------------------------------
MGC = {"servers": 3, "rho": 0.7, "dist": "gamma", "cv": 1.5}


def ciw_mgc_case() -> Case:
    """M/G/3 with gamma service (cv 1.5): orgsim against ciw.

    No closed form exists for M/G/c (c > 1); the theory column shows the Allen-Cunneen
    approximation (1 + cs^2)/2 x Wq(M/M/c) as a guide only: the verdict is the peer's.
    """
    c, dist, cv = MGC["servers"], MGC["dist"], MGC["cv"]
    lam = MGC["rho"] * c
    approx = theory.mgc_allen_cunneen(lam, 1.0, cv * cv, c)

    def network(days: float) -> OpenNetwork:
        return OpenNetwork(
            names=("review",),
            gamma=lam,
            service_means=(1.0,),
            servers=(c,),
            routing=[[0.0]],
            days=days,
            warmup=WARMUP,
            service_dists=(dist,),
            service_cvs=(cv,),
        )

    def runs(pr: Precision) -> list[Run]:
        days = days_at(2_000, pr)
        pipeline = [station("review", "reviewer", 1.0, dist=dist, cv=cv)]
        mapping = scenario("ciw-mgc", pipeline, days=days, rate=lam, people={"reviewer": c})
        return [scenario_run("orgsim", mapping), Run("ciw", ciw_run, network(days))]

    def judge(m: Measurements) -> None:
        note = "theory: Allen-Cunneen approximation, not judged"
        m.against_peer("P(wait)", approx.p_wait, "orgsim", "ciw", "pwait.review", note)
        m.against_peer("mean wait Wq", approx.Wq, "orgsim", "ciw", "Wq.review", note)
        m.against_peer("mean time in system W", approx.W, "orgsim", "ciw", "W", note)

    title = f"orgsim vs ciw: M/G/{c}, {dist} service cv {cv:g}, rho = {MGC['rho']:g}"
    return Case("ciw_mgc", title, runs, judge, needs=("ciw",))


# -- priority classes and non-exponential service in a tandem ---------------------------------------
CIW_PRIORITY = {
    "gamma": 0.6,
    "share": 0.3,
    "names": ("coding", "review"),
    "dists": ("gamma", "lognormal"),
    "means": (1.0, 1.4),
    "cvs": (0.5, 1.0),
    "servers": (1, 2),
}


def ciw_priority_case() -> Case:
    """coding (gamma) -> review (2 reviewers, lognormal), 30% urgent: orgsim against ciw.

    At coding both classes arrive as Poisson streams, so Cobham's formula is exact there
    (the theory column); downstream, where arrivals are no longer Poisson, ciw is the judge.
    """
    net = CIW_PRIORITY
    lam, share = net["gamma"], net["share"]
    (c_name, r_name), (c_mean, r_mean) = net["names"], net["means"]
    (c_dist, r_dist), (c_cv, r_cv) = net["dists"], net["cvs"]
    urgent, fresh = theory.priority_waits(
        [share * lam, (1 - share) * lam], c_mean, c_cv * c_cv, net["servers"][0]
    )

    def network(days: float) -> OpenNetwork:
        return OpenNetwork(
            names=net["names"],
            gamma=lam,
            service_means=net["means"],
            servers=net["servers"],
            routing=[[0.0, 1.0], [0.0, 0.0]],
            days=days,
            warmup=WARMUP,
            service_dists=net["dists"],
            service_cvs=net["cvs"],
            priority_share=share,
        )

    def runs(pr: Precision) -> list[Run]:
        days = days_at(3_000, pr)
        pipeline = [
            station(c_name, "developer", c_mean, dist=c_dist, cv=c_cv),
            station(r_name, "reviewer", r_mean, dist=r_dist, cv=r_cv),
        ]
        people = {"developer": net["servers"][0], "reviewer": net["servers"][1]}
        mapping = scenario(
            "ciw-priority",
            pipeline,
            days=days,
            rate=lam,
            people=people,
            demand_extra={"priority_share": share},
        )
        return [scenario_run("orgsim", mapping), Run("ciw", ciw_run, network(days))]

    def judge(m: Measurements) -> None:
        m.against_peer(
            f"wait at {c_name}, urgent (Cobham)", urgent, "orgsim", "ciw", f"Wq.{c_name}.urgent"
        )
        m.against_peer(
            f"wait at {c_name}, fresh (Cobham)", fresh, "orgsim", "ciw", f"Wq.{c_name}.fresh"
        )
        for label in ("urgent", "fresh"):
            m.against_peer(
                f"sojourn at {r_name}, {label}", None, "orgsim", "ciw", f"W.{r_name}.{label}"
            )
        for label in ("urgent", "fresh"):
            m.against_peer(f"time in system W, {label}", None, "orgsim", "ciw", f"W.{label}")

    title = "orgsim vs ciw: priority classes, gamma coding -> lognormal review (2 servers)"
    return Case("ciw_priority", title, runs, judge, needs=("ciw",))
