"""`orgsim log from-git REPO --since DATE --out log.csv`: a delivery log from git history."""

from __future__ import annotations

from pathlib import Path

from orgsim.cli.args import Parser
from orgsim.files import atomic_write, check_writable_file, printable, spreadsheet_safe


def register(sub) -> None:
    log = sub.add_parser("log", help="make delivery event logs")
    inner = log.add_subparsers(dest="log_command", metavar="SOURCE", parser_class=Parser)
    inner.required = True
    git = inner.add_parser(
        "from-git", help="a log from a repository's pull-request merges and release tags"
    )
    git.add_argument("repo", help="path of a git repository (its current branch is read)")
    git.add_argument("--since", help="merges from this date on (git's --since)")
    git.add_argument(
        "--out",
        type=Path,
        default=Path("delivery-log.csv"),
        help="CSV to write (default delivery-log.csv)",
    )
    git.add_argument(
        "--tag-pattern", default=None, help="regex of release tag names (default: v1.2.3 / 1.2.3)"
    )
    git.add_argument(
        "--real-names", action="store_true", help="keep people's names (default: pseudonyms)"
    )
    git.set_defaults(func=cmd_from_git)


def cmd_from_git(args) -> int:
    from orgsim.fit.gitlog import DEFAULT_TAG_PATTERN, check_tag_pattern, log_from_git

    pattern = args.tag_pattern or DEFAULT_TAG_PATTERN
    check_tag_pattern(pattern)  # flags first, then
    check_writable_file(args.out, "--out")  # before the history is read
    df = log_from_git(args.repo, args.since, pattern, args.real_names)
    # A name such as "=HYPERLINK(...)" is text in the CSV, never a spreadsheet formula.
    for col in ("resource", "case_id"):
        df[col] = df[col].map(spreadsheet_safe)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out, lambda p: df.to_csv(p, index=False))
    cases = df["case_id"].nunique()
    print(printable(f"wrote {args.out}: {cases} merged changes, {len(df)} events"))
    return 0
