"""The dashboard opens only the scenarios it listed, and bounds what one person can ask of it.

A client can rewrite its own websocket messages. Here Playwright does it: every message
that picks the `enterprise-ai` scenario is rewritten to name a file outside the list
(the project's own pyproject.toml, then /etc/passwd), as a hostile client would.
"""

from __future__ import annotations

import json
import re

import psutil
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


def _compare_with(app, seeds: str, days: str):
    page = app.page
    page.goto(app.url + "/compare")
    run = page.get_by_role("button", name="Run comparison")
    run.wait_for()
    page.get_by_label("Seeds (1-20)").fill(seeds)
    page.get_by_label("Seeds (1-20)").press("Tab")
    page.get_by_label("Measured days").fill(days)
    page.get_by_label("Measured days").press("Tab")
    run.click()
    return page


def test_compare_refuses_a_million_measured_days(app):
    page = _compare_with(app, "3", "1000000")
    page.get_by_text("Measured days: more than 0 and at most").wait_for()
    assert page.get_by_role("button", name="Cancel").count() == 0  # nothing started


def test_compare_refuses_a_comparison_beyond_the_app_budget(app):
    page = _compare_with(app, "20", "5000")
    page.get_by_text("the app's limit is").wait_for()
    assert page.get_by_role("button", name="Cancel").count() == 0


def test_a_long_compare_can_be_cancelled_while_another_session_steps(app, new_app):
    page = _compare_with(app, "12", "400")
    cancel = page.get_by_role("button", name="Cancel")
    cancel.wait_for()
    # Meanwhile somebody else steps their own simulation: each Step completes.
    other = new_app().open_simulate()
    other.step(3)
    assert other.day() == 3
    cancel.click()
    page.get_by_text("Comparison cancelled.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Run comparison").wait_for()
    assert other.console_errors == []


def _comparison_workers(pid: int) -> list[psutil.Process]:
    """The app server's worker processes (the multiprocessing resource tracker aside)."""
    return [
        p
        for p in psutil.Process(pid).children(recursive=True)
        if "resource_tracker" not in " ".join(p.cmdline())
    ]


def test_closing_the_tab_stops_its_comparison(app, app_server):
    page = _compare_with(app, "12", "400")
    page.get_by_text(re.compile(r"Simulated [1-9]\d* of \d+ runs")).wait_for(timeout=60_000)
    workers = _comparison_workers(app_server.pid)  # a run finished: the pool is up
    assert workers, "the comparison ran without worker processes"
    seen = app_server.log.stat().st_size
    page.close(run_before_unload=True)  # the person closes the tab mid-comparison
    _, alive = psutil.wait_procs(workers, timeout=60)
    assert alive == [], "the comparison's workers outlived the tab"
    with app_server.log.open() as log:
        log.seek(seen)
        stopped = re.search(r"comparison stopped after (\d+) of (\d+) runs", log.read())
    assert stopped, "the workers ended, but not because the session did"
    assert int(stopped[1]) < int(stopped[2])
