"""The Solara entry point: ``solara run orgsim.app.app`` (or ``orgsim app``).

Two pages share one per-session `AppState`, created by the Layout with
``solara.use_memo`` (never at module level, so browser sessions never share a model):

- ``/``: Simulate: levers, the factory floor, tiles and charts, Step / Play.
- ``/compare``: Compare: policy bundles side by side on common seeds.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")

import solara

from orgsim.app.compare_page import ComparePage
from orgsim.app.simulate_page import SimulatePage
from orgsim.app.state import AppState

CSS = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")
AppContext = solara.create_context(None)


@solara.component
def Layout(children=[]):  # noqa: B006 - Solara passes children this way
    app = solara.use_memo(AppState, dependencies=[])
    AppContext.provide(app)
    route, routes = solara.use_route()
    solara.Style(CSS)
    with solara.Head():
        solara.Title("orgsim: where work piles up")
    with solara.Column(gap="0px", classes=["orgsim-root"]):
        with solara.Row(gap="4px", classes=["orgsim-topbar"]):
            solara.HTML(
                tag="div",
                unsafe_innerHTML="orgsim<small>AI-assisted coding, delivered value, and "
                "where work piles up</small>",
                classes=["orgsim-brand"],
            )
            for r in routes:
                with solara.Link(r):
                    solara.Button(
                        r.label,
                        text=True,
                        classes=["orgsim-nav-active"] if r == route else [],
                    )
        with solara.Column(gap="0px", classes=["orgsim-main"]):
            for child in children:
                solara.display(child)


@solara.component
def Simulate():
    SimulatePage(solara.use_context(AppContext))


@solara.component
def Compare():
    ComparePage(solara.use_context(AppContext))


routes = [
    solara.Route(path="/", component=Simulate, label="Simulate", layout=Layout),
    solara.Route(path="compare", component=Compare, label="Compare"),
]
