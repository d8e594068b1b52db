"""Automated lanes as infinite-server queues (M/G/infinity).

Under `policy.governance = "automated"` a sign-off station sends every change through
an automated check of `policy.automated_check_days` d: a delay lane with no queue. Fed
by the Poisson departures of an M/M/1 coding station (Burke), the number of changes in
the lane is Poisson(lam d): mean and variance lam d. With d < 1 day the lane empties
between two daily snapshots, so the snapshots are independent draws of that Poisson
count. Under `risk_based`, high-risk changes (share h) go to the approvers instead: the
station holds an M/G/infinity lane at (1 - h) lam and an M/M/1 approver at h lam.
"""

from __future__ import annotations

from orgsim.validation import theory
from orgsim.validation.cases.build import Case, days_at, scenario, scenario_run, station
from orgsim.validation.runner import Measurements, Precision, Run

LANE = {"rate": 2.0, "coding": 0.25, "check": 0.5, "approver": 0.5, "high_risk": 0.3}


def lane_scenario(name: str, governance: str, days: float) -> dict:
    pipeline = [
        station("coding", "developer", LANE["coding"]),
        station("security", "approver", LANE["approver"]),
    ]
    extra = {"high_risk_share": LANE["high_risk"]} if governance == "risk_based" else {}
    policy = {"governance": governance, "automated_check_days": LANE["check"]}
    return scenario(
        name,
        pipeline,
        days=days,
        rate=LANE["rate"],
        shared={"approver": 1},
        policy=policy,
        demand_extra=extra,
    )


def lane_case() -> Case:
    lam, d, h = LANE["rate"], LANE["check"], LANE["high_risk"]
    automated = theory.infinite_server_count(lam, d)
    lane = theory.infinite_server_count((1 - h) * lam, d)
    approver = theory.mm1(h * lam, 1 / LANE["approver"])

    def runs(p: Precision) -> list[Run]:
        days = days_at(1_000, p)
        return [
            scenario_run("automated", lane_scenario("lane-automated", "automated", days)),
            scenario_run("risk_based", lane_scenario("lane-risk-based", "risk_based", days)),
        ]

    def judge(m: Measurements) -> None:
        m.against("changes in the lane, mean lam d", automated.mean(), "automated", "L.security")
        m.against(
            "changes in the lane, variance lam d", automated.var(), "automated", "var.security"
        )
        m.against(
            "risk-based: lane (1-h) lam d + approver L",
            lane.mean() + approver.L,
            "risk_based",
            "L.security",
        )
        w = (1 - h) * d + h * approver.W
        m.against("risk-based: sojourn per visit", w, "risk_based", "W.security")

    title = "Automated lanes as M/G/infinity (governance automated and risk_based)"
    return Case("lane_automated", title, runs, judge)
