"""Regenerate the screenshots in docs/img/app/ (opt-in: ORGSIM_DOCS_SCREENSHOTS=1).

    ORGSIM_DOCS_SCREENSHOTS=1 .venv/bin/pytest tests/app/test_app_docs_screenshots.py

Not part of the normal run: it takes a minute and writes into docs/.
"""

from __future__ import annotations

import os
import shutil

import pytest
from app_paths import ARTIFACTS, ROOT
from playwright.sync_api import expect

DOCS_IMG = ROOT / "docs" / "img" / "app"

pytestmark = pytest.mark.skipif(
    os.environ.get("ORGSIM_DOCS_SCREENSHOTS") != "1",
    reason="writes docs/img/app/; set ORGSIM_DOCS_SCREENSHOTS=1 to regenerate",
)


def _publish(path, name: str) -> None:
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS_IMG / f"{name}.png")


def _play_until(app, day: float) -> None:
    app.page.get_by_role("button", name="20 days/s").click()
    app.page.get_by_role("button", name="Play").click()
    app.page.wait_for_function(
        """(d) => {
            const m = document.querySelector('.orgsim-clock').textContent.match(/Day ([\\d.]+)/);
            return m && parseFloat(m[1]) >= d;
        }""",
        arg=day,
        timeout=120_000,
    )
    app.page.get_by_role("button", name="Pause").click()
    app.page.get_by_role("button", name="Play").wait_for()
    app.page.mouse.move(0, 0)
    app.page.evaluate("window.scrollTo(0, 0)")


def test_docs_screenshots(new_app):
    app = new_app()
    app.open_simulate()
    app.select("Scenario", "enterprise-ai")
    app.wait_day(0)
    _play_until(app, 120)
    _publish(app.screenshot("docs-simulate", full_page=False), "simulate")
    _publish(app.screenshot("docs-simulate-full"), "simulate-full")
    app.page.wait_for_timeout(500)
    app.page.locator(".orgsim-floor").screenshot(path=str(ARTIFACTS / "docs-floor.png"))
    _publish(ARTIFACTS / "docs-floor.png", "floor-ai")

    app.select("Scenario", "enterprise-ai-redesigned")
    app.wait_day(0)
    _play_until(app, 120)
    app.page.wait_for_timeout(500)
    app.page.locator(".orgsim-floor").screenshot(path=str(ARTIFACTS / "docs-floor-r.png"))
    _publish(ARTIFACTS / "docs-floor-r.png", "floor-redesigned")
    app.page.locator(".orgsim-tiles").screenshot(path=str(ARTIFACTS / "docs-tiles.png"))
    _publish(ARTIFACTS / "docs-tiles.png", "tiles-redesigned")

    page = app.page
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("button", name="Run comparison").click()
    page.locator(".orgsim-words").wait_for(timeout=120_000)
    expect(page.get_by_role("button", name="Run comparison")).to_be_enabled(timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")
    _publish(app.screenshot("docs-compare", full_page=False), "compare")
    _publish(app.screenshot("docs-compare-full"), "compare-full")
