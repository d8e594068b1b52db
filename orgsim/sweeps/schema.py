"""The sweep spec file as written: read, its two TOML spellings of a dotted key made one,
and its sections validated field by field.

Each section checks only what it can see by itself (a range is [min, max], seeds do not
repeat). Whether a factor names a real scenario key, or a design suits its factors, needs
the base scenario: `orgsim.sweeps.spec` checks that when it loads a spec.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from orgsim.scenario import ScenarioError
from orgsim.scenario.errors import first_problem
from orgsim.scenario.section import Section
from orgsim.scenario.tomlfile import read_toml

METHODS = ("grid", "latin_hypercube", "sobol", "morris")
BACKENDS = ("local", "dask")
FACTOR_KEYS = ("values", "range", "integer")
# A sweep's name is a name, not a path: it names the default results folder.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


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

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        if v is not None and (not SAFE_NAME.fullmatch(v) or ".." in v):
            raise ValueError(
                f"{v!r} is not a name: use letters, digits, '.', '_' and '-' "
                "(at most 100, starting with a letter or digit)"
            )
        return v

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


def quote_key(key: str) -> str:
    """A dotted scenario key as a spec names it in a message: quoted, as TOML would."""
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
            s = quote_key(s)
        parts.append(s)
    return ".".join(parts)


def read_spec_file(path: str | Path) -> dict[str, Any]:
    """A spec file's TOML: a regular file within the limits of a scenario file."""
    return read_toml(path, str(path), error=SpecError)


def safe_name(stem: str) -> str:
    """A file name's stem as a sweep name (unsafe characters become '-')."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).replace("..", "-").lstrip(".-_")
    return name[:100] or "sweep"


def parse_spec(raw: Mapping[str, Any], label: str) -> SweepSpec:
    """The spec's sections, validated as written (`label` names it in every problem).

    Nested tables and quoted dotted keys are flattened first, so both TOML spellings of a
    factor, an override or a bundle mean the same.
    """
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
        return SweepSpec.model_validate(raw)
    except ValidationError as exc:
        loc, msg = first_problem(exc, required="required")
        raise SpecError(label, _loc(loc), msg) from None
