"""The dashboard opens only the scenarios it listed, whatever the browser sends.

A client can rewrite its own websocket messages. Here Playwright does it: every message
that picks the `enterprise-ai` scenario is rewritten to name a file outside the list
(the project's own pyproject.toml, then /etc/passwd), as a hostile client would.
"""

from __future__ import annotations

import json

import pytest


def _rewriting(target: str):
    """A websocket route that swaps the label 'enterprise-ai' for `target` on the way out."""
    seen: list[str] = []

    def handler(ws) -> None:
        server = ws.connect_to_server()

        def outgoing(message) -> None:
            if isinstance(message, str) and '"enterprise-ai"' in message:
                seen.append(message)
                message = message.replace('"enterprise-ai"', json.dumps(target))
            server.send(message)

        ws.on_message(outgoing)

    return handler, seen


@pytest.mark.parametrize("target", ["pyproject", "/etc/passwd"])
def test_picker_refuses_a_scenario_the_server_did_not_list(app, target):
    handler, seen = _rewriting(target)
    app.page.route_web_socket("**/*", handler)
    app.open_simulate()
    app.select("Scenario", "enterprise-ai")
    app.page.get_by_text("is not one of the listed scenarios").wait_for()
    assert seen, "the pick never went over the websocket: the test rewrote nothing"
    # Nothing was loaded: the session still runs the scenario it started with, and the
    # refused name's file contents appear nowhere on the page.
    body = app.page.locator("body").inner_text()
    assert "build-system" not in body and "root:" not in body
    assert app.day() == 0
    app.step(1)
    assert app.day() == 1
