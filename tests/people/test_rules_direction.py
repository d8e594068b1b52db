"""Each adaptive rule, switched on alone, moves the outcome the way its docstring says.

Every comparison is paired on common random numbers (same seeds) and judged by the
confidence interval of the paired differences over the seeds, never by a fixed margin.
"""

from __future__ import annotations

import numpy as np
from helpers import t_interval
from people_org import SEEDS, small_org

import orgsim
from orgsim.work import flow as flow_module


def paired(on: orgsim.Scenario, off: orgsim.Scenario, metric) -> tuple[float, float, float]:
    """CI of metric(on) - metric(off) over the seeds."""
    diffs = [
        metric(orgsim.simulate(on, seed=s)) - metric(orgsim.simulate(off, seed=s)) for s in SEEDS
    ]
    return t_interval(diffs)


def review_wip(res) -> float:
    return res.summary["wip_mean_by_station"]["review"]


def test_peer_review_shrinks_the_review_queue():
    on = small_org(**{"people.peer_review.enabled": True})
    _, lo, hi = paired(on, small_org(), review_wip)
    assert hi < 0, (lo, hi)


def test_peer_review_serves_review_without_dedicated_reviewers_and_never_self_review(
    monkeypatch,
):
    seen: list[tuple[object, object]] = []
    begin = flow_module.Flow.begin_service

    def spy(self, station, item, worker, now):
        if station.kind == "review":
            seen.append((worker, item.author))
        return begin(self, station, item, worker, now)

    monkeypatch.setattr(flow_module.Flow, "begin_service", spy)
    scn = small_org(
        **{
            "people.peer_review.enabled": True,
            "org.people_per_team": {"developer": 4, "reviewer": 0},
        }
    )
    res = orgsim.simulate(scn, seed=2)
    assert res.summary["completed"] > 100
    assert seen and all(worker is not author for worker, author in seen)
    assert all(worker.role == "developer" for worker, _ in seen)


def test_review_first_rule_reviews_more_than_a_high_threshold():
    base = {"people.peer_review.enabled": True, "org.people_per_team": {"developer": 4}}
    first = small_org(**base, **{"people.peer_review.rule": "review_first"})
    late = small_org(**base, **{"people.peer_review.threshold": 50})
    _, lo, hi = paired(first, late, review_wip)
    assert hi < 0, (lo, hi)


def test_open_pr_limit_bounds_each_developers_open_prs():
    slow_review = {"pipeline.review.service.mean": 1.5}
    capped = small_org(**slow_review, **{"policy.open_pr_limit": 2, "policy.mandate": 1.0})
    model = orgsim.OrgModel(capped, seed=4)
    peak = 0
    for _ in range(100):
        model.step()
        model.run_for(1)
        peak = max(peak, *(d.open_prs for p in model.developer_pools for d in p.workers))
    assert peak <= 2
    developers = 8
    assert model.wip_by_station()["review"] <= 2 * developers


def test_open_pr_limit_cuts_the_pile_in_front_of_a_slow_review():
    slow_review = {"pipeline.review.service.mean": 1.5}
    capped = small_org(**slow_review, **{"policy.open_pr_limit": 2})
    _, lo, hi = paired(capped, small_org(**slow_review), review_wip)
    assert hi < 0, (lo, hi)


def test_review_under_load_hurries_and_lets_more_defects_escape():
    slow = {"pipeline.review.service.mean": 0.6}
    loaded = small_org(**slow, **{"people.review_load.hurry": 0.5, "people.review_load.skim": 0.8})

    def escaped(res):
        done = res.items.dropna(subset=["done"])
        return float(done["defects_escaped"].mean())

    def review_time(res):
        v = res.visits[res.visits["station"] == "review"]
        return float((v["leave"] - v["start"]).mean())

    _, lo, hi = paired(loaded, small_org(**slow), escaped)
    assert lo > 0, (lo, hi)
    _, lo, hi = paired(loaded, small_org(**slow), review_time)
    assert hi < 0, (lo, hi)


def test_large_prs_are_reviewed_less_carefully():
    big = {"org.demand.size.mean": 3.0}
    skimmed = small_org(**big, **{"people.review_load.size_slope": 1.5})

    def escaped(res):
        return float(res.items.dropna(subset=["done"])["defects_escaped"].mean())

    _, lo, hi = paired(skimmed, small_org(**big), escaped)
    assert lo > 0, (lo, hi)


def test_escaped_defects_bring_incidents_and_failure_demand():
    on = small_org(**{"org.incidents.surface_days": 5.0})
    res = orgsim.simulate(on, seed=1)
    s = res.summary
    assert s["incidents_per_week"] > 0
    assert 0 < s["failure_demand_share"] < 1
    assert s["failure_demand_cost"] > 0
    fixes = res.items[res.items["failure"]]
    assert (fixes["size"] == 0.3).all()

    def value_delivered(r):
        done = r.items.dropna(subset=["done"])
        return float((~done["failure"]).sum())

    _, lo, hi = paired(on, small_org(), value_delivered)
    assert hi < 0, (lo, hi)


def test_no_latent_defects_means_no_incidents():
    clean = small_org(**{"org.incidents.surface_days": 5.0, "org.demand.defects_per_size": 0.0})
    s = orgsim.simulate(clean, seed=1).summary
    assert s["incidents_per_week"] == 0
    assert s["failure_demand_share"] == 0


def test_stale_prs_conflict_more_at_integration():
    slow_review = {"pipeline.review.service.mean": 1.0}
    stale = small_org(**slow_review, **{"pipeline.integration.rework.staleness": 0.2})

    def integration_passes(res):
        v = res.visits[res.visits["station"] == "integration"]
        return len(v) / v["item"].nunique()

    _, lo, hi = paired(stale, small_org(**slow_review), integration_passes)
    assert lo > 0, (lo, hi)


def test_learning_slows_new_assistant_users_at_first():
    ai = {"ai.adoption": 1.0, "ai.coding_speedup": 2.0, "simulation.warmup_days": 0}
    learning = small_org(**ai, **{"ai.learning.days": 100.0, "ai.learning.initial_speedup": 0.8})

    def early_coding_time(res):
        v = res.visits[(res.visits["station"] == "coding") & (res.visits["start"] < 50)]
        return float((v["leave"] - v["start"]).mean())

    def late_coding_time(res):
        v = res.visits[(res.visits["station"] == "coding") & (res.visits["start"] > 100)]
        return float((v["leave"] - v["start"]).mean())

    _, lo, hi = paired(learning, small_org(**ai), early_coding_time)
    assert lo > 0, (lo, hi)  # slower while learning
    runs = [orgsim.simulate(learning, seed=s) for s in SEEDS]
    _, lo, hi = t_interval([early_coding_time(r) - late_coding_time(r) for r in runs])
    assert lo > 0, (lo, hi)  # and faster once learnt


def test_seats_automation_and_the_center_of_excellence_are_costed():
    scn = small_org(
        **{
            "ai.adoption": 1.0,
            "ai.coding_speedup": 1.5,
            "ai.seat_cost_per_month": 42.0,
            "org.daily_cost.automated": 10.0,
            "policy.center_of_excellence.enabled": True,
            "policy.center_of_excellence.people": 2,
            "org.daily_cost.coe": 500.0,
        }
    )
    s = orgsim.simulate(scn, seed=1).summary
    days = s["days"]
    assert np.isclose(s["seat_cost"], 8 * days * 42.0 / 21)
    assert np.isclose(s["automation_cost"], 4 * 10.0 * days)
    assert np.isclose(s["coe_cost"], 2 * 500.0 * days)
    parts = ("labor_cost", "automation_cost", "token_cost", "seat_cost", "coe_cost")
    assert np.isclose(s["total_cost"], sum(s[k] for k in parts))
