"""`--backend`/`--scheduler` on the replicating commands: one definition, passed through."""

from __future__ import annotations

import importlib

import pytest

from orgsim.cli.main import main

SCENARIO = "scenarios/enterprise-baseline.toml"


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", SCENARIO, SCENARIO],
        ["patterns", SCENARIO],
        ["validate", "--case", "mm1_rho_0.5"],
    ],
)
def test_scheduler_with_local_backend_is_a_usage_error(argv, capsys):
    assert main([*argv, "--backend", "local", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler needs --backend dask" in capsys.readouterr().err


class _Stop(Exception):
    pass


@pytest.mark.parametrize(
    ("argv", "module", "name"),
    [
        (["compare", SCENARIO, SCENARIO], "orgsim.experiments.compare", "compare"),
        (["patterns", SCENARIO], "orgsim.experiments.patterns", "patterns"),
        (["validate", "--case", "mm1_rho_0.5"], "orgsim.validation", "run_cases"),
    ],
)
def test_scheduler_reaches_the_experiment_as_a_dask_backend(argv, module, name, monkeypatch):
    seen = {}

    def record(*args, **kwargs):
        seen.update(kwargs)
        raise _Stop

    monkeypatch.setattr(importlib.import_module(module), name, record)
    with pytest.raises(_Stop):
        main([*argv, "--scheduler", "tcp://127.0.0.1:8786"])
    assert seen["backend"] == "dask" and seen["scheduler"] == "tcp://127.0.0.1:8786"
