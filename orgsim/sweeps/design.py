"""Design points and the run plan: every (bundle, design point, seed) with a stable id.

Designs: `grid` (every combination of the factors' values) or a SALib sample of the
factors given as ranges (`latin_hypercube`, `sobol`, `morris`), crossed with every
combination of the factors given as values. The sample is seeded, so the same spec
always gives the same points (which is what lets `--resume` find what is missing).

Common random numbers: every bundle and design point runs on the same seeds.

A run's id is derived from what it computes: a hash of the resolved scenario (every
field's effective value after the overrides), the seed, and the bundle's name (so two
bundles that happen to resolve to the same scenario still get a row each), plus, in a
sampled design, the sample's index. Rows that compute the same thing (same resolved
scenario and seed) are run once and the result recorded for each of them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from orgsim.metrics.catalog import summary_columns
from orgsim.scenario import Scenario, ScenarioError
from orgsim.scenario.schema import SHARED_ROLES, TEAM_ROLES
from orgsim.sweeps.spec import Factor, Spec, SpecError

# Summary keys that are not metrics of the run (the seed has its own column; the
# scenario name is the base's, the same in every row).
NOT_METRICS = ("seed", "scenario")


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(obj: Any) -> str:
    text = obj if isinstance(obj, str) else canonical_json(obj)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Run:
    """One planned run. `payload` is the scenario mapping; `error` a plan-time problem."""

    run_id: str
    scenario_id: str
    bundle: str
    point: int
    sample: int
    seed: int
    factors: dict[str, Any]
    payload: dict[str, Any] | None = field(default=None, repr=False)
    error: str | None = None
    seed_index: int = 0


@dataclass
class Plan:
    """Everything a sweep will run, in table order (bundle, point, seed)."""

    spec: Spec
    points: list[dict[str, Any]]
    samples: list[int]
    cells: list[int]
    problem: dict[str, Any] | None
    sample_matrix: np.ndarray | None
    runs: list[Run]
    metrics: list[str] = field(default_factory=list)
    metric_types: dict[str, str] = field(default_factory=dict)

    def submission_order(self) -> list[Run]:
        """Seed-major: every bundle of a design point lands close together, so an
        interrupted sweep still has complete pairs to compare."""
        order = {b: i for i, b in enumerate(self.spec.bundles)}
        return sorted(self.runs, key=lambda r: (r.seed_index, r.point, order[r.bundle]))

    @property
    def factor_keys(self) -> list[str]:
        return [f.key for f in self.spec.factors]

    def frame(self) -> pd.DataFrame:
        """The plan as a table: one row per run, no results."""
        rows = []
        for r in self.runs:
            row = {
                "run_id": r.run_id,
                "scenario_id": r.scenario_id,
                "bundle": r.bundle,
                "point": r.point,
                "sample": r.sample,
                "cell": self.cells[r.point],
            }
            row.update(r.factors)
            row["seed"] = r.seed
            rows.append(row)
        return pa.Table.from_pylist(rows, schema=self.plan_schema()).to_pandas()

    def design_frame(self) -> pd.DataFrame | None:
        """The SALib sample as drawn (before rounding integer factors), or None on a grid."""
        if self.sample_matrix is None or self.problem is None:
            return None
        df = pd.DataFrame(self.sample_matrix, columns=self.problem["names"])
        df.insert(0, "sample", np.arange(len(df), dtype=np.int64))
        return df

    def factor_fields(self) -> list[pa.Field]:
        return [pa.field(f.key, factor_type(f)) for f in self.spec.factors]

    def plan_schema(self) -> pa.Schema:
        return pa.schema(
            [
                pa.field("run_id", pa.string()),
                pa.field("scenario_id", pa.string()),
                pa.field("bundle", pa.string()),
                pa.field("point", pa.int64()),
                pa.field("sample", pa.int64()),
                pa.field("cell", pa.int64()),
                *self.factor_fields(),
                pa.field("seed", pa.int64()),
            ]
        )

    def results_schema(self) -> pa.Schema:
        """The columns of every results part file (fixed up front, so parts agree)."""
        metric_fields = [
            pa.field(m, pa.string() if self.metric_types.get(m) == "string" else pa.float64())
            for m in self.metrics
        ]
        return pa.schema(
            [
                pa.field("run_id", pa.string()),
                pa.field("scenario_id", pa.string()),
                pa.field("bundle", pa.string()),
                pa.field("point", pa.int64()),
                pa.field("sample", pa.int64()),
                *self.factor_fields(),
                pa.field("seed", pa.int64()),
                *metric_fields,
                pa.field("error", pa.string()),
                pa.field("traceback", pa.string()),
                pa.field("elapsed_s", pa.float64()),
                pa.field("cpu_s", pa.float64()),
            ]
        )


def factor_type(f: Factor) -> pa.DataType:
    if f.sampled:
        return pa.int64() if f.integer else pa.float64()
    vals = f.levels
    if all(isinstance(v, bool) for v in vals):
        return pa.bool_()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return pa.int64()
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
        return pa.float64()
    return pa.string()


def design_points(
    spec: Spec,
) -> tuple[list[dict[str, Any]], list[int], list[int], dict | None, np.ndarray | None]:
    """Points (factor -> value), each point's SALib sample row (-1 on a grid), each
    point's cell (its combination of values factors), the SALib problem and sample."""
    factors = spec.factors
    method = spec.method
    fixed = [f for f in factors if not f.sampled]
    combos = list(itertools.product(*(f.levels for f in fixed))) if fixed else [()]
    if method == "grid":
        points = [{f.key: v for f, v in zip(fixed, combo, strict=True)} for combo in combos]
        ordered = [{f.key: p[f.key] for f in factors} for p in points]
        return ordered, [-1] * len(points), [0] * len(points), None, None
    sampled = [f for f in factors if f.sampled]
    problem = {
        "num_vars": len(sampled),
        "names": [f.key for f in sampled],
        "bounds": [[f.low, f.high] for f in sampled],
    }
    x = sample_matrix(problem, spec)
    points, samples, cells = [], [], []
    for c, combo in enumerate(combos):
        values = {f.key: v for f, v in zip(fixed, combo, strict=True)}
        for i, row in enumerate(x):
            p = dict(values)
            for f, v in zip(sampled, row, strict=True):
                p[f.key] = f.cast(float(v))
            points.append({f.key: p[f.key] for f in factors})
            samples.append(i)
            cells.append(c)
    return points, samples, cells, problem, x


def sample_matrix(problem: dict[str, Any], spec: Spec) -> np.ndarray:
    d = spec.raw.design
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if d.method == "latin_hypercube":
            from SALib.sample import latin

            return np.asarray(latin.sample(problem, d.n, seed=d.seed))
        if d.method == "sobol":
            from SALib.sample import sobol

            return np.asarray(
                sobol.sample(problem, d.n, calc_second_order=d.second_order, seed=d.seed)
            )
        if d.method == "morris":
            from SALib.sample import morris

            return np.asarray(morris.sample(problem, d.n, num_levels=d.levels, seed=d.seed))
    raise ValueError(f"not a sampled design: {d.method}")  # pragma: no cover


def build_plan(spec: Spec, planning: Callable[[int, int], None] | None = None) -> Plan:
    """Every run of the sweep, with ids, payloads and the metric columns to keep.

    Scenario combinations that fail validation (a bundle and a factor value that do not
    go together) become runs with a plan-time `error`; they are recorded, not run.
    The metric columns come from the catalog (and the spec's metrics are checked there).
    `planning(done, total)` hears about the scenarios resolved so far (a plan of a
    hundred thousand runs takes a while to resolve, and should say so).
    """
    points, samples, cells, problem, x = design_points(spec)
    total = len(spec.bundles) * len(points)
    runs: list[Run] = []
    scenarios: list[Scenario] = []
    base_digest = digest(spec.base.resolved())
    for bundle, overrides in spec.bundles.items():
        for p, point in enumerate(points):
            try:
                scn = spec.base.with_overrides({**overrides, **point})
                scenario_key = digest(scn.resolved())
                payload, error = scn.to_dict(), None
                scenarios.append(scn)
            except ScenarioError as exc:
                scenario_key = digest(
                    {"base": base_digest, "overrides": _jsonable({**overrides, **point})}
                )
                payload, error = None, f"ScenarioError: {exc.field}: {exc.problem}"
            if planning is not None:
                planning(len(runs) // max(1, len(spec.seeds)) + 1, total)
            for s, seed in enumerate(spec.seeds):
                run = Run(
                    run_id=_run_id(scenario_key, bundle, seed, samples[p]),
                    scenario_id=scenario_key[:16],
                    bundle=bundle,
                    point=p,
                    sample=samples[p],
                    seed=seed,
                    factors=point,
                    payload=payload,
                    error=error,
                    seed_index=s,
                )
                runs.append(run)
    plan = Plan(spec, points, samples, cells, problem, x, runs)
    plan.metrics, plan.metric_types = _metric_columns(spec, scenarios)
    return plan


def _run_id(scenario_key: str, bundle: str, seed: int, sample: int) -> str:
    """Content-derived: the same scenario, bundle and seed get the same id in any sweep.

    A sampled design can visit the same scenario twice (a Morris trajectory revisits
    grid points; rounding an integer factor merges neighbours): the sample index keeps
    those rows apart. Grid points carry no index, so adding a level to a grid keeps the
    ids of the runs it already has.
    """
    text = f"{scenario_key}|{bundle}|{seed}" + (f"|{sample}" if sample >= 0 else "")
    return digest(text)[:16]


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in d.items()}


def _metric_columns(spec: Spec, scenarios: Sequence[Scenario]) -> tuple[list[str], dict[str, str]]:
    """Metric names and types ("number" or "string"), from the metric catalog.

    Per-station and per-role columns are those of every scenario the plan runs (a factor
    may give a role its first people), in catalog order; nothing is simulated to learn them.
    """
    stations: dict[str, None] = {}
    roles: dict[str, None] = {}
    for scn in scenarios:
        stations.update(dict.fromkeys(st.name for st in scn.spec.pipeline))
        roles.update(dict.fromkeys(worker_roles(scn)))
    found = summary_columns(list(stations), list(roles), NOT_METRICS)
    if spec.metrics is None:
        return list(found), found
    unknown = [m for m in spec.metrics if m not in found]
    if unknown:
        known = ", ".join(sorted(found))
        raise SpecError(
            spec.source,
            "metrics",
            f"unknown metric{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(known: {known})",
        )
    return list(spec.metrics), {m: found[m] for m in spec.metrics}


def worker_roles(scenario: Scenario) -> list[str]:
    """The roles a run of the scenario has workers in (its `util.<role>` columns), in the
    order the model builds its pools: team roles, shared roles, automated servers."""
    org = scenario.spec.org
    roles = [r for r in TEAM_ROLES if org.teams and org.people_per_team.get(r, 0)]
    roles += [r for r in SHARED_ROLES if org.shared_people.get(r, 0)]
    if any(st.role == "automated" and st.servers for st in scenario.spec.pipeline):
        roles.append("automated")
    return roles


def order_like_plan(df: pd.DataFrame, runs: Sequence[Run]) -> pd.DataFrame:
    """Rows of `df` (with a run_id column) in plan order, one per planned run present."""
    pos = {r.run_id: i for i, r in enumerate(runs)}
    df = df[df["run_id"].isin(pos)]
    key = df["run_id"].map(pos)
    return df.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
