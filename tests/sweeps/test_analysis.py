"""`analyze`: level means with CIs, paired differences, sensitivity indices, PNGs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sweep_helpers import base_spec

from orgsim.cli.main import main
from orgsim.experiments.estimate import Estimate
from orgsim.sweeps import analyze, sweep

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("grid") / "o"
    spec = base_spec(
        seeds=4,
        bundles={"as_is": {}, "coe": {"policy.center_of_excellence.enabled": True}},
    )
    df = sweep(spec, workers=0, out=out, progress=False)
    return out, df


def test_grid_tables(grid):
    out, df = grid
    res = analyze(out, plots=False)
    assert res.method == "grid" and res.baseline == "as_is"
    assert res.metrics == ["throughput_per_week", "lead_time_mean", "wip.review"]

    # Level means: per seed over the design points at that level, then a t-interval.
    lv = res.levels
    row = lv[
        (lv["bundle"] == "coe")
        & (lv["factor"] == "ai.coding_speedup")
        & (lv["level"] == 3.0)
        & (lv["metric"] == "throughput_per_week")
    ].iloc[0]
    sub = df[(df["bundle"] == "coe") & (df["ai.coding_speedup"] == 3.0)]
    m, lo, hi = Estimate.of(sub.groupby("seed")["throughput_per_week"].mean()).as_tuple()
    assert (row["mean"], row["ci_low"], row["ci_high"]) == pytest.approx((m, lo, hi))
    assert row["seeds"] == 4 and row["runs"] == 8

    # Paired differences: by design point and seed against the baseline.
    pr = res.paired
    row = pr[
        (pr["bundle"] == "coe") & (pr["factor"] == "(all)") & (pr["metric"] == "wip.review")
    ].iloc[0]
    a = df[df["bundle"] == "coe"].set_index(["point", "seed"])["wip.review"]
    b = df[df["bundle"] == "as_is"].set_index(["point", "seed"])["wip.review"]
    d = (a - b.loc[a.index]).groupby(level="seed").mean()
    m, lo, hi = Estimate.of(d).as_tuple()
    assert (row["diff"], row["diff_low"], row["diff_high"]) == pytest.approx((m, lo, hi))
    assert row["pairs"] == 16

    # Grid sensitivity: main-effect shares in [0, 1], with the remainder as interactions.
    s = res.sensitivity
    assert set(s["method"]) == {"anova_main_effect"}
    one = s[(s["bundle"] == "as_is") & (s["metric"] == "throughput_per_week")]
    assert set(one["factor"]) == {"ai.coding_speedup", "policy.governance", "(interactions)"}
    assert one["S1"].between(0, 1).all() and one["S1"].sum() == pytest.approx(1.0)

    assert len(res.bottleneck) and res.bottleneck["share"].between(0, 1).all()
    assert (out / "analysis" / "levels.csv").is_file()
    assert pd.read_csv(out / "analysis" / "paired.csv").shape[0] == len(pr)


def test_grid_plots_and_cli(grid, capsys):
    out, _ = grid
    rc = main(["analyze", str(out), "--metrics", "throughput_per_week", "wip.review"])
    text = capsys.readouterr().out
    assert rc == 0
    assert "throughput_per_week" in text and "diff" in text and "most influential" in text
    folder = out / "analysis"
    for name in (
        "overall.png",
        "by-factor_throughput_per_week.png",
        "paired_wip_review.png",
        "sensitivity.png",
        "heatmap_throughput_per_week.png",
    ):
        data = (folder / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000, name


def test_analyze_errors_are_one_line(grid, tmp_path, capsys):
    out, _ = grid
    assert main(["analyze", str(out), "--baseline", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no bundle named 'nope'" in err
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not a sweep results folder" in capsys.readouterr().err


def test_sobol_indices_per_cell(tmp_path):
    spec = base_spec(
        seeds=2,
        factors={
            "ai.coding_speedup": {"range": [1.0, 4.0]},
            "pipeline.review.service.mean": {"range": [0.1, 0.5]},
            "policy.governance": {"values": ["manual", "automated"]},
        },
        design={"method": "sobol", "n": 4},
        bundles={"as_is": {}},
    )
    df = sweep(spec, workers=0, out=tmp_path / "o", progress=False)
    assert len(df) == 4 * (2 + 2) * 2 * 2
    res = analyze(tmp_path / "o", metrics=["wip.review"])
    s = res.sensitivity
    assert set(s["method"]) == {"sobol"}
    assert set(s["cell"]) == {"policy.governance=manual", "policy.governance=automated"}
    assert s[["S1", "ST"]].notna().all().all()
    assert (tmp_path / "o" / "analysis" / "sensitivity.png").read_bytes().startswith(PNG)
    # Range factors are binned for the level tables and heatmaps.
    lv = res.levels[res.levels["factor"] == "ai.coding_speedup"]
    assert lv["level_label"].nunique() == 5


def test_morris_and_integer_factor(tmp_path):
    spec = base_spec(
        seeds=2,
        factors={
            "ai.coding_speedup": {"range": [1.0, 4.0]},
            "policy.wip_limit": {"range": [1, 12]},
        },
        design={"method": "morris", "n": 4, "levels": 4},
        bundles={"as_is": {}},
        metrics=["throughput_per_week", "wip.review"],
    )
    df = sweep(spec, workers=0, out=tmp_path / "o", progress=False)
    # Morris revisits grid points: every sample keeps its row (computed once).
    assert len(df) == 4 * (2 + 1) * 2 and df["run_id"].is_unique
    assert df["policy.wip_limit"].dtype == np.int64
    res = analyze(tmp_path / "o")
    s = res.sensitivity
    assert set(s["method"]) == {"morris"}
    assert (s["mu_star"] >= 0).all() and s["mu_star"].notna().all()
    assert any(p.name == "sensitivity.png" for p in res.plots)
