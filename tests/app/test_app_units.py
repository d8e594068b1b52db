"""The dashboard's parts that need no browser: levers, sessions, Play, words, the CLI."""

from __future__ import annotations

import math
import socket
import subprocess
import sys
import threading

import pandas as pd
import pytest

import orgsim
from orgsim.app.controls import Controls, default_scenario
from orgsim.app.floor import StationView, floor_svg, items_per_block
from orgsim.app.simulate_page import play_loop
from orgsim.app.state import SimSession, current_constraint
from orgsim.app.words import describe, ratio_words
from orgsim.cli.main import main


def small_session(**levers) -> SimSession:
    controls = Controls.from_scenario(default_scenario()).with_(teams=3, **levers)
    return SimSession(controls)


def test_levers_override_only_what_moved():
    c = Controls.from_scenario(default_scenario())
    assert c.overrides() == {}
    moved = c.with_(wip_limit=20, governance="risk_based", coe=True)
    assert moved.overrides() == {
        "policy.wip_limit": 20,
        "policy.governance": "risk_based",
        "policy.center_of_excellence.enabled": True,
    }
    assert moved.scenario().spec.policy.wip_limit == 20
    with pytest.raises(orgsim.ScenarioError):
        c.with_(teams=0).scenario()


def test_sessions_are_independent_and_reset_rejects_bad_levers():
    a, b = small_session(), small_session()
    a.step(3)
    assert (a.model.time, b.model.time) == (3, 0)
    view = a.build_view(force=True)
    assert view.time == 3 and set(view.charts) == {"cfd", "wip", "lead", "throughput", "spend"}
    assert all(png.startswith(b"\x89PNG") for png in view.charts.values())
    assert not a.reset(a.controls.with_(teams=0))
    assert "org.teams" in a.error
    assert a.model.time == 3  # the old model stays


def test_savings_against_the_no_ai_run_of_the_same_seed():
    s = small_session(adoption=1.0, coding_speedup=3.0)
    s.run_to(80)
    view = s.build_view(force=True)
    base = orgsim.OrgModel(s.scenario.with_overrides({"ai.adoption": 0.0}), seed=1)
    base.run_for(80)
    expected = 100 * (1 - view.summary["cost_per_item"] / base.summary()["cost_per_item"])
    assert view.savings_pct == pytest.approx(expected)


def test_play_stops_at_the_target_day_and_on_pause():
    s = small_session()
    frames = []
    assert play_loop(s, threading.Event(), math.inf, 4, lambda: frames.append(s.view.time))
    assert s.model.time == 4 and frames[-1] == 4

    cancel = threading.Event()
    s.stop_play()
    t = threading.Thread(target=play_loop, args=(s, cancel, 50.0, None, lambda: None))
    t.start()
    threading.Event().wait(0.3)
    s.stop_play()  # Pause: the loop's token is no longer valid
    t.join(timeout=5)
    assert not t.is_alive()
    day = s.model.time
    threading.Event().wait(0.2)
    assert s.model.time == day


def test_floor_marks_constraint_gates_and_counts():
    stations = [
        StationView("coding", "build", "developer", 6, 40, 1.0),
        StationView("review", "review", "reviewer", 2, 400, 1.0),
        StationView("release", "deploy", "release_manager", 1, 90, 0.1, "every 10 days", 19.0),
    ]
    assert current_constraint(stations) == "review"  # busiest, longer queue breaks the tie
    svg = floor_svg(stations, backlog=None, delivered=12, now=15.0, constraint="review")
    assert 'data-station="review" data-wip="400"' in svg
    assert svg.count("CONSTRAINT") == 1
    assert "opens day 19 (in 4 d)" in svg and "gate opens every 10 days" in svg
    assert items_per_block(400, 5) == 10  # 400 items in at most 55 blocks


def test_floor_says_a_dated_gate_past_its_last_date_opens_no_more():
    shut = StationView("release", "deploy", "release_manager", 1, 9, 0.0, "on day 3 only", math.inf)
    svg = floor_svg([shut], backlog=None, delivered=0, now=15.0, constraint="release")
    assert "no more openings" in svg and "gate opens on day 3 only" in svg
    assert "inf" not in svg


def test_words_from_numbers():
    assert ratio_words(10.0, 62.0) == "6.2x higher"
    assert ratio_words(100.0, 96.0) == "\u22124%"
    assert ratio_words(50.0, 10.0) == "5.0x lower"
    table = pd.DataFrame(
        [
            ("wip.review", "A", 10.0, 9.0, 11.0, 0.0, math.nan, math.nan, 0.0),
            ("wip.review", "B", 62.0, 60.0, 64.0, 52.0, 50.0, 54.0, 520.0),
            ("lead_time_p85", "A", 20.0, 19.0, 21.0, 0.0, math.nan, math.nan, 0.0),
            ("lead_time_p85", "B", 19.2, 18.0, 20.4, -0.8, -2.0, 0.4, -4.0),
        ],
        columns=[
            "metric",
            "scenario",
            "mean",
            "ci_low",
            "ci_high",
            "diff",
            "diff_low",
            "diff_high",
            "diff_pct",
        ],
    )
    phrases = describe(table, ["A", "B"], seeds=5)["B"]
    texts = [p.text for p in phrases]
    assert texts[0].startswith("WIP at review 6.2x higher (10.0 changes → 62.0 changes; 95% CI")
    lead = next(p for p in phrases if p.metric == "lead_time_p85")
    assert lead.text.startswith("lead time p85 (finished) \u22124% (20.0 d → 19.2 d")
    assert "no clear difference" in lead.text and not lead.clear


def test_cli_app_rejects_bad_input_on_one_line(capsys, tmp_path):
    assert main(["app", "--scenario", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["app", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"orgsim app: error: --port {port}: already in use on 127.0.0.1"
    with pytest.raises(SystemExit) as exc:
        main(["app", "--port", "0"])
    assert exc.value.code == 2


def test_engine_never_imports_the_app():
    code = (
        "import sys, orgsim, orgsim.cli.main; "
        "orgsim.simulate('scenarios/enterprise-baseline.toml', seed=1, days=5); "
        "print(sorted(m for m in sys.modules if m.startswith(('orgsim.app', 'solara'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=orgsim.SCENARIO_DIR.parent,
    )
    assert out.stdout.strip() == "[]"


def test_people_levers_switch_the_adaptive_rules_on_and_read_back():
    from orgsim.app.controls import Controls

    path = "scenarios/enterprise-baseline.toml"
    on = Controls.from_scenario(path).with_(
        peer_review=True, open_pr_limit=2, review_under_load=True, incidents=True, learning=True
    )
    spec = on.scenario().spec
    assert spec.people.peer_review.enabled and spec.policy.open_pr_limit == 2
    assert not spec.people.review_load.neutral
    assert spec.org.incidents.surface_days > 0 and spec.ai.learning.days > 0
    off = on.with_(review_under_load=False, incidents=False, learning=False)
    spec = off.scenario().spec
    assert spec.people.review_load.neutral
    assert spec.org.incidents.surface_days == 0 and spec.ai.learning.days == 0
