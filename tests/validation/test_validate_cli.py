"""`orgsim validate`: the table, the exit codes, and ciw as an optional peer."""

from __future__ import annotations

import sys

import pytest

import orgsim.model
from orgsim.cli.main import main
from orgsim.work.distributions import Sampler


def test_validate_prints_the_table_and_exits_0_when_every_check_passes(capsys):
    assert main(["validate", "--case", "mm1_rho_0.5", "--precision", "quick", "--seeds", "5"]) == 0
    out = capsys.readouterr().out
    assert "mm1_rho_0.5" in out
    assert "mean time in system W" in out
    assert "3 checks: 3 pass" in out
    for column in ("case", "quantity", "theory", "orgsim mean [CI]", "ciw mean [CI]", "result"):
        assert column in out


class _SlowSampler(Sampler):
    def next(self) -> float:
        return 1.1 * super().next()


def test_validate_exits_1_when_a_check_fails(monkeypatch, capsys):
    monkeypatch.setattr(orgsim.model, "Sampler", _SlowSampler)
    assert main(["validate", "--case", "mm1_rho_0.5"]) == 1
    assert "fail" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--case", "no_such_case"],
        ["validate", "--seeds", "1"],
        ["validate", "--seeds", "many"],
        ["validate", "--precision", "medium"],
        ["validate", "--level", "1.5"],
    ],
)
def test_validate_rejects_bad_input_on_one_line_with_exit_2(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err
    assert "error" in err


def test_validate_reports_the_ciw_crosscheck_as_skipped_without_ciw(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ciw", None)  # import ciw now raises ImportError
    assert main(["validate", "--case", "ciw_crosscheck"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("ciw_crosscheck"))
    assert "skipped" in line
    assert "fail" not in line


def test_validate_lists_its_cases(capsys):
    assert main(["validate", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("little_enterprise_baseline", "mm1_rho_0.8", "mmc_c3", "jackson_rework"):
        assert name in out
    for name in ("md1", "mg1_lognormal", "conwip", "gate", "bottleneck", "ciw_crosscheck"):
        assert name in out
    for name in ("priority_mg1", "priority_mmc", "conwip_mva", "gate_capacity"):
        assert name in out
    for name in ("lane_automated", "ciw_mgc", "ciw_priority"):
        assert name in out
