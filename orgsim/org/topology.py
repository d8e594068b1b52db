"""The team network: who depends on whom.

Edges are dependencies between teams. Cross-team reviews and integration coupling travel
along them. Nodes are integers 0..n-1 in team order, each with a ``name`` attribute.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from orgsim.scenario.errors import ScenarioError
from orgsim.scenario.files import GRAPH_LIMIT, read_regular_file
from orgsim.scenario.schema import Org


def build_team_graph(org: Org, seed: int, source: str = "<scenario>") -> nx.Graph:
    """Build the dependency graph the scenario asks for (random shapes seeded by `seed`)."""
    n = org.teams
    topo = org.topology
    kind = topo.kind
    if kind == "file":
        graph = _read_graph(topo.file, source)
        if graph.number_of_nodes() != n:
            raise ScenarioError(
                source,
                "org.teams",
                f"is {n} but the topology file {topo.file} has {graph.number_of_nodes()} teams",
            )
        names = [str(v) for v in graph.nodes]
        graph = nx.convert_node_labels_to_integers(graph, ordering="default")
        if org.team_names is None:
            nx.set_node_attributes(graph, dict(enumerate(names)), "name")
    elif n == 1:
        graph = nx.empty_graph(1)
    elif kind == "hierarchy":
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from((i, (i - 1) // topo.branching) for i in range(1, n))
    elif kind == "complete":
        graph = nx.complete_graph(n)
    elif kind == "ring":
        graph = nx.cycle_graph(n)
    elif kind == "small_world":
        k = min(topo.degree, n - 1)
        graph = (
            nx.complete_graph(n)
            if k >= n - 1
            else nx.connected_watts_strogatz_graph(n, max(k, 2), topo.rewire, seed=seed)
        )
    elif kind == "scale_free":
        m = max(1, min(topo.degree // 2, n - 1))
        graph = nx.barabasi_albert_graph(n, m, seed=seed)
    else:  # pragma: no cover - the schema forbids it
        raise ScenarioError(source, "org.topology.kind", f"unknown topology {kind!r}")
    if org.team_names is not None:
        nx.set_node_attributes(graph, dict(enumerate(org.team_names)), "name")
    elif kind != "file":
        nx.set_node_attributes(graph, {i: f"team-{i + 1:02d}" for i in range(n)}, "name")
    return graph


def _read_graph(path: str | None, source: str) -> nx.Graph:
    p = Path(path or "")
    data = read_regular_file(p, source, "org.topology.file", GRAPH_LIMIT)
    try:
        if p.suffix.lower() in (".graphml", ".xml"):
            graph = nx.Graph(nx.read_graphml(io.BytesIO(data)))
        else:
            lines = data.decode("utf-8").splitlines()
            graph = nx.parse_edgelist(lines, comments="#", delimiter=None, data=False)
    except Exception as exc:  # networkx raises many kinds; all mean "not a graph file"
        raise ScenarioError(source, "org.topology.file", f"cannot read {p}: {exc}") from None
    if graph.number_of_nodes() == 0:
        raise ScenarioError(source, "org.topology.file", f"{p} holds no teams")
    return graph


def layout(graph: nx.Graph, seed: int = 7) -> dict[int, tuple[float, float]]:
    """Fixed, seeded positions for drawing the network (same picture every time)."""
    pos = nx.spring_layout(graph, seed=seed)
    return {int(k): (float(v[0]), float(v[1])) for k, v in pos.items()}
