"""Scenario discovery: PRIM finds a planted failure box; the share CI is Wilson's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orgsim.experiments.robust.discovery import feature_scores, prim
from orgsim.experiments.robust.report import share_ci


def _sample(n=400, seed=1):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "x1": rng.random(n),
            "x2": rng.random(n),
            "count": rng.integers(1, 7, n),
            "demand": rng.choice(["elastic", "committed"], n),
        }
    )


def test_prim_finds_planted_box_where_claim_fails_iff_x1_above_07():
    x = _sample()
    fails = (x["x1"] > 0.7).to_numpy()
    box = prim(x, fails).box
    assert list(box.restrictions) == ["x1"]
    lo, hi = box.restrictions["x1"]
    assert 0.68 <= lo <= 0.75 and hi == np.inf
    assert box.density == 1.0
    assert box.coverage >= 0.9
    assert box.cases == int(fails[box.contains(x)].sum())


def test_prim_finds_a_box_on_a_categorical_and_a_numeric_parameter():
    x = _sample()
    fails = ((x["x1"] > 0.6) & (x["demand"] == "committed")).to_numpy()
    box = prim(x, fails).box
    assert set(box.restrictions) == {"x1", "demand"}
    assert box.restrictions["demand"] == frozenset({"committed"})
    assert box.density == 1.0 and box.coverage >= 0.9


def test_prim_names_no_box_when_failures_are_noise():
    x = _sample(seed=5)
    fails = np.random.default_rng(7).random(len(x)) < 0.3
    box = prim(x, fails).box
    assert box.restrictions == {}
    assert box.density == pytest.approx(fails.mean())


def test_feature_score_ranks_the_deciding_parameter_first():
    x = _sample()
    scores = feature_scores(x, (x["x1"] > 0.7).to_numpy())
    assert scores.iloc[0]["parameter"] == "x1"
    assert scores.iloc[0]["p_value"] < 1e-6
    assert (scores.iloc[1:]["p_value"] > 0.01).all()


def test_share_ci_is_wilsons_interval():
    share, lo, hi = share_ci(7, 10)
    z = 1.959963984540054
    centre = (7 + z * z / 2) / (10 + z * z)
    half = z / (10 + z * z) * np.sqrt(7 * 3 / 10 + z * z / 4)
    assert share == 0.7
    assert lo == pytest.approx(centre - half) and hi == pytest.approx(centre + half)


def test_share_ci_of_no_conclusive_point_is_undefined():
    assert all(np.isnan(v) for v in share_ci(0, 0))
