"""C3 and C5 as interaction effects: does an organization capture the assistant's gain?

The AI effect inside organization X is X against X@no-ai (the same organization with the
baseline's assistant: none); the AI effect bolted on is enterprise-ai against
enterprise-baseline. Both are relative paired changes, and their difference-in-differences
(`Estimate.interaction`, per seed) says how much more of the gain X captures than the
unchanged enterprise. X@no-ai against the baseline is X's own effect without AI (the
redesign, or the short pipeline), reported separately so that it is not counted as
captured gain.

Verdict rule, on throughput and on Little's lead time (open work counted), in the bands
of `claims.verdict`: the claim holds when, for both, the AI effect inside X improves
substantially AND the interaction improves substantially (the AI helps X by at least 20
points more than it helps the unchanged enterprise). It fails when either effect's whole
interval lies below a 20% improvement (`verdict.substantial_gain`) for either metric;
otherwise it is inconclusive.
"""

from __future__ import annotations

import pandas as pd

from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import figures as f
from orgsim.experiments.claims import verdict as v
from orgsim.metrics import formatting as fmt
from orgsim.metrics.catalog import label

METRICS = (
    ("throughput", "throughput_per_week", "higher"),
    ("lead time", "lead_time_littles", "lower"),
)


def names(org: str) -> list[str]:
    return [k.BASELINE, k.AI, k.no_ai(org), org]


def effects_of(runs: pd.DataFrame, org: str):
    """Every estimate of the verdict, with its band, metric and (treatment, control)."""
    bare = k.no_ai(org)
    out = {}
    for what, m, better in METRICS:
        items = {
            f"AI inside {org} ({what})": (k.relative(runs, org, bare, m), org, bare),
            f"AI bolted on ({what})": (k.relative(runs, k.AI, k.BASELINE, m), k.AI, k.BASELINE),
            f"interaction ({what})": (
                k.interaction(runs, org, bare, k.AI, k.BASELINE, m),
                f"{org} - {bare}",
                f"{k.AI} - {k.BASELINE}",
            ),
            f"{org} without AI ({what})": (k.relative(runs, bare, k.BASELINE, m), bare, k.BASELINE),
        }
        for name, (e, t, c) in items.items():
            out[name] = (e, v.band(e, better), m, t, c)
    return out


def judge(runs: pd.DataFrame, org: str, claim: str, own: str) -> v.Verdict:
    """`own`: what X has without AI ("the redesign", "the short pipeline")."""
    eff = effects_of(runs, org)
    checks, parts = [], []
    for what, _, _ in METRICS:
        inside, *_ = eff[f"AI inside {org} ({what})"]
        b_in = eff[f"AI inside {org} ({what})"][1]
        b_dd = eff[f"interaction ({what})"][1]
        better = "higher" if what == "throughput" else "lower"
        checks.append(
            v.all_or_none(
                [
                    v.substantial_gain(inside, better),
                    v.substantial_gain(eff[f"interaction ({what})"][0], better),
                ]
            )
        )
        parts.append(
            f"{what}: the assistant changes it by {fmt.relative(inside)} inside {org} "
            f"({b_in}) and by {fmt.relative(eff[f'AI bolted on ({what})'][0])} bolted onto "
            f"the enterprise ({eff[f'AI bolted on ({what})'][1]}); the difference in "
            f"differences (points of relative change) is {fmt.relative(eff[f'interaction ({what})'][0])} ({b_dd}); "
            f"{own} alone, without AI, changes it by "
            f"{fmt.relative(eff[f'{org} without AI ({what})'][0])} against the baseline"
        )
    holds = v.all_or_none(checks)
    bn_bare, n_bare = k.mode(runs, k.no_ai(org))
    bn, n_org = k.mode(runs, org)
    n = k.n_seeds(runs, org)
    text = (
        ". ".join(p[0].upper() + p[1:] for p in parts)
        + f". The busiest station of {org} is {bn_bare} without AI ({n_bare}/{n} seeds) and "
        f"{bn} with it ({n_org}/{n} seeds). Rule: for throughput and lead time (Little's "
        f"law, open work counted) the assistant's effect inside {org} must improve by at "
        f"least {v.SUBSTANTIAL:.0%} and exceed its bolted-on effect by at least "
        f"{v.SUBSTANTIAL:.0%} points (difference in differences, paired by seed), each on "
        f"its whole 95% interval. {claim} {v.rule(holds)}."
    )
    bands = {name: x[1] for name, x in eff.items()}
    band = ", ".join(
        f"{what}: inside {bands[f'AI inside {org} ({what})']}, "
        f"interaction {bands[f'interaction ({what})']}"
        for what, _, _ in METRICS
    )
    return v.Verdict(holds, band, {name: x[0] for name, x in eff.items()}, text, bands)


def table(runs: pd.DataFrame, org: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            k.effect_row(name, m, t, c, e, b)
            for name, (e, b, m, t, c) in effects_of(runs, org).items()
        ]
    )


def figure(runs: pd.DataFrame, verdict: v.Verdict, org: str, title: str):
    """Left: each effect with its band; right: throughput and lead time per bundle."""
    fig, axes = f.figure(14, 5.2, ncols=3, gridspec_kw={"width_ratios": [1.6, 1, 1]})
    items = [(name, verdict.effects[name], verdict.bands[name]) for name in verdict.effects]
    f.effect_bars(axes[0, 0], items, "relative paired change (%); interaction in points")
    axes[0, 0].set_title("The assistant's effect inside and outside, and their difference")
    levels = k.levels_table(runs, names(org), [m for _, m, _ in METRICS])
    for ax, (_, m, _) in zip(axes[0, 1:], METRICS, strict=True):
        f.level_bars(ax, levels, names(org), m, label(m), log=m.startswith("lead"))
        ax.set_title(label(m), fontsize=9)
    fig.suptitle(title)
    f.note(
        fig,
        "Bars coloured by band (green: improves substantially; grey: barely changes; "
        "orange/red: worsens). '@no-ai': the same organization without the assistant.",
    )
    return fig


def summary_levels(runs: pd.DataFrame, org: str, extra=()) -> pd.DataFrame:
    ms = [m for _, m, _ in METRICS] + ["lead_time_km_mean", "cost_per_item", *extra]
    return k.levels_table(runs, names(org), ms)
