"""Reading input files safely: which files, what kind, how much.

Every file an input names (a scenario's topology file or pattern reference, a sweep
spec's base scenario, an override's value, a fit's log, mapping or holidays) goes
through the same two steps:

1. `DataFolders.resolve`: where it is. The name is read relative to the folder of the
   file naming it, symlinks are resolved, and the real path must lie inside that folder,
   a folder named with `orgsim --data-dir DIR`, or orgsim's own `scenarios/`. A file
   named on the command line itself (`DataFolders.anywhere()`) may lie anywhere: the
   person typing it chose it. A scenario may come from a download or a colleague; it
   must not make orgsim read /etc/passwd or a neighbour's secrets.
2. `read_regular_file` / `open_regular_file`: what it is and how much of it. Only a
   regular file is opened (a FIFO never ends, /dev/zero never stops), checked with
   `os.stat` first and again on the open descriptor (opened with O_NONBLOCK, so a file
   swapped for a FIFO in between cannot block), and at most its size limit is read.
   `bounded` caps what a decompressor may produce.

Every problem is one `ScenarioError` line (or the subclass the caller names) naming the
file, the field or flag, and why.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from orgsim.scenario.errors import ScenarioError

SCENARIO_LIMIT = 1 << 20  # bytes: a scenario (or sweep spec, log mapping) is a page of TOML
GRAPH_LIMIT = 64 << 20  # bytes: an edge list of 50,000 teams fits many times over
HOLIDAYS_LIMIT = 1 << 20  # bytes: a century of holidays is 40 KB
PRESETS = Path(__file__).resolve().parents[2] / "scenarios"  # orgsim's own scenarios

# Folders named with `orgsim --data-dir DIR`, beyond an input's own.
_TRUSTED: list[Path] = []


def trust(*folders: str | Path) -> None:
    """Allow inputs to name files inside these folders as well as their own."""
    for folder in folders:
        p = Path(folder).resolve()
        if not p.is_dir():
            raise ScenarioError(str(folder), "", "--data-dir: not a folder")
        if p not in _TRUSTED:
            _TRUSTED.append(p)


@contextlib.contextmanager
def data_dirs(*folders: str | Path) -> Iterator[None]:
    """`trust(*folders)` for the time of a `with` block (one command's run)."""
    before = list(_TRUSTED)
    try:
        trust(*folders)
        yield
    finally:
        _TRUSTED[:] = before


@dataclass(frozen=True)
class DataFolders:
    """Where the files an input names may lie.

    `home` is the folder of the file that names them (relative names are read from it);
    `extra` the folders named with --data-dir when the input was loaded (kept with the
    input, so a worker process checks an override as the parent did). `home=None`: the
    names come from the command line or from Python code, and may lie anywhere.
    """

    home: Path | None
    extra: tuple[Path, ...] = ()
    owner: str = "scenario"  # what names the files, for messages

    @classmethod
    def of(cls, home: str | Path, owner: str = "scenario") -> DataFolders:
        """The folders of an input file in `home`, with today's --data-dir folders."""
        return cls(Path(home).resolve(), (*_TRUSTED, PRESETS), owner)

    @classmethod
    def anywhere(cls) -> DataFolders:
        return cls(None)

    @property
    def confined(self) -> bool:
        return self.home is not None

    def resolve(
        self,
        name: str | Path,
        label: str,
        field: str,
        *,
        error: type[ScenarioError] = ScenarioError,
        regular: bool = True,
    ) -> Path:
        """The real path of the file `name`, checked to lie inside these folders (symlinks
        resolved first) and, with `regular`, to be a regular file."""
        base = self.home if self.home is not None else Path.cwd()
        if str(name) == "" or "\x00" in str(name):
            raise error(label, field, f"{str(name)!r} is not a file name")
        path = (base / name).resolve()
        if self.home is not None and not any(
            path.is_relative_to(f) for f in (self.home, *self.extra)
        ):
            raise error(
                label,
                field,
                f"{name} lies outside the {self.owner}'s folder {self.home}; "
                "name the folder that holds it with orgsim --data-dir DIR",
            )
        if regular:
            _stat_regular(path, label, field, error)
        return path


def _stat_regular(path: Path, label: str, field: str, error: type[ScenarioError]) -> os.stat_result:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(label, field, f"no such file: {path}") from None
    except OSError as exc:
        raise error(label, field, f"cannot read {path}: {exc.strerror}") from None
    _check_kind(info, path, label, field, error)
    return info


def _check_kind(
    info: os.stat_result, path: Path, label: str, field: str, error: type[ScenarioError]
) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise error(label, field, f"{path} is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise error(label, field, f"{path} is not a regular file (a device or a pipe)")


def _too_large(path: Path, limit: int, flag: str | None, size: int | None = None) -> str:
    """The one wording of a size limit: the file, the limit, and the flag raising it."""
    raise_it = f" ({flag} raises it)" if flag else ""
    if size is None:
        return f"{path} is larger than the limit of {limit:,} bytes{raise_it}"
    return f"{path} has {size:,} bytes; the limit is {limit:,}{raise_it}"


def open_regular_file(
    path: str | Path,
    label: str,
    field: str,
    limit: int,
    *,
    error: type[ScenarioError] = ScenarioError,
    flag: str | None = None,
) -> BinaryIO:
    """An open binary file that yields at most `limit` bytes (an error past them), if
    `path` is a regular file no larger than `limit`; never opens anything else."""
    path = Path(path)
    info = _stat_regular(path, label, field, error)
    if info.st_size > limit:
        raise error(label, field, _too_large(path, limit, flag, info.st_size))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(label, field, f"cannot read {path}: {exc.strerror}") from None
    try:
        _check_kind(os.fstat(fd), path, label, field, error)  # swapped since the stat?
        raw = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    too_large = error(label, field, _too_large(path, limit, flag))
    return io.BufferedReader(bounded(raw, limit, too_large))  # type: ignore[arg-type]


def read_regular_file(
    path: str | Path,
    label: str,
    field: str,
    limit: int,
    *,
    error: type[ScenarioError] = ScenarioError,
    flag: str | None = None,
) -> bytes:
    """The file's bytes; an error unless it is a regular file within `limit`."""
    try:
        with open_regular_file(path, label, field, limit, error=error, flag=flag) as f:
            return f.read()
    except OSError as exc:
        raise error(label, field, f"cannot read {path}: {exc.strerror or exc}") from None


class _Bounded(io.RawIOBase):
    """A read-only stream that raises `error` on reading past byte `limit` of `inner`
    (a file that grew since its size was checked, or a decompressor: a small .gz can
    inflate to gigabytes). Seeks pass through when `inner` can seek."""

    def __init__(self, inner: BinaryIO, limit: int, error: Exception) -> None:
        self._inner = inner
        self._limit = limit
        self._pos = 0
        self._error = error

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return bool(getattr(self._inner, "seekable", lambda: False)())

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = self._inner.seek(offset, whence)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), max(self._limit + 1 - self._pos, 0))
        data = self._inner.read(want) if want else b""
        n = len(data)
        if self._pos + n > self._limit:
            raise self._error
        self._pos += n
        view[:n] = data
        return n

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


def bounded(inner: BinaryIO, limit: int, error: Exception) -> io.RawIOBase:
    """`inner`, stopped with `error` past `limit` bytes (read through, never all at once)."""
    return _Bounded(inner, limit, error)


def confined(name: str, home: Path, label: str, field: str) -> Path:
    """The file `name` (relative to `home`), resolved, if it lies inside `home` or a
    trusted folder (`DataFolders.of(home).resolve` without the regular-file check)."""
    return DataFolders.of(home).resolve(name, label, field, regular=False)
