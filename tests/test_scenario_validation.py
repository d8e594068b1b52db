"""Bad input gives one ScenarioError line: the source, the dotted field, the problem."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from helpers import BASELINE

import orgsim
from orgsim import ScenarioError

CODING = {"name": "coding", "role": "developer"}


def assert_one_line_error(exc: ScenarioError, source: str, field: str, *words: str) -> None:
    msg = str(exc)
    assert "\n" not in msg and "\r" not in msg, f"not one line: {msg!r}"
    assert exc.source == source
    assert exc.field == field
    prefix = f"{source}: {field}: " if field else f"{source}: "
    assert msg.startswith(prefix), f"{msg!r} should start with {prefix!r}"
    for word in words:
        assert word in exc.problem, f"{msg!r} should mention {word!r}"


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"org": {"teamz": 3}}, "org.teamz", ["unknown key"]),
        (
            {"pipeline": [{**CODING, "servise": {"mean": 1.0}}]},
            "pipeline.coding.servise",
            ["unknown key"],
        ),
        ({"org": {"demand": {"rate_per_team": -1.0}}}, "org.demand.rate_per_team", ["0"]),
        (
            {
                "pipeline": [
                    CODING,
                    {"name": "review", "role": "developer", "service": {"mean": -0.5}},
                ]
            },
            "pipeline.review.service.mean",
            ["greater than 0"],
        ),
        (
            {
                "pipeline": [
                    {**CODING, "rework": {"to": "review"}},
                    {"name": "review", "role": "developer"},
                ]
            },
            "pipeline.coding.rework.to",
            ["'review'", "earlier"],
        ),
        (
            {
                "pipeline": [
                    CODING,
                    {"name": "qa", "role": "automated", "rework": {"to": "nowhere"}},
                ]
            },
            "pipeline.qa.rework.to",
            ["'nowhere'"],
        ),
        (
            {"pipeline": [CODING, {"name": "review", "role": "reviewer"}]},
            "pipeline.review.role",
            ["reviewer", "org.people_per_team"],
        ),
        (
            {"pipeline": [CODING, {"name": "cab", "role": "approver"}]},
            "pipeline.cab.role",
            ["approver", "org.shared_people"],
        ),
        (
            {"pipeline": [{**CODING, "service": {"dist": "weibull"}}]},
            "pipeline.coding.service.dist",
            ["exponential"],
        ),
        ({"pipeline": [CODING, CODING]}, "pipeline.coding", ["twice"]),
        (
            {"org": {"demand": {"kind": "backlog", "priority_share": 0.2}}},
            "org.demand",
            ["priority_share", "poisson"],
        ),
    ],
    ids=[
        "unknown-key",
        "unknown-key-in-station",
        "negative-rate",
        "negative-service-mean",
        "rework-to-a-later-station",
        "rework-to-no-station",
        "team-role-without-people",
        "shared-role-without-people",
        "unknown-distribution",
        "station-name-twice",
        "urgent-share-without-arrivals",
    ],
)
def test_invalid_mapping_gives_one_line_naming_source_field_and_problem(raw, field, words):
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(raw)
    assert_one_line_error(info.value, "<mapping>", field, *words)


def test_invalid_value_in_a_file_names_the_file(tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[pipeline]]\nname = "coding"\nrole = "developer"\n'
        '[[pipeline]]\nname = "review"\nrole = "developer"\n'
        'service = { dist = "exponential", mean = -1.0 }\n'
    )
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(path)
    assert_one_line_error(info.value, str(path), "pipeline.review.service.mean", "greater than 0")


def test_invalid_toml_file_is_one_line_naming_the_file(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text("[org\nteams = 3\nx = [1,\n")
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(path)
    assert_one_line_error(info.value, str(path), "", "invalid TOML")


def test_missing_file_is_one_line_naming_the_file(tmp_path: Path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(path)
    assert_one_line_error(info.value, str(path), "", "no such file")


def test_scenario_error_is_a_value_error():
    assert issubclass(ScenarioError, ValueError)


def test_overrides_replace_dotted_values_and_leave_the_original_alone():
    base = orgsim.load_scenario(BASELINE)
    new = base.with_overrides({"ai.coding_speedup": 2.0, "pipeline.review.service.mean": 0.5})
    assert new.spec.ai.coding_speedup == 2.0
    review = {s.name: s for s in new.spec.pipeline}["review"]
    assert review.service.mean == 0.5
    assert review.service.dist == "lognormal"  # the rest of the station is kept
    assert base.spec.ai.coding_speedup == 1.0
    assert {s.name: s for s in base.spec.pipeline}["review"].service.mean == 0.25
    assert new.spec.station_names == base.spec.station_names


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pipeline.review.service.mean": -0.5}, "pipeline.review.service.mean"),
        ({"ai.coding_speedup": 0.0}, "ai.coding_speedup"),
        ({"ai.coding_speedup": "fast"}, "ai.coding_speedup"),
        ({"ai.speedup": 2.0}, "ai.speedup"),
        ({"pipeline.nope.service.mean": 1.0}, "pipeline.nope"),
        ({"pipeline.coding.rework.to": "release"}, "pipeline.coding.rework.to"),
        (
            {"org.people_per_team.reviewer": 0, "people.peer_review.enabled": False},
            "pipeline.review.role",
        ),
    ],
    ids=[
        "negative-mean",
        "zero-speedup",
        "not-a-number",
        "unknown-key",
        "unknown-station",
        "rework-forward",
        "no-reviewers-left",
    ],
)
def test_bad_override_is_rejected_with_the_scenario_source_and_field(overrides, field):
    base = orgsim.load_scenario(BASELINE)
    with pytest.raises(ScenarioError) as info:
        base.with_overrides(overrides)
    assert_one_line_error(info.value, str(BASELINE), field)


def test_simulate_rejects_a_non_positive_horizon():
    with pytest.raises(ScenarioError) as info:
        orgsim.simulate({"pipeline": [CODING]}, seed=1, days=-5)
    assert_one_line_error(info.value, "<mapping>", "days", "positive")


def test_overriding_one_daily_cost_keeps_the_other_roles_default_costs():
    scn = orgsim.load_scenario(
        {
            "org": {"people_per_team": {"developer": 2, "reviewer": 1}},
            "pipeline": [CODING, {"name": "review", "role": "reviewer"}],
        }
    )
    before = scn.spec.org.daily_cost
    after = scn.with_overrides({"org.daily_cost.developer": 1000.0}).spec.org.daily_cost
    assert after == {**before, "developer": 1000.0}


@pytest.mark.parametrize(
    "field",
    [
        "simulation.days",
        "simulation.warmup_days",
        "pipeline.review.service.mean",
        "pipeline.release.gate.every",
        "org.daily_cost.developer",
        "ai.coding_speedup",
        "people.review_load.queue_knee",
        "org.incidents.surface_days",
    ],
)
@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_infinite_or_nan_numbers_are_rejected_where_they_arrive(field, value):
    base = orgsim.load_scenario(BASELINE)
    with pytest.raises(ScenarioError) as info:
        base.with_overrides({field: value})
    assert_one_line_error(info.value, str(BASELINE), field)
    assert "finite" in str(info.value) or "greater" in str(info.value) or "less" in str(info.value)


def test_a_fifo_a_device_and_a_directory_are_refused_without_opening_them(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opening it would block forever
    for path, words in (
        (fifo, "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (tmp_path, "directory"),
    ):
        with pytest.raises(ScenarioError) as info:
            orgsim.load_scenario(path)
        assert words in str(info.value) and "\n" not in str(info.value)


def test_an_oversized_scenario_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * 200_000)
    with pytest.raises(ScenarioError, match="the limit is"):
        orgsim.load_scenario(big)


def test_deeply_nested_toml_is_a_one_line_error(tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ScenarioError) as info:
        orgsim.load_scenario(deep)
    assert "\n" not in str(info.value) and str(deep) in str(info.value)


def test_a_topology_file_that_is_a_pipe_is_refused(tmp_path):
    import os

    os.mkfifo(tmp_path / "teams.fifo")
    scn = tmp_path / "s.toml"
    scn.write_text('[org]\nteams = 2\n[org.topology]\nkind = "file"\nfile = "teams.fifo"\n')
    with pytest.raises(ScenarioError, match=r"org\.topology\.file.*not a regular file"):
        orgsim.simulate(orgsim.load_scenario(scn), seed=1, days=1)
