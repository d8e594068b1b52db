"""Does the claim hold for organizations like mine? The claims over a Latin hypercube.

Each design point moves every preset to one set of values of the uncertain parameters
(`space.SPACE`); every claim module then names the scenarios its verdict needs
(`bundles(preset)`, by global bundle name), and the union of those bundles, deduplicated
by name, runs on K seeds at every point as ONE plan (`plan.Plan.points_of`), so the
local pool and Dask share the work and every bundle of a point runs on the same seeds
(common random numbers). Each claim's `judge` then gives a verdict per point.

A claim module is anything with `CLAIM`, `TITLE`, `PROBES`, `bundles(preset)` and
`judge(runs) -> Verdict` (`.holds`: True, False or None, `.band`, `.effects`, `.text`);
the shipped ones are `orgsim.experiments.claims.CLAIM_MODULES`.

The measured horizon defaults to DEFAULT_DAYS working days after each preset's own
warm-up, shorter than the presets' year, so that 200 points x 3 seeds stay within an
afternoon on two cores (docs/experiments.md, "Robustness"). Verdicts that depend on
how long WIP keeps piling up (a line that never reaches a steady state) can differ from
those at the presets' own horizon: pass `days=None` to use the presets' horizon.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from orgsim.experiments.plan import Plan, Progress, execute
from orgsim.experiments.robust.report import RobustnessReport, summarize
from orgsim.experiments.robust.space import SPACE, Uncertain, at_point, sample
from orgsim.scenario import Scenario

DEFAULT_DAYS = 60.0
DEFAULT_POINTS = 50
DEFAULT_SEEDS = 3

Presets = Mapping[str, Scenario] | Callable[[str], Scenario]


def claim_modules(names: Sequence[str] | None = None) -> dict[str, Any]:
    """The shipped claim modules (imported when first needed), or the named ones."""
    from orgsim.experiments.claims import CLAIM_MODULES

    if not names:
        # The claims C1-C5. `limits` is a check on the model (can the opposite outcome be
        # reached at all?), not a claim about organizations; name it to include it.
        return {k: m for k, m in CLAIM_MODULES.items() if k != "limits"}
    lookup = {n.lower(): n for n in CLAIM_MODULES}
    unknown = [n for n in names if n.lower() not in lookup]
    if unknown:
        raise ValueError(f"unknown claim {unknown[0]!r} (expected {', '.join(CLAIM_MODULES)})")
    return {lookup[n.lower()]: CLAIM_MODULES[lookup[n.lower()]] for n in names}


def _shipped_preset(name: str) -> Scenario:
    from orgsim.model import SCENARIO_DIR
    from orgsim.scenario import load_scenario

    return load_scenario(SCENARIO_DIR / f"{name}.toml")


def _base_lookup(presets: Presets | None) -> Callable[[str], Scenario]:
    if presets is None:
        return functools.cache(_shipped_preset)
    if callable(presets):
        return functools.cache(presets)
    table = dict(presets)

    def lookup(name: str) -> Scenario:
        if name not in table:
            raise KeyError(f"no preset {name!r} (have {', '.join(table)})")
        return table[name]

    return lookup


def point_bundles(
    modules: Mapping[str, Any],
    point: Mapping[str, Any],
    presets: Presets | None = None,
    space: Sequence[Uncertain] = SPACE,
) -> tuple[dict[str, Scenario], dict[str, list[str]]]:
    """Every claim's bundles at one design point, deduplicated by name, and which
    bundles each claim's verdict reads. The same name must mean the same scenario."""
    base = _base_lookup(presets)
    moved: dict[str, Scenario] = {}

    def preset(name: str) -> Scenario:
        if name not in moved:
            moved[name] = at_point(base(name), point, space)
        return moved[name]

    union: dict[str, Scenario] = {}
    owner: dict[str, str] = {}
    needs: dict[str, list[str]] = {}
    for claim, module in modules.items():
        bundles = module.bundles(preset)
        needs[claim] = list(bundles)
        for name, scn in bundles.items():
            if name in union:
                if scn is not union[name] and scn.to_dict() != union[name].to_dict():
                    raise ValueError(
                        f"bundle {name!r} is a different scenario in {owner[name]} and {claim}"
                    )
                continue
            union[name] = scn
            owner[name] = claim
    return union, needs


def build_plan(
    modules: Mapping[str, Any],
    design: pd.DataFrame,
    seeds: int | Sequence[int],
    *,
    presets: Presets | None = None,
    days: float | None = DEFAULT_DAYS,
    space: Sequence[Uncertain] = SPACE,
) -> tuple[Plan, dict[str, list[str]]]:
    """One plan: at every design point, the union of the claims' bundles on `seeds`."""
    per_point, needs = [], None
    base = _base_lookup(presets)  # one cache of parsed presets for every point
    for point in design.to_dict("records"):
        bundles, n = point_bundles(modules, point, base, space)
        per_point.append(bundles)
        needs = needs or n
    probes: dict[str, None] = {}
    for module in modules.values():
        probes.update(dict.fromkeys(getattr(module, "PROBES", ())))
    plan = Plan.points_of(
        per_point, seeds, days=days, probes=tuple(probes), points=design.to_dict("records")
    )
    return plan, needs or {}


def _outcome(holds: Any) -> str:
    if holds is None:
        return "inconclusive"
    return "holds" if bool(holds) else "fails"


def judge_all(
    modules: Mapping[str, Any], runs: pd.DataFrame, needs: Mapping[str, list[str]]
) -> pd.DataFrame:
    """One row per (point, claim): the outcome, the verdict's band and effect means.

    A judge that raises on a point's runs gives the outcome "error" with the message:
    it is counted apart, never as a verdict.
    """
    rows = []
    for point, at in runs.groupby("point", sort=True):
        for claim, module in modules.items():
            mine = at[at["bundle"].isin(needs[claim])].reset_index(drop=True)
            row: dict[str, Any] = {"point": int(point), "claim": claim}
            try:
                v = module.judge(mine)
            except Exception as exc:
                row.update(outcome="error", band="", text=f"{type(exc).__name__}: {exc}")
                rows.append(row)
                continue
            row.update(
                outcome=_outcome(v.holds),
                band=str(getattr(v, "band", "")),
                text=str(getattr(v, "text", "")),
            )
            for name, est in (getattr(v, "effects", None) or {}).items():
                row[f"effect.{name}"] = float(getattr(est, "mean", est))
            rows.append(row)
    return pd.DataFrame(rows)


def robustness(
    points: int = DEFAULT_POINTS,
    seeds: int | Sequence[int] = DEFAULT_SEEDS,
    *,
    claims: Sequence[str] | None = None,
    modules: Mapping[str, Any] | None = None,
    presets: Presets | None = None,
    space: Sequence[Uncertain] = SPACE,
    days: float | None = DEFAULT_DAYS,
    sample_seed: int = 0,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> RobustnessReport:
    """Run the claims at `points` Latin-hypercube points of the uncertain parameters.

    `modules`: claim modules by name (default: the shipped ones, or those named in
    `claims`). `presets`: the scenarios the modules ask for by name (default: the files
    in scenarios/). `seeds`: replications per bundle and point (common to all).
    `sample_seed` fixes the design. The report's `shares` say where each claim holds.
    """
    if modules is None:
        modules = claim_modules(claims)
    elif claims:
        modules = {k: v for k, v in modules.items() if k in set(claims)}
    if not modules:
        raise ValueError("no claim to test")
    design = sample(points, seed=sample_seed, space=space)
    plan, needs = build_plan(modules, design, seeds, presets=presets, days=days, space=space)
    runs = execute(plan, workers=workers, backend=backend, scheduler=scheduler, progress=progress)
    verdicts = judge_all(modules, runs, needs)
    titles = {c: str(getattr(m, "TITLE", c)) for c, m in modules.items()}
    settings = {
        "points": points,
        "seeds": len(plan.seeds),
        "days": days,
        "sample_seed": sample_seed,
        "bundles": len(plan.bundles(0)),
        "runs": len(plan.jobs),
    }
    return summarize(design, verdicts, runs, space, titles, settings)
