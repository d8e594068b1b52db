"""`orgsim` command line.

Each command lives in its own module with a `register(subparsers)` function. Every bad
input (a flag, a scenario file, an override) ends with one line on stderr naming what is
wrong and exit code 2; nothing is written in that case.
"""

from __future__ import annotations

import sys

from orgsim.cli import (
    app_cmd,
    claims_cmd,
    compare_cmd,
    fit_cmd,
    log_cmd,
    patterns_cmd,
    run_cmd,
    sweep_cmd,
    validate_cmd,
)
from orgsim.cli.args import Parser, UsageError
from orgsim.files import OutputError, printable, printable_stdout
from orgsim.scenario import ScenarioError

COMMAND_MODULES = [
    run_cmd,
    compare_cmd,
    patterns_cmd,
    validate_cmd,
    app_cmd,
    sweep_cmd,
    claims_cmd,
    log_cmd,
    fit_cmd,
]


def build_parser() -> Parser:
    parser = Parser(
        prog="orgsim",
        description="Simulate how a software organization turns AI-assisted coding into "
        "delivered value, and where work piles up.",
    )
    parser.add_argument(
        "--data-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder the files that scenarios and sweep specs name may lie in, besides "
        "their own folder (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        from orgsim.scenario.files import data_dirs

        with data_dirs(*args.data_dir), printable_stdout():  # input text never drives the tty
            return args.func(args)
    except (ScenarioError, UsageError, OutputError) as exc:
        print(f"orgsim {args.command}: error: {printable(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"orgsim {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
