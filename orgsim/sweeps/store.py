"""The results store: plain Parquet under one directory, written as runs finish.

Layout of OUT::

    sweep.json              the spec as run (plain JSON)
    plan.parquet            every planned run: ids, bundle, design point, factors, seed
    runs/part-*.parquet     results, one row per finished run (metrics or error)
    timeseries/<run_id>.parquet   one file per run, when the spec keeps time series
    analysis/               what `orgsim analyze` writes

Every file is written to a hidden temporary name in its folder and renamed into place,
so a reader never sees half a file, and Parquet readers skip the temporary names
(pyarrow ignores names starting with "." or "_"). A run's time series is in place before
its results row. Each batch of finished runs becomes one part file the moment it is
collected, so a killed sweep loses no run it has collected.

When a sweep completes, its parts are merged into one (the merged part lists the parts
it replaces in its metadata, and those are deleted after it is in place; if that is
interrupted, the next open finishes the job). Readers of this module also drop any
duplicate run id, keeping the first.

`pandas.read_parquet(OUT / "runs")`, polars and DuckDB read the folder as a dataset.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from orgsim.files import atomic_write

RUNS = "runs"
TIMESERIES = "timeseries"
SOURCES_KEY = b"orgsim.merged_parts"


class StoreBusy(RuntimeError):
    """Another process is writing to this results folder."""


def write_json(path: Path, obj: Any) -> None:
    text = json.dumps(obj, indent=2, default=_json_default) + "\n"
    atomic_write(path, text)


def _json_default(x: Any) -> Any:
    if hasattr(x, "item"):
        return x.item()
    if isinstance(x, Path):
        return str(x)
    raise TypeError(f"not JSON: {type(x).__name__}")


def write_table(path: Path, table: pa.Table, metadata: dict[bytes, bytes] | None = None) -> None:
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    atomic_write(path, lambda p: pq.write_table(table, p, compression="zstd"))


def part_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("part-*.parquet") if p.is_file())


def holds_results(out: Path) -> bool:
    return bool(part_files(Path(out) / RUNS))


class Store:
    """A results folder opened for writing (one writer at a time, by a lock file)."""

    def __init__(self, root: str | Path, schema: pa.Schema) -> None:
        self.root = Path(root)
        self.schema = schema
        self._lock_fh = None

    # -- opening and closing ---------------------------------------------------------
    def open(self) -> Store:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / RUNS).mkdir(exist_ok=True)
        self._lock()
        self.repair()
        return self

    def close(self) -> None:
        """Release the lock, quietly: on a full disk the error that stopped the sweep
        has been said, and closing the lock file must not add a traceback to it."""
        if self._lock_fh is not None:
            fh, self._lock_fh = self._lock_fh, None
            with contextlib.suppress(OSError):
                import fcntl

                fcntl.flock(fh, fcntl.LOCK_UN)
            with contextlib.suppress(OSError):
                fh.close()

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def _lock(self) -> None:
        import fcntl

        fh = open(self.root / ".lock", "a+")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            who = fh.read().strip() or "another process"
            fh.close()
            raise StoreBusy(f"{self.root} is being written by {who}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        self._lock_fh = fh

    def repair(self) -> None:
        """Finish what an interrupted writer left: temporary files, a half-done merge."""
        for folder in (self.root / RUNS, self.root / TIMESERIES, self.root):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
        finish_merges(self.root / RUNS, delete=True)

    # -- writing ---------------------------------------------------------------------
    def write_meta(
        self,
        spec_json: dict[str, Any],
        plan: pd.DataFrame,
        schema: pa.Schema,
        design: pd.DataFrame | None = None,
    ) -> None:
        """sweep.json (the spec and the result columns), plan.parquet, design.parquet."""
        write_json(self.root / "sweep.json", {**spec_json, "columns": _schema_json(schema)})
        write_table(self.root / "plan.parquet", pa.Table.from_pandas(plan, preserve_index=False))
        if design is not None:
            table = pa.Table.from_pandas(design, preserve_index=False)
            write_table(self.root / "design.parquet", table)

    def append(self, rows: list[dict[str, Any]], timeseries: dict[str, pd.DataFrame]) -> Path:
        """Write one batch of finished runs: time series first, then the results part."""
        if timeseries:
            folder = self.root / TIMESERIES
            folder.mkdir(exist_ok=True)
            for run_id, ts in timeseries.items():
                table = pa.Table.from_pandas(ts, preserve_index=False)
                table = table.add_column(0, "run_id", pa.array([run_id] * len(ts), pa.string()))
                write_table(folder / f"{run_id}.parquet", table)
        table = pa.Table.from_pylist(rows, schema=self.schema)
        path = self.root / RUNS / f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        write_table(path, table)
        return path

    def compact(self) -> None:
        """Merge every part into one; the sources are deleted once the merge is in place."""
        parts = part_files(self.root / RUNS)
        if len(parts) <= 1:
            return
        table = _dedupe(_read_parts(parts))
        names = json.dumps([p.name for p in parts]).encode()
        merged = self.root / RUNS / f"part-{time.time_ns():020d}-merged.parquet"
        write_table(merged, table, {SOURCES_KEY: names})
        for p in parts:
            p.unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------
    def run_ids(self) -> set[str]:
        return read_run_ids(self.root)


class DamagedStore(ValueError):
    """A file of a results folder cannot be read (truncated, overwritten, not Parquet)."""


REPAIR_HINT = "rerun with --resume --repair to set it aside and run its runs again"


def _damaged(path: Path, exc: BaseException) -> DamagedStore:
    return DamagedStore(f"{path}: damaged, cannot be read ({type(exc).__name__}); {REPAIR_HINT}")


def _foreign(schema: pa.Schema, expected: dict[str, str] | None = None) -> str:
    """Why a readable part is not one of this folder's ('' if it is): results parts have
    a text `run_id`, and each column the type `sweep.json` records for it."""
    if "run_id" not in schema.names:
        return "not a results part: no run_id column"
    if not (
        pa.types.is_string(schema.field("run_id").type)
        or pa.types.is_large_string(schema.field("run_id").type)
    ):
        return f"not a results part: run_id is {schema.field('run_id').type}, not text"
    for field in schema:
        want = (expected or {}).get(field.name)
        if want is not None and str(field.type) != want:
            return f"not a results part: column {field.name} is {field.type}, not {want}"
    return ""


def _read_part(path: Path, columns: list[str] | None = None) -> pa.Table:
    try:
        why = _foreign(pq.read_schema(path))
        if why:
            raise DamagedStore(f"{path}: {why}; {REPAIR_HINT}")
        return pq.read_table(path, columns=columns)
    except (pa.ArrowException, OSError) as exc:
        raise _damaged(path, exc) from None


def set_damaged_aside(root: str | Path) -> list[Path]:
    """Move every unreadable part file (and an unreadable sweep.json) into `damaged/`, so
    that a resumed sweep runs their runs again; return where they went."""
    root = Path(root)
    moved = []
    aside = root / "damaged"
    expected = _recorded_columns(root)
    for part in [*part_files(root / RUNS), *part_files(root / TIMESERIES)]:
        try:
            table = pq.read_table(part)
            damaged = part.parent.name == RUNS and bool(_foreign(table.schema, expected))
        except (pa.ArrowException, OSError):
            damaged = True
        if damaged:  # unreadable, or another program's file: runs again without it
            aside.mkdir(exist_ok=True)
            target = aside / f"{part.parent.name}-{part.name}"
            os.replace(part, target)
            moved.append(target)
    meta = root / "sweep.json"
    if meta.is_file():
        try:
            json.loads(meta.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            aside.mkdir(exist_ok=True)
            os.replace(meta, aside / "sweep.json")
            moved.append(aside / "sweep.json")
    return moved


def _recorded_columns(root: Path) -> dict[str, str] | None:
    """The result columns and types `sweep.json` records (None if it cannot say)."""
    try:
        cols = json.loads((root / "sweep.json").read_text(encoding="utf-8")).get("columns")
        return {c["name"]: c["type"] for c in cols}
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError, KeyError):
        return None


def finish_merges(folder: Path, delete: bool) -> set[str]:
    """Names of parts a merged part replaces; with `delete`, remove any still present."""
    replaced: set[str] = set()
    for part in part_files(folder):
        if not part.name.endswith("-merged.parquet"):
            continue
        try:
            meta = pq.read_schema(part).metadata or {}
        except (pa.ArrowException, OSError) as exc:
            raise _damaged(part, exc) from None
        names = json.loads(meta.get(SOURCES_KEY, b"[]"))
        replaced.update(names)
        if delete:
            for name in names:
                if name != part.name:
                    (folder / name).unlink(missing_ok=True)
    return replaced


def _read_parts(parts: Iterable[Path], columns: list[str] | None = None) -> pa.Table:
    parts = list(parts)
    tables = [_read_part(p, columns=columns) for p in parts]
    tables = [t.replace_schema_metadata(None) for t in tables]
    if not tables:
        return pa.table({})
    try:
        return pa.concat_tables(tables, promote_options="default")
    except pa.ArrowException as exc:
        folder = parts[0].parent
        raise DamagedStore(
            f"{folder}: its parts disagree on a column's type ({type(exc).__name__}); {REPAIR_HINT}"
        ) from None


def _dedupe(table: pa.Table) -> pa.Table:
    if table.num_rows == 0:
        return table
    ids = table.column("run_id").to_pylist()
    seen: set[str] = set()
    keep = []
    for i, rid in enumerate(ids):
        if rid not in seen:
            seen.add(rid)
            keep.append(i)
    return table if len(keep) == len(ids) else table.take(pa.array(keep))


def _live_parts(root: Path) -> list[Path]:
    folder = Path(root) / RUNS
    replaced = finish_merges(folder, delete=False)
    return [p for p in part_files(folder) if p.name not in replaced]


def read_run_ids(root: str | Path) -> set[str]:
    parts = _live_parts(Path(root))
    if not parts:
        return set()
    return set(_read_parts(parts, columns=["run_id"]).column("run_id").to_pylist())


def read_runs(root: str | Path) -> pd.DataFrame:
    """Every stored result row of a results folder, each run id once."""
    parts = _live_parts(Path(root))
    if not parts:
        return pd.DataFrame()
    return _dedupe(_read_parts(parts)).to_pandas()


def read_plan(root: str | Path) -> pd.DataFrame:
    path = Path(root) / "plan.parquet"
    return pd.read_parquet(path) if path.is_file() else pd.DataFrame()


def read_meta(root: str | Path) -> dict[str, Any]:
    path = Path(root) / "sweep.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _damaged(path, exc) from None


def read_timeseries(root: str | Path, run_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Time series of the given runs (all stored when None), long form with run_id."""
    folder = Path(root) / TIMESERIES
    if run_ids is None:
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    else:
        files = [folder / f"{r}.parquet" for r in run_ids]
        files = [f for f in files if f.is_file()]
    if not files:
        return pd.DataFrame()
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def _schema_json(schema: pa.Schema) -> list[dict[str, str]]:
    return [{"name": f.name, "type": str(f.type)} for f in schema]


class MemoryStore:
    """The same interface, kept in memory (a sweep with no output folder)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.rows: list[dict[str, Any]] = []

    def open(self) -> MemoryStore:
        return self

    def close(self) -> None:
        pass

    def write_meta(self, *args) -> None:
        pass

    def append(self, rows: list[dict[str, Any]], timeseries: dict[str, pd.DataFrame]) -> None:
        self.rows.extend(rows)

    def compact(self) -> None:
        pass

    def run_ids(self) -> set[str]:
        return {r["run_id"] for r in self.rows}

    def read(self) -> pd.DataFrame:
        if not self.rows:
            return self.schema.empty_table().to_pandas()
        return pa.Table.from_pylist(self.rows, schema=self.schema).to_pandas()
