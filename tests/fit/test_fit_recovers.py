"""`orgsim fit` recovers the parameters of a known system, and its scenario runs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from fit_logs import NUMPY_SLICE, run_cli, synthetic_log
from scipy import stats

import orgsim
from orgsim.fit.discover import discover
from orgsim.fit.log import read_log

Z = stats.norm.ppf(0.995)  # 99% two-sided, the suite's level


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    path = tmp_path_factory.mktemp("syn") / "log.csv"
    synthetic_log(rework=0.25).to_csv(path, index=False)
    return discover(read_log(path), until="2024-04-01")


def test_stations_come_in_the_order_cases_reach_them(fitted):
    assert [s.name for s in fitted.stations] == ["coding", "review", "release"]
    assert [s.role for s in fitted.stations] == ["developer", "reviewer", "release_manager"]


def test_arrival_rate_is_recovered_within_its_poisson_interval(fitted):
    n, span = fitted.arrivals, fitted.window_days
    half = Z * math.sqrt(n) / span
    assert abs(fitted.rate_per_team - 3.0) < half


def test_release_gate_period_and_phase_are_recovered(fitted):
    gate = fitted.stations[2].gate
    assert gate is not None
    assert gate.every == pytest.approx(20.0, abs=1e-3)
    # Openings at 7 + 20k working days from 2022-01-03; the cut-off's next one follows.
    cut = float(fitted.calendar.to_days([pd.Timestamp("2022-01-03", tz="UTC")])[0])
    assert (gate.offset - (cut + 7.0)) % 20.0 == pytest.approx(0.0, abs=1e-3)


def test_service_mean_is_recovered_within_its_sampling_interval(fitted):
    review = fitted.stations[1].service
    # exponential review, mean 0.5: the MLE's standard error is mean / sqrt(n)
    assert abs(review.mean - 0.5) < Z * 0.5 / math.sqrt(review.n)


def test_rework_probability_is_recovered_within_its_binomial_interval(fitted):
    r = fitted.stations[1].rework
    assert r is not None and r.to == "coding"
    n = fitted.stations[1].visits
    assert abs(r.probability - 0.25) < Z * math.sqrt(0.25 * 0.75 / n)


def test_a_lognormal_service_is_chosen_as_lognormal_by_the_ks_criterion(tmp_path):
    path = tmp_path / "log.csv"
    synthetic_log(seed=4, coding_cv=1.0).to_csv(path, index=False)
    coding = discover(read_log(path)).stations[0].service
    assert coding.chosen == "lognormal"
    assert coding.ks["lognormal"] <= coding.critical < coding.ks["exponential"]


def test_activities_open_at_the_cut_off_are_censored_not_dropped(fitted):
    coding = fitted.stations[0].service
    assert coding.censored > 0
    assert fitted.cases > fitted.done


def test_fitted_numpy_slice_loads_runs_and_says_where_each_value_comes_from(tmp_path, capsys):
    out = tmp_path / "numpy.toml"
    code, _stdout, err = run_cli(
        ["fit", NUMPY_SLICE, "--until", "2024-12-01", "--out", out], capsys
    )
    assert code == 0, err
    text = out.read_text()
    for phrase in (
        "# origin: 2024-12-01",
        "KS distance to Kaplan-Meier",
        "observed concurrency",
        "Observed: 2024-06-15",
    ):
        assert phrase in text
    scn = orgsim.load_scenario(out)
    assert scn.spec.station_names == ["coding", "review", "release"]
    assert scn.spec.pipeline[2].gate is not None
    res = orgsim.simulate(scn, seed=1, days=60)
    assert res.summary["completed"] > 0
    code, _stdout, err = run_cli(["constraint", out, "--seeds", "2", "--days", "60"], capsys)
    assert code == 0, err


def test_fitted_concurrency_bounds_the_servers_not_the_head_count():
    log = read_log(NUMPY_SLICE)
    fit = discover(log, until="2024-12-01")
    coders = log.events.loc[log.events["station"] == "coding", "resource"].nunique()
    coding = fit.stations[0]
    assert 1 <= coding.concurrency_mean <= coding.servers < coders
    assert np.isfinite(fit.rate_per_team) and fit.rate_per_team > 0


def test_a_team_column_gives_one_arrival_stream_per_team(tmp_path, capsys):
    df = synthetic_log(seed=5, days=300)
    df["team"] = np.where(df["case_id"] % 2 == 0, "payments", "search")
    path = tmp_path / "teams.csv"
    df.to_csv(path, index=False)
    out = tmp_path / "teams.toml"
    code, _, err = run_cli(["fit", path, "--out", out], capsys)
    assert code == 0, err
    org = orgsim.load_scenario(out).spec.org
    assert org.teams == 2 and org.team_names == ["payments", "search"]
    fit = discover(read_log(path))
    half = Z * math.sqrt(fit.arrivals) / fit.window_days / 2
    assert abs(fit.rate_per_team - 1.5) < half


def test_a_mapping_file_maps_columns_activities_and_holidays(tmp_path, capsys):
    df = synthetic_log(seed=6, days=200).rename(columns={"case_id": "key", "activity": "step"})
    df["step"] = df["step"].map(
        {"coding": "In Progress", "review": "Peer check", "release": "Ship it"}
    )
    log = tmp_path / "tracker.csv"
    df.to_csv(log, index=False)
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\ncase_id = "key"\nactivity = "step"\n'
        '[activities]\n"In Progress" = "coding"\n"Peer check" = "review:reviewer"\n'
        '"Ship it" = "release:release_manager"\n'
    )
    out = tmp_path / "fitted.toml"
    code, _, err = run_cli(["fit", log, "--mapping", mapping, "--out", out], capsys)
    assert code == 0, err
    assert orgsim.load_scenario(out).spec.station_names == ["coding", "review", "release"]
