"""A small organization on which each adaptive rule is switched on alone (tests/people)."""

from __future__ import annotations

from typing import Any

from helpers import station

import orgsim

SEEDS = list(range(1, 9))


def small_org(**overrides: Any) -> orgsim.Scenario:
    """Two teams of four developers and one reviewer; coding, review, CI, a release.

    Every adaptive rule is neutral; `overrides` (dotted keys) switch one on.
    """
    raw = {
        "name": "small-org",
        "simulation": {"days": 120, "warmup_days": 20},
        "org": {
            "teams": 2,
            "topology": {"kind": "complete"},
            "people_per_team": {"developer": 4, "reviewer": 1},
            "shared_people": {"release_manager": 1},
            "demand": {
                "kind": "backlog",
                "size": {"dist": "lognormal", "mean": 1.0, "cv": 0.5},
                "defects_per_size": 0.5,
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
                rework={"to": "coding", "detection": 0.5, "effort": 0.4},
            ),
            station(
                "integration",
                "automated",
                "lognormal",
                0.2,
                0.5,
                servers=4,
                rework={"to": "coding", "probability": 0.02, "effort": 0.3},
            ),
            station(
                "release",
                "release_manager",
                "deterministic",
                0.2,
                gate={"every": 5, "offset": 4},
                deployment={"per_defect": 0.002, "rework_to": "coding"},
            ),
        ],
    }
    return orgsim.load_scenario(raw).with_overrides(overrides)
