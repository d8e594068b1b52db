"""Reading input files safely: only regular files, and only up to a size limit.

A scenario or graph path may name anything: a FIFO that never ends, a device such as
/dev/zero, a file of gigabytes. Each loader checks what the path is before opening it
and reads at most its limit, so bad input ends in one line instead of a hang or an
exhausted memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from orgsim.scenario.errors import ScenarioError

SCENARIO_LIMIT = 1 << 20  # bytes: a scenario is a page of TOML
GRAPH_LIMIT = 64 << 20  # bytes: an edge list of 50,000 teams fits many times over


def read_regular_file(path: Path, label: str, field: str, limit: int) -> bytes:
    """The file's bytes; a `ScenarioError` unless it is a regular file within `limit`."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(label, field, f"no such file: {path}") from None
    except OSError as exc:
        raise ScenarioError(label, field, f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(label, field, f"{path} is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(label, field, f"{path} is not a regular file (a device or a pipe)")
    if info.st_size > limit:
        raise ScenarioError(
            label, field, f"{path} has {info.st_size:,} bytes; the limit is {limit:,}"
        )
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ScenarioError(label, field, f"cannot read {path}: {exc.strerror}") from None
    if len(data) > limit:  # it grew after the check
        raise ScenarioError(label, field, f"{path} is larger than the limit of {limit:,} bytes")
    return data


# Folders beyond a scenario's own from which it may read a graph file (`--data-dir`).
_TRUSTED: list[Path] = []


def trust(*folders: str | Path) -> None:
    """Allow scenarios to name graph files inside these folders as well as their own."""
    for folder in folders:
        p = Path(folder).resolve()
        if not p.is_dir():
            raise ScenarioError(str(folder), "", "--data-dir: not a folder")
        if p not in _TRUSTED:
            _TRUSTED.append(p)


def confined(name: str, home: Path, label: str, field: str) -> Path:
    """The file `name` (relative to `home`, the scenario's folder), resolved, if it lies
    inside `home` or a trusted folder. A scenario may come from anywhere (a download, a
    colleague): it must not make orgsim read /etc/passwd or a neighbour's secrets."""
    p = (home / name).resolve()
    for folder in (home.resolve(), *_TRUSTED):
        if p.is_relative_to(folder):
            return p
    raise ScenarioError(
        label,
        field,
        f"{name} lies outside the scenario's folder {home}; "
        "name the folder that holds it with orgsim --data-dir DIR",
    )
