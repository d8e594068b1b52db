"""Delivery event logs: read, map and validate the records a fit starts from.

A delivery log has one row per activity of a work item: its case id, the activity, when
it started and ended, and optionally who did it (resource), the team and the item's size.
Logs come from many tools, so column names are mapped (`--column start=created_at`, or a
mapping file), activities are mapped to pipeline stations (common names have defaults:
"code review" is the review station, served by reviewers), and timestamps with no time
zone are read in the log's zone (`--tz`). An empty `end` means the activity was still
under way when the log was written: that visit is censored, not dropped.

Every problem is one `LogError` line naming the file, the row or column, and what is
wrong; the CLI turns it into exit code 2. A log is read only from a regular file of at
most `LOG_LIMIT` bytes (`--max-log-mb` raises it), a gzipped XES log decompressed up to
the same limit; rows that are exact copies of another are dropped with a `LogWarning`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from orgsim.scenario.errors import ScenarioError
from orgsim.scenario.files import HOLIDAYS_LIMIT, read_regular_file
from orgsim.scenario.tomlfile import read_toml

COLUMNS = ("case_id", "activity", "start", "end", "resource", "team", "size")
REQUIRED = ("case_id", "activity", "start", "end")
ALIASES = {
    "case_id": ("case_id", "case", "caseid", "case:concept:name"),
    "activity": ("activity", "concept:name", "task"),
    "start": ("start", "start_time", "start_timestamp"),
    "end": ("end", "end_time", "end_timestamp", "time:timestamp"),
    "resource": ("resource", "org:resource", "user"),
    "team": ("team", "org:group", "group"),
    "size": ("size", "lines_changed"),
}
# Common activity names and the station and role they stand for.
_DEFAULTS = {
    "developer": (
        "coding",
        "code",
        "develop",
        "development",
        "implementation",
        "implement",
        "dev",
        "in_progress",
        "doing",
        "programming",
    ),
    "reviewer": ("review", "code_review", "pr_review", "peer_review", "reviewing"),
    "approver": ("approval", "approve", "sign_off", "signoff", "cab", "change_approval"),
    "release_manager": ("release", "deploy", "deployment", "ship", "rollout", "production"),
    "automated": ("ci", "build", "test", "testing", "qa", "integration", "pipeline", "checks"),
}
DEFAULT_ACTIVITIES = {
    name: (name if role != "developer" else "coding", role)
    for role, names in _DEFAULTS.items()
    for name in names
}
DEFAULT_ACTIVITIES.update({"code_review": ("review", "reviewer")})
ROLES = tuple(_DEFAULTS)
WHERE = "__where__"  # the column in which the XES reader names each row's event
_OFFSET = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$", re.IGNORECASE)


LOG_LIMIT = 512 << 20  # bytes of a log file (and of a .xes.gz once decompressed)
LOG_LIMIT_FLAG = "--max-log-mb"


class LogError(ScenarioError):
    """A delivery log (or a mapping for it) is invalid: one line, file and row named."""


class LogWarning(UserWarning):
    """Something in a log was set aside to fit it (duplicate rows): one line."""


def activity_key(name: str) -> str:
    """Normalized activity name: lower case, words joined by underscores."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


@dataclass
class LogMapping:
    """How to read a log: column names, activity -> (station, role), time zone, holidays."""

    columns: dict[str, str] = field(default_factory=dict)
    activities: dict[str, tuple[str, str]] = field(default_factory=dict)
    tz: str = "UTC"
    holidays: list[str] = field(default_factory=list)

    @classmethod
    def from_file(cls, path: str | Path) -> LogMapping:
        """A TOML file with optional [columns], [activities] (name = "station[:role]"),
        `tz` and `holidays` (a list of dates)."""
        label = str(path)
        raw = read_toml(path, label, error=LogError)
        unknown = set(raw) - {"columns", "activities", "tz", "holidays"}
        if unknown:
            raise LogError(label, sorted(unknown)[0], "unknown key")
        for key, kind in (("columns", dict), ("activities", dict), ("holidays", list)):
            if not isinstance(raw.get(key, kind()), kind):
                raise LogError(label, key, f"must be a {'table' if kind is dict else 'list'}")
        holidays = [
            _date(h, label, f"holidays[{i}]") for i, h in enumerate(raw.get("holidays", []))
        ]
        m = cls(tz=str(raw.get("tz", "UTC")), holidays=holidays)
        for ours, theirs in raw.get("columns", {}).items():
            m.set_column(ours, str(theirs), label)
        for name, target in raw.get("activities", {}).items():
            m.set_activity(name, str(target), label)
        return m

    def read_holidays(self, path: str | Path) -> None:
        """Add the dates of a holidays file (one date per line, # comments)."""
        label = str(path)
        text = read_regular_file(path, label, "", HOLIDAYS_LIMIT, error=LogError)
        try:
            lines = text.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise LogError(label, "", f"cannot read: not UTF-8 text ({exc.reason})") from None
        for n, line in enumerate(lines, 1):
            for word in line.partition("#")[0].split():
                self.holidays.append(_date(word, label, f"line {n}"))

    def set_column(self, ours: str, theirs: str, where: str = "--column") -> None:
        if ours not in COLUMNS:
            raise LogError(where, ours, f"unknown log column (expected one of {COLUMNS})")
        self.columns[ours] = theirs

    def set_activity(self, name: str, target: str, where: str = "--activity") -> None:
        station, _, role = target.partition(":")
        station = activity_key(station)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", station):
            raise LogError(where, name, f"bad station name {target!r}")
        role = role or DEFAULT_ACTIVITIES.get(station, (station, "automated"))[1]
        if role not in ROLES:
            raise LogError(where, name, f"unknown role {role!r} (expected one of {ROLES})")
        self.activities[activity_key(name)] = (station, role)

    def station_of(self, activity: str) -> tuple[str, str] | None:
        key = activity_key(activity)
        return self.activities.get(key) or DEFAULT_ACTIVITIES.get(key)


@dataclass
class EventLog:
    """A validated log: one row per activity, times tz-aware UTC, each mapped to a station.

    `events` columns: case_id, activity, station, start, end (NaT = still under way),
    resource, team, size, row (the row number in the file, or an XES log's
    'trace T, event E', for messages).
    `roles` gives each station's role; `stations` lists them in first-seen order.
    """

    events: pd.DataFrame
    source: str
    roles: dict[str, str]
    mapping: LogMapping

    @property
    def first_time(self) -> pd.Timestamp:
        return self.events["start"].min()

    @property
    def last_time(self) -> pd.Timestamp:
        return pd.concat([self.events["start"], self.events["end"]]).max()


def _date(value, label: str, where: str) -> str:
    """A holiday as YYYY-MM-DD (a one-line error naming where it was written)."""
    try:
        ts = pd.Timestamp(str(value))
    except (ValueError, TypeError, OverflowError):
        ts = pd.NaT
    if ts is pd.NaT:
        raise LogError(label, where, f"not a date: {str(value)[:40]!r}")
    return str(ts.date())


def read_log(
    path: str | Path, mapping: LogMapping | None = None, *, limit: int = LOG_LIMIT
) -> EventLog:
    """Read a CSV, Parquet or XES delivery log and validate every row.

    The file must be a regular file of at most `limit` bytes (a gzipped XES log at most
    `limit` once decompressed). Exact duplicate rows are dropped with a `LogWarning`."""
    mapping = mapping or LogMapping()
    label = str(path)
    p = Path(path)
    raw, first_row = _read_table(p, label, mapping.tz, limit)
    if raw.empty:
        raise LogError(label, "", "empty log: no events")
    where = raw.pop(WHERE) if WHERE in raw else None
    raw, where = _without_duplicates(raw, where, label)
    cols = _resolve_columns(raw, mapping, label)
    df = pd.DataFrame({"row": range(first_row, first_row + len(raw))})
    if where is not None:  # an XES log names its traces and events, not rows
        df["row"] = where.to_numpy()
    for ours, theirs in cols.items():
        df[ours] = raw[theirs].to_numpy()
    for name in REQUIRED[:2]:
        bad = df[name].isna() | (df[name].astype(str).str.strip() == "")
        if bad.any():
            raise LogError(label, _at(df, bad.idxmax()), f"column {cols[name]!r}: empty")
    df["case_id"] = df["case_id"].astype(str).str.strip()
    df["activity"] = df["activity"].astype(str).str.strip()
    df["start"] = _timestamps(df, "start", cols["start"], mapping.tz, label, allow_empty=False)
    df["end"] = _timestamps(df, "end", cols["end"], mapping.tz, label, allow_empty=True)
    back = df["end"].notna() & (df["end"] < df["start"])
    if back.any():
        i = back.idxmax()
        raise LogError(
            label,
            _at(df, i),
            f"column {cols['end']!r}: end {df['end'][i]} is before start {df['start'][i]}",
        )
    roles: dict[str, str] = {}
    stations = []
    for act, idx in df.groupby("activity", sort=False).groups.items():
        target = mapping.station_of(act)
        if target is None:
            raise LogError(
                label,
                _at(df, idx[0]),
                f"column {cols['activity']!r}: no station for activity {act!r} "
                f"(map it with --activity '{act}=STATION[:ROLE]' or a mapping file)",
            )
        station, role = target
        if roles.setdefault(station, role) != role:
            raise LogError(label, "activities", f"station {station!r} mapped to two roles")
        stations.append(pd.Series(station, index=idx))
    df["station"] = pd.concat(stations).sort_index()
    for opt in ("resource", "team"):
        df[opt] = df[opt].astype("string") if opt in df else pd.NA
    if "size" in df:
        size = pd.to_numeric(df["size"], errors="coerce")
        if size.isna().any() or (size < 0).any():
            i = (size.isna() | (size < 0)).idxmax()
            raise LogError(label, _at(df, i), f"column {cols['size']!r}: not a size >= 0")
        df["size"] = size.astype(float)
    else:
        df["size"] = float("nan")
    return EventLog(df.reset_index(drop=True), label, roles, mapping)


def _without_duplicates(raw: pd.DataFrame, where, label: str):
    """The table without rows that repeat an earlier row exactly (an export run twice
    would double the fitted demand and invent a rework loop), with a warning counting
    them."""
    try:
        dup = raw.duplicated()
    except TypeError:  # unhashable cells (lists): compare their text
        dup = raw.astype(str).duplicated()
    n = int(dup.sum())
    if not n:
        return raw, where
    warnings.warn(
        f"{label}: {n} duplicate row{'s' if n > 1 else ''} (exact copies of an earlier "
        f"row) removed; {len(raw) - n} rows remain",
        LogWarning,
        stacklevel=3,
    )
    keep = ~dup.to_numpy()
    return raw[keep], (where[keep] if where is not None else None)


def _read_table(p: Path, label: str, tz: str, limit: int) -> tuple[pd.DataFrame, int]:
    """The raw table and the file row number of its first record (for messages; an XES
    log names its traces and events instead, see xes.py). Only a regular file within
    `limit` is opened (a FIFO would never end, /dev/zero never stop)."""
    from orgsim.scenario.files import open_regular_file

    suffix = p.suffix.lower()
    f = open_regular_file(p, label, "", limit, error=LogError, flag=LOG_LIMIT_FLAG)
    try:
        with f:
            if suffix in (".parquet", ".pq"):
                return _read_parquet(f, p, label, limit), 1
            if suffix == ".xes" or p.name.lower().endswith(".xes.gz"):
                from orgsim.fit.xes import read_xes  # it needs LogError from here

                return read_xes(f, label, tz, limit=limit, name=p.name), 1
            table = pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""])
            return table, 2
    except LogError:
        raise
    except pd.errors.EmptyDataError:
        raise LogError(label, "", "empty log: no events") from None
    except Exception as exc:  # any reader failure is a bad file, said on one line
        raise LogError(label, "", f"cannot read: {exc}") from None


def _read_parquet(f, p: Path, label: str, limit: int) -> pd.DataFrame:
    """A Parquet log, refused before reading if its columns decompress past `limit`."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(f).metadata
    size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if size > limit:
        raise LogError(
            label,
            "",
            f"{p} holds {size:,} bytes once decompressed; the limit is {limit:,} "
            f"({LOG_LIMIT_FLAG} raises it)",
        )
    f.seek(0)
    return pd.read_parquet(f)


def _at(df: pd.DataFrame, i) -> str:
    """Where row `i` came from: 'row 12' of a table, 'trace 3, event 2' of an XES log."""
    v = df["row"][i]
    return v if isinstance(v, str) else f"row {v}"


def _resolve_columns(raw: pd.DataFrame, mapping: LogMapping, label: str) -> dict[str, str]:
    have = {str(c).strip().lower(): c for c in raw.columns}
    cols: dict[str, str] = {}
    for ours in COLUMNS:
        if ours in mapping.columns:
            theirs = mapping.columns[ours]
            if theirs not in raw.columns:
                raise LogError(label, f"column {theirs!r}", f"not in the log (mapped to {ours})")
            cols[ours] = theirs
            continue
        found = next((have[a] for a in ALIASES[ours] if a in have), None)
        if found is not None:
            cols[ours] = found
        elif ours in REQUIRED:
            raise LogError(
                label,
                f"column {ours!r}",
                f"missing (columns are {', '.join(map(str, raw.columns))}; map one with "
                f"--column {ours}=NAME)",
            )
    return cols


def _timestamps(df, ours: str, theirs: str, tz: str, label: str, allow_empty: bool) -> pd.Series:
    """Parse one timestamp column to UTC; naive values are read in the log's zone `tz`."""
    values = df[ours]
    if pd.api.types.is_datetime64_any_dtype(values):
        ts = pd.to_datetime(values)
        ts = ts.dt.tz_localize(tz) if ts.dt.tz is None else ts
        out = ts.dt.tz_convert("UTC")
    else:
        text = values.astype("string").str.strip()
        empty = text.isna() | (text == "")
        aware = text.str.contains(_OFFSET, na=False)
        out = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
        try:
            if aware.any():
                out[aware] = pd.to_datetime(
                    text[aware], format="ISO8601", utc=True, errors="coerce"
                )
            naive = ~aware & ~empty
            if naive.any():
                local = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
                out[naive] = local.dt.tz_localize(
                    tz, ambiguous="NaT", nonexistent="NaT"
                ).dt.tz_convert("UTC")
        except Exception as exc:  # e.g. an unknown time zone
            raise LogError(label, f"column {theirs!r}", f"cannot read timestamps: {exc}") from None
        bad = out.isna() & ~empty
        if bad.any():
            i = bad.idxmax()
            raise LogError(
                label,
                _at(df, i),
                f"column {theirs!r}: cannot parse timestamp {text[i]!r}",
            )
    if not allow_empty and out.isna().any():
        i = out.isna().idxmax()
        raise LogError(label, _at(df, i), f"column {theirs!r}: empty")
    return out
