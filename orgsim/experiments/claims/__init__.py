"""The mission's claims C1-C5 as experiments, and where they stop holding (`limits`).

One module per claim (`c1` ... `c5`, `limits`), each with the same interface:

    CLAIM, TITLE, PROBES               # name, title, per-run probes judge() needs
    bundles(preset) -> {name: Scenario}  # global bundle names (see claims.common)
    judge(runs) -> Verdict              # from rows (bundle, seed, metrics) of one point
    report(runs, command) -> ClaimResult
    run(seeds, days=, workers=, backend=, scheduler=) -> ClaimResult

`holds` always means "the claim under test holds" (True), "the data contradict it"
(False) or "the intervals cannot tell" (None); every verdict is given in bands (see
`claims.verdict`). Nothing here decides an outcome: every word of a finding is chosen by
comparing measured intervals with the rule its module states.

    from orgsim.experiments.claims import c1, run_claims
    r = c1(seeds=10, workers=2)
    print(r.finding); r.table; r.figures["c1_wip_by_station"].savefig("wip.png")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from types import ModuleType
from typing import Any

from orgsim.experiments.claims import c1 as _c1
from orgsim.experiments.claims import c2 as _c2
from orgsim.experiments.claims import c3 as _c3
from orgsim.experiments.claims import c4 as _c4
from orgsim.experiments.claims import c5 as _c5
from orgsim.experiments.claims import limits as _limits
from orgsim.experiments.claims.common import ample_overrides, derive, run_bundles
from orgsim.experiments.claims.result import ClaimResult
from orgsim.experiments.claims.verdict import Verdict
from orgsim.scenario import Scenario

CLAIM_MODULES: dict[str, ModuleType] = {m.CLAIM: m for m in (_c1, _c2, _c3, _c4, _c5, _limits)}
CLAIMS = tuple(CLAIM_MODULES)


@cache
def preset(name: str) -> Scenario:
    """A shipped preset, scenarios/<name>.toml (scenarios are immutable: cached)."""
    from orgsim.model import SCENARIO_DIR
    from orgsim.scenario import load_scenario

    path = SCENARIO_DIR / f"{name}.toml"
    if not path.is_file():
        raise KeyError(f"no preset {name!r} in {SCENARIO_DIR}")
    return load_scenario(path)


def c1(seeds=10, **kw) -> ClaimResult:
    return _c1.run(seeds, **kw)


def c2(seeds=10, **kw) -> ClaimResult:
    return _c2.run(seeds, **kw)


def c3(seeds=10, **kw) -> ClaimResult:
    return _c3.run(seeds, **kw)


def c4(seeds=10, **kw) -> ClaimResult:
    return _c4.run(seeds, **kw)


def c5(seeds=10, **kw) -> ClaimResult:
    return _c5.run(seeds, **kw)


def limits(seeds=10, **kw) -> ClaimResult:
    return _limits.run(seeds, **kw)


def run_claims(
    names: Sequence[str] = CLAIMS,
    *,
    seeds: int = 10,
    sweep_seeds: int = 5,
    days: float | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    preset: Callable[[str], Scenario] = preset,
    progress: Callable[[str], None] | None = None,
) -> Iterator[ClaimResult]:
    """Run the named claims' bundles once (their union, on common seeds), then judge and
    report each claim in order; yield each `ClaimResult`. C3's one-lever-at-a-time study
    runs on `sweep_seeds`."""
    from orgsim.experiments.claims.common import command
    from orgsim.experiments.plan import seed_list_of

    modules = [CLAIM_MODULES[n] for n in names]
    union: dict[str, Scenario] = {}
    probes: dict[str, None] = {}
    for m in modules:
        union.update(m.bundles(preset))
        probes.update(dict.fromkeys(m.PROBES))
    first = seed_list_of(seeds)[0]
    c1_names = set(_c1.bundles(preset)) if _c1 in modules else set()
    if progress:
        progress(f"{len(union)} bundles x {len(seed_list_of(seeds))} seeds")
    runs = run_bundles(
        union,
        seeds,
        days=days,
        probes=tuple(probes),
        workers=workers,
        backend=backend,
        scheduler=scheduler,
        timeseries=lambda job: job.seed == first and job.bundle in c1_names,
    )
    for m in modules:
        if progress:
            progress(m.CLAIM)
        kw: dict[str, Any] = {}
        extra = None
        if hasattr(m, "extras"):
            extra = run_bundles(
                m.extras(preset),
                sweep_seeds,
                days=days,
                workers=workers,
                backend=backend,
                scheduler=scheduler,
            )
            kw["sweep_seeds"] = len(seed_list_of(sweep_seeds))
        mine = runs[runs["bundle"].isin(list(m.bundles(preset)))].copy()
        mine.attrs["timeseries"] = runs.attrs.get("timeseries", {}) if m is _c1 else {}
        yield m.report(mine, command(m.CLAIM, seeds, days, workers, **kw), extra)


__all__ = [
    "CLAIMS",
    "CLAIM_MODULES",
    "ClaimResult",
    "Verdict",
    "ample_overrides",
    "c1",
    "c2",
    "c3",
    "c4",
    "c5",
    "derive",
    "limits",
    "preset",
    "run_claims",
]
