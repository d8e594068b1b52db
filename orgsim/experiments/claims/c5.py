"""C5: an AI-native organization with a short pipeline turns the speed-up into real gains.

Experiment: the AI effect inside ai-native (against ai-native@no-ai, the same short
pipeline without the assistant) against the AI effect bolted onto the enterprise
(enterprise-baseline -> enterprise-ai), as a difference-in-differences paired by seed; the
short pipeline's own effect without AI (ai-native@no-ai against the baseline) is reported
separately, so that what the pipeline gives is not counted as what the assistant gives.
Verdict rule: `claims.capture` (both the effect inside and the interaction must improve
substantially, on throughput and on Little's lead time).
"""

from __future__ import annotations

import sys

import pandas as pd

from orgsim.experiments.claims import capture
from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.result import ClaimResult

CLAIM = "C5"
TITLE = "an AI-native organization turns the speed-up into delivery"
PROBES: tuple[str, ...] = ()
ORG = k.NATIVE
OWN = "the short pipeline"


def bundles(preset: k.Preset) -> dict[str, k.Scenario]:
    return k.derive_all(capture.names(ORG), preset)


def judge(runs: pd.DataFrame) -> v.Verdict:
    return capture.judge(runs, ORG, CLAIM, OWN)


def report(runs: pd.DataFrame, command: str, extra: pd.DataFrame | None = None) -> ClaimResult:
    verdict = judge(runs)
    fig = capture.figure(
        runs, verdict, ORG, "C5: AI inside the AI-native organization vs bolted on"
    )
    levels = capture.summary_levels(runs, ORG, ("deploys_per_week", "change_failure_rate"))
    return ClaimResult(
        CLAIM,
        TITLE,
        capture.table(runs, ORG),
        {"c5_ai_native": fig},
        verdict.text,
        command,
        verdict.holds,
        {"means": levels},
        verdict,
        runs,
    )


def run(
    seeds=10, *, days=None, workers=1, backend="local", scheduler=None, preset=None
) -> ClaimResult:
    return k.run_claim(sys.modules[__name__], seeds, days, workers, backend, scheduler, preset)
