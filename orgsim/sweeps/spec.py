"""Sweep specifications: what to vary, what to compare, on which seeds, what to keep.

A spec is a TOML file (or a mapping), validated here like a scenario: every problem is
one line naming the spec file, the field and what is wrong (`SpecError`, a
`ScenarioError`). Factor names are checked by applying them to the base scenario, so a
typo fails before anything runs or is written::

    base = "../enterprise-ai.toml"        # relative to this file
    seeds = 5                              # or a list: [11, 12, 13]
    metrics = ["throughput_per_week", "lead_time_mean"]

    [factors]
    "ai.coding_speedup" = { range = [1.0, 4.0] }           # sampled
    "policy.governance" = { values = ["manual", "automated"] }  # levels

    [design]
    method = "latin_hypercube"             # grid | latin_hypercube | sobol | morris
    n = 32

    [bundles.as_is]
    [bundles.redesigned]
    "policy.wip_limit" = 20

See docs/sweeps.md for every field.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from orgsim.scenario import Scenario, ScenarioError, load_scenario
from orgsim.scenario.errors import first_problem
from orgsim.scenario.section import Section

METHODS = ("grid", "latin_hypercube", "sobol", "morris")
BACKENDS = ("local", "dask")
FACTOR_KEYS = ("values", "range", "integer")
# Problems `Scenario.with_overrides` reports when the key itself does not exist.
_BAD_KEY_PROBLEMS = (
    "unknown key",
    "no such station",
    "parent is not a section",
    "a station needs a field after its name",
)


class SpecError(ScenarioError):
    """A sweep spec is invalid: ``spec.toml: factors."ai.speedup": not a scenario key``."""


class FactorSpec(Section):
    """One varied scenario field: a list of `values` (levels) or a `range` to sample."""

    values: list[Any] | None = None
    range: list[float] | None = None
    integer: bool | None = None

    @field_validator("values")
    @classmethod
    def _values_ok(cls, v: list[Any] | None) -> list[Any] | None:
        if v is None:
            return v
        if not v:
            raise ValueError("values needs at least one value")
        for x in v:
            if isinstance(x, dict | list):
                raise ValueError(f"values must be plain numbers, strings or booleans, got {x!r}")
            if isinstance(x, float) and not math.isfinite(x):
                raise ValueError(f"values must be finite, got {x!r}")
        kinds = {_kind(x) for x in v}
        if len(kinds) > 1:
            raise ValueError(f"values mix types ({', '.join(sorted(kinds))}): {v!r}")
        if len({repr(x) for x in v}) != len(v):
            raise ValueError(f"values repeat a value: {v!r}")
        return v

    @field_validator("range")
    @classmethod
    def _range_ok(cls, v: list[float] | None) -> list[float] | None:
        if v is None:
            return v
        if len(v) != 2:
            raise ValueError(f"range is [min, max], got {len(v)} numbers")
        lo, hi = v
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"range must be finite, got {v!r}")
        if lo > hi:
            raise ValueError(f"min {lo:g} > max {hi:g}")
        if lo == hi:
            raise ValueError(f"min and max are both {lo:g}; use values = [{lo:g}] for a constant")
        return v

    @model_validator(mode="after")
    def _one_kind(self) -> FactorSpec:
        if (self.values is None) == (self.range is None):
            raise ValueError("give either values = [...] or range = [min, max]")
        if self.integer is not None and self.range is None:
            raise ValueError("integer applies to a range only")
        return self


class DesignSpec(Section):
    """How design points are chosen.

    `grid`: every combination of the factors' values. The sampled methods draw `n`
    samples of the factors given as ranges (SALib, seeded by `seed`): `latin_hypercube`
    n points; `sobol` n*(k+2) points (n*(2k+2) with `second_order`), n a power of 2;
    `morris` n trajectories of k+1 points on a `levels`-level grid. Factors given as
    values are crossed with the samples (every sample at every level).
    """

    method: Literal["grid", "latin_hypercube", "sobol", "morris"] = "grid"
    n: Annotated[int, Field(ge=1)] | None = None
    seed: Annotated[int, Field(ge=0)] = 0
    levels: Annotated[int, Field(ge=2)] = 4
    second_order: bool = False


class ExecutionSpec(Section):
    """Defaults for where runs execute; the command line and `sweep()` arguments win."""

    backend: Literal["local", "dask"] = "local"
    workers: Annotated[int, Field(ge=0)] | None = None
    scheduler: str | None = None


class AnalysisSpec(Section):
    """Defaults for `orgsim analyze`."""

    plot_metrics: list[str] | None = None
    heatmap: list[str] | None = None
    bins: Annotated[int, Field(ge=2, le=20)] = 5

    @field_validator("heatmap")
    @classmethod
    def _two(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and (len(v) != 2 or v[0] == v[1]):
            raise ValueError("heatmap names two different factors")
        return v


class SweepSpec(Section):
    """A whole sweep spec, as written in the TOML file."""

    name: Annotated[str, Field(min_length=1)] | None = None
    description: str = ""
    base: Annotated[str, Field(min_length=1)]
    days: Annotated[float, Field(gt=0)] | None = None
    seeds: Any = Field(default=10, validate_default=True)
    overrides: dict[str, Any] = Field(default_factory=dict)
    factors: dict[str, FactorSpec] = Field(default_factory=dict)
    design: DesignSpec = DesignSpec()
    bundles: dict[str, dict[str, Any]] = Field(default_factory=lambda: {"base": {}})
    baseline: str | None = None
    metrics: list[str] | None = None
    keep_timeseries: bool = False
    execution: ExecutionSpec = ExecutionSpec()
    analysis: AnalysisSpec = AnalysisSpec()

    @field_validator("seeds")
    @classmethod
    def _seeds(cls, v: Any) -> list[int]:
        if isinstance(v, bool):
            raise ValueError("seeds is a count (10) or a list of seeds ([1, 2, 3])")
        if isinstance(v, int):
            if v < 1:
                raise ValueError(f"need at least one seed, got {v}")
            return list(range(v))
        if isinstance(v, list | tuple):
            if not v:
                raise ValueError("need at least one seed")
            if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in v):
                raise ValueError(f"seeds must be whole numbers >= 0, got {list(v)!r}")
            if len(set(v)) != len(v):
                raise ValueError(f"seeds repeat: {list(v)!r}")
            return list(v)
        raise ValueError("seeds is a count (10) or a list of seeds ([1, 2, 3])")

    @field_validator("bundles")
    @classmethod
    def _bundles(cls, v: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        if not v:
            raise ValueError("need at least one bundle (an empty [bundles.as_is] will do)")
        for name in v:
            if not name.strip():
                raise ValueError("a bundle name is empty")
        return v

    @field_validator("metrics")
    @classmethod
    def _metrics(cls, v: list[str] | None) -> list[str] | None:
        if v is not None:
            if not v:
                raise ValueError("metrics is empty (leave it out to keep every metric)")
            if len(set(v)) != len(v):
                raise ValueError("metrics repeat a name")
        return v


@dataclass(frozen=True)
class Factor:
    """A validated factor: `levels` for a values factor, `low`/`high` for a range."""

    key: str
    levels: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False

    @property
    def sampled(self) -> bool:
        return self.levels is None

    @property
    def numeric(self) -> bool:
        if self.sampled:
            return True
        return all(isinstance(x, int | float) and not isinstance(x, bool) for x in self.levels)

    def cast(self, x: float) -> int | float:
        return round(x) if self.integer else float(x)


@dataclass
class Spec:
    """A loaded, validated sweep spec, ready to plan.

    `base` is the base scenario with the spec's common overrides (and `days`) applied.
    """

    raw: SweepSpec
    source: str
    base_path: Path
    base: Scenario
    common: dict[str, Any]
    factors: list[Factor]
    bundles: dict[str, dict[str, Any]]
    seeds: list[int]
    metrics: list[str] | None
    baseline: str
    name: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.raw.design.method

    @property
    def keep_timeseries(self) -> bool:
        return self.raw.keep_timeseries

    def to_json(self) -> dict[str, Any]:
        """The spec as plain JSON data (what `sweep.json` records)."""
        return {
            "name": self.name,
            "description": self.raw.description,
            "source": self.source,
            "base": str(self.base_path),
            "common_overrides": self.common,
            "factors": [
                {
                    "key": f.key,
                    "values": list(f.levels) if f.levels is not None else None,
                    "range": [f.low, f.high] if f.sampled else None,
                    "integer": f.integer,
                }
                for f in self.factors
            ],
            "design": self.raw.design.model_dump(),
            "bundles": self.bundles,
            "baseline": self.baseline,
            "seeds": self.seeds,
            "metrics": self.metrics,
            "keep_timeseries": self.keep_timeseries,
            "analysis": self.raw.analysis.model_dump(),
        }


def _kind(x: Any) -> str:
    if isinstance(x, bool):
        return "boolean"
    if isinstance(x, int | float):
        return "number"
    return type(x).__name__


def flatten_overrides(mapping: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables to dotted keys: ``{"policy": {"mandate": 0.9}}`` -> ``policy.mandate``.

    Quoted dotted keys pass through, so both TOML spellings mean the same.
    """
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            out.update(flatten_overrides(value, full))
        else:
            out[full] = value
    return out


def _flatten_factors(mapping: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Factor tables may be nested by unquoted dotted keys; a leaf has values/range."""
    out: dict[str, Any] = {}

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            full = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, Mapping) and not (set(value) & set(FACTOR_KEYS)) and value:
                walk(value, full)
            else:
                out[full] = value

    walk(mapping, "")
    return out


def _quote(key: str) -> str:
    return f'"{key}"' if "." in key else key


def _loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for i, part in enumerate(loc):
        s = str(part)
        if s.startswith(("function-", "list[", "dict[")) or s in ("int", "float", "str"):
            continue
        # Keys under factors/bundles/overrides are dotted scenario keys: quote them.
        dotted_key = (i == 1 and loc[0] in ("factors", "bundles", "overrides")) or (
            i == 2 and loc[0] == "bundles"
        )
        if dotted_key:
            s = _quote(s)
        parts.append(s)
    return ".".join(parts)


def read_spec_file(path: str | Path) -> dict[str, Any]:
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(label, "", "no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise SpecError(label, "", f"cannot read: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(label, "", f"invalid TOML: {exc}") from None


def load_spec(
    source: str | Path | Mapping[str, Any] | Spec, *, base_dir: str | Path | None = None
) -> Spec:
    """Load and validate a sweep spec from a TOML path or a mapping.

    A mapping's `base` path is read relative to `base_dir` (default: the working
    directory); a file's relative to the file. Raises `SpecError` on any problem.
    """
    if isinstance(source, Spec):
        return source
    if isinstance(source, Mapping):
        raw = dict(source)
        label = "<sweep spec>"
        root = Path(base_dir) if base_dir is not None else Path.cwd()
        default_name = "sweep"
    else:
        raw = read_spec_file(source)
        label = str(source)
        root = Path(source).resolve().parent
        default_name = Path(source).stem
    raw = dict(raw)
    if isinstance(raw.get("factors"), Mapping):
        raw["factors"] = _flatten_factors(raw["factors"], label)
    if isinstance(raw.get("overrides"), Mapping):
        raw["overrides"] = flatten_overrides(raw["overrides"])
    if isinstance(raw.get("bundles"), Mapping):
        raw["bundles"] = {
            k: flatten_overrides(v) if isinstance(v, Mapping) else v
            for k, v in raw["bundles"].items()
        }
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as exc:
        loc, msg = first_problem(exc, required="required")
        raise SpecError(label, _loc(loc), msg) from None
    return _resolve(spec, label, root, default_name)


def _resolve(spec: SweepSpec, label: str, root: Path, default_name: str) -> Spec:
    base_path = Path(spec.base)
    if not base_path.is_absolute():
        base_path = (root / base_path).resolve()
    try:
        base = load_scenario(base_path)
    except ScenarioError as exc:
        raise SpecError(label, "base", str(exc)) from None

    factors_keys = list(spec.factors)
    common = dict(spec.overrides)
    if spec.days is not None:
        if "simulation.days" in common:
            raise SpecError(label, "days", "also set by overrides.simulation.days; keep one")
        common["simulation.days"] = spec.days
    for key in common:
        if key in factors_keys:
            raise SpecError(label, f"overrides.{_quote(key)}", "is also a factor; keep one")
    try:
        base = base.with_overrides(common) if common else base
    except ScenarioError as exc:
        if exc.field == "simulation.days" and spec.days is not None:
            where = "days"
        else:
            where = f"overrides.{_quote(exc.field)}" if exc.field else "overrides"
        raise SpecError(label, where, exc.problem) from None

    bundles: dict[str, dict[str, Any]] = {}
    for name, overrides in spec.bundles.items():
        for key in overrides:
            if key in factors_keys:
                raise SpecError(
                    label,
                    f"bundles.{name}.{_quote(key)}",
                    "is also a factor; a bundle may not set a factor",
                )
        try:
            base.with_overrides(overrides)
        except ScenarioError as exc:
            fld = f"bundles.{name}.{_quote(exc.field)}" if exc.field else f"bundles.{name}"
            raise SpecError(label, fld, exc.problem) from None
        bundles[name] = dict(overrides)

    factors = [_check_factor(key, fs, base, bundles, label) for key, fs in spec.factors.items()]
    _check_design(spec, factors, label)

    baseline = spec.baseline if spec.baseline is not None else next(iter(bundles))
    if baseline not in bundles:
        raise SpecError(
            label, "baseline", f"no bundle named {baseline!r} (bundles: {', '.join(bundles)})"
        )
    if spec.analysis.heatmap:
        for key in spec.analysis.heatmap:
            if key not in factors_keys:
                raise SpecError(label, "analysis.heatmap", f"{key!r} is not a factor")
    return Spec(
        raw=spec,
        source=label,
        base_path=base_path,
        base=base,
        common=common,
        factors=factors,
        bundles=bundles,
        seeds=list(spec.seeds),
        metrics=list(spec.metrics) if spec.metrics is not None else None,
        baseline=baseline,
        name=spec.name or default_name,
    )


def _check_factor(
    key: str, fs: FactorSpec, base: Scenario, bundles: dict[str, dict[str, Any]], label: str
) -> Factor:
    where = f"factors.{_quote(key)}"
    if fs.values is not None:
        probe_values = list(fs.values)
    else:
        lo, hi = fs.range
        probe_values = [lo, hi]
    # A bad name fails on any value: try the first on the bare base first.
    try:
        resolved = base.with_overrides({key: probe_values[0]}).resolved()
    except ScenarioError as exc:
        if exc.problem in _BAD_KEY_PROBLEMS:
            raise SpecError(
                label, where, f"not a scenario key of {base.source} ({exc.field}: {exc.problem})"
            ) from None
        raise SpecError(label, where, f"value {probe_values[0]!r}: {exc.problem}") from None
    integer = bool(fs.integer)
    if fs.range is not None and fs.integer is None:
        current = get_dotted(resolved, key)
        integer = isinstance(current, int) and not isinstance(current, bool)
    if integer:
        probe_values = [round(v) for v in probe_values]
    for value in probe_values:
        for name, overrides in bundles.items():
            try:
                base.with_overrides({**overrides, key: value})
            except ScenarioError as exc:
                extra = f" (in bundle {name})" if overrides else ""
                raise SpecError(label, where, f"value {value!r}{extra}: {exc.problem}") from None
    if fs.values is not None:
        return Factor(key=key, levels=tuple(fs.values))
    return Factor(key=key, low=float(fs.range[0]), high=float(fs.range[1]), integer=integer)


def _check_design(spec: SweepSpec, factors: list[Factor], label: str) -> None:
    method = spec.design.method
    sampled = [f for f in factors if f.sampled]
    if method == "grid":
        if sampled:
            raise SpecError(
                label,
                f"factors.{_quote(sampled[0].key)}.range",
                "a grid needs values; sample ranges with design.method = "
                "latin_hypercube, sobol or morris",
            )
        return
    if not sampled:
        raise SpecError(
            label, "design.method", f"{method} samples ranges, but no factor has a range"
        )
    if spec.design.n is None:
        raise SpecError(label, "design.n", f"required for {method} (the number of samples)")
    n = spec.design.n
    if method == "sobol" and n & (n - 1):
        raise SpecError(label, "design.n", f"must be a power of 2 for sobol, got {n}")
    if method == "latin_hypercube" and n < 2:
        raise SpecError(label, "design.n", "needs at least 2 samples")


def get_dotted(resolved: Mapping[str, Any], key: str) -> Any:
    """Read a dotted key from a resolved scenario mapping (stations by name)."""
    node: Any = resolved
    for part in key.split("."):
        if isinstance(node, list):
            node = next((s for s in node if isinstance(s, dict) and s.get("name") == part), None)
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node
