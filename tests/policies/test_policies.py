"""Each policy changes what agents do, in the direction docs/model.md explains."""

from __future__ import annotations

import numpy as np
import pytest

import orgsim
from orgsim.experiments.estimate import Estimate

SEEDS = range(4)


def _mean(metric, scenario, seeds=SEEDS):
    values = [orgsim.simulate(scenario, seed=s).summary[metric] for s in seeds]
    return Estimate.of(values).as_tuple()


def test_low_mandate_costs_focus_so_every_task_takes_longer():
    def line(mandate):
        return {
            "simulation": {"days": 50},
            "org": {"demand": {"kind": "backlog"}},
            "pipeline": [{"name": "coding", "role": "developer"}],
            "policy": {"mandate": mandate, "competing_priorities": 0.25},
        }

    strong = orgsim.simulate(line(1.0), seed=1).visits
    weak = orgsim.simulate(line(0.0), seed=1).visits
    n = min(len(strong), len(weak))
    ratio = (weak["leave"] - weak["start"])[:n] / (strong["leave"] - strong["start"])[:n]
    # The same draws (common random numbers): a quarter of the time lost, 4/3 as long.
    assert np.allclose(ratio, 1 / 0.75, rtol=1e-12)


def test_weak_mandate_lowers_delivered_throughput(small_org):
    strong = _mean("throughput_per_week", small_org(mandate=1.0, competing_priorities=0.25))
    weak = _mean("throughput_per_week", small_org(mandate=0.0, competing_priorities=0.25))
    assert weak[2] < strong[1]


def test_wip_limit_holds_at_every_step_when_everyone_follows_it(small_org):
    model = orgsim.OrgModel(small_org(wip_limit=6, mandate=1.0), seed=2)
    peak = 0
    for _ in range(80):
        model.step()
        peak = max(peak, *(t.wip for t in model.teams))
    assert peak <= 6


def test_wip_limit_is_ignored_by_developers_who_keep_the_old_habit(small_org):
    model = orgsim.OrgModel(small_org(wip_limit=6, mandate=0.0), seed=2)
    model.run_for(80)
    assert max(t.wip for t in model.teams) > 6


def test_wip_limit_cuts_lead_time_when_review_is_the_constraint(small_org):
    free = _mean("lead_time_mean", small_org())
    limited = _mean("lead_time_mean", small_org(wip_limit=8))
    assert limited[2] < free[1]


def test_developers_at_the_wip_limit_swarm_on_review(small_org):
    model = orgsim.OrgModel(small_org(wip_limit=4, swarm=True), seed=3)
    swarming = 0
    for _ in range(60):
        model.step()
        swarming += sum(
            1
            for w in model.workers()
            if w.role == "developer" and w.station is not None and w.station.kind == "review"
        )
    assert swarming > 0
    off = orgsim.OrgModel(small_org(wip_limit=4, swarm=False), seed=3)
    for _ in range(60):
        off.step()
        assert not any(
            w.role == "developer" and w.station is not None and w.station.kind == "review"
            for w in off.workers()
        )


@pytest.mark.parametrize("peer_review", [False, True], ids=["dedicated_reviewers", "peer_review"])
def test_a_swarming_developer_never_reviews_their_own_change(small_org, peer_review):
    raw = small_org(wip_limit=4, swarm=True)
    if peer_review:
        raw["org"]["people_per_team"] = {"developer": 4, "reviewer": 0}
        raw["people"] = {"peer_review": {"enabled": True, "rule": "threshold", "threshold": 2}}
    model = orgsim.OrgModel(raw, seed=3)
    reviews = own = 0
    for _ in range(80):
        model.step()
        for w in model.workers():
            if w.role == "developer" and w.station is not None and w.station.kind == "review":
                reviews += 1
                own += w.job.author is w
    assert reviews > 0
    assert own == 0


def _board_wait(res) -> tuple[float, float]:
    """Mean time at the CAB station for low- and high-risk changes."""
    v = res.visits[res.visits["station"] == "change_approval"]
    risk = res.items.set_index("id")["high_risk"]
    stay = (v["leave"] - v["enter"]).to_numpy()
    high = risk.loc[v["item"]].to_numpy()
    return float(stay[~high].mean()), float(stay[high].mean())


def test_manual_governance_sends_every_change_through_the_board_window(small_org):
    low, high = _board_wait(orgsim.simulate(small_org(governance="manual"), seed=1))
    assert low > 1.0 and high > 1.0  # a weekly board: waits of days for everyone


def test_risk_based_governance_lets_low_risk_changes_skip_the_board(small_org):
    res = orgsim.simulate(small_org(governance="risk_based"), seed=1)
    low, high = _board_wait(res)
    assert low == 0.0
    assert high > 1.0
    sec = res.visits[res.visits["station"] == "security"]
    risk = res.items.set_index("id")["high_risk"].loc[sec["item"]].to_numpy()
    auto = (sec["leave"] - sec["enter"]).to_numpy()[~risk]
    assert np.allclose(auto, 0.02)  # the automated check, no queue for a person


def test_automated_governance_lets_no_change_wait_for_the_board(small_org):
    low, high = _board_wait(orgsim.simulate(small_org(governance="automated"), seed=1))
    assert low == 0.0 and high == 0.0


def test_governance_changes_only_reach_changes_that_follow_the_mandate(small_org):
    res = orgsim.simulate(small_org(governance="automated", mandate=0.5), seed=1)
    v = res.visits[res.visits["station"] == "change_approval"]
    skipped = float(((v["leave"] - v["enter"]) == 0).mean())
    assert 0.35 < skipped < 0.65


def test_continuous_deployment_deploys_changes_one_by_one(small_org):
    def org(**policy):
        spec = small_org(**policy)
        spec["ai"]["adoption"] = 0.0  # a stable line: gate waits, not a review queue, dominate
        return spec

    train = orgsim.simulate(org(governance="automated"), seed=1).summary
    cd = orgsim.simulate(org(governance="automated", continuous_deployment=True), seed=1)
    s = cd.summary
    assert train["deploys_per_week"] == pytest.approx(0.5, abs=0.01)
    assert s["deploys_per_week"] == pytest.approx(s["throughput_per_week"], rel=0.05)
    assert s["lead_time_mean"] < train["lead_time_mean"] - 2.0  # no wait for the train


def test_continuous_deployment_needs_governance_that_skips_the_board(small_org):
    s = orgsim.simulate(small_org(governance="manual", continuous_deployment=True), seed=1).summary
    assert s["deploys_per_week"] == pytest.approx(0.5, abs=0.01)


def test_release_cadence_sets_how_often_the_train_leaves(small_org):
    s = orgsim.simulate(small_org(release_every=5), seed=1).summary
    assert s["deploys_per_week"] == pytest.approx(1.0, abs=0.01)


def test_release_managers_with_a_weak_mandate_hold_some_trains(small_org):
    model = orgsim.OrgModel(small_org(release_every=5, mandate=0.5), seed=4)
    model.run()
    train = next(w for w in model.windows if w.station.name == "release")
    assert 0 < train.held < train.opened


def test_center_of_excellence_spreads_adoption_along_the_team_network(small_org):
    spec = small_org(center_of_excellence={"enabled": True, "strength": 0.8, "diffusion": 0.5})
    spec["ai"]["adoption"] = 0.0
    model = orgsim.OrgModel(spec, seed=1)
    hub = model.coe.hub
    assert model.team_adoption[hub] == pytest.approx(0.8)
    assert sum(a > 0 for a in model.team_adoption) == 1
    model.run_for(60)
    assert all(a > 0.5 for a in model.team_adoption)
    assert any(d.assisted for d in model.workers() if d.role == "developer" and d.team != hub)


def test_without_a_center_of_excellence_each_team_keeps_its_own_adoption(small_org):
    spec = small_org()
    spec["ai"].update(adoption=0.5, adoption_spread=0.2)
    model = orgsim.OrgModel(spec, seed=1)
    before = list(model.team_adoption)
    model.run_for(60)
    assert model.team_adoption == before
    assert len(set(before)) == len(before)  # heterogeneous across teams


def test_center_of_excellence_speeds_review_and_guards_against_defects(small_org):
    off = orgsim.simulate(small_org(), seed=1, keep_model=True)
    on = orgsim.simulate(small_org(center_of_excellence={"enabled": True}), seed=1, keep_model=True)
    assert on.model.stations[1].scale < off.model.stations[1].scale
    inj_off = (
        off.items.query("ai")["defects_injected"].mean() / off.items.query("ai")["pr_size"].mean()
    )
    inj_on = (
        on.items.query("ai")["defects_injected"].mean() / on.items.query("ai")["pr_size"].mean()
    )
    assert inj_on < inj_off


def test_redesign_turns_the_same_ai_into_throughput_and_shorter_lead_time(small_org):
    bolted = small_org(mandate=0.3, competing_priorities=0.2)
    redesigned = small_org(
        mandate=1.0,
        competing_priorities=0.2,
        governance="risk_based",
        wip_limit=8,
        continuous_deployment=True,
        center_of_excellence={"enabled": True},
    )
    tb, tr = _mean("throughput_per_week", bolted), _mean("throughput_per_week", redesigned)
    lb, lr = _mean("lead_time_mean", bolted), _mean("lead_time_mean", redesigned)
    assert tr[1] > tb[2]
    assert lr[2] < lb[1]


def test_cross_team_review_lets_idle_reviewers_help_a_drowning_neighbour(small_org):
    spec = small_org()
    spec["ai"]["adoption"] = 0.0
    spec["org"]["teams"] = 2
    spec["org"]["topology"] = {"kind": "complete"}
    spec["org"]["demand"]["cross_team_share"] = 0.0
    alone = orgsim.simulate(spec, seed=1)
    spec["policy"] = {"cross_team_review": True}
    helped = orgsim.simulate(spec, seed=1)
    assert (
        helped.summary["wip_mean_by_station"]["review"]
        <= alone.summary["wip_mean_by_station"]["review"]
    )


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"policy.mandate": 1.5}, "policy.mandate"),
        ({"policy.governance": "laissez_faire"}, "policy.governance"),
        ({"policy.wip_limit": -1}, "policy.wip_limit"),
        ({"policy.center_of_excellence.strength": 2}, "policy.center_of_excellence.strength"),
        ({"policy.competing_priorities": 1.0}, "policy.competing_priorities"),
    ],
)
def test_bad_policy_values_give_a_one_line_error_naming_the_field(small_org, override, field):
    scn = orgsim.load_scenario(small_org())
    with pytest.raises(orgsim.ScenarioError) as err:
        scn.with_overrides(override)
    msg = str(err.value)
    assert "\n" not in msg and field in msg
