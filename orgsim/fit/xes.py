"""XES event logs (IEEE 1849), read with the standard library.

XES is what process-mining tools (ProM, Celonis, Disco, pm4py) export. The reader
streams the file (`xml.etree.ElementTree.iterparse`, each trace's elements cleared once
read), so a large log costs the table it becomes, not its XML tree; `.xes.gz` is read
through gzip, stopped once it has inflated past the log size limit (a 2 MB file of
blanks inflates to gigabytes). ElementTree resolves no external entities, and the bundled expat refuses
entity-expansion bombs.

What becomes of a log:

- A trace is a case: its `concept:name` is the case id. Its other string, int and float
  attributes become the columns `case:<key>` on each of its rows (pm4py's naming), e.g.
  `case:team`, which a mapping can name (`--column team=case:team`).
- An event's `concept:name` is the activity and its `time:timestamp` the moment. With
  `lifecycle:transition`, a `start` and the next `complete` of the same activity in the
  same trace become one interval; a `complete` with no open start is an instant (unless
  the event carries a `start_timestamp` date, SIMOD's convention); a `start` never
  completed is still under way (an empty end). Other transitions (schedule, suspend,
  ...) are skipped. An event with no transition is a `complete`.
- `org:resource` and every other string, int or float attribute of an event are
  columns under their key (`team`, `size`, ...). Nested attributes, lists, containers
  and the log's global defaults are not read.

Timestamps without an offset are read in the log's zone, as in a CSV. Bad XML, an
event without a timestamp or activity, a timestamp that does not parse: one `LogError`
line naming the file, the trace and event by position (1-based), and the problem.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
import zlib
from collections import defaultdict, deque
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from orgsim.fit.log import _OFFSET, LOG_LIMIT, LOG_LIMIT_FLAG, WHERE, LogError
from orgsim.scenario.files import bounded, open_regular_file

_VALUES = {"string": str, "id": str, "int": int, "float": float}
_SKIP = {"concept:name", "time:timestamp", "lifecycle:transition"}


class _Event:
    __slots__ = ("activity", "attrs", "life", "pos", "start", "time")

    def __init__(self, pos: str) -> None:
        self.pos = pos
        self.activity: str | None = None
        self.time: str | None = None
        self.start: str | None = None  # a `start_timestamp` date, if it has one
        self.life = "complete"
        self.attrs: dict = {}


def read_xes(
    source: str | Path | BinaryIO,
    label: str,
    tz: str,
    *,
    limit: int = LOG_LIMIT,
    name: str | None = None,
) -> pd.DataFrame:
    """The log's rows: case:concept:name, concept:name, start_timestamp, time:timestamp
    (UTC; NaT when still under way) and the other attributes as columns.

    `source` is a path (a regular file of at most `limit` bytes) or a file already open
    (`name` its file name); a `.gz` log may inflate to `limit` bytes."""
    if isinstance(source, str | Path):
        with open_regular_file(source, label, "", limit, error=LogError, flag=LOG_LIMIT_FLAG) as f:
            return read_xes(f, label, tz, limit=limit, name=Path(source).name)
    f, p = source, Path(name or label)
    reader = _Reader(label)
    try:
        if p.name.lower().endswith(".gz"):
            too_large = LogError(
                label,
                "",
                f"{p} inflates to more than {limit:,} bytes, the limit of a log "
                f"({LOG_LIMIT_FLAG} raises it)",
            )
            f = io.BufferedReader(bounded(gzip.GzipFile(fileobj=f), limit, too_large))
        reader.read(f)
    except ET.ParseError as exc:
        if not reader.started and exc.code == 3:  # expat's "no element found"
            raise LogError(label, "", "empty log: no events") from None
        line, col = exc.position
        why = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
        raise LogError(
            label, reader.where(), f"malformed XML at line {line}, column {col}: {why}"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise LogError(label, reader.where(), f"cannot read: {exc}") from None
    df = pd.DataFrame(reader.rows)
    if df.empty:
        return df
    for col, k in (("start_timestamp", 0), ("time:timestamp", 1)):
        df[col] = _times(df[col], [w[k] for w in reader.sources], tz, label)
    df[WHERE] = [(e if e[0] else b)[0] for b, e in reader.sources]  # the complete, or start
    return df


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Reader:
    """The streaming parse: one trace at a time, its rows kept as soon as it closes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rows: list[dict] = []
        self.sources: list[tuple[tuple[str, str], tuple[str, str]]] = []  # per row, per time
        self.traces = 0
        self.events: list[_Event] = []
        self.event: _Event | None = None
        self.in_trace = False
        self.started = False  # the root element has been seen

    def where(self) -> str:
        """The position being read: 'trace 3, event 2', 'trace 3' or ''."""
        if self.event is not None:
            return self.event.pos
        return f"trace {self.traces}" if self.in_trace else ""

    def read(self, f) -> None:
        stack: list[str] = []
        root = None
        trace_attrs: dict = {}
        case: str | None = None
        for kind, elem in ET.iterparse(f, events=("start", "end")):
            tag = _local(elem.tag)
            if kind == "start":
                if root is None:
                    root = elem
                    self.started = True
                    if tag != "log":
                        raise LogError(self.label, "", f"not an XES log (root element {tag!r})")
                stack.append(tag)
                if tag == "trace" and len(stack) == 2:
                    self.traces += 1
                    self.in_trace = True
                    trace_attrs, case, self.events = {}, None, []
                elif tag == "event" and len(stack) == 3 and self.in_trace:
                    self.event = _Event(f"trace {self.traces}, event {len(self.events) + 1}")
                continue
            stack.pop()
            depth = len(stack)
            if tag == "event" and depth == 2 and self.event is not None:
                self.events.append(self.event)
                self.event = None
                elem.clear()
            elif tag == "trace" and depth == 1:
                if case is None:
                    raise LogError(self.label, self.where(), "no concept:name (the case id)")
                self._close(case, trace_attrs)
                self.in_trace = False
                root.clear()  # the traces read so far: their elements are freed
            elif depth == 3 and self.event is not None:
                self._event_attr(self.event, tag, elem)
            elif depth == 2 and self.in_trace and self.event is None:
                key, value = elem.get("key"), elem.get("value")
                if key == "concept:name":
                    case = value
                elif tag in _VALUES and key and value is not None:
                    trace_attrs[f"case:{key}"] = self._value(self.where(), tag, key, value)

    def _event_attr(self, ev: _Event, tag: str, elem) -> None:
        key, value = elem.get("key"), elem.get("value")
        if not key or value is None:
            return
        if key == "concept:name":
            ev.activity = value
        elif key == "time:timestamp":
            ev.time = value
        elif key == "lifecycle:transition":
            ev.life = value.strip().lower()
        elif key == "start_timestamp" and tag == "date":
            ev.start = value
        elif tag in _VALUES and key not in _SKIP:
            ev.attrs[key] = self._value(ev.pos, tag, key, value)

    def _value(self, pos: str, tag: str, key: str, value: str):
        try:
            return _VALUES[tag](value)
        except ValueError:
            raise LogError(
                self.label, pos, f"attribute {key!r}: {value!r} is not an {tag}"
            ) from None

    def _close(self, case: str, trace_attrs: dict) -> None:
        """Pair the trace's start and complete events into rows."""
        open_starts: dict[str, deque[_Event]] = defaultdict(deque)
        pairs: list[tuple[_Event, _Event | None]] = []  # (start, complete)
        for ev in self.events:
            if ev.activity is None or not ev.activity.strip():
                raise LogError(self.label, ev.pos, "no concept:name (the activity)")
            if ev.time is None or not ev.time.strip():
                raise LogError(self.label, ev.pos, "no time:timestamp")
            if ev.life == "start":
                open_starts[ev.activity].append(ev)
            elif ev.life == "complete":
                starts = open_starts[ev.activity]
                pairs.append((starts.popleft() if starts else ev, ev))
        for starts in open_starts.values():
            pairs.extend((s, None) for s in starts)  # still under way
        for first, end in pairs:
            row = {"case:concept:name": case, "concept:name": first.activity, **trace_attrs}
            row.update(first.attrs)
            if end is not None and end is not first:
                row.update(end.attrs)
            if end is first and first.start is not None:  # an interval of its own
                row["start_timestamp"] = first.start
                began = (first.pos, "start_timestamp")
            else:
                row["start_timestamp"] = first.time
                began = (first.pos, "time:timestamp")
            row["time:timestamp"] = end.time if end is not None else None
            ended = (end.pos, "time:timestamp") if end is not None else ("", "")
            self.rows.append(row)
            self.sources.append((began, ended))


def _times(text: pd.Series, where: list[tuple[str, str]], tz: str, label: str) -> pd.Series:
    """Parse one column of timestamps to UTC; the first that fails names its event."""
    text = text.astype("string").str.strip()
    empty = text.isna() | (text == "")
    aware = text.str.contains(_OFFSET, na=False)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    if aware.any():
        out[aware] = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
    naive = ~aware & ~empty
    if naive.any():
        local = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        try:
            out[naive] = local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert(
                "UTC"
            )
        except Exception as exc:  # an unknown zone
            raise LogError(label, "", f"cannot read timestamps in zone {tz!r}: {exc}") from None
    bad = out.isna() & ~empty
    if bad.any():
        i = int(bad.to_numpy().argmax())
        pos, key = where[i]
        raise LogError(label, pos, f"{key}: cannot parse timestamp {text.iloc[i]!r}")
    return out
