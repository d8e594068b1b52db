"""The uncertain parameters: a seeded Latin hypercube within the ranges, applied to each
preset relative to its own value."""

from __future__ import annotations

import numpy as np
import pytest
from robust_fakes import PRESETS

from orgsim.experiments.robust.space import REFERENCE_RATE, SPACE, at_point, overrides_for, sample
from orgsim.experiments.robust.study import _shipped_preset


def test_sample_is_seeded_and_differs_by_seed():
    a, b, c = sample(20, seed=3), sample(20, seed=3), sample(20, seed=4)
    assert a.equals(b)
    assert not a.equals(c)


def test_sample_stays_within_ranges_and_fills_every_stratum():
    d, wide = sample(40, seed=0), sample(200, seed=0)
    for p in SPACE:
        col = d[p.name]
        if p.categorical:
            assert set(col) == set(p.levels)
            continue
        assert col.min() >= p.low and col.max() <= p.high, p.name
        if p.integer:  # every count is drawn (each spans several of 200 strata)
            assert set(wide[p.name]) == set(range(int(p.low), int(p.high) + 1)), p.name
        else:  # Latin hypercube: one point in each of the 40 equal strata
            strata = np.floor((col - p.low) / (p.high - p.low) * 40).astype(int)
            assert sorted(strata) == list(range(40)), p.name


def _point(**kw):
    base = {p.name: p.reference for p in SPACE if p.reference is not None}
    base.update(demand="elastic", arrival_load=1.0)
    base.update(kw)
    return base


def test_reference_point_leaves_the_reference_preset_unchanged():
    ai = _shipped_preset("enterprise-ai")
    moved = at_point(ai, _point())
    assert moved.resolved() | {"name": 0} == ai.resolved() | {"name": 0}


def test_ratio_keeps_each_presets_difference():
    red = _shipped_preset("enterprise-ai-redesigned")  # 24 QA servers where others have 16
    ov = overrides_for(red, _point(qa_servers=8, review_days=0.5))
    assert ov["pipeline.qa.servers"] == 12
    assert ov["pipeline.review.service.mean"] == pytest.approx(0.5)


def test_ai_multipliers_leave_a_preset_without_assistants_alone():
    base = overrides_for(_shipped_preset("enterprise-baseline"), _point(defect_multiplier=2.4))
    ai = overrides_for(_shipped_preset("enterprise-ai"), _point(defect_multiplier=2.4))
    assert "ai.defect_multiplier" not in base
    assert ai["ai.defect_multiplier"] == pytest.approx(2.4)


def test_missing_station_is_skipped_and_counts_keep_one_server():
    native = _shipped_preset("ai-native")  # no qa station, one approver
    ov = overrides_for(native, _point(qa_servers=32, approvers=1))
    assert not any(k.startswith("pipeline.qa.") for k in ov)
    assert ov["org.shared_people.approver"] == 1
    at_point(native, _point(qa_servers=32, approvers=1))  # validates


def test_committed_demand_sets_poisson_arrivals_for_every_preset():
    for name, scn in PRESETS.items():
        moved = at_point(scn, _point(demand="committed", arrival_load=0.8))
        assert moved.spec.org.demand.kind == "poisson", name
        assert moved.spec.org.demand.rate_per_team == pytest.approx(0.8 * REFERENCE_RATE)
    elastic = at_point(PRESETS["tiny-base"], _point(arrival_load=0.8))
    assert elastic.spec.org.demand.kind == "backlog"


def test_probabilities_are_capped():
    ov = overrides_for(PRESETS["tiny-ai"], _point(review_detection=5.0))
    assert ov["pipeline.review.rework.detection"] == 0.95
