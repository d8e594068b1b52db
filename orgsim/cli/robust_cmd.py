"""`orgsim claims --robust`: does each claim hold for organizations like mine?

Runs the claims at Latin-hypercube points of the uncertain parameters
(orgsim.experiments.robust) and prints, per claim, the share of points where it holds
with its interval, the parameter box where it fails and what moves the verdict most.
The claims command calls `add_robust_args` when it builds its parser and hands over to
`run_robust` when `--robust` is given; `--seeds`, `--days`, `--workers` and `--out` are
the claims command's own options.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from orgsim.cli.args import UsageError, positive_int

ROBUST_SEEDS = 3  # seeds per point unless --seeds is given


class _DefaultSeeds(int):
    """The claims command's default --seeds, told apart from a --seeds given by the user
    (the robustness study needs fewer seeds per point than a single comparison)."""


def add_robust_args(parser) -> None:
    g = parser.add_argument_group("robustness (orgsim claims --robust)")
    g.add_argument(
        "--robust",
        action="store_true",
        help="test the claims across the plausible range of the uncertain parameters "
        "(docs/calibration.md): share of organizations where each holds, where it fails",
    )
    g.add_argument("--points", type=positive_int, default=50, help="design points (default 50)")
    g.add_argument(
        "--sample-seed", type=int, default=0, help="seed of the Latin hypercube (default 0)"
    )
    g.add_argument(
        "--backend", choices=("local", "dask"), help="local process pool (default) or dask"
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://127.0.0.1:8786 (implies --backend dask)",
    )
    for action in parser._actions:  # --seeds: 3 per point under --robust unless given
        if action.dest == "seeds" and isinstance(action.default, int):
            action.default = _DefaultSeeds(action.default)
            action.help = f"{action.help}; with --robust: per design point (default 3)"


def run_robust(args) -> int:
    from orgsim.experiments.robust import DEFAULT_DAYS, robustness

    seeds = ROBUST_SEEDS if isinstance(args.seeds, _DefaultSeeds) else int(args.seeds)
    if args.points < 1 or seeds < 2:
        raise UsageError("--robust needs --points >= 1 and --seeds >= 2")
    backend = args.backend or "local"
    if args.scheduler:
        if args.backend == "local":
            raise UsageError("--scheduler needs --backend dask")
        backend = "dask"
    out: Path | None = args.out
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a directory")
    days = args.days if args.days is not None else DEFAULT_DAYS
    started = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic() - started
        if done < total and now - last[0] < 10:
            return
        last[0] = now
        eta = now / done * (total - done) if done else float("nan")
        print(f"[{now:6.0f}s] {done}/{total} runs, about {eta:.0f}s left", file=sys.stderr)

    report = robustness(
        args.points,
        seeds,
        claims=[c for c in args.claims if c.lower() != "all"] or None,
        days=days,
        sample_seed=args.sample_seed,
        workers=args.workers,
        backend=backend,
        scheduler=args.scheduler,
        progress=progress,
    )
    print(report.to_text())
    if out is not None:
        written = report.save(out)
        print(f"wrote {len(written)} files to {out}")
    print(f"done in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return 0
