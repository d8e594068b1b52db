"""A delivery log from git history: pull-request merges, their branch commits, release tags.

Every team has a git history, so this adapter needs nothing else. For each first-parent
merge commit on the current branch (since a date):

| activity | start | end |
|---|---|---|
| coding | author date of the branch's earliest commit | committer date of its latest commit |
| review | committer date of the latest branch commit | committer date of the merge |
| release | the merge | creation date of the earliest release tag containing the merge |

The branch's commits are those reachable from the merge's second parent and not from its
first (`git log M^1..M^2`). A merge that no release tag contains yet gets a release row
with an empty end: it is still in progress when the log is written (censored).
Release tags are those whose name matches `tag_pattern` (default: final versions such as
v1.2.3 or 1.2.3). The case id is the pull-request number when the merge subject says
"Merge pull request #N", otherwise the merge's short hash. Names are pseudonymised
(`person-` and 8 hex digits of a SHA-256) unless asked otherwise.

git's output is read as NUL-separated fields and records (`-z`, `%x00`): NUL is the one
character no commit subject or author name can hold, so any text in them reads back.

What git cannot say: when a pull request was opened or first reviewed; so "coding" also
holds the review rounds before the last push, and "review" is the wait from the last
push to the merge. Squash-merged and rebased pull requests leave no merge commit.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pandas as pd

from orgsim.fit.log import LogError

DEFAULT_TAG_PATTERN = r"^v?\d+\.\d+\.\d+$"
_PR = re.compile(r"Merge pull request #(\d+)")


def _git(repo: Path, *args: str) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            encoding="utf-8",
            errors="replace",  # a name in another encoding reads, with a marker
            check=True,
        )
    except FileNotFoundError:
        raise LogError(str(repo), "", "git is not installed") from None
    except subprocess.CalledProcessError as exc:
        msg = exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else "git failed"
        raise LogError(str(repo), "", msg) from None
    return out.stdout


def _records(repo: Path, fields: list[str], *args: str) -> list[list[str]]:
    """`git log -z` records of the given format fields, each field NUL-terminated."""
    out = _git(repo, "log", "-z", "--format=" + "%x00".join(fields), *args)
    tokens = out.split("\0")
    if tokens and tokens[-1] == "":
        tokens.pop()
    k = len(fields)
    if len(tokens) % k:
        raise LogError(str(repo), "", f"unexpected output of git log ({len(tokens)} fields)")
    return [tokens[i : i + k] for i in range(0, len(tokens), k)]


def check_tag_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled release-tag pattern (a one-line error naming --tag-pattern)."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LogError(
            "--tag-pattern", "", f"{pattern!r} is not a regular expression: {exc}"
        ) from None


def pseudonym(name: str) -> str:
    return "person-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def log_from_git(
    repo: str | Path,
    since: str | None = None,
    tag_pattern: str = DEFAULT_TAG_PATTERN,
    real_names: bool = False,
) -> pd.DataFrame:
    """The delivery log of `repo` (columns case_id, activity, start, end, resource,
    lines_changed), merges from `since` on."""
    repo = Path(repo)
    check_tag_pattern(tag_pattern)
    if not repo.is_dir():
        raise LogError(str(repo), "", "no such directory")
    _git(repo, "rev-parse", "--git-dir")  # fails on one line if this is not a repository
    who = (lambda n: n) if real_names else pseudonym
    args = ["--first-parent", "--merges"] + ([f"--since={since}"] if since else [])
    merges = _records(repo, ["%H", "%P", "%cI", "%an", "%s"], *args)
    tags = _release_tags(repo, tag_pattern)
    released = _release_of(repo, [m[0] for m in merges], tags)
    rows = []
    for sha, parents, merged_at, merger, subject in merges:
        merged_at = _utc(merged_at)
        p = parents.split()
        if len(p) < 2:
            continue
        commits = _branch_commits(repo, p[0], p[1])
        if not commits:
            continue
        m = _PR.search(subject)
        case = m.group(1) if m else sha[:10]
        first = min(commits, key=lambda c: c[1])
        latest = max(commits, key=lambda c: c[2])
        size = _lines_changed(repo, p[0], p[1])
        rows.append((case, "coding", first[1], latest[2], who(latest[3]), size))
        rows.append((case, "review", latest[2], merged_at, who(merger), size))
        tag = released.get(sha)
        rows.append(
            (case, "release", merged_at, tag[1] if tag else "", tag[0] if tag else "", size)
        )
    cols = ["case_id", "activity", "start", "end", "resource", "lines_changed"]
    return pd.DataFrame(rows, columns=cols)


def _branch_commits(repo: Path, base: str, tip: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for sha, authored, committed, author in _records(
        repo, ["%H", "%aI", "%cI", "%an"], f"{base}..{tip}"
    ):
        rows.append((sha, _utc(authored), _utc(committed), author))
    return rows


def _utc(iso: str) -> str:
    """An ISO 8601 time in UTC, so that times compare as text and read back alike."""
    return pd.Timestamp(iso).tz_convert("UTC").isoformat()


def _lines_changed(repo: Path, base: str, tip: str) -> int:
    """Insertions + deletions of the branch against its merge base."""
    out = _git(repo, "diff", "--shortstat", f"{base}...{tip}")
    return sum(int(n) for n in re.findall(r"(\d+) (?:insertion|deletion)", out))


def _release_tags(repo: Path, pattern: str) -> list[tuple[str, str]]:
    """(tag, creation date) of release tags, oldest first."""
    out = _git(
        repo, "for-each-ref", "refs/tags", "--sort=creatordate",
        "--format=%(refname:short)%00%(creatordate:iso-strict)",
    )  # fmt: skip
    rx = check_tag_pattern(pattern)
    tags = [tuple(line.split("\0", 1)) for line in out.splitlines() if "\0" in line]
    return [t for t in tags if rx.search(t[0])]  # type: ignore[misc]


def _release_of(repo: Path, merges: list[str], tags) -> dict[str, tuple[str, str]]:
    """Each merge's earliest release tag (by creation date) whose history contains it."""
    todo = set(merges)
    found: dict[str, tuple[str, str]] = {}
    for tag, created in tags:
        if not todo:
            break
        reach = set(_git(repo, "rev-list", tag).split())
        for sha in todo & reach:
            found[sha] = (tag, _utc(created))
        todo -= reach
    return found
