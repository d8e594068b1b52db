"""Tiles and Compare table say "unstable", censored lead times and "n/a" in words (no browser).

The unstable example is the AI organization with fixed review capacity and no adaptive
rules (tests/data/neutral-presets), whose review queue grows all year.
"""

from __future__ import annotations

import re

import pytest
from helpers import NEUTRAL_AI as AI
from helpers import NEUTRAL_BASELINE as BASELINE
from helpers import neutral_scenario, station

import orgsim
from orgsim.app.compare_page import table_html
from orgsim.app.comparison import CompareOutcome
from orgsim.app.tiles import dora_tiles, flow_tiles, stability_html, tile_html
from orgsim.app.words import describe, stability_verdicts


@pytest.fixture(scope="module")
def ai_summary():
    return orgsim.simulate(AI, seed=1, days=60).summary


def by_key(tiles):
    return {t.key: t for t in tiles}


def test_an_unstable_run_shows_the_badge_and_flags_lead_time_and_wip(ai_summary):
    tiles = by_key(flow_tiles(ai_summary, 5.0, has_ai=True))
    badge = stability_html(ai_summary)
    assert re.search(r'orgsim-bad">unstable: WIP grows \d+/day at review<', badge), badge
    for key in ("lead_time", "lead_time_open", "wip"):
        assert tiles[key].note == "unstable", key
        assert "unstable" in tile_html(tiles[key])
    # most of what started is still open: the p85 counting open work is a lower bound
    assert tiles["lead_time_open"].value.split(" · ")[1].startswith("≥")
    assert tiles["lead_time_open"].value.endswith(" d")
    assert tiles["lead_time_open"].detail.startswith("Little's law mean ")
    dora = by_key(dora_tiles(ai_summary))
    assert dora["lead_time_for_changes"].note == "unstable"


def test_a_stable_run_shows_stable_and_no_warning():
    s = orgsim.simulate(BASELINE, seed=1, days=120).summary
    tiles = by_key(flow_tiles(s, float("nan"), has_ai=False))
    assert 'orgsim-good">stable<' in stability_html(s)
    assert all(not t.note for t in tiles.values())
    assert "≥" not in tiles["lead_time_open"].value


def test_a_pipeline_without_deployment_shows_na_not_a_tier():
    scn = neutral_scenario(
        [station("coding", "developer", "exponential", 1.0)], rate=0.5, days=50.0
    )
    tiles = dora_tiles(orgsim.simulate(scn, seed=1).summary)
    assert [t.value for t in tiles] == ["n/a"] * 5
    assert all(t.tier == "-" for t in tiles)


def test_compare_table_and_words_carry_the_steady_state(ai_summary):
    result = orgsim.compare({"base": BASELINE, "ai": AI}, seeds=[1], days=60)
    verdicts = stability_verdicts(result.stability)
    assert verdicts["base"] == "stable"
    assert verdicts["ai"].startswith("unstable: WIP grows ") and "at review" in verdicts["ai"]
    phrases = describe(result.table, ["base", "ai"], 1, result.stability)["ai"]
    lead = next(p for p in phrases if p.metric == "lead_time_mean")
    assert "unstable" in lead.text
    outcome = CompareOutcome(["base", "ai"], [1], 60.0, [], result.table, {}, {}, 0.0, verdicts)
    html = table_html(outcome)
    assert "Steady state" in html and verdicts["ai"] in html
    assert "counting open work" in html and "≥" in html
