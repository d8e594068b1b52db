"""Work is never lost or double-counted: items in = items done + items in progress.

Checked after every simulated day while stepping the model, for the shipped scenarios
and for variants with every mechanism switched on (rework, gates, deployment failures,
governance lanes, continuous deployment, WIP limits, cross-team review, a center of
excellence, a weak mandate).
"""

from __future__ import annotations

import pytest
from helpers import SCENARIOS, station

import orgsim
from orgsim.work.item import Batch

SHIPPED = sorted(p.name for p in SCENARIOS.glob("*.toml"))


def assert_conserved(model: orgsim.OrgModel) -> None:
    flow = model.flow
    in_progress = flow.in_system.value
    day = model.time
    assert flow.arrivals == flow.completed + in_progress, (
        f"day {day}: {flow.arrivals} arrived != {flow.completed} done + {in_progress} in progress"
    )
    wip = model.wip_by_station()
    assert sum(wip.values()) == in_progress, (
        f"day {day}: stations hold {wip}, in progress {in_progress}"
    )
    assert all(v >= 0 for v in wip.values()), f"day {day}: negative WIP {wip}"
    for st in model.stations:
        # Queued here: what waits in its queues, less the first station's backlog.
        queued = sum(
            it.started >= 0
            for q in st.queues
            for it in [*q.returned, *q.fresh, *(i for b in q.batches for i in b.items)]
        )
        serving = sum(
            len(w.job.items) if isinstance(w.job, Batch) else 1
            for w in model.workers()
            if w.station is st
        )
        in_lane = len(st.lane) if st.lane is not None else 0
        assert queued + serving + in_lane == st.wip.value, (
            f"day {day}: {st.name} holds {st.wip.value}, but {queued} queued + "
            f"{serving} in service + {in_lane} in its automated lane"
        )
    started = sum(team.wip for team in model.teams)
    assert started == in_progress - flow.backlog.value, (
        f"day {day}: teams hold {started} started items, "
        f"in progress {in_progress} minus backlog {flow.backlog.value}"
    )
    done = sum(team.delivered for team in model.teams)
    assert done == flow.completed


def step_and_check(scn, seed: int, days: int) -> orgsim.OrgModel:
    model = orgsim.OrgModel(scn, seed=seed)
    assert_conserved(model)
    for _ in range(days):
        model.step()
        assert_conserved(model)
    assert model.flow.arrivals > 0
    return model


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_conserves_work_every_day(name):
    model = step_and_check(SCENARIOS / name, seed=2, days=90)
    assert model.flow.completed > 0


def _everything_on(**policy) -> dict:
    """Four teams, rework everywhere, two gates, risky deployments, defects and AI."""
    return {
        "name": "everything-on",
        "simulation": {"days": 80, "warmup_days": 10},
        "org": {
            "teams": 4,
            "topology": {"kind": "ring"},
            "people_per_team": {"developer": 3, "reviewer": 1},
            "shared_people": {"approver": 2, "release_manager": 1},
            "demand": {
                "kind": "poisson",
                "rate_per_team": 1.2,
                "size": {"dist": "lognormal", "mean": 1.0, "cv": 0.6},
                "high_risk_share": 0.3,
                "defects_per_size": 1.0,
                "cross_team_share": 0.3,
            },
        },
        "pipeline": [
            station("coding", "developer", "lognormal", 1.0, 0.6, scales_with_size=True),
            station(
                "review",
                "reviewer",
                "lognormal",
                0.3,
                0.6,
                scales_with_size=True,
                rework={"to": "coding", "probability": 0.2, "detection": 0.5, "effort": 0.5},
            ),
            station(
                "ci",
                "automated",
                "exponential",
                0.1,
                servers=3,
                rework={"to": "ci", "probability": 0.1, "coupling": 0.2},
            ),
            station(
                "security",
                "approver",
                "lognormal",
                0.1,
                1.0,
                rework={"to": "review", "detection": 0.3, "effort": 0.3},
            ),
            station(
                "change_approval",
                "approver",
                "deterministic",
                0.2,
                gate={"every": 5, "offset": 4, "capacity": 6},
            ),
            station(
                "release",
                "release_manager",
                "deterministic",
                0.3,
                gate={"every": 3, "offset": 2.5},
                deployment={"per_item": 0.05, "per_defect": 0.2, "rework_to": "coding"},
            ),
        ],
        "ai": {
            "adoption": 0.6,
            "adoption_spread": 0.2,
            "coding_speedup": 3.0,
            "pr_size_multiplier": 1.5,
            "defect_multiplier": 1.7,
            "token_cost_per_day": 40.0,
        },
        "policy": policy,
    }


VARIANTS = {
    "manual": {},
    "risk_based+cd": {"governance": "risk_based", "continuous_deployment": True},
    "automated+cd": {"governance": "automated", "continuous_deployment": True},
    "wip_limit+swarm+cross_team": {"wip_limit": 4, "swarm": True, "cross_team_review": True},
    "weak_mandate": {
        "mandate": 0.4,
        "competing_priorities": 0.3,
        "wip_limit": 3,
        "governance": "risk_based",
        "release_every": 4,
    },
    "coe": {"center_of_excellence": {"enabled": True, "strength": 0.8}},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("demand", ["poisson", "backlog"])
def test_rework_gates_and_failed_deployments_conserve_work(variant, demand):
    raw = _everything_on(**VARIANTS[variant])
    raw["org"]["demand"]["kind"] = demand
    model = step_and_check(orgsim.load_scenario(raw), seed=5, days=90)
    flow = model.flow
    assert flow.completed > 0
    assert model.items()["reworks"].any(), "the variant should exercise rework"
    if variant == "manual":
        assert any(d[2] for d in flow.deployments), "the variant should see a failed deployment"


def test_simulate_checks_the_exact_little_identity():
    res = orgsim.simulate(_everything_on(), seed=3)
    assert res.summary["little_identity_residual"] < 1e-9
