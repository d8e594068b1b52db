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


class OutputError(Exception):
    """An output folder cannot be written: one line naming it and the reason."""


def check_writable_dir(path: str | Path, what: str = "--out") -> None:
    """Fail now, before any work, if `path` cannot become a folder we can write into."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{what} {path}: exists and is not a folder")
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{what} {path}: {probe} is not a folder")
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise OutputError(f"{what} {path}: cannot write in {probe}: {exc.strerror}") from None


def write_together(
    out: str | Path, files: dict[str, str | bytes | Callable[[Path], object]]
) -> Path:
    """Write several files into the folder `out` as one: all of them go to a temporary
    folder inside `out` first, and are moved into place only when every one is written.
    A failure (disk full, permission denied) leaves `out` as it was, never one run's
    summary beside another run's tables, and is an `OutputError` in one line."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    try:
        for name, content in files.items():
            atomic_write(staging / name, content)
        for name in files:
            os.replace(staging / name, out / name)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}; nothing was changed") from None
    finally:
        for leftover in staging.iterdir() if staging.exists() else ():
            leftover.unlink(missing_ok=True)
        staging.rmdir() if staging.exists() else None
    return out
