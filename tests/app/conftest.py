"""Browser tests for the dashboard: a real `orgsim app` server, driven by Chromium.

The server runs in a subprocess on a free loopback port (`orgsim app --port P`), and the
tests wait for its /readyz. Chromium is Debian's (/usr/bin/chromium, or ORGSIM_CHROMIUM),
driven by Playwright for Python. Without a browser the tests skip with the reason, except
under CI=true, where a missing browser is a failure, never a skip.

Screenshots of each page land in test-artifacts/app/ (gitignored).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from app_paths import ARTIFACTS, ROOT

VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Solara's own front end logs this warning on every page; it is not ours and not an error.
BENIGN = ("Failed to evaluate Vue script",)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str):
    """Skip on a developer machine; fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing browser is a failure, not a skip)")
    pytest.skip(reason)


def find_chromium() -> str | None:
    """ORGSIM_CHROMIUM if set (and only it), else Debian's Chromium."""
    chosen = os.environ.get("ORGSIM_CHROMIUM")
    candidates = (
        [chosen]
        if chosen
        else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    )
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        unavailable(
            "no Chromium found (apt-get install -y chromium, or set ORGSIM_CHROMIUM); "
            "browser tests need a real browser"
        )
    return path


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def app_browser(playwright_api, chromium_path):
    browser = playwright_api.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """A running `orgsim app` on a free loopback port: its URL and process id."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("app") / "server.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "orgsim.cli.main", "app", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"orgsim app exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"orgsim app not ready after 90 s:\n{log_path.read_text()}")
            time.sleep(0.25)
        yield SimpleNamespace(url=url, pid=proc.pid, log=log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


class AppPage:
    """A browser tab on the dashboard, with the moves a person makes."""

    def __init__(self, page, url: str) -> None:
        self.page = page
        self.url = url
        self.console_errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.set_default_timeout(30_000)

    def _console(self, msg) -> None:
        if msg.type == "error" and not any(b in msg.text for b in BENIGN):
            self.console_errors.append(f"console.error: {msg.text}")

    # -- Simulate -------------------------------------------------------------------------
    def open_simulate(self) -> AppPage:
        self.page.goto(self.url + "/")
        self.page.locator(".orgsim-clock").wait_for()
        self.page.locator(".orgsim-floor-svg").wait_for()
        return self

    def day(self) -> float:
        text = self.page.locator(".orgsim-clock").inner_text()
        m = re.search(r"Day ([\d.]+) of", text)
        assert m, f"no day in the clock: {text!r}"
        return float(m.group(1))

    def wait_day(self, day: float, timeout: float = 30_000) -> None:
        # wait_for_function polls on every animation frame: much finer than locator waits.
        self.page.wait_for_function(
            """(text) => {
                const c = document.querySelector('.orgsim-clock');
                return c !== null && c.textContent.startsWith(text);
            }""",
            arg=f"Day {day:g} of",
            timeout=timeout,
        )

    def wait_day_at_least(self, day: float, timeout: float = 30_000) -> None:
        """Wait until the clock shows day `day` or later (a playing run skips frames)."""
        self.page.wait_for_function(
            """(day) => {
                const c = document.querySelector('.orgsim-clock');
                const m = c === null ? null : c.textContent.match(/Day ([\\d.]+) of/);
                return m !== null && parseFloat(m[1]) >= day;
            }""",
            arg=day,
            timeout=timeout,
        )

    def step(self, times: int = 1) -> None:
        button = self.page.get_by_role("button", name="Step", exact=True)
        for _ in range(times):
            before = self.day()
            button.click()
            self.wait_day(before + 1)

    def timed_step(self) -> float:
        """Seconds from the Step click until the clock, floor and charts have changed."""
        return self.page.evaluate(
            """() => new Promise((resolve, reject) => {
                const clock = () => document.querySelector('.orgsim-clock').textContent;
                const floor = () => document.querySelector('.orgsim-floor-box').innerHTML;
                const imgs = () => Array.from(document.querySelectorAll('.orgsim-chart img'))
                    .map(i => i.src).join('|');
                const c0 = clock(), f0 = floor(), i0 = imgs();
                const t0 = performance.now();
                const check = () => {
                    if (clock() !== c0 && floor() !== f0 && imgs() !== i0) {
                        obs.disconnect();
                        resolve((performance.now() - t0) / 1000);
                    }
                };
                const obs = new MutationObserver(check);
                obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                                            characterData: true});
                setTimeout(() => { obs.disconnect(); reject(new Error('no update in 10 s')); },
                           10000);
                Array.from(document.querySelectorAll('button'))
                    .find(b => b.textContent.trim() === 'Step').click();
            })"""
        )

    def floor_html(self) -> str:
        return self.page.locator(".orgsim-floor-box").inner_html()

    def floor_wip(self) -> dict[str, int]:
        """Items at each station, as the factory floor shows them."""
        cols = self.page.locator(".orgsim-floor-box [data-station]")
        return {
            c.get_attribute("data-station"): int(c.get_attribute("data-wip")) for c in cols.all()
        }

    def chart_sources(self) -> list[str]:
        return [
            img.get_attribute("src") or "" for img in self.page.locator(".orgsim-chart img").all()
        ]

    def tile_value(self, key: str) -> str:
        return self.page.locator(f".orgsim-tile-{key} .orgsim-tile-value").inner_text()

    def slider(self, label: str):
        """The slider under a lever label (Adoption, Coding speed-up, Mandate, ...)."""
        return (
            self.page.locator(".orgsim-panel")
            .get_by_role("slider")
            .nth(
                {
                    "Adoption": 0,
                    "Coding speed-up": 1,
                    "Mandate": 2,
                    "WIP limit": 3,
                    "Open PRs per developer": 4,
                    "Teams": 5,
                }[label]
            )
        )

    def select(self, label: str, option: str) -> None:
        """Pick `option` in the panel's select labelled `label` (Scenario, Governance, ...)."""
        field = self.page.locator(".orgsim-panel .v-select").filter(
            has=self.page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
        )
        field.click()
        menu = self.page.locator(".v-menu__content.menuable__content__active")
        menu.get_by_role("option", name=option, exact=True).click()

    def apply_and_reset(self) -> None:
        self.page.get_by_role("button", name="Apply & reset").click()

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.wait_for_timeout(300)  # let images decode
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def app_context(app_browser):
    context = app_browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def app(app_context, app_url) -> AppPage:
    page = app_context.new_page()
    yield AppPage(page, app_url)
    page.close()


@pytest.fixture
def new_app(app_browser, app_url):
    """Open the dashboard in a fresh browser context (a separate person): a factory."""
    contexts = []

    def make() -> AppPage:
        context = app_browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        return AppPage(context.new_page(), app_url)

    yield make
    for context in contexts:
        context.close()
