"""Rules are objects built once; each has a neutral setting that leaves a FIFO network."""

from __future__ import annotations

import pytest

import orgsim
from orgsim.policies import RULES, Rules
from orgsim.policies.mandate import Mandate
from orgsim.scenario.schema import ScenarioSpec

# One setting that switches each rule on.
SWITCH_ON = {
    "CenterOfExcellence": {"policy.center_of_excellence.enabled": True},
    "CompetingPriorities": {"policy.mandate": 0.5, "policy.competing_priorities": 0.2},
    "Governance": {"policy.governance": "risk_based"},
    "ReleaseCadence": {"policy.release_every": 3},
    "WipLimit": {"policy.wip_limit": 3},
    "OpenPrLimit": {"policy.open_pr_limit": 2},
    "PeerReview": {"people.peer_review.enabled": True},
    "CrossTeamReview": {"policy.cross_team_review": True},
    "Swarming": {"policy.wip_limit": 3, "policy.swarm": True},
    "Mandate": {"policy.mandate": 0.5},
}
# The neutral value of every rule's own setting, spelled out.
NEUTRAL = {
    "policy.center_of_excellence.enabled": False,
    "policy.mandate": 1.0,
    "policy.competing_priorities": 0.3,  # nothing is lost at mandate 1
    "policy.governance": "manual",
    "policy.continuous_deployment": False,
    "policy.release_every": 0,
    "policy.wip_limit": 0,
    "policy.swarm": True,  # swarming needs a WIP limit
    "policy.open_pr_limit": 0,
    "policy.cross_team_review": False,
    "people.peer_review.enabled": False,
}


def test_every_rule_is_registered_once_and_sets_from_a_scenario_field():
    names = [cls.__name__ for cls in RULES]
    assert sorted(names) == sorted(set(SWITCH_ON) - {"Mandate"})
    assert all(cls.name for cls in (*RULES, Mandate))


@pytest.mark.parametrize("rule", sorted(SWITCH_ON))
def test_each_rule_is_neutral_by_default_and_on_when_its_setting_says(rule, small_org):
    plain = orgsim.load_scenario(small_org())
    on = plain.with_overrides(SWITCH_ON[rule])
    by_name = lambda rules: next(r for r in rules if type(r).__name__ == rule)  # noqa: E731
    assert by_name(Rules(ScenarioSpec(), seed=0)).neutral
    assert by_name(Rules(plain.spec, seed=0)).neutral
    assert not by_name(Rules(on.spec, seed=0)).neutral


def test_with_every_rule_neutral_the_engine_holds_no_hook(small_org):
    model = orgsim.OrgModel(small_org(), seed=2)
    assert model.rules.active() == []
    for st in model.stations:
        assert (st.router, st.helpers, st.holds, st.peer_pools) == (None, None, None, None)
        assert (st.scale, st.touch) == (1.0, 1.0)
    for pool in model.pools:
        assert not pool.mixed and pool.helps == []
    for dev in (d for p in model.developer_pools for d in p.workers):
        assert dev.norms == () and dev.review_rule is None
        assert not (dev.reviews_when_free or dev.reviews_when_stopped)
    assert model.flow.wakes_on_delivery is None and not model.flow.counts_prs


def test_neutral_settings_written_out_replay_leaving_them_out(small_org):
    plain = orgsim.simulate(small_org(), seed=4)
    spelled = orgsim.simulate(orgsim.load_scenario(small_org()).with_overrides(NEUTRAL), seed=4)
    assert plain.visits.equals(spelled.visits)
    assert plain.items.equals(spelled.items)


def test_a_rule_switched_on_changes_the_run(small_org):
    plain = orgsim.simulate(small_org(), seed=4)
    on = orgsim.simulate(small_org(wip_limit=2), seed=4)
    assert not plain.visits.equals(on.visits)
