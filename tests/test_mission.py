"""The mission's mechanism in an organization of fixed review capacity.

The organizations are the enterprise presets with every adaptive rule off and two
dedicated reviewers per team (tests/data/neutral-presets): nobody adapts, so this tests
the queueing mechanism itself, not the calibrated presets' verdicts (those are the
claims, docs/experiments.md). The AI organization codes three times faster, yet its
review queue grows far beyond the baseline's and delivered throughput rises far less
than threefold. With review given the capacity and no gates in the way, the same
speed-up shows up in lead time. Seeds 1-3, 100 measured days after a 60-day warm-up.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import CI_LEVEL, assert_in_ci, t_interval
from helpers import NEUTRAL_AI as AI
from helpers import NEUTRAL_BASELINE as BASELINE
from scipy import stats

import orgsim

SEEDS = (1, 2, 3)
DAYS = 100.0
WARMUP = 60.0  # the shipped scenarios' warm-up


@pytest.fixture(scope="module")
def runs():
    return {
        name: [orgsim.simulate(path, seed=s, days=DAYS) for s in SEEDS]
        for name, path in (("baseline", BASELINE), ("ai", AI))
    }


def _coding_time_per_unit_size(res: orgsim.SimulationResult) -> np.ndarray:
    """Service time of each item's first coding visit, per unit of item size.

    Only visits that started 30+ days before the end: every one of them has finished,
    so the sample is not biased against long jobs still in progress.
    """
    v = res.visits[res.visits["station"] == "coding"].sort_values("enter", kind="stable")
    first = v.drop_duplicates("item", keep="first")
    first = first[first["start"] <= WARMUP + DAYS - 30.0]
    size = res.items.set_index("id")["size"].reindex(first["item"]).to_numpy()
    return (first["leave"] - first["start"]).to_numpy() / size


def _mean_se(x: np.ndarray) -> tuple[float, float]:
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(len(x)))


def test_ai_codes_three_times_faster_per_unit_of_size(runs):
    """First-visit coding times are i.i.d. service draws: a CI over items is honest."""
    spec = orgsim.load_scenario(BASELINE).spec
    focus = 1.0 / (1.0 - (1.0 - spec.policy.mandate) * spec.policy.competing_priorities)
    expected = spec.pipeline[0].service.mean * focus  # competing priorities stretch work
    z = stats.norm.ppf(0.5 + CI_LEVEL / 2)
    base = np.concatenate([_coding_time_per_unit_size(r) for r in runs["baseline"]])
    ai = np.concatenate([_coding_time_per_unit_size(r) for r in runs["ai"]])
    (mb, sb), (ma, sa) = _mean_se(base), _mean_se(ai)
    assert abs(mb - expected) <= z * sb, f"baseline coding {mb:.4f} vs {expected:.4f}"
    assert abs(ma - expected / 3.0) <= z * sa, f"ai coding {ma:.4f} vs {expected / 3:.4f}"
    ratio = ma / mb
    se_ratio = ratio * math.hypot(sa / ma, sb / mb)
    assert abs(ratio - 1.0 / 3.0) <= z * se_ratio, f"speed ratio {ratio:.4f} +- {se_ratio:.4f}"


def test_review_queue_grows_when_coding_outpaces_review(runs):
    review = {k: [r.summary["wip_mean_by_station"]["review"] for r in v] for k, v in runs.items()}
    ratio = [a / b for a, b in zip(review["ai"], review["baseline"], strict=True)]
    _, lo, _ = t_interval(ratio)
    assert lo > 3.0, f"review WIP ratio ai/baseline {ratio}: not far beyond the baseline's"
    # The constraint moves from coding to review.
    assert [r.summary["bottleneck_station"] for r in runs["baseline"]] == ["coding"] * 3
    assert [r.summary["bottleneck_station"] for r in runs["ai"]] == ["review"] * 3

    def slope(res):
        ts = res.timeseries[res.timeseries.index > WARMUP]
        return float(np.polyfit(ts.index.to_numpy(float), ts["wip_review"].to_numpy(), 1)[0])

    # With AI the review queue keeps growing; the baseline's is stable.
    _, lo, _ = t_interval([slope(r) for r in runs["ai"]])
    assert lo > 0.0
    assert_in_ci([slope(r) for r in runs["baseline"]], 0.0, "baseline review WIP trend")


def test_throughput_rises_far_less_than_the_coding_speedup(runs):
    tp = {k: [r.summary["throughput_per_week"] for r in v] for k, v in runs.items()}
    ratio = [a / b for a, b in zip(tp["ai"], tp["baseline"], strict=True)]
    _, _, hi = t_interval(ratio)
    assert hi < 1.5, f"throughput ratio ai/baseline {ratio} (coding is 3x faster)"


# -- the opposite is reachable --------------------------------------------------------
NO_GATES = {
    # policy-as-code instead of sign-off and CAB, continuous deployment instead of the
    # train, followed by every change
    "policy.governance": "automated",
    "policy.continuous_deployment": True,
    "policy.mandate": 1.0,
}


def test_ai_gain_shows_in_lead_time_with_enough_reviewers_and_no_gates():
    """Same demand for both (Poisson, 1.5 items per team-day); reviewers tripled.

    Paired on common random numbers: the lead-time difference's CI lies below zero.
    """
    overrides = {
        **NO_GATES,
        "org.demand.kind": "poisson",
        "org.demand.rate_per_team": 1.5,
        "org.people_per_team.reviewer": 6,
    }
    base = orgsim.load_scenario(BASELINE).with_overrides(overrides)
    ai = orgsim.load_scenario(AI).with_overrides(overrides)
    lt_base = [orgsim.simulate(base, seed=s, days=DAYS).summary["lead_time_mean"] for s in SEEDS]
    lt_ai = [orgsim.simulate(ai, seed=s, days=DAYS).summary["lead_time_mean"] for s in SEEDS]
    diff = [a - b for a, b in zip(lt_ai, lt_base, strict=True)]
    _, _, hi = t_interval(diff)
    assert hi < 0.0, f"AI lead time {lt_ai} vs baseline {lt_base}: no gain"


def test_with_unlimited_backlog_more_reviewers_alone_move_the_constraint_downstream():
    """Theory of constraints: relieve review and the next-slowest station binds.

    With developers never out of work, AI coding (about 3x the baseline's output) also
    outruns integration and QA, so tripling reviewers relieves review but does not bring
    the speed-up into lead time on its own.
    """
    ai = orgsim.load_scenario(AI).with_overrides(NO_GATES)
    more = ai.with_overrides({"org.people_per_team.reviewer": 6})
    for seed in SEEDS[:2]:
        before = orgsim.simulate(ai, seed=seed, days=60.0).summary
        after = orgsim.simulate(more, seed=seed, days=60.0).summary
        assert before["bottleneck_station"] == "review"
        assert after["bottleneck_station"] in ("integration", "qa")
        assert (
            after["wip_mean_by_station"]["review"] < 0.1 * before["wip_mean_by_station"]["review"]
        )
