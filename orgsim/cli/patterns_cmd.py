"""`orgsim patterns`: does a scenario reproduce the published patterns it claims?"""

from __future__ import annotations

from orgsim.cli.args import add_backend_args, backend_of, whole_number

_seeds = whole_number(2, "a confidence interval needs seeds")
_workers = whole_number(1)


def register(sub) -> None:
    p = sub.add_parser(
        "patterns",
        help="check a scenario against the published patterns it names",
        description="Run the scenario (and the reference scenarios its patterns compare "
        "with) on seeds 1..N and print each pattern: its band and source, the measured "
        "mean with a 95%% confidence interval, inside or not. Exit code 0 when every "
        "pattern is inside its band, 1 when any is outside (docs/calibration.md).",
    )
    p.add_argument("scenario", help="scenario TOML file with [[patterns]]")
    p.add_argument("--seeds", type=_seeds, default=10, help="replications (default 10)")
    p.add_argument("--workers", type=_workers, default=1, help="worker processes")
    add_backend_args(p)
    p.set_defaults(func=cmd_patterns)


def cmd_patterns(args) -> int:
    from orgsim.experiments.patterns import format_patterns, patterns

    report = patterns(args.scenario, seeds=args.seeds, workers=args.workers, **backend_of(args))
    print(format_patterns(report))
    return 0 if report.all_inside else 1
