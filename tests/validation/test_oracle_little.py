"""Little's law on every kind of run the project ships, plus gated, reworking and CONWIP runs.

The exact finite-window identity (time-average WIP = time in system inside the window /
window) must hold to rounding on every run; L = lam W over the window must hold within
sampling error on every stable run (an unstable run, whose WIP grows, is reported n/a).
"""

from __future__ import annotations

import pytest

from orgsim.validation import all_cases

LITTLE = [c.name for c in all_cases() if c.name.startswith("little_")]


def test_little_cases_cover_every_shipped_scenario_and_the_special_runs():
    from orgsim.validation.measure import shipped_scenarios

    expected = {f"little_{p.stem.replace('-', '_')}" for p in shipped_scenarios()}
    expected |= {"little_gated", "little_rework", "little_conwip"}
    assert set(LITTLE) == expected


@pytest.mark.parametrize("case", LITTLE)
def test_littles_law_holds_on_every_run_type(case, validate):
    checks = validate(case)
    identity = [c for c in checks if "identity" in c.quantity]
    assert identity and identity[0].status == "pass"
