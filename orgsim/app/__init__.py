"""orgsim's browser dashboard (Solara): watch where work piles up, compare policy bundles.

Start it with ``orgsim app`` (binds 127.0.0.1:8765 by default). Every browser session
builds its own model; nothing is shared between sessions. The engine never imports this
package: it only reads the engine's public API (``OrgModel``, ``compare``, scenarios).

- ``orgsim.app.app``: the Solara entry point (routes: Simulate at ``/``, Compare at
  ``/compare``).
- ``orgsim.app.controls``: the levers, as values applied to a scenario.
- ``orgsim.app.state``: per-session simulation state, free of any UI code.
- ``orgsim.app.floor`` / ``orgsim.app.network``: the factory floor and team network as SVG.
- ``orgsim.app.charts``: matplotlib charts rendered to PNG.
- ``orgsim.app.tiles`` / ``orgsim.app.words``: metric tiles with one-line explanations,
  and comparisons stated in words.
"""

APP_MODULE = "orgsim.app.app"
SCENARIO_ENV = "ORGSIM_APP_SCENARIO"
SCENARIO_DIR_ENV = "ORGSIM_APP_SCENARIO_DIR"

__all__ = ["APP_MODULE", "SCENARIO_DIR_ENV", "SCENARIO_ENV"]
