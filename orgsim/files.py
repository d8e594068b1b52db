"""Writing output files whole or not at all.

Every file orgsim writes (a run's summary and tables, a sweep's store, a fitted scenario,
a back-test report, analysis tables and figures) goes through `atomic_write`: the bytes go
to a temporary file in the same folder, are flushed to disk, and the file is then moved
into place in one step. A crash or Ctrl-C leaves either the old file or the new one, never
half of one, and a reader never sees a file being written. (Reading input files safely is
`orgsim.scenario.files.read_regular_file`.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o644  # mkstemp makes 0600 files; outputs are for everyone to read


def atomic_write(
    path: str | Path,
    content: str | bytes | Callable[[Path], object],
    *,
    check: Callable[[Path], object] | None = None,
    encoding: str = "utf-8",
) -> Path:
    """Write `content` (text, bytes, or a function that writes to the path it is given)
    to `path` atomically; `check(tmp)` may inspect the written file and raise to keep the
    old one. The folder must exist. Returns `path`."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            data = content.encode(encoding) if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, FILE_MODE)
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
