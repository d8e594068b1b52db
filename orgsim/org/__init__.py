"""The organization's shape: teams on a dependency network."""

from orgsim.org.topology import build_team_graph, layout

__all__ = ["build_team_graph", "layout"]
