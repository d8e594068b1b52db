"""TOML input (scenarios, sweep specs, log mappings) read within stated limits.

Python's TOML parser spends time and memory quadratic in the depth of a dotted key:
80 KB of `a.a.a...a = 1` costs gigabytes, well inside the size limit of a scenario. So
before `tomllib` sees a text, a linear pre-scan counts its keys and measures how deep
each key path goes (table header, dotted key, inline tables within), and a text over
`MAX_KEY_DEPTH` or `MAX_KEYS` is refused in one line. The scan only measures; whether
the text is valid TOML is the parser's to say.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from orgsim.scenario.errors import ScenarioError
from orgsim.scenario.files import SCENARIO_LIMIT, read_regular_file

MAX_KEY_DEPTH = 32  # sections and dotted parts on one key path; scenarios use at most 6
MAX_KEYS = 50_000  # keys and table headers; a 1,000-station pipeline uses about 12,000

_SPACE = re.compile(r"[ \t\r]+")
_COMMENT = re.compile(r"#[^\n]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_LITERAL = re.compile(r"'[^'\n]*'?")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""+|$)', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*(?:'''+|$)", re.DOTALL)
_SCALAR = re.compile(r"[^\s\[\]{},\"'#=]+")


def _string(text: str, i: int) -> int:
    """The end of the string starting at `i` (any of TOML's four kinds)."""
    if text.startswith('"""', i):
        m = _ML_BASIC.match(text, i)
    elif text.startswith("'''", i):
        m = _ML_LITERAL.match(text, i)
    elif text[i] == '"':
        m = _BASIC.match(text, i)
    else:
        m = _LITERAL.match(text, i)
    return m.end() if m else i + 1


def _key(text: str, i: int) -> tuple[int, int]:
    """(number of dotted parts, end) of the key starting at `i`; 0 parts if none."""
    parts = 0
    n = len(text)
    while i < n:
        m = _SPACE.match(text, i)
        i = m.end() if m else i
        if i < n and text[i] in "\"'":
            i = _string(text, i)
        else:
            m = _BARE.match(text, i)
            if not m:
                break
            i = m.end()
        parts += 1
        m = _SPACE.match(text, i)
        i = m.end() if m else i
        if i < n and text[i] == ".":
            i += 1
            continue
        break
    return parts, i


def key_shape(text: str) -> tuple[int, int]:
    """(the deepest key path, the number of keys and table headers) of a TOML text, in
    one pass: strings and comments are skipped whole, values are only stepped over."""
    deepest = keys = 0
    header = 0  # depth of the current [table]
    stack: list[tuple[str, int]] = []  # open arrays and inline tables, with their depth
    value_depth = 0
    expect_key = True
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r":
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        elif c == "\n":
            i += 1
            expect_key = expect_key or not stack
        elif c == "#":
            i = _COMMENT.match(text, i).end()  # type: ignore[union-attr]
        elif expect_key and not stack and c == "[":
            start = i + (2 if text.startswith("[[", i) else 1)
            header, i = _key(text, start)
            keys += 1
            deepest = max(deepest, header)
            while i < n and text[i] == "]":
                i += 1
        elif expect_key and c == "}" and stack:
            stack.pop()
            value_depth = stack[-1][1] if stack else 0
            expect_key = bool(stack) and stack[-1][0] == "{"
            i += 1
        elif expect_key:
            parts, end = _key(text, i)
            if not parts:
                i += 1
                continue
            value_depth = (stack[-1][1] if stack else header) + parts
            keys += 1
            deepest = max(deepest, value_depth)
            expect_key = False
            i = end
        elif c in "\"'":
            i = _string(text, i)
        elif c in "[{":
            stack.append((c, value_depth))
            expect_key = c == "{"
            i += 1
        elif c in "]}":
            if stack:
                stack.pop()
            value_depth = stack[-1][1] if stack else 0
            i += 1
        elif c == ",":
            expect_key = bool(stack) and stack[-1][0] == "{"
            i += 1
        elif c == "=":
            i += 1
        else:
            m = _SCALAR.match(text, i)
            i = m.end() if m else i + 1
    return deepest, keys


def check_shape(text: str, label: str, *, error: type[ScenarioError] = ScenarioError) -> None:
    """Refuse, before parsing, a TOML text whose keys go too deep or are too many."""
    deepest, keys = key_shape(text)
    if deepest > MAX_KEY_DEPTH:
        raise error(
            label, "", f"a key is nested {deepest} deep; the limit is {MAX_KEY_DEPTH} levels"
        )
    if keys > MAX_KEYS:
        raise error(label, "", f"{keys:,} keys; the limit is {MAX_KEYS:,}")


def loads(text: str, label: str, *, error: type[ScenarioError] = ScenarioError) -> dict[str, Any]:
    """Parse a TOML text after `check_shape`; every problem one line."""
    check_shape(text, label, error=error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(label, "", f"invalid TOML: {exc}") from None
    except RecursionError:
        raise error(label, "", "invalid TOML: nested too deeply") from None


def read_toml(
    path: str | Path,
    label: str | None = None,
    *,
    limit: int = SCENARIO_LIMIT,
    error: type[ScenarioError] = ScenarioError,
) -> dict[str, Any]:
    """A TOML file's contents: a regular file, UTF-8, within `limit` and the key limits."""
    label = str(path) if label is None else label
    data = read_regular_file(path, label, "", limit, error=error)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(label, "", f"cannot read: not UTF-8 text ({exc.reason})") from None
    return loads(text, label, error=error)
