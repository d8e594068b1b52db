"""C4: the constraint is downstream; relieving it raises throughput, relieving a
non-constraint does not, and once relieved the constraint moves.

Experiment: enterprise-ai as is, and with each station relieved in turn
(`enterprise-ai+relieved:<station>`: capacity doubled), paired by seed. Throughput is the
delivery rate (the slope of cumulative deliveries, which release trains disturb less than
a count over the window). The constraint is the summary's own `bottleneck_station`, its
mode over seeds, as is and after the constraint was relieved.

Verdict rule. Each station's relief is a paired t test of the delivery rate against as
is; the family of tests (one per station) is corrected with Holm's method at 5%, so that
with seven stations a chance "rise" is not mistaken for a second constraint.
- The claim fails if the as-is constraint is the first station (coding: not downstream),
  if relieving any other station raises throughput (Holm-significant rise), if relieving
  the constraint surely raises it by less than 5% (the whole interval below +5%), or if
  the constraint stays where it was once relieved.
- It holds if the constraint is downstream, relieving it raises throughput
  (Holm-significant rise), no other relief does, and the constraint moves.
- Otherwise (the constraint's relief neither significant nor surely small) inconclusive.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import figures as f
from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.result import ClaimResult
from orgsim.experiments.estimate import holm, paired_pvalue
from orgsim.metrics import formatting as fmt

CLAIM = "C4"
TITLE = "the constraint is downstream, relieving it helps, and then it moves"
PROBES: tuple[str, ...] = ()
ORG = k.AI
METRIC = "delivery_rate_per_week"
ALPHA = 0.05


def bundles(preset: k.Preset) -> dict[str, k.Scenario]:
    stations = preset(ORG).spec.station_names
    return k.derive_all([ORG, *(k.relieved(ORG, s) for s in stations)], preset)


def stations_of(runs: pd.DataFrame) -> list[str]:
    """Relieved stations in plan (pipeline) order."""
    prefix = k.relieved(ORG, "")
    seen = dict.fromkeys(b[len(prefix) :] for b in runs["bundle"] if b.startswith(prefix))
    return list(seen)


def tests(runs: pd.DataFrame) -> pd.DataFrame:
    """Per station: relative change of the delivery rate, p-value, Holm decision, band."""
    stations = stations_of(runs)
    rows = []
    for s in stations:
        b = k.relieved(ORG, s)
        seeds = k.common_seeds(runs, b, ORG)
        p = paired_pvalue(k.values(runs, b, METRIC, seeds), k.values(runs, ORG, METRIC, seeds))
        e = k.relative(runs, b, ORG, METRIC)
        bn, cnt = k.mode(runs, b)
        rows.append(
            {
                **k.effect_row(f"relieve {s}", METRIC, b, ORG, e, v.band(e)),
                "p": p,
                "constraint after": f"{bn} ({cnt}/{len(seeds)})",
            }
        )
    t = pd.DataFrame(rows)
    reject = holm(list(t["p"]), ALPHA) if len(t) else []
    t.insert(
        t.columns.get_loc("p") + 1,
        "raises (Holm)",
        [bool(r and m > 0) for r, m in zip(reject, t["mean"], strict=True)],
    )
    return t


def judge(runs: pd.DataFrame) -> v.Verdict:
    t = tests(runs).set_index("effect")
    stations = stations_of(runs)
    first = stations[0]
    kst, kn = k.mode(runs, ORG)
    n = k.n_seeds(runs, ORG)
    effects = {name: k.relative(runs, r["treatment"], ORG, METRIC) for name, r in t.iterrows()}
    bands = dict(t["band"])
    raisers = [s for s in stations if t.loc[f"relieve {s}", "raises (Holm)"]]
    others = [s for s in raisers if s != kst]
    after, an = k.mode(runs, k.relieved(ORG, kst)) if kst in stations else ("", 0)
    e_k = effects.get(f"relieve {kst}")
    if kst == first or others or (after == kst) or (e_k is not None and e_k.below(v.MARGIN)):
        holds = False
    elif kst in raisers and after and after != kst:
        holds = True
    else:
        holds = None
    text = (
        f"In {ORG} the constraint (busiest station) is {kst} on {kn}/{n} seeds"
        + (" (the first station: not downstream)" if kst == first else "")
        + f". Doubling its capacity changes the delivery rate by "
        f"{fmt.relative(e_k) if e_k else 'n/a'} ({bands.get(f'relieve {kst}', 'n/a')}); "
        f"doubling {first}'s changes it by {fmt.relative(effects[f'relieve {first}'])}. "
        f"Stations whose relief raises throughput (paired t tests, Holm-corrected at "
        f"{ALPHA:.0%} over {len(stations)} stations): {', '.join(raisers) or 'none'}. "
        f"Once {kst} is relieved the constraint is {after or 'n/a'} ({an}/{n} seeds)"
        + (": it moves" if after and after != kst else ": it does not move")
        + f". Rule: the constraint must be downstream, its relief must raise throughput, no "
        f"other station's relief may, and relieved, the constraint must move. "
        f"C4 {v.rule(holds)}."
    )
    band = f"relieving {kst}: {bands.get(f'relieve {kst}', 'n/a')}; constraint moves to {after}"
    if after == kst:
        band = f"relieving {kst}: {bands.get(f'relieve {kst}', 'n/a')}; constraint stays"
    return v.Verdict(holds, band, effects, text, bands)


def report(runs: pd.DataFrame, command: str, extra: pd.DataFrame | None = None) -> ClaimResult:
    verdict = judge(runs)
    t = tests(runs)
    utils = [c for c in runs.columns if c.startswith("util_station.")]
    kst, _ = k.mode(runs, ORG)
    levels = k.levels_table(runs, [ORG, k.relieved(ORG, kst)], [METRIC, *utils])
    return ClaimResult(
        CLAIM,
        TITLE,
        t,
        {"c4_relief": _figure(t, levels, kst, utils)},
        verdict.text,
        command,
        verdict.holds,
        {"utilization as is and with the constraint relieved": levels},
        verdict,
        runs,
    )


def run(
    seeds=10, *, days=None, workers=1, backend="local", scheduler=None, preset=None
) -> ClaimResult:
    return k.run_claim(sys.modules[__name__], seeds, days, workers, backend, scheduler, preset)


def _figure(t: pd.DataFrame, levels: pd.DataFrame, kst: str, utils: list[str]):
    from orgsim.experiments.estimate import Estimate

    fig, axes = f.figure(14, 5.0, ncols=2)
    items = [
        (
            r["effect"]
            + (" (constraint)" if r["effect"] == f"relieve {kst}" else "")
            + (" *" if r["raises (Holm)"] else ""),
            Estimate(r["mean"], r["low"], r["high"], int(r["n"])),
            r["band"],
        )
        for _, r in t.iterrows()
    ]
    f.effect_bars(axes[0, 0], items, f"change in delivery rate vs {ORG} as is (%)")
    axes[0, 0].set_title("Double one station's capacity at a time (* Holm-significant rise)")
    ax = axes[0, 1]
    stations = [u.split(".", 1)[1] for u in utils]
    x = np.arange(len(stations))
    for j, b in enumerate((ORG, k.relieved(ORG, kst))):
        sub = levels[levels["bundle"] == b].set_index("metric")
        m = np.array([sub.loc[u, "mean"] for u in utils], dtype=float) * 100
        ax.bar(x + (j - 0.5) * 0.4, m, 0.4, label=b, color=f.color(ORG), alpha=1.0 - 0.5 * j)
    ax.set_xticks(x, stations, rotation=20)
    ax.set_ylabel("utilization (% of server time busy)")
    ax.set_title("Where the constraint sits, as is and once relieved")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return fig
