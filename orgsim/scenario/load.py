"""Loading scenarios from TOML files or mappings, and deriving variants by override."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from orgsim.scenario.bounds import check_bounds
from orgsim.scenario.errors import CapacityWarning, ScenarioError, first_problem
from orgsim.scenario.estimate import capacity_warnings
from orgsim.scenario.files import DataFolders
from orgsim.scenario.schema import ScenarioSpec
from orgsim.scenario.tomlfile import MAX_KEY_DEPTH, read_toml


class Scenario:
    """A validated scenario and where it came from.

    `spec` holds the validated sections (`spec.org`, `spec.pipeline`, ...). Scenarios
    are immutable: `with_overrides` returns a new, re-validated one. `capacity_warnings`
    lists what the capacity estimate (`orgsim.policies.capacity`) found wrong with the
    demand: each line also goes out as a `CapacityWarning` when the scenario is loaded.
    """

    __slots__ = ("_raw", "capacity_warnings", "folders", "source", "spec")

    def __init__(
        self,
        spec: ScenarioSpec,
        source: str,
        raw: Mapping[str, Any],
        folders: DataFolders | None = None,
    ) -> None:
        self.spec = spec
        self.source = source
        self._raw = raw
        # Where the files it names may lie; the same for every variant of it.
        self.folders = folders or DataFolders.anywhere()
        self.capacity_warnings: tuple[str, ...] = tuple(capacity_warnings(spec))

    @property
    def name(self) -> str:
        return self.spec.name

    def to_dict(self) -> dict[str, Any]:
        """The scenario as given (defaults left implicit), ready to write back as TOML/JSON."""
        return copy.deepcopy(dict(self._raw))

    def resolved(self) -> dict[str, Any]:
        """Every field with its effective value, defaults included."""
        return self.spec.model_dump(mode="json")

    def with_overrides(self, overrides: Mapping[str, Any]) -> Scenario:
        """Return a new scenario with dotted keys replaced, e.g. ``{"ai.coding_speedup": 2}``.

        Stations are addressed by name: ``pipeline.review.service.mean``. A file an
        override names (``org.topology.file``) is read relative to the scenario's file
        and must lie where the scenario's own files may (`DataFolders`).
        """
        raw = self.to_dict()
        for key, value in overrides.items():
            _set_dotted(raw, key, value, self.source)
        _resolve_files(raw, self.folders, self.source)
        scenario = _validate(raw, self.source, self.folders)
        return _warned(scenario, already=self.capacity_warnings)

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, source={self.source!r})"


def load_scenario(source: str | Path | Mapping[str, Any] | Scenario) -> Scenario:
    """Load and validate a scenario from a TOML path or a mapping.

    Raises `ScenarioError` (one line: source, dotted field, problem) on any bad input,
    an empty file included. Warns (`CapacityWarning`) when the demand exceeds the line's
    estimated capacity: such a scenario is valid but never reaches a steady state.
    """
    if isinstance(source, Scenario):
        return source
    if isinstance(source, Mapping):
        raw = copy.deepcopy(dict(source))
        _resolve_files(raw, DataFolders.anywhere(), "<mapping>")
        return _warned(_validate(raw, "<mapping>"))
    path = Path(source)
    label = str(source)
    raw = read_toml(path, label)
    if not raw:
        raise ScenarioError(
            label, "", "empty scenario: the file sets nothing (only blanks or comments)"
        )
    folders = DataFolders.of(path.parent)
    _resolve_files(raw, folders, label)
    return _warned(_validate(raw, label, folders))


def _resolve_files(raw: dict[str, Any], folders: DataFolders, label: str) -> None:
    """Replace each file name the scenario holds (its topology file, its patterns'
    reference scenarios) by the real path, checked by `folders`: the one check, whether
    the name came from the file, an override, a sweep spec or the app."""
    org = raw.get("org")
    topo = org.get("topology") if isinstance(org, dict) else None
    if isinstance(topo, dict) and isinstance(topo.get("file"), str):
        topo["file"] = str(folders.resolve(topo["file"], label, "org.topology.file"))
    patterns = raw.get("patterns")
    for i, pattern in enumerate(patterns if isinstance(patterns, list) else []):
        if isinstance(pattern, dict) and isinstance(pattern.get("against"), str):
            name = pattern.get("name") if isinstance(pattern.get("name"), str) else str(i)
            field = f"patterns.{name}.against"
            pattern["against"] = str(folders.resolve(pattern["against"], label, field))


def _warned(scenario: Scenario, already: tuple[str, ...] = ()) -> Scenario:
    """Send the scenario's capacity warnings to Python's warnings machinery (those its
    parent scenario did not already have: changing the horizon says nothing new)."""
    for line in scenario.capacity_warnings:
        if line in already:
            continue
        warnings.warn(f"{scenario.source}: {line}", CapacityWarning, stacklevel=3)
    return scenario


def _validate(raw: dict[str, Any], source: str, folders: DataFolders | None = None) -> Scenario:
    try:
        spec = ScenarioSpec.model_validate(raw)
    except ValidationError as exc:
        loc, msg = first_problem(exc)
        field = _dotted(loc, raw)
        # Cross-section checks name their own field path inside the message.
        if not field and ": " in msg and msg.split(": ", 1)[0].count(".") >= 1:
            field, msg = msg.split(": ", 1)
        raise ScenarioError(source, field, msg) from None
    check_bounds(spec.model_dump(), source)
    return Scenario(spec, source, raw, folders)


def _dotted(loc: tuple[Any, ...], raw: Mapping[str, Any]) -> str:
    """Turn a pydantic error location into a dotted path, naming stations by name."""
    parts: list[str] = []
    node: Any = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            item = node[part] if part < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            parts.append(str(name) if name else str(part))
            node = item
        else:
            if str(part).startswith("function-") or part in ("dict[str,int]",):
                continue
            parts.append(str(part))
            node = node.get(part) if isinstance(node, Mapping) else None
    return ".".join(parts)


def _set_dotted(raw: dict[str, Any], key: str, value: Any, source: str) -> None:
    parts = key.split(".")
    if len(parts) > MAX_KEY_DEPTH:
        raise ScenarioError(
            source, key[:60] + "...", f"{len(parts)} parts; the limit is {MAX_KEY_DEPTH}"
        )
    node: Any = raw
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, list):
            match = [s for s in node if isinstance(s, dict) and s.get("name") == part]
            if not match:
                raise ScenarioError(source, ".".join(parts[: i + 1]), "no such station")
            node = match[0]
            continue
        nxt = node.get(part)
        if nxt is None:
            nxt = _default_at(parts[: i + 1])
            node[part] = nxt
        node = nxt
    if isinstance(node, list):
        raise ScenarioError(source, key, "a station needs a field after its name")
    if not isinstance(node, dict):
        raise ScenarioError(source, key, "parent is not a section")
    node[parts[-1]] = value


def _default_at(path: list[str]) -> Any:
    """What a section left out of a scenario holds by default, as raw data to edit.

    Mappings whose keys are data (people per role, daily costs) start from their full
    default, so overriding one role keeps the others; sections of fields start empty
    (their defaults apply on validation); a left-out pipeline is the default one.
    """
    if path == ["pipeline"]:
        return [s.model_dump(exclude_unset=True) for s in ScenarioSpec().pipeline]
    node: Any = ScenarioSpec()
    for part in path:
        node = getattr(node, part, None) if not isinstance(node, dict) else node.get(part)
        if node is None:
            return {}
    if isinstance(node, dict):
        return copy.deepcopy(node)
    return {}
