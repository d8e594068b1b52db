"""A large plan says how far it got while it resolves its scenarios."""

from __future__ import annotations

from sweep_helpers import base_spec

from orgsim.sweeps.design import build_plan
from orgsim.sweeps.spec import load_spec


def test_planning_reports_every_scenario_up_to_the_total():
    spec = load_spec(
        base_spec(
            seeds=2,
            factors={"ai.coding_speedup": {"values": [1.0, 2.0, 3.0]}},
            bundles={"as_is": {}, "wip": {"policy.wip_limit": 4}},
        )
    )
    heard: list[tuple[int, int]] = []
    plan = build_plan(spec, planning=lambda done, total: heard.append((done, total)))
    assert heard == [(i, 6) for i in range(1, 7)]
    assert len(plan.runs) == 12
