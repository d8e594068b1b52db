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
