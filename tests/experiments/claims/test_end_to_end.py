"""One real run per claim on the presets, varied so that the claim should NOT hold.

Few seeds and a short window (40 measured days): each case is chosen so that its
verdict is decided by construction or by a wide margin, not by luck of the seeds.
"""

from __future__ import annotations

import pytest

from orgsim.experiments.claims import CLAIM_MODULES, ample_overrides, preset
from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import verdict as v

SEEDS = 3
DAYS = 40.0


def with_ample_capacity(name: str):
    scn = preset(name)
    return scn.with_overrides(ample_overrides(scn)) if name.startswith("enterprise") else scn


def slow_assistant(name: str):
    scn = preset(name)
    return scn.with_overrides({"ai.coding_speedup": 0.8}) if scn.spec.ai.adoption else scn


def redesign_that_changes_nothing(name: str):
    return preset(k.AI if name == k.REDESIGNED else name)


def constraint_at_coding(name: str):
    return preset(k.BASELINE if name == k.AI else name)


def assistant_at_1x(name: str):
    scn = preset(name)
    return scn.with_overrides({"ai.coding_speedup": 1.0}) if name == k.AI else scn


@pytest.mark.parametrize(
    ("claim", "variant", "band_of"),
    [
        ("C1", with_ample_capacity, ("throughput", v.IMPROVES_SUBSTANTIALLY)),
        ("C3", redesign_that_changes_nothing, ("interaction (throughput)", v.BARELY_CHANGES)),
        ("C4", constraint_at_coding, None),
        ("C5", slow_assistant, None),
        ("limits", assistant_at_1x, None),
    ],
    ids=[
        "C1-fails-with-ample-review-and-downstream-capacity",
        "C3-fails-for-a-redesign-that-changes-nothing",
        "C4-fails-when-the-constraint-is-coding",
        "C5-fails-with-a-0.8x-assistant",
        "limits-fails-when-the-assistant-does-not-speed-coding-up",
    ],
)
def test_claim_does_not_hold_where_its_premise_is_removed(claim, variant, band_of):
    result = CLAIM_MODULES[claim].run(SEEDS, days=DAYS, preset=variant)
    assert result.holds is False, result.finding
    if band_of:
        name, band = band_of
        assert result.verdict.bands[name] == band, result.finding
    assert result.figures and result.table.shape[0] > 0
    assert claim in result.to_text() and result.command.startswith(f"orgsim claims {claim}")


def test_c2_fails_when_ample_capacity_lets_the_assistant_pay_off():
    result = CLAIM_MODULES["C2"].run(4, days=60.0, preset=with_ample_capacity)
    assert result.holds is False, result.finding
    assert result.tables["what drives the cost per delivered change"].shape[0] > 0
