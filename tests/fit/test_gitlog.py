"""The git adapter on a repository built here with known dates."""

from __future__ import annotations

import os
import shutil
import subprocess

import pandas as pd
import pytest
from fit_logs import run_cli

from orgsim.fit.gitlog import log_from_git, pseudonym

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo, *args, date=None, author="Ann"):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author}@x",
        "GIT_COMMITTER_NAME": "Merger", "GIT_COMMITTER_EMAIL": "m@x",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _commit(repo, name, date, author="Ann"):
    (repo / name).write_text(f"{name}\n" * 3)
    _git(repo, "add", name)
    _git(repo, "commit", "-m", f"add {name}", date=date, author=author)


@pytest.fixture
def repo(tmp_path):
    """main: base; PR #1 (two commits, Mon 10:00 and Tue 15:00 UTC+2) merged Wed, tagged
    v1.0.0 the next Monday; PR #2 merged after the tag, never released; a v1.0.0rc tag that
    is not a final release."""
    r = tmp_path / "repo"
    r.mkdir()
    _git(r, "init", "-q", "-b", "main")
    _commit(r, "base.txt", "2024-01-01T09:00:00+00:00")
    _git(r, "checkout", "-q", "-b", "feature")
    _commit(r, "a.txt", "2024-01-08T10:00:00+02:00", author="Bob")
    _commit(r, "b.txt", "2024-01-09T15:00:00+02:00", author="Bob")
    _git(r, "checkout", "-q", "main")
    _git(
        r,
        "merge",
        "--no-ff",
        "-m",
        "Merge pull request #1 from bob/feature",
        "feature",
        date="2024-01-10T12:00:00+00:00",
        author="Cat",
    )
    _git(r, "tag", "-a", "v1.0.0rc1", "-m", "rc", date="2024-01-12T08:00:00+00:00")
    _git(r, "tag", "-a", "v1.0.0", "-m", "release", date="2024-01-15T08:00:00+00:00")
    _git(r, "checkout", "-q", "-b", "fix")
    _commit(r, "c.txt", "2024-01-16T09:00:00+00:00", author="Dan")
    _git(r, "checkout", "-q", "main")
    _git(
        r,
        "merge",
        "--no-ff",
        "-m",
        "Merge pull request #2 from dan/fix",
        "fix",
        date="2024-01-17T09:30:00+00:00",
        author="Cat",
    )
    return r


def _hours(row) -> float:
    return (pd.Timestamp(row["end"]) - pd.Timestamp(row["start"])).total_seconds() / 3600


def test_git_adapter_reproduces_the_known_durations(repo):
    df = log_from_git(repo).set_index(["case_id", "activity"])
    one = df.loc["1"]
    assert one.loc["coding", "start"] == "2024-01-08T08:00:00+00:00"
    assert _hours(one.loc["coding"]) == pytest.approx(24 + 5)  # Mon 08:00Z to Tue 13:00Z
    assert _hours(one.loc["review"]) == pytest.approx(23)  # Tue 13:00Z to Wed 12:00Z
    assert _hours(one.loc["release"]) == pytest.approx(5 * 24 - 4)  # to the final tag, not the rc
    assert one.loc["release", "resource"] == "v1.0.0"
    assert one.loc["coding", "resource"] == pseudonym("Bob")
    assert one.loc["review", "resource"] == pseudonym("Cat")
    assert one.loc["coding", "lines_changed"] == 6
    two = df.loc["2"]
    assert _hours(two.loc["review"]) == pytest.approx(24.5)
    assert two.loc["release", "end"] == ""  # merged, not released: in progress


def test_since_keeps_only_later_merges(repo):
    df = log_from_git(repo, since="2024-01-16")
    assert set(df["case_id"]) == {"2"}


def test_log_from_git_command_writes_a_log_the_fit_reads(repo, tmp_path, capsys):
    out = tmp_path / "log.csv"
    code, _stdout, err = run_cli(["log", "from-git", repo, "--out", out], capsys)
    assert code == 0, err
    from orgsim.fit.log import read_log

    ev = read_log(out).events
    assert ev["end"].isna().sum() == 1  # the unreleased merge is censored, not dropped
    assert set(ev["station"]) == {"coding", "review", "release"}


def test_a_folder_that_is_not_a_repository_is_one_line_exit_2(tmp_path, capsys):
    code, _, err = run_cli(["log", "from-git", tmp_path, "--out", tmp_path / "x.csv"], capsys)
    assert code == 2 and err.count("\n") == 1 and str(tmp_path) in err
    assert not (tmp_path / "x.csv").exists()
