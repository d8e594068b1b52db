"""The Compare page: two policy bundles on common seeds, side by side, in words."""

from __future__ import annotations


def test_compare_shows_both_bundles_with_differences_in_words(app):
    page = app.page
    page.goto(app.url + "/compare")
    run = page.get_by_role("button", name="Run comparison")
    run.wait_for()
    names = ["AI bolted on", "AI + redesign"]
    for i, name in enumerate(names):
        assert page.get_by_label("Name").nth(i).input_value() == name
    app.screenshot("compare-setup", full_page=False)

    page.get_by_label("Seeds (1-20)").fill("2")
    page.get_by_label("Seeds (1-20)").press("Tab")
    page.get_by_label("Measured days").fill("20")
    page.get_by_label("Measured days").press("Tab")
    run.click()
    words = page.locator(".orgsim-words")
    words.wait_for(timeout=90_000)
    text = words.inner_text()
    assert "2 common seeds" in text
    assert "AI + redesign" in text and "AI bolted on" in text
    assert "WIP" in text and "throughput" in text
    assert "95% CI" in text  # several seeds: intervals
    assert "savings" in text
    # Both bundles side by side, the same charts aligned (one column each).
    heads = page.locator(".orgsim-cmp-head").all_inner_texts()
    assert len(heads) == 2
    assert any("AI bolted on" in h for h in heads) and any("AI + redesign" in h for h in heads)
    for key in ("cfd", "wip", "lead", "throughput", "spend"):
        charts = page.locator(f".orgsim-cmp-{key} img")
        charts.nth(1).wait_for(timeout=60_000)  # charts may arrive after the words
        assert charts.count() == 2
    floors = page.locator(".orgsim-cmp-floor .orgsim-floor-svg")
    floors.nth(1).wait_for(timeout=60_000)
    assert floors.count() == 2
    assert page.locator(".orgsim-table tbody tr").count() >= 10
    app.screenshot("compare-results")
    assert app.console_errors == []


def test_navigation_keeps_the_simulation(app):
    app.open_simulate()
    app.step(2)
    app.page.get_by_role("button", name="Compare").click()
    app.page.get_by_role("button", name="Run comparison").wait_for()
    app.page.get_by_role("button", name="Simulate").click()
    app.page.locator(".orgsim-clock").wait_for()
    assert app.day() == 2
    assert app.console_errors == []
