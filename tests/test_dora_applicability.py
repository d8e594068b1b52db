"""DORA's keys exist only where changes reach production: a deployment station, last."""

from __future__ import annotations

import math

import pytest
from helpers import BASELINE, neutral_scenario, station
from test_scenario_validation import assert_one_line_error

import orgsim
from orgsim import ScenarioError

KEYS = (
    "deploys_per_week",
    "lead_time_for_changes_p50",
    "change_failure_rate",
    "time_to_restore_mean",
)


def line(last: dict, rate: float = 1.5, **sections) -> orgsim.Scenario:
    return neutral_scenario(
        [station("coding", "developer", "exponential", 1.0), last],
        rate=rate,
        developers=3,
        days=200.0,
        warmup=20.0,
        **sections,
    )


def test_a_pipeline_without_a_deployment_station_has_no_dora_keys_and_no_tier():
    s = orgsim.simulate(line(station("qa", "automated", "exponential", 0.5, servers=1)), 1).summary
    assert s["completed"] > 0
    for key in KEYS:
        assert math.isnan(s[key]), key
    assert s["dora_tier"] == "n/a"
    assert s["dora_tiers"] == {"overall": "n/a"}
    assert s["deployment_station"] == ""


def test_a_deploy_station_without_risk_counts_deployments_but_no_failures():
    gated = station(
        "release",
        "release_manager",
        "deterministic",
        0.01,
        gate={"every": 5.0},
    )
    s = orgsim.simulate(line(gated, org={"shared_people": {"release_manager": 1}}), 1).summary
    assert s["deployment_station"] == "release"
    assert s["deploys_per_week"] == pytest.approx(1.0, abs=0.03)  # one train a week, never empty
    assert math.isfinite(s["lead_time_for_changes_p50"])
    assert math.isnan(s["change_failure_rate"]) and math.isnan(s["time_to_restore_mean"])
    assert s["dora_tier"] in ("low", "medium", "high", "elite")


def test_an_ungated_deploy_station_deploys_every_change_on_its_own():
    cd = station("deploy", "automated", "exponential", 0.1, servers=2, kind="deploy")
    s = orgsim.simulate(line(cd), 1).summary
    assert s["deploys_per_week"] == pytest.approx(s["throughput_per_week"], rel=1e-12)


def test_the_shipped_presets_deploy_at_their_last_station():
    s = orgsim.simulate(BASELINE, seed=1, days=30).summary
    assert s["deployment_station"] == "release"
    assert s["dora_tier"] in ("low", "medium", "high", "elite")
    assert s["deploys_per_week"] > 0


@pytest.mark.parametrize(
    ("middle", "field", "words"),
    [
        (
            {"deployment": {"per_item": 0.01}},
            "pipeline.release.deployment",
            ["last station", "qa", "deployment risk"],
        ),
        ({"kind": "deploy"}, "pipeline.release.kind", ["last station", "qa", "kind is deploy"]),
        ({}, "pipeline.release.kind", ["last station", "release managers deploy", "another kind"]),
    ],
)
def test_a_deployment_station_before_the_end_is_rejected(middle, field, words):
    raw = {
        "org": {"shared_people": {"release_manager": 1}},
        "pipeline": [
            {"name": "coding", "role": "developer"},
            {"name": "release", "role": "release_manager", **middle},
            {"name": "qa", "role": "automated"},
        ],
    }
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(raw)
    assert_one_line_error(info.value, "<mapping>", field, *words)


def test_a_release_manager_station_of_another_kind_may_stand_anywhere():
    raw = {
        "org": {"shared_people": {"release_manager": 1}, "demand": {"rate_per_team": 0.2}},
        "pipeline": [
            {"name": "coding", "role": "developer"},
            {"name": "go_no_go", "role": "release_manager", "kind": "sign_off"},
            {"name": "qa", "role": "automated"},
        ],
    }
    assert orgsim.load_scenario(raw).spec.deployment_station is None
