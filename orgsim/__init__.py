"""orgsim: how software organizations turn AI-assisted coding into delivered value.

An agent-based simulator (Mesa) of teams on a dependency network (networkx) whose people
carry work through a delivery pipeline of queues and gates. Scriptable::

    import orgsim
    scn = orgsim.load_scenario("scenarios/enterprise-ai.toml")
    res = orgsim.simulate(scn.with_overrides({"ai.coding_speedup": 2.0}), seed=1)
    res.summary["lead_time_p85"], res.timeseries, res.items
"""

from orgsim.experiments import compare, constraint_timeline, patterns, what_if
from orgsim.model import DEFAULT_SCENARIO, SCENARIO_DIR, OrgModel
from orgsim.scenario import CapacityWarning, Scenario, ScenarioError, load_scenario
from orgsim.simulate import SimulationResult, simulate
from orgsim.sweeps import analyze, sweep

__version__ = "0.1.0"

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
