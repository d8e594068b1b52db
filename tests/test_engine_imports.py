"""The engine's modules import one another without a cycle, and its hot path names no rule.

Counted strictly: every import statement, those inside functions and under
`if TYPE_CHECKING:` included, and importing `a.b.c` counts as importing the package
`a.b` too (Python runs its `__init__` first), except from inside that package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE_PACKAGES = ("scenario", "org", "policies", "work", "agents", "metrics")
ENGINE_MODULES = ("model.py", "simulate.py", "calendar.py")
# The Mesa bridge (orgsim/calendar.py and the Mesa touch points of model.py) is being
# moved into one module of its own, which drops the calendar's type-only import of the
# model; until then that one edge is the only one allowed to close a cycle.
PENDING = {("orgsim.calendar", "orgsim.model")}
HOT_PATH = (
    "work/flow.py",
    "work/station.py",
    "work/production.py",
    "work/arrivals.py",
    *sorted(f"agents/{p.name}" for p in (ROOT / "orgsim" / "agents").glob("*.py")),
)
# Names of the rules (scenario fields and the old flags): the hot path reads none of them.
RULE_NAMES = {
    "policy",
    "policies",
    "rules",
    "mandate",
    "governance",
    "governed",
    "wip_limit",
    "swarm",
    "cross_team_review",
    "open_pr_limit",
    "pr_limit",
    "peer_review",
    "peer",
    "release_every",
    "continuous_deployment",
    "center_of_excellence",
    "competing_priorities",
    "held_by_mandate",
}


def _files() -> list[Path]:
    files = [p for pkg in ENGINE_PACKAGES for p in sorted((ROOT / "orgsim" / pkg).glob("*.py"))]
    return files + [ROOT / "orgsim" / name for name in ENGINE_MODULES]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, module: str) -> set[str]:
    """Every module name an import statement anywhere in the file names."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                head = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*head, base] if base else head)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> nx.DiGraph:
    modules = {_module(p): p for p in _files()}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for name in _imported(path, module):
            parts = name.split(".")
            targets = {name} | {".".join(parts[:i]) for i in range(2, len(parts))}
            for target in targets:
                own_package = module == target or module.startswith(target + ".")
                if target in modules and not own_package:
                    graph.add_edge(module, target)
    return graph


def test_the_engine_has_no_import_cycle():
    graph = import_graph()
    graph.remove_edges_from(PENDING)
    cycles = [" -> ".join(c) for c in nx.simple_cycles(graph)]
    assert cycles == []


def test_the_check_finds_a_cycle_through_a_type_only_import():
    graph = import_graph()
    graph.add_edge("orgsim.work.station", "orgsim.agents.pool")  # as it was
    graph.remove_edges_from(PENDING)
    assert any("orgsim.work.station" in c for c in nx.simple_cycles(graph))


def test_scenarios_import_nothing_above_them():
    graph = import_graph()
    above = {
        (a, b)
        for a, b in graph.edges
        if a.startswith("orgsim.scenario") and not b.startswith("orgsim.scenario")
    }
    assert above == set()


@pytest.mark.parametrize("lower", ["orgsim.work", "orgsim.agents", "orgsim.metrics"])
def test_lower_layers_import_neither_the_rules_nor_the_model(lower):
    graph = import_graph()
    upward = {
        (a, b)
        for a, b in graph.edges
        if a.startswith(lower) and (b.startswith("orgsim.policies") or b == "orgsim.model")
    }
    assert upward == set()


@pytest.mark.parametrize("path", HOT_PATH)
def test_the_hot_path_reads_no_rule_by_name(path):
    tree = ast.parse((ROOT / "orgsim" / path).read_text())
    named = {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute | ast.Name)
    }
    assert named & RULE_NAMES == set()
