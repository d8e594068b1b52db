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

The file's sections are validated in `orgsim.sweeps.schema`; this module resolves them
against the base scenario. See docs/sweeps.md for every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orgsim.scenario import Scenario, ScenarioError, load_scenario
from orgsim.scenario.files import DataFolders
from orgsim.sweeps.schema import (
    BACKENDS,
    METHODS,
    FactorSpec,
    SpecError,
    SweepSpec,
    flatten_overrides,
    parse_spec,
    quote_key,
    read_spec_file,
    safe_name,
)

# The file's sections are named here too: a sweep's spec is one import away.
__all__ = [
    "BACKENDS",
    "METHODS",
    "Factor",
    "FactorSpec",
    "Spec",
    "SpecError",
    "SweepSpec",
    "flatten_overrides",
    "get_dotted",
    "load_spec",
    "read_spec_file",
]

# Problems `Scenario.with_overrides` reports when the key itself does not exist.
_BAD_KEY_PROBLEMS = (
    "unknown key",
    "no such station",
    "parent is not a section",
    "a station needs a field after its name",
)


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


def load_spec(
    source: str | Path | Mapping[str, Any] | Spec, *, base_dir: str | Path | None = None
) -> Spec:
    """Load and validate a sweep spec from a TOML path or a mapping.

    A mapping's `base` path is read relative to `base_dir` (default: the working
    directory); a file's relative to the file, and it must lie in the file's folder, a
    folder named with `orgsim --data-dir`, or orgsim's scenarios (`DataFolders`).
    Raises `SpecError` on any problem.
    """
    if isinstance(source, Spec):
        return source
    if isinstance(source, Mapping):
        raw = dict(source)
        label = "<sweep spec>"
        root = Path(base_dir) if base_dir is not None else Path.cwd()
        if isinstance(raw.get("base"), str) and raw["base"]:
            raw["base"] = str(root / raw["base"])
        folders = DataFolders.anywhere()  # Python code names its own files
        default_name = "sweep"
    else:
        raw = read_spec_file(source)
        label = str(source)
        folders = DataFolders.of(Path(source).parent, owner="sweep spec")
        default_name = safe_name(Path(source).stem)
    spec = parse_spec(raw, label)
    return _resolve(spec, label, folders, default_name)


def _resolve(spec: SweepSpec, label: str, folders: DataFolders, default_name: str) -> Spec:
    base_path = folders.resolve(spec.base, label, "base", error=SpecError, regular=False)
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
            raise SpecError(label, f"overrides.{quote_key(key)}", "is also a factor; keep one")
    try:
        base = base.with_overrides(common) if common else base
    except ScenarioError as exc:
        if exc.field == "simulation.days" and spec.days is not None:
            where = "days"
        else:
            where = f"overrides.{quote_key(exc.field)}" if exc.field else "overrides"
        raise SpecError(label, where, exc.problem) from None

    bundles: dict[str, dict[str, Any]] = {}
    for name, overrides in spec.bundles.items():
        for key in overrides:
            if key in factors_keys:
                raise SpecError(
                    label,
                    f"bundles.{name}.{quote_key(key)}",
                    "is also a factor; a bundle may not set a factor",
                )
        try:
            base.with_overrides(overrides)
        except ScenarioError as exc:
            fld = f"bundles.{name}.{quote_key(exc.field)}" if exc.field else f"bundles.{name}"
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
    where = f"factors.{quote_key(key)}"
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
                f"factors.{quote_key(sampled[0].key)}.range",
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
