"""C1: faster coding with the pipeline unchanged piles WIP up downstream; delivery barely
improves.

Experiment: enterprise-ai (every developer codes 3x faster) against enterprise-baseline
(no assistant), the same organization otherwise, paired seed by seed.

Verdict rule (bands as in `claims.verdict`, 20% substantial, 5% margin):
- premise: hands-on coding time per change must improve substantially; if it does not,
  the claim is not tested (holds None).
- WIP downstream of coding (every station after the first) must rise substantially (its
  band "worsens substantially"); if its interval shows it barely changes, falls, or
  rises by surely less than 20%, the claim fails.
- delivered throughput and lead time must not improve substantially: bands "barely
  changes", "worsens" or "worsens substantially" agree with the claim (more waiting is
  the mechanism's prediction, and the finding names the band, so a tenfold lead time
  reads "worsens substantially", never "barely improves"); "improves substantially"
  contradicts it. Lead time is Little's (WIP / throughput), which counts open work: the
  Kaplan-Meier mean is n/a when too much work is still open at the end, as it is when
  the queue grows all year.
holds: True if all three hold, False if any is contradicted, None otherwise. The finding
also names the station whose WIP grew most (the claim says review).
"""

from __future__ import annotations

import pandas as pd

from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import figures as f
from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.result import ClaimResult
from orgsim.metrics import formatting as fmt

CLAIM = "C1"
TITLE = "faster coding piles WIP up downstream; delivery barely improves"
PROBES = ("orgsim.metrics.probes:coding_days_per_change", "orgsim.metrics.probes:downstream_wip")
TREAT, CONTROL = k.AI, k.BASELINE
# (effect name, metric, which way is better)
EFFECTS = (
    ("coding time", "coding_days_per_change", "lower"),
    ("WIP downstream", "wip_downstream", "lower"),
    ("throughput", "throughput_per_week", "higher"),
    ("lead time", "lead_time_littles", "lower"),
)
TABLE_METRICS = (
    "coding_days_per_change",
    "throughput_per_week",
    "lead_time_littles",
    "lead_time_km_mean",
    "lead_time_mean",
    "wip_mean",
    "wip_downstream",
    "flow_efficiency",
)


def bundles(preset: k.Preset) -> dict[str, k.Scenario]:
    return k.derive_all([CONTROL, TREAT], preset)


def _wip_growth(runs: pd.DataFrame) -> dict[str, float]:
    """Mean paired growth of WIP per station (changes), treatment minus control."""
    seeds = k.common_seeds(runs, TREAT, CONTROL)
    cols = [c for c in runs.columns if c.startswith("wip.")]
    return {
        c[4:]: float((k.values(runs, TREAT, c, seeds) - k.values(runs, CONTROL, c, seeds)).mean())
        for c in cols
    }


def judge(runs: pd.DataFrame) -> v.Verdict:
    effects = {name: k.relative(runs, TREAT, CONTROL, m) for name, m, _ in EFFECTS}
    bands = {name: v.band(effects[name], better) for name, _, better in EFFECTS}
    premise = bands["coding time"] == v.IMPROVES_SUBSTANTIALLY
    pile = v.substantial_gain(effects["WIP downstream"], "higher")  # a rise of 20% or more
    delivery = [
        None if bands[n] == v.INCONCLUSIVE else bands[n] in v.NOT_IMPROVING
        for n in ("throughput", "lead time")
    ]
    holds = v.all_or_none([pile, *delivery]) if premise else None
    growth = _wip_growth(runs)
    top = max(growth, key=growth.get) if growth else "?"
    bn_c, nc = k.mode(runs, CONTROL)
    bn_t, nt = k.mode(runs, TREAT)
    n = k.n_seeds(runs, TREAT)

    def say(name: str) -> str:
        return f"{name}: {bands[name]} ({fmt.relative(effects[name])})"

    text = (
        f"With the assistant, hands-on coding time per change "
        f"{bands['coding time']} ({fmt.relative(effects['coding time'])}). "
        + (
            "The premise of C1 (faster coding) is not met, so the claim is not tested. "
            if not premise
            else ""
        )
        + f"WIP downstream of coding {bands['WIP downstream']} "
        f"({fmt.relative(effects['WIP downstream'])}); it grew most at {top} "
        f"({fmt.number(growth.get(top, float('nan')))} more changes on average"
        + (", where the claim puts it" if top == "review" else ", not at review")
        + f"). The busiest station moves from {bn_c} ({nc}/{n} seeds) to {bn_t} "
        f"({nt}/{n} seeds). Delivered {say('throughput')}; {say('lead time')} (Little's "
        f"law, open work counted). Rule: WIP downstream must rise by at least "
        f"{v.SUBSTANTIAL:.0%} and neither throughput nor lead time may improve by "
        f"{v.SUBSTANTIAL:.0%} or more, each judged on its whole 95% interval. "
        f"C1 {v.rule(holds)}."
    )
    band = f"throughput {bands['throughput']}, lead time {bands['lead time']}"
    return v.Verdict(holds, band, effects, text, bands)


def report(runs: pd.DataFrame, command: str, extra: pd.DataFrame | None = None) -> ClaimResult:
    verdict = judge(runs)
    table = pd.DataFrame(
        [
            k.effect_row(name, m, TREAT, CONTROL, verdict.effects[name], verdict.bands[name])
            for name, m, _ in EFFECTS
        ]
    )
    stations = [c for c in runs.columns if c.startswith("wip.")]
    levels = k.levels_table(runs, [CONTROL, TREAT], TABLE_METRICS)
    wip = k.levels_table(runs, [CONTROL, TREAT], stations)
    figs = {
        "c1_effects": _effects_figure(verdict),
        "c1_wip_by_station": _wip_figure(wip, [s[4:] for s in stations]),
    }
    series = runs.attrs.get("timeseries") or {}
    if series:
        figs["c1_wip_over_time"] = _series_figure(series, [s[4:] for s in stations])
    return ClaimResult(
        CLAIM,
        TITLE,
        table,
        figs,
        verdict.text,
        command,
        verdict.holds,
        {"means": levels, "WIP per station": wip},
        verdict,
        runs,
    )


def run(
    seeds=10, *, days=None, workers=1, backend="local", scheduler=None, preset=None
) -> ClaimResult:
    """Run C1's bundles on `seeds` and judge them (`preset`: claims.preset by default)."""
    from orgsim.experiments.claims import preset as shipped
    from orgsim.experiments.plan import seed_list_of

    first = seed_list_of(seeds)[0]
    runs = k.run_bundles(
        bundles(preset or shipped),
        seeds,
        days=days,
        probes=PROBES,
        workers=workers,
        backend=backend,
        scheduler=scheduler,
        timeseries=lambda job: job.seed == first,
    )
    return report(runs, k.command(CLAIM, seeds, days, workers))


# -- figures ------------------------------------------------------------------------------
def _effects_figure(verdict: v.Verdict):
    fig, ax = f.figure(9.5, 4.2)
    items = [
        (f"{name} ({m})", verdict.effects[name], verdict.bands[name]) for name, m, _ in EFFECTS
    ]
    f.effect_bars(ax[0, 0], items, "enterprise-ai vs enterprise-baseline, same seed (% change)")
    ax[0, 0].set_title("AI bolted on: paired change with 95% CI, coloured by band")
    f.band_legend(ax[0, 0])
    return fig


def _wip_figure(wip: pd.DataFrame, stations: list[str]):
    fig, ax = f.figure(10, 4.8)
    ax = ax[0, 0]
    import numpy as np

    x = np.arange(len(stations))
    for j, name in enumerate((CONTROL, TREAT)):
        t = wip[wip["bundle"] == name].set_index("metric")
        m = np.array([t.loc[f"wip.{s}", "mean"] for s in stations], dtype=float)
        lo = np.array([t.loc[f"wip.{s}", "low"] for s in stations], dtype=float)
        hi = np.array([t.loc[f"wip.{s}", "high"] for s in stations], dtype=float)
        xs = x + (j - 0.5) * 0.38
        ax.bar(xs, np.maximum(m, 0.1), 0.38, color=f.color(name), label=name)
        ax.errorbar(
            xs, m, yerr=f.yerr(m, np.maximum(lo, 0.1), hi), fmt="none", ecolor="k", capsize=3
        )
    ax.set_yscale("log")
    f.plain_log(ax)
    ax.set_xticks(x, stations)
    ax.set_xlabel("station (in pipeline order)")
    ax.set_ylabel("mean WIP (changes, log scale)")
    ax.set_title("Mean WIP per station (waiting + in work), 95% CI over seeds")
    ax.legend()
    return fig


def _series_figure(series: dict, stations: list[str]):
    import matplotlib

    fig, axes = f.figure(11, 4.4, ncols=2, sharey=True)
    cmap = matplotlib.colormaps["tab10"]
    for ax, name in zip(axes[0], (CONTROL, TREAT), strict=True):
        key = next((key for key in series if key[1] == name), None)
        if key is None:
            continue
        ts = series[key]
        for j, st in enumerate(stations):
            if f"wip_{st}" in ts.columns:
                ax.plot(ts.index, ts[f"wip_{st}"].clip(lower=0.5), color=cmap(j), label=st)
        ax.set_yscale("log")
        ax.set_title(f"{name} (seed {key[2]})")
        ax.set_xlabel("simulated time (working days, warm-up included)")
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel("WIP at the station (changes, log scale)")
    axes[0, 1].legend(fontsize=8, ncols=2)
    return fig
