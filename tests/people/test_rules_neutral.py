"""Switched off, the adaptive rules change nothing: the engine is the FIFO network it was.

The digests are of the visit logs (seed 1, 60 days) of the presets as they were before
the adaptive rules existed (tests/data/neutral-presets), taken from the engine of that
time. Those files leave every rule off, so their runs must stay identical event for
event. A deliberate change to the engine's event order updates them, with the reason in
the change log.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from people_org import small_org

import orgsim

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = json.loads((Path(__file__).parent / "visit_digests.json").read_text())


def visit_digest(res: orgsim.SimulationResult) -> str:
    v = res.visits
    table = np.column_stack(
        [v["item"], v["station"].cat.codes, v["enter"], v["start"], v["leave"]]
    ).astype(float)
    return hashlib.sha256(table.tobytes()).hexdigest()[:16]


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_organizations_with_rules_off_replay_the_engine_event_for_event(name):
    res = orgsim.simulate(ROOT / "tests" / "data" / "neutral-presets" / name, seed=1, days=60)
    assert visit_digest(res) == DIGESTS[name]


def test_neutral_values_written_out_equal_leaving_the_rules_out():
    plain = orgsim.simulate(small_org(), seed=3)
    spelled = orgsim.simulate(
        small_org(
            **{
                "people.peer_review.enabled": False,
                "people.review_load.hurry": 0.0,
                "people.review_load.skim": 0.0,
                "org.incidents.surface_days": 0.0,
                "ai.learning.days": 0.0,
                "policy.open_pr_limit": 0,
                "pipeline.integration.rework.staleness": 0.0,
            }
        ),
        seed=3,
    )
    assert visit_digest(plain) == visit_digest(spelled)
    assert plain.items.equals(spelled.items)


def test_peer_review_without_reviewers_needs_two_developers():
    from orgsim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="peer_review"):
        small_org(
            **{
                "people.peer_review.enabled": True,
                "org.people_per_team": {"developer": 1, "reviewer": 0},
            }
        )


def test_only_one_station_may_be_the_merge_point():
    from orgsim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="merge"):
        small_org(**{"pipeline.review.merge": True, "pipeline.integration.merge": True})
