"""Every shipped preset reproduces the published patterns it names (docs/calibration.md).

Five seeds here (the docs use ten); a band is judged on the replications' mean, and the
bands are the sources', not widened to fit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orgsim

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PRESETS = sorted(p.name for p in SCENARIOS.glob("*.toml"))


def test_every_preset_names_its_patterns():
    for name in PRESETS:
        assert orgsim.load_scenario(SCENARIOS / name).spec.patterns, name


@pytest.mark.parametrize("name", PRESETS)
def test_preset_stays_inside_its_pattern_bands(name):
    report = orgsim.patterns(SCENARIOS / name, seeds=5)
    outside = report.table[~report.table["inside"]]
    assert report.all_inside, outside[["pattern", "band", "mean", "low_ci", "high_ci"]]
