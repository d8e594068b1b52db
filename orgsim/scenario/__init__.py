"""Scenarios: validated, immutable inputs to a simulation."""

from orgsim.scenario.errors import CapacityWarning, ScenarioError
from orgsim.scenario.load import Scenario, load_scenario
from orgsim.scenario.schema import ScenarioSpec

__all__ = ["CapacityWarning", "Scenario", "ScenarioError", "ScenarioSpec", "load_scenario"]
