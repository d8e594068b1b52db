"""Small organizations for policy behaviour tests: fast, seeded, one lever at a time."""

from __future__ import annotations

import pytest


def small_org(**policy) -> dict:
    """Four teams, a five-station pipeline with a sign-off, a CAB and a release train."""
    return {
        "name": "small-org",
        "simulation": {"days": 120, "warmup_days": 20},
        "org": {
            "teams": 4,
            "topology": {"kind": "ring"},
            "people_per_team": {"developer": 3, "reviewer": 1},
            "shared_people": {"approver": 2, "release_manager": 1},
            "demand": {
                "kind": "backlog",
                "size": {"dist": "lognormal", "mean": 1.0, "cv": 0.5},
                "high_risk_share": 0.3,
                "defects_per_size": 0.5,
            },
        },
        "pipeline": [
            {
                "name": "coding",
                "role": "developer",
                "service": {"dist": "lognormal", "mean": 1.0, "cv": 0.6},
                "scales_with_size": True,
            },
            {
                "name": "review",
                "role": "reviewer",
                "service": {"dist": "lognormal", "mean": 0.3, "cv": 0.6},
                "scales_with_size": True,
                "rework": {"to": "coding", "detection": 0.5, "effort": 0.4},
            },
            {
                "name": "security",
                "role": "approver",
                "service": {"dist": "lognormal", "mean": 0.05, "cv": 1.0},
            },
            {
                "name": "change_approval",
                "role": "approver",
                "service": {"dist": "deterministic", "mean": 0.2},
                "gate": {"every": 5, "offset": 4},
            },
            {
                "name": "release",
                "role": "release_manager",
                "service": {"dist": "deterministic", "mean": 0.3},
                "gate": {"every": 10, "offset": 9},
                "deployment": {"per_item": 0.001, "per_defect": 0.01, "rework_to": "coding"},
            },
        ],
        "ai": {
            "adoption": 1.0,
            "coding_speedup": 3.0,
            "pr_size_multiplier": 1.5,
            "defect_multiplier": 1.7,
            "token_cost_per_day": 40.0,
        },
        "policy": policy,
    }


@pytest.fixture(name="small_org")
def small_org_fixture():
    """The builder itself, so tests can pass their one policy lever."""
    return small_org
