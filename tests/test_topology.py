"""The team network: every topology yields teams 0..n-1 with names, linked along edges."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import orgsim
from orgsim import ScenarioError

N = 10


def org(topology: dict, teams: int = N, **extra) -> dict:
    return {
        "simulation": {"days": 5},
        "org": {
            "teams": teams,
            "topology": topology,
            "people_per_team": {"developer": 2, "reviewer": 1},
            **extra,
        },
        "pipeline": [
            {"name": "coding", "role": "developer"},
            {"name": "review", "role": "reviewer"},
        ],
        "policy": {"cross_team_review": True},
    }


def assert_teams_follow_the_graph(model: orgsim.OrgModel, n: int) -> nx.Graph:
    g = model.graph
    assert g.number_of_nodes() == n
    assert sorted(g.nodes) == list(range(n))
    assert all(type(v) is int for v in g.nodes)
    names = [g.nodes[v].get("name") for v in range(n)]
    assert all(isinstance(x, str) and x for x in names), names
    assert len(set(names)) == n
    assert len(model.teams) == n
    reviewer_pools = [p for p in model.pools if p.role == "reviewer"]
    for team in model.teams:
        i = team.index
        assert team.name == names[i]
        assert team.neighbours == sorted(g.neighbors(i))
        # The Mesa network cell the team sits on has the same neighbourhood.
        assert team.cell.coordinate == i
        assert sorted(c.coordinate for c in team.cell.neighborhood) == team.neighbours
        # Cross-team help travels along the same edges.
        pool = next(p for p in reviewer_pools if p.team == i)
        assert [p.team for p in pool.neighbours] == team.neighbours
    return g


@pytest.mark.parametrize("kind", ["hierarchy", "small_world", "scale_free", "complete", "ring"])
def test_generated_topology_has_integer_named_teams_linked_along_edges(kind):
    model = orgsim.OrgModel(org({"kind": kind, "degree": 4, "branching": 3}), seed=3)
    g = assert_teams_follow_the_graph(model, N)
    assert nx.is_connected(g)
    if kind == "hierarchy":
        assert nx.is_tree(g)
        assert all(g.degree(v) <= 3 + 1 for v in g)  # a parent and up to 3 children
    elif kind == "complete":
        assert g.number_of_edges() == N * (N - 1) // 2
    elif kind == "ring":
        assert all(d == 2 for _, d in g.degree())
    elif kind == "small_world":
        assert g.number_of_edges() == N * 4 // 2  # rewiring keeps the edge count
    elif kind == "scale_free":
        m = 4 // 2
        assert g.number_of_edges() == m * (N - m)


def test_random_topologies_are_fixed_by_the_seed():
    raw = org({"kind": "small_world", "degree": 4, "rewire": 0.5})
    a = orgsim.OrgModel(raw, seed=1).graph
    b = orgsim.OrgModel(raw, seed=1).graph
    assert sorted(a.edges) == sorted(b.edges)
    others = [sorted(orgsim.OrgModel(raw, seed=s).graph.edges) for s in range(2, 6)]
    assert any(e != sorted(a.edges) for e in others)


def test_team_names_label_the_nodes():
    names = [f"squad-{c}" for c in "abcdefghij"]
    model = orgsim.OrgModel(org({"kind": "ring"}, team_names=names), seed=1)
    assert_teams_follow_the_graph(model, N)
    assert [t.name for t in model.teams] == names


EDGES = [
    ("payments", "checkout"),
    ("checkout", "search"),
    ("search", "catalog"),
    ("catalog", "payments"),
    ("payments", "auth"),
]


def _expected(model: orgsim.OrgModel) -> set[frozenset[str]]:
    names = {t.index: t.name for t in model.teams}
    return {frozenset((names[a], names[b])) for a, b in model.graph.edges}


def test_edge_list_file_gives_the_named_teams_and_their_edges(tmp_path: Path):
    path = tmp_path / "teams.edgelist"
    path.write_text("# team dependencies\n" + "".join(f"{a} {b}\n" for a, b in EDGES))
    model = orgsim.OrgModel(org({"kind": "file", "file": str(path)}, teams=5), seed=1)
    assert_teams_follow_the_graph(model, 5)
    assert {t.name for t in model.teams} == {"payments", "checkout", "search", "catalog", "auth"}
    assert _expected(model) == {frozenset(e) for e in EDGES}


def test_graphml_file_gives_the_teams_and_their_edges(tmp_path: Path):
    g = nx.Graph(EDGES)
    g.add_node("platform")  # a team with no dependencies
    path = tmp_path / "teams.graphml"
    nx.write_graphml(g, path)
    model = orgsim.OrgModel(org({"kind": "file", "file": str(path)}, teams=6), seed=1)
    assert_teams_follow_the_graph(model, 6)
    assert {t.name for t in model.teams} == set(g.nodes)
    assert _expected(model) == {frozenset(e) for e in EDGES}
    lonely = next(t for t in model.teams if t.name == "platform")
    assert lonely.neighbours == []


def test_graph_file_is_found_relative_to_the_scenario_file(tmp_path: Path):
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "teams.txt").write_text("".join(f"{a} {b}\n" for a, b in EDGES))
    scn = tmp_path / "org.toml"
    scn.write_text(
        '[org]\nteams = 5\n[org.topology]\nkind = "file"\nfile = "net/teams.txt"\n'
        '[[pipeline]]\nname = "coding"\nrole = "developer"\n'
    )
    model = orgsim.OrgModel(scn, seed=1)
    assert model.graph.number_of_nodes() == 5
    assert _expected(model) == {frozenset(e) for e in EDGES}


def test_team_count_must_match_the_graph_file(tmp_path: Path):
    path = tmp_path / "teams.edgelist"
    path.write_text("".join(f"{a} {b}\n" for a, b in EDGES))
    with pytest.raises(ScenarioError) as info:
        orgsim.OrgModel(org({"kind": "file", "file": str(path)}, teams=7), seed=1)
    assert info.value.field == "org.teams"
    assert "5" in info.value.problem and "7" in info.value.problem
    assert "\n" not in str(info.value)


def test_missing_graph_file_is_a_scenario_error(tmp_path: Path):
    with pytest.raises(ScenarioError) as info:
        orgsim.OrgModel(org({"kind": "file", "file": str(tmp_path / "none.graphml")}), seed=1)
    assert info.value.field == "org.topology.file"


def test_file_topology_needs_a_file():
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(org({"kind": "file"}))
    assert info.value.field == "org.topology"


def _scenario_naming(tmp_path: Path, graph: str) -> Path:
    scn = tmp_path / "scn" / "org.toml"
    scn.parent.mkdir(exist_ok=True)
    scn.write_text(
        f'[org]\nteams = 5\n[org.topology]\nkind = "file"\nfile = "{graph}"\n'
        '[[pipeline]]\nname = "coding"\nrole = "developer"\n'
    )
    return scn


def test_graph_file_outside_the_scenario_folder_is_refused(tmp_path: Path):
    (tmp_path / "teams.txt").write_text("".join(f"{a} {b}\n" for a, b in EDGES))
    for name in ("../teams.txt", "/etc/passwd", "../../../../etc/passwd"):
        with pytest.raises(ScenarioError) as info:
            orgsim.load_scenario(_scenario_naming(tmp_path, name))
        assert info.value.field == "org.topology.file"
        assert "outside the scenario's folder" in info.value.problem


def test_cli_data_dir_admits_a_graph_file_from_a_named_folder(tmp_path: Path, capsys):
    from orgsim.cli.main import main
    from orgsim.scenario import files

    (tmp_path / "teams.txt").write_text("".join(f"{a} {b}\n" for a, b in EDGES))
    scn = _scenario_naming(tmp_path, "../teams.txt")
    assert main(["check", str(scn)]) == 2
    assert "--data-dir" in capsys.readouterr().err
    try:
        assert main(["--data-dir", str(tmp_path), "check", str(scn)]) == 0
    finally:
        files._TRUSTED.clear()
