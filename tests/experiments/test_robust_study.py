"""The robustness study on fake claims and a tiny organization: one plan over the union
of the claims' bundles, verdicts per point, identical for one and two workers."""

from __future__ import annotations

import pytest
from robust_fakes import MODULES, PRESETS

from orgsim.experiments.robust import build_plan, robustness, sample
from orgsim.experiments.robust.space import SPACE

SMALL = [p for p in SPACE if p.name in ("review_days", "pr_size_multiplier", "demand")]


def test_plan_runs_the_union_of_bundles_once_per_point_and_seed():
    design = sample(3, seed=0, space=SMALL)
    plan, needs = build_plan(MODULES, design, 2, presets=PRESETS, days=5, space=SMALL)
    assert needs == {"F1": ["tiny-base", "tiny-ai"], "F2": ["tiny-ai", "tiny-ai slow review"]}
    assert plan.bundles(0) == ["tiny-base", "tiny-ai", "tiny-ai slow review"]
    assert len(plan.jobs) == 3 * 3 * 2
    assert plan.points == design.to_dict("records")
    review = plan.scenarios[(1, "tiny-base")].spec.pipeline[1].service.mean
    assert review == pytest.approx(design.loc[1, "review_days"])


def test_same_bundle_name_for_two_scenarios_is_refused():
    clash = dict(MODULES)
    clash["F3"] = type(MODULES["F1"])(
        CLAIM="F3",
        TITLE="",
        PROBES=(),
        bundles=lambda preset: {"tiny-ai": preset("tiny-base")},
        judge=MODULES["F1"].judge,
    )
    with pytest.raises(ValueError, match="tiny-ai"):
        build_plan(clash, sample(1, space=SMALL), 1, presets=PRESETS, days=5, space=SMALL)


@pytest.fixture(scope="module")
def reports():
    kw = dict(modules=MODULES, presets=PRESETS, space=SMALL, days=8, sample_seed=2)
    return robustness(4, 2, workers=1, **kw), robustness(4, 2, workers=2, **kw)


def test_results_identical_for_one_and_two_workers(reports):
    one, two = reports
    assert one.runs.equals(two.runs)
    assert one.verdicts.equals(two.verdicts)
    assert one.shares.equals(two.shares)


def test_shares_count_every_point_once_and_inconclusive_apart(reports):
    rep = reports[0]
    assert list(rep.shares["claim"]) == ["F1", "F2"]
    for r in rep.shares.itertuples():
        assert r.holds + r.fails + r.inconclusive + r.error == r.points == 4
        if r.holds + r.fails:
            assert r.ci_low <= r.share <= r.ci_high
    f1 = rep.verdicts[rep.verdicts["claim"] == "F1"]
    assert "effect.throughput gain" in f1.columns


def test_report_writes_tables_and_figures(reports, tmp_path):
    rep = reports[0]
    written = rep.save(tmp_path / "out")
    names = {p.name for p in written}
    assert {"robust_shares.csv", "robust_verdicts.csv", "robust_shares.png"} <= names
    assert not list((tmp_path / "out").glob(".*tmp*"))
    assert "F1" in rep.to_text() and "Wilson" in rep.to_text()
