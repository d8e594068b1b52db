"""limits: the claims' outcomes are not built in; the opposite is reachable.

The mission asks that the opposite outcome be reachable with other parameters. `limits`
tests exactly that, as a claim of its own ("holds" means, as for C1-C5, that the claim
under test holds):

1. With ample downstream capacity (three times the reviewers, CI and QA servers and
   approvers: `+ample-downstream`), the bolted-on assistant raises delivered throughput
   substantially: C1's "throughput barely improves" stops holding once coding is the
   constraint.
2. An assistant that slows coding down (0.8x, as METR measured for experienced
   developers in their own repositories) does not raise throughput: the larger PRs and
   extra defects stay, the speed is gone.

Verdict rule (bands of `claims.verdict`): holds when (1)'s throughput band is "improves
substantially" and (2)'s is "barely changes" or a worsening; fails when (1)'s whole
interval lies below a 20% gain (`verdict.substantial_gain`) or (2) improves substantially;
otherwise inconclusive. Lead time, cost per change and realistic adoption at 0.8x are
reported beside the verdict.
"""

from __future__ import annotations

import sys

import pandas as pd

from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import figures as f
from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.result import ClaimResult
from orgsim.metrics import formatting as fmt

CLAIM = "limits"
TITLE = "the opposite is reachable: ample downstream capacity pays off, a 0.8x assistant does not"
PROBES: tuple[str, ...] = ()
SLOW = 0.8
AMPLE_T, AMPLE_C = k.ample(k.AI), k.ample(k.BASELINE)
SLOW_AI, SLOW_REAL = k.at_speed(k.AI, SLOW), k.at_speed(k.REALISTIC, SLOW)
# (effect, treatment, control, metric, better)
EFFECTS = (
    ("ample capacity: throughput", AMPLE_T, AMPLE_C, "throughput_per_week", "higher"),
    ("ample capacity: lead time", AMPLE_T, AMPLE_C, "lead_time_littles", "lower"),
    ("ample capacity: cost per change", AMPLE_T, AMPLE_C, "cost_per_item", "lower"),
    ("0.8x assistant: throughput", SLOW_AI, k.BASELINE, "throughput_per_week", "higher"),
    ("0.8x assistant: cost per change", SLOW_AI, k.BASELINE, "cost_per_item", "lower"),
    (
        "0.8x, realistic adoption: throughput",
        SLOW_REAL,
        k.BASELINE,
        "throughput_per_week",
        "higher",
    ),
)


def bundles(preset: k.Preset) -> dict[str, k.Scenario]:
    return k.derive_all(bundles_names(), preset)


def judge(runs: pd.DataFrame) -> v.Verdict:
    effects, bands = {}, {}
    for name, t, c, m, better in EFFECTS:
        if (runs["bundle"] == t).any() and (runs["bundle"] == c).any():
            effects[name] = k.relative(runs, t, c, m)
            bands[name] = v.band(effects[name], better)
    ample = bands.get("ample capacity: throughput", v.INCONCLUSIVE)
    slow = bands.get("0.8x assistant: throughput", v.INCONCLUSIVE)
    first = (
        v.substantial_gain(effects["ample capacity: throughput"])
        if ("ample capacity: throughput" in effects)
        else None
    )
    second = {v.IMPROVES_SUBSTANTIALLY: False, v.INCONCLUSIVE: None}.get(slow, True)
    holds = v.all_or_none([first, second])
    bn, cnt = k.mode(runs, AMPLE_T)
    n = k.n_seeds(runs, AMPLE_T)

    def say(name: str) -> str:
        return f"{name.split(': ', 1)[1]} {bands[name]} ({fmt.relative(effects[name])})"

    text = (
        f"With three times the downstream people and servers, the 3x assistant against the "
        f"same organization without it: {say('ample capacity: throughput')}, "
        f"{say('ample capacity: lead time')} (the gates still hold changes back), "
        f"{say('ample capacity: cost per change')}; the busiest station is {bn} "
        f"({cnt}/{n} seeds). An assistant at {SLOW:g}x with full adoption against the "
        f"baseline: {say('0.8x assistant: throughput')}, "
        f"{say('0.8x assistant: cost per change')}"
        + (
            f"; with realistic adoption, {say('0.8x, realistic adoption: throughput')}"
            if "0.8x, realistic adoption: throughput" in bands
            else ""
        )
        + f". Rule: with ample capacity throughput must improve by at least "
        f"{v.SUBSTANTIAL:.0%} (so C1's delivery prediction is reversed), and at {SLOW:g}x "
        f"it must not improve substantially. The claim that the opposite is reachable "
        f"{v.rule(holds)}."
    )
    band = f"ample capacity: throughput {ample}; {SLOW:g}x: throughput {slow}"
    return v.Verdict(holds, band, effects, text, bands)


def report(runs: pd.DataFrame, command: str, extra: pd.DataFrame | None = None) -> ClaimResult:
    verdict = judge(runs)
    table = pd.DataFrame(
        [
            k.effect_row(name, m, t, c, verdict.effects[name], verdict.bands[name])
            for name, t, c, m, _ in EFFECTS
            if name in verdict.effects
        ]
    )
    levels = k.levels_table(
        runs, list(bundles_names()), ("throughput_per_week", "lead_time_littles", "cost_per_item")
    )
    fig, ax = f.figure(11, 4.6)
    items = [(name, verdict.effects[name], verdict.bands[name]) for name in verdict.effects]
    f.effect_bars(ax[0, 0], items, "paired change (%)")
    ax[0, 0].set_title("Where the claims stop holding (paired seeds, 95% CI, coloured by band)")
    f.band_legend(ax[0, 0])
    return ClaimResult(
        CLAIM,
        TITLE,
        table,
        {"limits": fig},
        verdict.text,
        command,
        verdict.holds,
        {"means": levels},
        verdict,
        runs,
    )


def bundles_names() -> tuple[str, ...]:
    return (k.BASELINE, AMPLE_C, AMPLE_T, SLOW_AI, SLOW_REAL)


def run(
    seeds=10, *, days=None, workers=1, backend="local", scheduler=None, preset=None
) -> ClaimResult:
    return k.run_claim(sys.modules[__name__], seeds, days, workers, backend, scheduler, preset)
