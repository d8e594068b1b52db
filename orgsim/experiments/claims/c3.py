"""C3: an organization that redesigns its pipeline captures the assistant's gain.

Experiment: the AI effect inside enterprise-ai-redesigned (against the same redesigned
organization without the assistant, enterprise-ai-redesigned@no-ai) against the AI effect
bolted onto the unchanged enterprise (enterprise-baseline -> enterprise-ai), as a
difference-in-differences paired by seed; the redesign's own effect without AI is
reported separately. Verdict rule: `claims.capture` (both the effect inside and the
interaction must improve substantially, on throughput and on Little's lead time).

Beside the verdict, `extras` switches each redesign lever on alone in enterprise-ai and
off alone in the redesign (on `sweep_seeds`), to show which levers carry the gain; the
lever table does not enter the verdict.
"""

from __future__ import annotations

import pandas as pd

from orgsim.experiments.claims import capture
from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import figures as f
from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.result import ClaimResult

CLAIM = "C3"
TITLE = "redesigning the pipeline captures the assistant's gain"
PROBES: tuple[str, ...] = ()
ORG = k.REDESIGNED
OWN = "the redesign"


def bundles(preset: k.Preset) -> dict[str, k.Scenario]:
    return k.derive_all(capture.names(ORG), preset)


def extras(preset: k.Preset) -> dict[str, k.Scenario]:
    """One lever at a time: on in enterprise-ai, off in enterprise-ai-redesigned."""
    names = [k.AI, ORG]
    for lever in k.LEVERS:
        names += [f"{k.AI}+on:{lever}", f"{ORG}+off:{lever}"]
    return k.derive_all(names, preset)


def judge(runs: pd.DataFrame) -> v.Verdict:
    return capture.judge(runs, ORG, CLAIM, OWN)


def levers_table(runs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for what, m, better in capture.METRICS:
        for lever in k.LEVERS:
            for treat, control in ((f"{k.AI}+on:{lever}", k.AI), (f"{ORG}+off:{lever}", ORG)):
                e = k.relative(runs, treat, control, m)
                rows.append(
                    k.effect_row(f"{lever} ({what})", m, treat, control, e, v.band(e, better))
                )
    return pd.DataFrame(rows)


def report(runs: pd.DataFrame, command: str, extra: pd.DataFrame | None = None) -> ClaimResult:
    verdict = judge(runs)
    figs = {
        "c3_capture": capture.figure(runs, verdict, ORG, "C3: AI inside the redesign vs bolted on")
    }
    tables = {"means": capture.summary_levels(runs, ORG)}
    if extra is not None and len(extra):
        lev = levers_table(extra)
        tables["one lever at a time"] = lev
        figs["c3_levers"] = _lever_figure(lev)
    return ClaimResult(
        CLAIM,
        TITLE,
        capture.table(runs, ORG),
        figs,
        verdict.text,
        command,
        verdict.holds,
        tables,
        verdict,
        runs,
    )


def run(
    seeds=10,
    *,
    days=None,
    workers=1,
    backend="local",
    scheduler=None,
    preset=None,
    sweep_seeds=None,
) -> ClaimResult:
    """`sweep_seeds`: seeds of the one-lever-at-a-time study (None: skip it)."""
    from orgsim.experiments.claims import preset as shipped

    p = preset or shipped
    kw = dict(days=days, workers=workers, backend=backend, scheduler=scheduler)
    runs = k.run_bundles(bundles(p), seeds, probes=PROBES, **kw)
    extra = k.run_bundles(extras(p), sweep_seeds, **kw) if sweep_seeds else None
    return report(runs, k.command(CLAIM, seeds, days, workers, sweep_seeds=sweep_seeds), extra)


def _lever_figure(lev: pd.DataFrame):
    fig, axes = f.figure(14, 8.0, ncols=2, nrows=2)
    for row, (what, _, _) in enumerate(capture.METRICS):
        for col, side in enumerate(("on", "off")):
            t = lev[
                lev["effect"].str.endswith(f"({what})")
                & lev["treatment"].str.contains(f"+{side}:", regex=False)
            ]
            items = [(r["treatment"].split("+", 1)[1], _est(r), r["band"]) for _, r in t.iterrows()]
            f.effect_bars(axes[row, col], items, f"change in {what} vs {t['control'].iloc[0]} (%)")
    axes[0, 0].set_title("Switch ONE lever on in enterprise-ai")
    axes[0, 1].set_title("Switch ONE lever off in enterprise-ai-redesigned")
    return fig


def _est(r):
    from orgsim.experiments.estimate import Estimate

    return Estimate(float(r["mean"]), float(r["low"]), float(r["high"]), int(r["n"]))


__all__ = ["CLAIM", "PROBES", "TITLE", "bundles", "extras", "judge", "report", "run"]
