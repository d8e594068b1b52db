"""orgsim: how software organizations turn AI-assisted coding into delivered value.

An agent-based simulator (Mesa) of teams on a dependency network (networkx) whose people
carry work through a delivery pipeline of queues and gates. Scriptable::

    import orgsim
    scn = orgsim.load_scenario("scenarios/enterprise-ai.toml")
    res = orgsim.simulate(scn.with_overrides({"ai.coding_speedup": 2.0}), seed=1)
    res.summary["lead_time_p85"], res.timeseries, res.items
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orgsim.model import DEFAULT_SCENARIO, SCENARIO_DIR, OrgModel

# Installs the capacity estimate that load_scenario warns with (orgsim.scenario.estimate).
from orgsim.policies import capacity as _capacity  # noqa: F401
from orgsim.scenario import CapacityWarning, Scenario, ScenarioError, load_scenario
from orgsim.simulate import SimulationResult, simulate

if TYPE_CHECKING:
    from orgsim.experiments import compare, constraint_timeline, patterns, what_if
    from orgsim.sweeps import analyze, sweep

__version__ = "0.1.0"

# Experiments and sweeps load on first use: `import orgsim` (and every worker process,
# and `orgsim --help`) then does not pay for scipy, pyarrow and the plotting stack.
_LAZY = {
    "compare": "orgsim.experiments.compare",
    "constraint_timeline": "orgsim.experiments.constraint",
    "patterns": "orgsim.experiments.patterns",
    "what_if": "orgsim.experiments.constraint",
    "analyze": "orgsim.sweeps",
    "sweep": "orgsim.sweeps",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'orgsim' has no attribute {name!r}")


__all__ = [
    "DEFAULT_SCENARIO",
    "SCENARIO_DIR",
    "CapacityWarning",
    "OrgModel",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "analyze",
    "compare",
    "constraint_timeline",
    "load_scenario",
    "patterns",
    "simulate",
    "sweep",
    "what_if",
]
