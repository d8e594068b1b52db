"""A small organization on which each adaptive rule is switched on alone (tests/people)."""

from __future__ import annotations

from typing import Any

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
                "name": "integration",
                "role": "automated",
                "servers": 4,
                "service": {"dist": "lognormal", "mean": 0.2, "cv": 0.5},
                "rework": {"to": "coding", "probability": 0.02, "effort": 0.3},
            },
            {
                "name": "release",
                "role": "release_manager",
                "service": {"dist": "deterministic", "mean": 0.2},
                "gate": {"every": 5, "offset": 4},
                "deployment": {"per_defect": 0.002, "rework_to": "coding"},
            },
        ],
    }
    return orgsim.load_scenario(raw).with_overrides(overrides)
