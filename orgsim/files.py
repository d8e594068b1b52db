"""Writing output files whole or not at all, and printing text that came from inputs.

Every file orgsim writes (a run's summary and tables, a sweep's store, a fitted scenario,
a back-test report, analysis tables and figures) goes through `atomic_write`: the bytes go
to a temporary file in the same folder, are flushed to disk, and the file is then moved
into place in one step. A crash or Ctrl-C leaves either the old file or the new one, never
half of one, and a reader never sees a file being written. The files of one result
(a run's summary and tables) are replaced together or not at all (`write_together`).
(Reading input files safely is `orgsim.scenario.files`.)

Text from inputs (a scenario's name, team names, values of a log) may hold terminal
escape codes; `printable` shows them as escapes before the CLI prints them, and
`spreadsheet_safe` keeps a CSV cell from being read as a formula.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
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


def check_writable_file(path: str | Path, what: str = "--out") -> None:
    """Fail now, before any work, if `path` cannot become a file we can write."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{what} {path}: is a folder, not a file")
    if path.exists() and not path.is_file():
        raise OutputError(f"{what} {path}: exists and is not a regular file")
    parent = path.parent
    try:
        check_writable_dir(parent, what)
    except OutputError as exc:  # name the file asked for, not its folder
        raise OutputError(str(exc).replace(f"{what} {parent}", f"{what} {path}", 1)) from None


def check_targets(out: str | Path, names) -> None:
    """Fail if a file of `names` in `out` exists as something other than a regular file
    (a folder, a link): the files of one result are replaced together or not at all."""
    out = Path(out)
    for name in names:
        target = out / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OutputError(f"{target}: exists and is not a regular file; nothing was changed")


def write_together(
    out: str | Path, files: dict[str, str | bytes | Callable[[Path], object]]
) -> Path:
    """Write several files into the folder `out` as one: all of them go to a temporary
    folder inside `out` first, and are moved into place only when every one is written.
    A failure (disk full, permission denied) leaves `out` as it was, never one run's
    summary beside another run's tables, and is an `OutputError` in one line. Every
    target is checked before any is replaced (a folder where a file belongs stops it),
    and the files it replaces are put back if a later one cannot be moved in."""
    out = Path(out)
    check_targets(out, files)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    old = staging / ".old"
    moved: list[str] = []  # targets whose new file is in place
    try:
        old.mkdir()
        for name, content in files.items():
            atomic_write(staging / name, content)
        for name in files:
            if (out / name).exists():
                os.replace(out / name, old / name)
            moved.append(name)
            os.replace(staging / name, out / name)
    except OSError as exc:
        for name in reversed(moved):  # all or none: the previous files go back
            (out / name).unlink(missing_ok=True)
            if (old / name).exists():
                os.replace(old / name, out / name)
        raise OutputError(f"{out}: cannot write: {exc.strerror}; nothing was changed") from None
    finally:
        for folder in (old, staging):
            for leftover in folder.iterdir() if folder.is_dir() else ():
                leftover.unlink(missing_ok=True)
            if folder.is_dir():
                folder.rmdir()
    return out


# C0 and C1 control characters and DEL, but not the newline and tab of multi-line text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: object, *, lines: bool = False) -> str:
    """`text` with its control characters shown as escapes (``\\x1b``), so that a
    scenario name or a log value cannot move the cursor, recolour or retitle a terminal.
    With `lines`, newlines and tabs stay (a block of several lines)."""
    pattern = _CONTROL if lines else _CONTROL_ANY
    return pattern.sub(lambda m: repr(m.group())[1:-1], str(text))


class _PrintableStream:
    """A text stream that writes through `printable` (lines kept) to another."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(printable(text, lines=True))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


@contextlib.contextmanager
def printable_stdout() -> Iterator[None]:
    """Everything printed to stdout inside the block has its control characters
    escaped: a command's report holds names and values from its inputs."""
    inner = sys.stdout
    sys.stdout = _PrintableStream(inner)
    try:
        yield
    finally:
        sys.stdout = inner


_FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet will not read as a formula: text starting with
    ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
