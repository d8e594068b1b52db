"""`orgsim backtest`: observed WIP and arrivals replayed, like-for-like censoring, report."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from fit_logs import NUMPY_SLICE, run_cli, synthetic_log
from scipy import stats

from orgsim.fit.backtest import run_backtest
from orgsim.fit.discover import discover
from orgsim.fit.emit import scenario_toml
from orgsim.fit.log import read_log


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    d = tmp_path_factory.mktemp("bt")
    log_path = d / "log.csv"
    synthetic_log(seed=7, days=500).to_csv(log_path, index=False)
    log = read_log(log_path)
    scn = d / "fitted.toml"
    scn.write_text(scenario_toml(discover(log, until="2023-06-01"), "synthetic"))
    return scn, log


@pytest.fixture(scope="module")
def result(synthetic):
    scn, log = synthetic
    return run_backtest(scn, log, "2023-06-01", "2023-10-02", seeds=10)


def test_the_simulation_starts_from_the_observed_wip(result):
    obs = result.observed.wip_daily()[0]
    assert obs > 0
    for sim in result.simulated:
        assert sim.wip_daily()[0] == obs


def test_observed_arrivals_are_replayed_one_for_one(result):
    n = int(result.observed.test.sum())
    for sim in result.simulated:
        assert int(sim.test.sum()) == n
        np.testing.assert_allclose(
            np.sort(sim.arrival[sim.test]), np.sort(result.observed.arrival[result.observed.test])
        )


def test_unfinished_simulated_cases_are_censored_like_the_observed_ones(result):
    """Cases not done by the end are left out on both sides; a correct fit censors about
    as many as the log does (inside the seeds' 99% prediction interval)."""
    for tr in (result.observed, *result.simulated):
        assert len(tr.lead_times()) + tr.censored() == int(tr.test.sum())
    obs = result.observed.censored()
    assert obs > 0
    sims = np.array([t.censored() for t in result.simulated], dtype=float)
    half = stats.t.ppf(0.995, len(sims) - 1) * sims.std(ddof=1) * math.sqrt(1 + 1 / len(sims))
    assert abs(obs - sims.mean()) <= half


def test_a_correct_fit_predicts_the_held_out_lead_time(result):
    """The observed p50 is one more draw of the fitted system: inside the seeds' 99%
    prediction interval (mean +- t * sd * sqrt(1 + 1/n))."""
    sims = np.array([np.percentile(t.lead_times(), 50) for t in result.simulated])
    n = len(sims)
    half = stats.t.ppf(0.995, n - 1) * sims.std(ddof=1) * math.sqrt(1 + 1 / n)
    obs = np.percentile(result.observed.lead_times(), 50)
    assert abs(obs - sims.mean()) <= half


def test_fitted_arrivals_drive_the_simulation_with_the_fitted_rate(synthetic):
    scn, log = synthetic
    bt = run_backtest(scn, log, "2023-06-01", "2023-10-02", seeds=3, arrivals="fitted")
    for sim in bt.simulated:
        n = int(sim.test.sum())
        expected = 3.0 * sim.horizon
        assert abs(n - expected) < 3 * math.sqrt(expected)


def test_backtest_command_writes_the_report_and_its_figure(tmp_path, capsys):
    scn = tmp_path / "numpy.toml"
    assert run_cli(["fit", NUMPY_SLICE, "--until", "2024-10-01", "--out", scn], capsys)[0] == 0
    out = tmp_path / "report"
    code, stdout, err = run_cli(
        [
            "backtest",
            scn,
            NUMPY_SLICE,
            "--from",
            "2024-10-01",
            "--to",
            "2025-06-30",
            "--seeds",
            "2",
            "--out",
            out,
        ],
        capsys,
    )
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == {"report.md", "backtest.png", "metrics.json"}
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["seeds"] == 2 and metrics["arrivals"] == "observed"
    assert "naive baseline" in (out / "report.md").read_text()
    assert "lead-time distance" in stdout
