"""`orgsim claims --robust` hands over to the robustness study with its own defaults."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import orgsim.experiments.robust as robust
from orgsim.cli.main import main


@pytest.fixture
def captured(monkeypatch):
    seen = {}

    def fake(points, seeds, **kw):
        seen.update(points=points, seeds=seeds, **kw)
        return SimpleNamespace(to_text=lambda: "report\n", save=lambda out: [])

    monkeypatch.setattr(robust, "robustness", fake)
    return seen


def test_robust_uses_three_seeds_per_point_unless_seeds_given(captured):
    assert main(["claims", "--robust", "--points", "7"]) == 0
    assert captured["points"] == 7 and captured["seeds"] == 3
    assert captured["backend"] == "local" and captured["claims"] is None
    assert main(["claims", "C1", "--robust", "--seeds", "10", "--scheduler", "tcp://h:1"]) == 0
    assert captured["seeds"] == 10 and captured["backend"] == "dask"
    assert captured["claims"] == ["C1"]


def test_robust_refuses_a_scheduler_with_the_local_backend(captured, capsys):
    rc = main(["claims", "--robust", "--backend", "local", "--scheduler", "tcp://h:1"])
    assert rc == 2
    assert "--scheduler needs --backend dask" in capsys.readouterr().err
