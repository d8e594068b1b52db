"""Release gates that follow no period: fitted as dates, backtested on the log's releases."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from fit_logs import run_cli, synthetic_log

import orgsim
from orgsim.fit.backtest import run_backtest
from orgsim.fit.discover import GATE_PERIODIC_CV, discover
from orgsim.fit.emit import scenario_toml
from orgsim.fit.log import read_log

ORIGIN = "2022-01-03"
UNTIL = "2024-04-01"
GAPS = [12.0, 35.0, 18.0, 50.0, 9.0, 27.0]  # working days between releases: cv 0.55


def irregular(until: float = 800.0) -> np.ndarray:
    """Release instants at 14:24 of working days, GAPS apart in turn."""
    out = [5.6]
    for gap in itertools.cycle(GAPS):
        if out[-1] > until:
            return np.asarray(out)
        out.append(out[-1] + gap)


@pytest.fixture(scope="module")
def log_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("dated") / "log.csv"
    synthetic_log(seed=11, days=650, releases=irregular().tolist()).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def fitted(log_path):
    return discover(read_log(log_path), until=UNTIL)


def test_irregular_release_dates_give_a_dated_gate_at_the_observed_instants(fitted):
    gate = fitted.stations[2].gate
    assert gate is not None and gate.dated
    assert gate.interval_cv > GATE_PERIODIC_CV
    cut = float(fitted.calendar.to_days([pd.Timestamp(ORIGIN, tz="UTC")])[0])
    seen = irregular() + cut  # on the fit's clock: day 0 is the cut-off
    seen = seen[(seen <= 0) & (seen >= fitted.calendar.to_days([fitted.since])[0] - 1e-9)]
    np.testing.assert_allclose(gate.instants, seen, atol=1e-6)
    assert len(gate.dates) == len(seen)


def test_the_emitted_dates_replay_the_observed_intervals_after_the_cut_off(fitted, tmp_path):
    gate = fitted.stations[2].gate
    path = tmp_path / "fitted.toml"
    path.write_text(scenario_toml(fitted, "dated"))
    text = path.read_text()
    assert "every =" not in text.split("[pipeline.gate]")[1]
    assert "# replays the batch of" in text and "interval cv" in text
    dates = np.asarray(orgsim.load_scenario(path).spec.pipeline[2].gate.dates)
    # The first opening is the periodic fit's: one mean interval after the last batch;
    # then the observed intervals follow in their order, cycle after cycle.
    assert dates[0] == pytest.approx(gate.instants[-1] + gate.every, abs=1e-3)
    n = len(gate.instants)
    cycle = np.append(np.diff(gate.instants), gate.every)
    np.testing.assert_allclose(np.diff(dates), np.resize(cycle, len(dates) - 1), atol=1e-3)
    assert dates[-1] > 2500.0 and len(dates) > n
    # Every date carries its provenance.
    block = text.split("dates = [")[1].split("]")[0].strip().splitlines()
    assert len(block) == len(dates) and all("# replays the batch of 20" in ln for ln in block)


def test_regular_release_dates_still_give_a_period(tmp_path):
    path = tmp_path / "regular.csv"
    synthetic_log(seed=12, days=400).to_csv(path, index=False)
    gate = discover(read_log(path)).stations[2].gate
    assert gate is not None and not gate.dated
    assert gate.every == pytest.approx(20.0, abs=1e-3)
    assert "offset = " in scenario_toml(discover(read_log(path)), "regular")


def test_fit_cli_writes_a_loadable_dated_scenario_that_runs(log_path, tmp_path, capsys):
    out = tmp_path / "fitted.toml"
    code, stdout, err = run_cli(["fit", log_path, "--until", UNTIL, "--out", out], capsys)
    assert code == 0, err
    assert "gate on dates" in stdout
    res = orgsim.simulate(orgsim.load_scenario(out), seed=1, days=120)
    assert res.summary["completed"] > 0


def test_a_backtest_opens_a_dated_gate_at_the_releases_of_the_held_out_window(log_path, fitted):
    d = log_path.parent / "bt.toml"
    d.write_text(scenario_toml(fitted, "dated"))
    log = read_log(log_path)
    bt = run_backtest(d, log, UNTIL, "2024-06-14", seeds=2)
    window = irregular() + float(bt.calendar.to_days([pd.Timestamp(ORIGIN, tz="UTC")])[0])
    window = window[(window >= 0) & (window < bt.observed.horizon)]
    assert len(window) >= 1
    assert any("release(s) the log shows in the window" in n for n in bt.notes)
    for sim in bt.simulated:
        left = sim.visits.loc[sim.visits["station"] == "release", "leave"].to_numpy()
        assert len(left) > 0
        gaps = np.abs(left[:, None] - (window[None, :] + 0.001)).min(axis=1)
        assert gaps.max() < 1e-6  # every simulated release is an observed one


def test_a_dated_gate_whose_station_the_log_lacks_keeps_the_scenario_dates(log_path, fitted):
    scn = log_path.parent / "own.toml"
    scn.write_text(scenario_toml(fitted, "dated"))
    log = read_log(log_path)
    log.events = log.events[log.events["station"] != "release"].reset_index(drop=True)
    log.roles = {k: v for k, v in log.roles.items() if k != "release"}
    bt = run_backtest(scn, log, UNTIL, "2024-06-14", seeds=1)
    _assert_own_dates(bt, scn)


def test_a_forecast_backtest_keeps_the_fitted_dates_not_the_windows_releases(log_path, fitted):
    scn = log_path.parent / "forecast.toml"
    scn.write_text(scenario_toml(fitted, "dated"))
    bt = run_backtest(scn, read_log(log_path), UNTIL, "2024-06-14", seeds=1, arrivals="fitted")
    assert not any("the log shows in the window" in n for n in bt.notes)
    _assert_own_dates(bt, scn)


def _assert_own_dates(bt, scn) -> None:
    """Every simulated release left at one of the scenario's own dates."""
    assert any("the scenario's own dates" in n for n in bt.notes)
    own = np.asarray(orgsim.load_scenario(scn).spec.pipeline[2].gate.dates)
    left = bt.simulated[0].visits
    left = left.loc[left["station"] == "release", "leave"].to_numpy()
    assert len(left) > 0
    assert np.abs(left[:, None] - (own[None, :] + 0.001)).min(axis=1).max() < 1e-6
