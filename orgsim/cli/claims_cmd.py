"""`orgsim claims`: run the mission's claims C1-C5 (and where they fail) as experiments."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from orgsim.cli.args import UsageError, positive_float, positive_int
from orgsim.cli.robust_cmd import add_robust_args, run_robust

NAMES = ("C1", "C2", "C3", "C4", "C5", "limits")


def register(sub) -> None:
    p = sub.add_parser(
        "claims",
        help="run the claims C1-C5 and the counter-examples; tables, findings, figures",
    )
    p.add_argument(
        "claims",
        nargs="*",
        metavar="CLAIM",
        help="C1 C2 C3 C4 C5 limits, or all (default: all)",
    )
    p.add_argument(
        "--seeds", type=positive_int, default=10, help="replications per comparison (default 10)"
    )
    p.add_argument(
        "--sweep-seeds",
        type=positive_int,
        default=5,
        help="replications per point of the speed-up sweep in C3 (default 5)",
    )
    p.add_argument("--days", type=positive_float, help="working days to measure after warm-up")
    p.add_argument("--workers", type=positive_int, default=1, help="parallel processes")
    p.add_argument(
        "--out", type=Path, help="write figures (PNG), tables (CSV) and claims.md into this folder"
    )
    add_robust_args(p)  # --robust and its options (robust_cmd.py)
    p.set_defaults(func=cmd_claims)


def parse_names(given: list[str]) -> list[str]:
    """Claim names in the canonical order, case-insensitive; 'all' (or none) means all."""
    if not given:
        return list(NAMES)
    lookup = {n.lower(): n for n in NAMES}
    chosen: set[str] = set()
    for g in given:
        key = g.strip().lower()
        if key == "all":
            chosen.update(NAMES)
        elif key in lookup:
            chosen.add(lookup[key])
        else:
            raise UsageError(f"unknown claim {g!r} (expected {', '.join(NAMES)} or all)")
    return [n for n in NAMES if n in chosen]


def cmd_claims(args) -> int:
    import warnings

    from orgsim.scenario import CapacityWarning

    # Derived scenarios that outrun their capacity are expected here (that is what the
    # claims probe); each run's stability is reported with its figures instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CapacityWarning)
        return _cmd_claims(args)


def _cmd_claims(args) -> int:
    if args.robust:
        return run_robust(args)
    names = parse_names(args.claims)
    if args.seeds < 2 or args.sweep_seeds < 2:
        raise UsageError("--seeds and --sweep-seeds must be at least 2 (confidence intervals)")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a directory")

    from orgsim.experiments.claims import run_claims

    started = time.monotonic()

    def progress(name: str) -> None:
        print(f"[{time.monotonic() - started:6.0f}s] running {name} ...", file=sys.stderr)

    fragments = []
    for result in run_claims(
        names,
        seeds=args.seeds,
        sweep_seeds=args.sweep_seeds,
        days=args.days,
        workers=args.workers,
        progress=progress,
    ):
        print("=" * 100)
        print(result.to_text())
        print()
        if args.out is not None:
            written = result.save(args.out)
            fragments.append(result.to_markdown())
            print(f"wrote {', '.join(p.name for p in written)} to {args.out}\n")
    if args.out is not None:
        (args.out / "claims.md").write_text("\n".join(fragments))
        print(f"wrote {args.out / 'claims.md'}")
    print(f"done in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return 0
