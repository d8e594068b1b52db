"""`orgsim validate`: the model against queueing theory and the ciw peer simulator."""

from __future__ import annotations

import sys
import time

from orgsim.cli.args import UsageError, add_backend_args, backend_of, fraction, whole_number

_seeds = whole_number(2, "a confidence interval needs seeds")
_level = fraction
_jobs = whole_number(1)


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check the model against queueing theory and the ciw simulator",
        description="Run the validation cases (docs/validation.md) on independent seeds and "
        "print, per quantity, what theory says, orgsim's mean with its confidence interval, "
        "ciw's where used, and pass/fail. Exit code 1 if any check fails.",
    )
    p.add_argument(
        "--precision",
        choices=("quick", "full"),
        default="quick",
        help="run lengths and replications: quick (tests, CI) or full (the docs' table)",
    )
    p.add_argument(
        "--case",
        dest="cases",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="run only these cases (a name, or a group such as mm1 or little); see --list",
    )
    p.add_argument(
        "--seeds", type=_seeds, help="replications (seeds 1..N); default set by --precision"
    )
    p.add_argument(
        "--level",
        type=_level,
        default=0.99,
        help="two-sided confidence level of every interval (default 0.99)",
    )
    p.add_argument(
        "--jobs", type=_jobs, default=1, help="worker processes (results do not depend on it)"
    )
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    add_backend_args(p)
    p.set_defaults(func=cmd_validate)


def cmd_validate(args) -> int:
    from orgsim.validation import PRECISIONS, all_cases, format_table, run_cases, select, tally
    from orgsim.validation.cases import suite_size
    from orgsim.validation.ciw_peer import available
    from orgsim.validation.runner import per_check_level

    cases = all_cases()
    if args.list:
        width = max(len(c.name) for c in cases)
        for c in cases:
            print(f"{c.name.ljust(width)}  {c.title}")
        return 0
    try:
        chosen = select(args.cases, cases)
    except KeyError as exc:
        raise UsageError(
            f"--case {exc.args[0]!r}: no such case (see orgsim validate --list)"
        ) from None
    precision = PRECISIONS[args.precision]
    reps = args.seeds if args.seeds is not None else precision.reps
    seeds = range(1, reps + 1)
    progress = _progress if sys.stderr.isatty() else None
    started = time.perf_counter()
    checks = run_cases(
        chosen, precision, seeds, args.level, args.jobs, progress, **backend_of(args)
    )
    if progress is not None:
        sys.stderr.write("\r\033[K")
    elapsed = time.perf_counter() - started
    k = suite_size(cases)
    single = per_check_level(args.level, k)
    print(
        f"orgsim validate: precision {precision.name}, seeds 1-{reps}; two-sided t intervals "
        f"over seeds at {100 * single:.4g}% each, {100 * args.level:g}% simultaneous for "
        f"all {k} checks of the suite (Bonferroni)"
        + ("" if available() else "; ciw is not installed")
    )
    print()
    print(format_table(checks))
    print()
    print(f"{tally(checks)}  ({elapsed:.0f} s)")
    return 1 if any(c.failed for c in checks) else 0


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rvalidate: {done}/{total} runs")
    sys.stderr.flush()
