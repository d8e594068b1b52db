"""Small claim modules and presets for the robustness tests (independent of the shipped
claims): a tiny organization with the stations the uncertain parameters address."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from orgsim.experiments.estimate import Estimate
from orgsim.scenario import load_scenario


def tiny(ai: bool, days: float = 15.0):
    st = [
        {
            "name": "coding",
            "role": "developer",
            "scales_with_size": True,
            "service": {"dist": "lognormal", "mean": 1.0, "cv": 0.5},
        },
        {
            "name": "review",
            "role": "reviewer",
            "scales_with_size": True,
            "service": {"dist": "lognormal", "mean": 0.25, "cv": 0.5},
            "rework": {"to": "coding", "detection": 0.5},
        },
        {
            "name": "integration",
            "role": "automated",
            "servers": 2,
            "service": {"dist": "lognormal", "mean": 0.1, "cv": 0.5},
        },
        {
            "name": "qa",
            "role": "automated",
            "servers": 4,
            "service": {"dist": "lognormal", "mean": 0.2, "cv": 0.5},
            "rework": {"to": "coding", "detection": 0.4},
        },
    ]
    spec = {
        "name": "tiny-ai" if ai else "tiny-base",
        "simulation": {"days": days, "warmup_days": 5.0},
        "org": {
            "teams": 2,
            "people_per_team": {"developer": 3},
            "demand": {"kind": "backlog", "defects_per_size": 0.5},
        },
        "people": {"peer_review": {"enabled": True, "threshold": 2}},
        "policy": {"open_pr_limit": 2},
        "pipeline": st,
        "ai": {
            "adoption": 1.0,
            "coding_speedup": 2.0,
            "defect_multiplier": 1.7,
            "pr_size_multiplier": 2.5,
        }
        if ai
        else {"adoption": 0.0},
    }
    return load_scenario(spec)


PRESETS = {"tiny-base": tiny(False), "tiny-ai": tiny(True)}


@dataclass
class Verdict:
    holds: bool | None
    band: str = ""
    effects: dict = field(default_factory=dict)
    text: str = ""


def _paired(runs, treat, control, metric="throughput_per_week"):
    a = runs[runs.bundle == treat].sort_values("seed")[metric].to_numpy()
    b = runs[runs.bundle == control].sort_values("seed")[metric].to_numpy()
    return Estimate.paired(a, b)


def _faster_judge(runs):
    e = _paired(runs, "tiny-ai", "tiny-base")
    holds = True if e.low > 0 else False if e.high < 0 else None
    return Verdict(holds, "above 0", {"throughput gain": e}, f"gain {e.mean:.2f}")


FASTER = SimpleNamespace(
    CLAIM="F1",
    TITLE="assistants raise throughput",
    PROBES=(),
    bundles=lambda preset: {"tiny-base": preset("tiny-base"), "tiny-ai": preset("tiny-ai")},
    judge=_faster_judge,
)

# A second claim sharing a bundle by name: the union runs it once.
REVIEW = SimpleNamespace(
    CLAIM="F2",
    TITLE="review-heavy AI delivers less than plain AI",
    PROBES=(),
    bundles=lambda preset: {
        "tiny-ai": preset("tiny-ai"),
        "tiny-ai slow review": preset("tiny-ai").with_overrides(
            {"pipeline.review.service.mean": 1.0}
        ),
    },
    judge=lambda runs: Verdict(
        _paired(runs, "tiny-ai slow review", "tiny-ai").mean < 0, "below 0", {}
    ),
)

MODULES = {"F1": FASTER, "F2": REVIEW}
