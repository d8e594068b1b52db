"""What the claims share: global bundle names, running them, pairing runs by seed.

Bundle names are global: a name always means the same derived scenario, whichever claim
asks for it, so a caller can run the union of all claims' bundles once. A name is a
shipped preset followed by at most one variant:

- `<preset>`: the preset as shipped (or as the caller's `preset` function returns it).
- `<preset>@no-ai`: the preset with the assistant of enterprise-baseline (no adoption,
  every multiplier 1, no tokens, no seats). enterprise-ai@no-ai *is* enterprise-baseline,
  so "AI inside organization X" is the same treatment as "AI bolted onto the enterprise".
- `<preset>@<x>x`: the preset with `ai.coding_speedup = x` (everything else unchanged).
- `<preset>+relieved:<station>`: the station's capacity doubled (`relieve`, relief 1.0:
  service twice as fast, or a gate open twice as often).
- `<preset>+ample-downstream`: three times the reviewers, CI and QA servers and approvers.
- `<preset>+on:<lever>` / `<preset>+off:<lever>`: one redesign lever of `LEVERS` switched
  on (as in enterprise-ai-redesigned) or off (as in enterprise-ai).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.constraint import relieve
from orgsim.experiments.estimate import Estimate
from orgsim.experiments.plan import Plan, execute, seed_list_of
from orgsim.scenario import Scenario

BASELINE = "enterprise-baseline"
AI = "enterprise-ai"
REDESIGNED = "enterprise-ai-redesigned"
REALISTIC = "realistic-ai"
NATIVE = "ai-native"

Preset = Callable[[str], Scenario]

NO_AI: dict[str, Any] = {
    "ai.adoption": 0.0,
    "ai.coding_speedup": 1.0,
    "ai.pr_size_multiplier": 1.0,
    "ai.defect_multiplier": 1.0,
    "ai.token_cost_per_day": 0.0,
    "ai.seat_cost_per_month": 0.0,
}
RELIEF = 1.0  # "+relieved": the station's capacity doubled
AMPLE = 3  # "+ample-downstream": this many times the downstream people and servers

# Each redesign lever: (overrides switching it on, overrides switching it off).
LEVERS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "coe": (
        {"policy.center_of_excellence.enabled": True, "policy.center_of_excellence.strength": 0.7},
        {"policy.center_of_excellence.enabled": False},
    ),
    "mandate": ({"policy.mandate": 0.9}, {"policy.mandate": 0.3}),
    "governance": ({"policy.governance": "risk_based"}, {"policy.governance": "manual"}),
    "wip-limit": ({"policy.wip_limit": 20}, {"policy.wip_limit": 0}),
    "continuous-deployment": (
        {"policy.continuous_deployment": True},
        {"policy.continuous_deployment": False},
    ),
    "cross-team-review": ({"policy.cross_team_review": True}, {"policy.cross_team_review": False}),
    "test-capacity": ({"pipeline.qa.servers": 24}, {"pipeline.qa.servers": 16}),
}

_NAME = re.compile(r"^(?P<preset>[\w.-]+?)(?:@(?P<at>no-ai|[\d.]+x)|\+(?P<plus>.+))?$")


def no_ai(name: str) -> str:
    return f"{name}@no-ai"


def at_speed(name: str, speedup: float) -> str:
    return f"{name}@{speedup:g}x"


def relieved(name: str, station: str) -> str:
    return f"{name}+relieved:{station}"


def ample(name: str) -> str:
    return f"{name}+ample-downstream"


def ample_overrides(scn: Scenario) -> dict[str, Any]:
    """Three times the capacity of every people- or server-limited station after coding."""
    spec = scn.spec
    out: dict[str, Any] = {}
    for st in spec.pipeline[1:]:
        if st.gate is not None:
            continue
        if st.role == "automated":
            out[f"pipeline.{st.name}.servers"] = AMPLE * st.servers
        elif st.role in spec.org.people_per_team:
            out[f"org.people_per_team.{st.role}"] = AMPLE * spec.org.people_per_team[st.role]
        elif st.role in spec.org.shared_people:
            out[f"org.shared_people.{st.role}"] = AMPLE * spec.org.shared_people[st.role]
    return out


def derive(bundle: str, preset: Preset) -> Scenario:
    """The scenario a global bundle name stands for (see the module docstring)."""
    m = _NAME.match(bundle)
    if m is None:
        raise ValueError(f"not a bundle name: {bundle!r}")
    scn = preset(m["preset"])
    at, plus = m["at"], m["plus"]
    if at == "no-ai":
        return scn.with_overrides(NO_AI)
    if at:
        return scn.with_overrides({"ai.coding_speedup": float(at[:-1])})
    if plus and plus.startswith("relieved:"):
        return relieve(scn, plus.split(":", 1)[1], RELIEF)
    if plus and plus.split(":", 1)[0] in ("on", "off"):
        side, lever = plus.split(":", 1)
        return scn.with_overrides(LEVERS[lever][0 if side == "on" else 1])
    if plus == "ample-downstream":
        return scn.with_overrides(ample_overrides(scn))
    if plus:
        raise ValueError(f"unknown variant {plus!r} in bundle {bundle!r}")
    return scn


def derive_all(names: Sequence[str], preset: Preset) -> dict[str, Scenario]:
    return {n: derive(n, preset) for n in names}


def run_bundles(
    bundles: Mapping[str, Scenario],
    seeds: int | Sequence[int],
    *,
    days: float | None = None,
    probes: Sequence[str] = (),
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    timeseries: Any = False,
) -> pd.DataFrame:
    """Every bundle on the same seeds (common random numbers), through `plan.execute`."""
    plan = Plan.grid(bundles, seeds, days=days, probes=probes, timeseries=timeseries)
    return execute(plan, workers=workers, backend=backend, scheduler=scheduler)


# -- reading runs -----------------------------------------------------------------------
def values(runs: pd.DataFrame, bundle: str, metric: str, seeds=None) -> np.ndarray:
    """A metric's values for a bundle, in the order of `seeds` (nan where missing)."""
    sub = runs[runs["bundle"] == bundle].drop_duplicates("seed").set_index("seed")
    if metric not in sub.columns:
        raise KeyError(f"no {metric!r} in the runs of {bundle!r}")
    seeds = sub.index if seeds is None else seeds
    return pd.to_numeric(sub[metric].reindex(seeds), errors="coerce").to_numpy(dtype=float)


def common_seeds(runs: pd.DataFrame, *bundles: str) -> list[int]:
    sets = [set(runs.loc[runs["bundle"] == b, "seed"]) for b in bundles]
    if not sets or not all(sets):
        missing = [b for b, s in zip(bundles, sets, strict=True) if not s]
        raise KeyError(f"no runs of {', '.join(missing)}")
    return sorted(set.intersection(*sets))


def relative(runs: pd.DataFrame, treat: str, control: str, metric: str) -> Estimate:
    """(treat - control) / mean(control), paired seed by seed."""
    s = common_seeds(runs, treat, control)
    return Estimate.relative(values(runs, treat, metric, s), values(runs, control, metric, s))


def interaction(
    runs: pd.DataFrame, t_in: str, c_in: str, t_out: str, c_out: str, metric: str
) -> Estimate:
    """The treatment's relative effect inside (t_in vs c_in) minus outside, per seed."""
    s = common_seeds(runs, t_in, c_in, t_out, c_out)
    v = [values(runs, b, metric, s) for b in (t_in, c_in, t_out, c_out)]
    return Estimate.interaction(*v, relative=True)


def level(runs: pd.DataFrame, bundle: str, metric: str) -> Estimate:
    return Estimate.of(values(runs, bundle, metric))


def mode(runs: pd.DataFrame, bundle: str, column: str = "bottleneck_station") -> tuple[str, int]:
    """The most frequent value over seeds, and on how many seeds it occurs."""
    s = runs.loc[runs["bundle"] == bundle, column].dropna().astype(str)
    if s.empty:
        return "", 0
    top = s.value_counts(sort=True)
    return str(top.index[0]), int(top.iloc[0])


def n_seeds(runs: pd.DataFrame, bundle: str) -> int:
    return int((runs["bundle"] == bundle).sum())


def levels_table(runs: pd.DataFrame, bundles: Sequence[str], metrics: Sequence[str]):
    """Mean [CI] of each metric per bundle (rows bundle, metric, mean, low, high, n)."""
    rows = []
    for m in metrics:
        if m not in runs.columns:
            continue
        for b in bundles:
            if not (runs["bundle"] == b).any():
                continue
            e = level(runs, b, m)
            rows.append({"bundle": b, "metric": m, **_est(e)})
    return pd.DataFrame(rows, columns=["bundle", "metric", "mean", "low", "high", "n"])


def effect_row(name: str, metric: str, treat: str, control: str, e: Estimate, band: str):
    return {
        "effect": name,
        "metric": metric,
        "treatment": treat,
        "control": control,
        **_est(e),
        "band": band,
    }


def _est(e: Estimate) -> dict[str, Any]:
    return {"mean": e.mean, "low": e.low, "high": e.high, "n": e.n}


def run_claim(module, seeds, days, workers, backend, scheduler, preset):
    """A claim's whole experiment: its bundles on common seeds, then its report."""
    from orgsim.experiments.claims import preset as shipped

    runs = run_bundles(
        module.bundles(preset or shipped),
        seeds,
        days=days,
        probes=module.PROBES,
        workers=workers,
        backend=backend,
        scheduler=scheduler,
    )
    return module.report(runs, command(module.CLAIM, seeds, days, workers))


def command(claim: str, seeds, days: float | None = None, workers: int = 1, **extra) -> str:
    parts = ["orgsim claims", claim, f"--seeds {len(seed_list_of(seeds))}"]
    for k, v in extra.items():
        if v is not None:
            parts.append(f"--{k.replace('_', '-')} {v}")
    if days is not None:
        parts.append(f"--days {days:g}")
    if workers and workers > 1:
        parts.append(f"--workers {workers}")
    return " ".join(parts)


def finite(x: float) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)
