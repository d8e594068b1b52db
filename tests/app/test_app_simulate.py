"""The Simulate page, used as a person would: look, step, change a policy, reset, play."""

from __future__ import annotations

import time


def test_page_renders_without_console_errors(app):
    app.open_simulate()
    page = app.page
    assert app.day() == 0
    for text in ("DORA 2024 tiers", "Flow efficiency", "Token spend", "Savings vs no-AI baseline"):
        assert page.get_by_text(text).first.is_visible(), text
    # The floor shows every station of the default scenario, the gates and the constraint.
    floor = app.floor_html()
    for station in ("coding", "review", "integration", "qa", "security", "release"):
        assert f">{station}<" in floor
    assert "opens day" in floor
    assert page.locator(".orgsim-network-svg circle").count() == 12
    assert page.locator(".orgsim-chart img").count() == 5
    # Tooltips explain each metric in one line.
    page.locator(".orgsim-tile-flow_efficiency").hover()
    page.get_by_text("Share of lead time a change is actually worked on").wait_for()
    app.screenshot("simulate-start")
    assert app.console_errors == []


def test_step_advances_time_and_changes_floor_and_charts(app):
    app.open_simulate()
    floor0, charts0 = app.floor_html(), app.chart_sources()
    seconds = [app.timed_step() for _ in range(5)]
    app.wait_day(5)
    assert app.day() == 5
    assert app.floor_html() != floor0
    charts = app.chart_sources()
    assert len(charts) == len(charts0) == 5
    assert sum(a != b for a, b in zip(charts, charts0, strict=True)) >= 4  # lead time may wait
    assert app.page.locator(".orgsim-floor-svg .orgsim-constraint").count() == 1
    # How long a Step takes to render is printed, not asserted (benchmarks/ measures speed).
    print(f"Step render times: {', '.join(f'{s:.2f} s' for s in seconds)}")
    app.screenshot("simulate-day-5")
    assert app.console_errors == []


def test_changing_policy_and_reset_changes_results(app):
    app.open_simulate()
    app.step(5)
    before = app.floor_wip()
    assert before["change_approval"] > 0 and before["security"] > 0
    assert app.tile_value("savings") == "–"  # no AI: this run is the baseline

    # Assistants for everyone at 5x, automated governance with a full mandate; then reset.
    for lever in ("Adoption", "Coding speed-up", "Mandate"):
        app.slider(lever).focus()
        app.slider(lever).press("End")
    app.select("Governance", "automated")
    app.page.get_by_text("Changed levers apply when you press Reset.").wait_for()
    app.apply_and_reset()
    app.wait_day(0)
    app.page.get_by_text("Changed levers apply").wait_for(state="hidden")
    app.step(5)
    after = app.floor_wip()
    # Every change skips the CAB, and the people's sign-off: what the floor shows at
    # security is only changes passing its automated check (0.02 days each)...
    assert after["change_approval"] == 0 and after["security"] <= 5
    # ...and the faster coding piles work up in front of a downstream station.
    piled = max(after[s] - before[s] for s in ("review", "integration", "qa"))
    assert piled > 20, (before, after)
    assert (
        app.tile_value("savings") != "–"
        or "measuring" in app.page.locator(".orgsim-tile-savings").inner_text()
    )
    app.screenshot("simulate-policy-changed")
    assert app.console_errors == []


def test_play_with_100_teams_keeps_the_page_responsive(app):
    app.open_simulate()
    teams = app.slider("Teams")
    teams.focus()
    teams.press("End")  # 120 teams
    for _ in range(20):
        teams.press("ArrowLeft")
    app.page.locator(".orgsim-lever-label", has_text="Teams").get_by_text("100").wait_for()
    app.apply_and_reset()
    app.page.locator(".orgsim-chart-network", has_text="100 teams").wait_for()
    assert app.page.locator(".orgsim-network-svg circle").count() == 100

    app.page.get_by_role("button", name="max").click()
    app.page.get_by_role("button", name="Play").click()
    app.page.get_by_role("button", name="Pause").wait_for()
    app.wait_day_at_least(10)
    # The browser answers while the server plays...
    assert app.page.evaluate("1 + 1") == 2
    # ...and so does the server: Pause takes effect while the run is still going.
    t0 = time.monotonic()
    app.page.get_by_role("button", name="Pause").click()
    app.page.get_by_role("button", name="Play").wait_for(timeout=5_000)
    pause_seconds = time.monotonic() - t0
    day_paused = app.day()
    print(f"100 teams: paused at day {day_paused:g}; Pause took {pause_seconds:.2f} s")
    assert day_paused < 310, "the run ended before Pause: nothing was paused"
    # Paused means paused: one Step moves exactly one day on from where play stopped.
    app.step()
    assert app.day() == day_paused + 1
    app.screenshot("simulate-100-teams", full_page=False)
    assert app.console_errors == []


def test_two_browser_sessions_keep_independent_state(new_app):
    alice, bob = new_app(), new_app()
    alice.open_simulate()
    bob.open_simulate()
    alice.step(3)
    bob.step(1)
    assert bob.day() == 1
    assert alice.day() == 3
    alice.step(1)
    assert alice.day() == 4
    assert bob.day() == 1
    assert alice.console_errors == bob.console_errors == []
