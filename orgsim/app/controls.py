"""The dashboard's levers: which scenario keys it exposes, as plain values.

`Controls` holds one bundle's lever values; `scenario()` applies the ones that differ
from the scenario file as validated overrides. The lists of choices and the scenario
files a session may pick live here too, free of any UI code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from orgsim import SCENARIO_DIR, Scenario, load_scenario
from orgsim.app import SCENARIO_DIR_ENV, SCENARIO_ENV

GOVERNANCE = ("manual", "risk_based", "automated")
TOPOLOGIES = ("hierarchy", "small_world", "scale_free", "complete", "ring")
RELEASE_CHOICES = (0.0, 1.0, 2.0, 5.0, 10.0, 20.0)


# -- scenarios ------------------------------------------------------------------------------
def scenario_files() -> dict[str, str]:
    """Scenario label -> path: the files in scenarios/, those in the folder `orgsim app
    --scenario-dir` named (a fitted scenario, say), and the one `--scenario` gave. This
    list is the only way a browser session reaches a file on the server."""
    out = {p.stem: str(p) for p in sorted(Path(SCENARIO_DIR).glob("*.toml"))}
    folder = os.environ.get(SCENARIO_DIR_ENV)
    if folder:
        for p in sorted(Path(folder).resolve().glob("*.toml")):
            if p.is_file() and str(p) not in out.values():
                out[p.stem if p.stem not in out else f"{p.parent.name}/{p.stem}"] = str(p)
    extra = os.environ.get(SCENARIO_ENV)
    if extra:
        p = Path(extra).resolve()
        if str(p) not in out.values():
            out[p.stem if p.stem not in out else str(p)] = str(p)
    return out


def default_scenario() -> str:
    """The scenario a new session starts with: `--scenario`, else enterprise-baseline."""
    extra = os.environ.get(SCENARIO_ENV)
    if extra:
        return str(Path(extra).resolve())
    files = scenario_files()
    return files.get("enterprise-baseline", next(iter(files.values()), ""))


# -- controls -------------------------------------------------------------------------------
LEVERS = {
    "adoption": "ai.adoption",
    "coding_speedup": "ai.coding_speedup",
    "coe": "policy.center_of_excellence.enabled",
    "mandate": "policy.mandate",
    "governance": "policy.governance",
    "wip_limit": "policy.wip_limit",
    "release_every": "policy.release_every",
    "continuous_deployment": "policy.continuous_deployment",
    "teams": "org.teams",
    "topology": "org.topology.kind",
    "peer_review": "people.peer_review.enabled",
    "open_pr_limit": "policy.open_pr_limit",
}
# Switches for the adaptive rules: what "on" sets (the starting values of
# docs/calibration.md, section 1.4) and the neutral values "off" restores.
RULE_SWITCHES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "review_under_load": (
        {
            "people.review_load.hurry": 0.3,
            "people.review_load.skim": 0.5,
            "people.review_load.queue_knee": 3.0,
            "people.review_load.size_slope": 1.0,
        },
        {
            "people.review_load.hurry": 0.0,
            "people.review_load.skim": 0.0,
            "people.review_load.size_slope": 0.0,
        },
    ),
    "incidents": ({"org.incidents.surface_days": 10.0}, {"org.incidents.surface_days": 0.0}),
    "learning": (
        {"ai.learning.days": 60.0, "ai.learning.initial_speedup": 0.84},
        {"ai.learning.days": 0.0},
    ),
}


@dataclass(frozen=True)
class Controls:
    """The levers the dashboard exposes, as values; `scenario()` applies them."""

    scenario_path: str
    seed: int = 1
    adoption: float = 0.0
    coding_speedup: float = 1.0
    coe: bool = False
    mandate: float = 1.0
    governance: str = "manual"
    wip_limit: int = 0
    release_every: float = 0.0
    continuous_deployment: bool = False
    teams: int = 1
    topology: str = "hierarchy"
    peer_review: bool = False
    open_pr_limit: int = 0
    review_under_load: bool = False
    incidents: bool = False
    learning: bool = False

    @classmethod
    def from_scenario(cls, path: str, seed: int = 1) -> Controls:
        spec = load_scenario(path).spec
        return cls(scenario_path=path, seed=seed, **_values(spec))

    def base(self) -> Scenario:
        return load_scenario(self.scenario_path)

    def overrides(self, base: Scenario | None = None) -> dict[str, Any]:
        """Dotted overrides for the levers that differ from the scenario file."""
        base = base or self.base()
        current = _values(base.spec)
        out: dict[str, Any] = {}
        for attr, key in LEVERS.items():
            value = getattr(self, attr)
            if value != current[attr]:
                out[key] = value
        for attr, (on, off) in RULE_SWITCHES.items():
            value = getattr(self, attr)
            if value != current[attr]:
                out.update(on if value else off)
        if "org.teams" in out and base.spec.org.team_names is not None:
            out["org.team_names"] = None
        return out

    def scenario(self) -> Scenario:
        """The scenario with these levers applied (raises ScenarioError on bad values)."""
        base = self.base()
        overrides = self.overrides(base)
        return base.with_overrides(overrides) if overrides else base

    def with_(self, **changes: Any) -> Controls:
        return replace(self, **changes)


def _values(spec) -> dict[str, Any]:
    p = spec.policy
    return {
        "adoption": float(spec.ai.adoption),
        "coding_speedup": float(spec.ai.coding_speedup),
        "coe": bool(p.center_of_excellence.enabled),
        "mandate": float(p.mandate),
        "governance": p.governance,
        "wip_limit": int(p.wip_limit),
        "release_every": float(p.release_every),
        "continuous_deployment": bool(p.continuous_deployment),
        "teams": int(spec.org.teams),
        "topology": spec.org.topology.kind,
        "peer_review": bool(spec.people.peer_review.enabled),
        "open_pr_limit": int(p.open_pr_limit),
        "review_under_load": not spec.people.review_load.neutral,
        "incidents": spec.org.incidents.surface_days > 0,
        "learning": spec.ai.learning.days > 0,
    }


# -- what the Simulate page draws -----------------------------------------------------------
