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
