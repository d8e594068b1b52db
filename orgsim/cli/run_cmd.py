"""`orgsim run` and `orgsim check`: one scenario, one seed, a readable summary."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from orgsim.cli.args import parse_overrides, positive_float, positive_int
from orgsim.cli.report import format_summary
from orgsim.files import printable
from orgsim.scenario import CapacityWarning, Scenario, load_scenario


def register(sub) -> None:
    run = sub.add_parser("run", help="run one scenario and print its summary")
    run.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    run.add_argument("--seed", type=positive_int, default=0, help="random seed (default 0)")
    run.add_argument("--days", type=positive_float, help="working days to measure after warm-up")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        metavar="KEY=VALUE",
        help="override a scenario field, e.g. --set ai.coding_speedup=2 (repeatable)",
    )
    run.add_argument(
        "--out", type=Path, help="write summary.json, timeseries.parquet, items.parquet here"
    )
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    _max_events(run)
    run.add_argument(
        "--progress",
        choices=("auto", "on", "off"),
        default="auto",
        help="progress bar on stderr (auto: when stderr is a terminal)",
    )
    run.set_defaults(func=cmd_run)

    check = sub.add_parser("check", help="validate scenario files")
    check.add_argument("scenarios", nargs="+", help="scenario TOML files")
    check.add_argument("--set", dest="overrides", action="append", metavar="KEY=VALUE")
    _max_events(check)
    check.set_defaults(func=cmd_check)


def _max_events(parser) -> None:
    from orgsim.scenario.cost import MAX_EVENTS

    parser.add_argument(
        "--max-events",
        type=positive_float,
        default=MAX_EVENTS,
        help=f"refuse a run estimated above this many events (default {MAX_EVENTS:.0e})",
    )


def load_and_warn(path: str, overrides: Mapping[str, Any], command: str) -> Scenario:
    """Load a scenario (with overrides) and print its capacity warnings, one line each.

    The warnings go to stderr as `orgsim <command>: warning: <file>: <problem>`, once, for
    the scenario as it will run (after the overrides); Python's own display is silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CapacityWarning)
        scenario = load_scenario(path)
        if overrides:
            scenario = scenario.with_overrides(overrides)
    for line in scenario.capacity_warnings:
        print(printable(f"orgsim {command}: warning: {path}: {line}"), file=sys.stderr)
    return scenario


def cmd_run(args) -> int:
    from orgsim.files import check_targets, check_writable_dir
    from orgsim.scenario.cost import check_cost
    from orgsim.simulate import simulate

    scenario = load_and_warn(args.scenario, parse_overrides(args.overrides), "run")
    check_cost(scenario, args.days, args.max_events)
    if args.out is not None:
        check_writable_dir(args.out, "--out")  # before the run, not after it
        check_targets(args.out, ("summary.json", "timeseries.parquet", "items.parquet"))
    progress = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CapacityWarning)  # already said
        result = simulate(scenario, seed=args.seed, days=args.days, progress=progress)
    if args.out is not None:
        result.to_dir(args.out)
    if args.json:
        from orgsim.simulate import _jsonable

        print(json.dumps(_jsonable(result.summary), indent=2))
    else:
        print(format_summary(result.summary))
        if args.out is not None:
            print(f"\nwrote {args.out}/summary.json, timeseries.parquet, items.parquet")
    return 0


def cmd_check(args) -> int:
    overrides = parse_overrides(args.overrides)
    for path in args.scenarios:
        scenario = load_and_warn(path, overrides, "check")
        from orgsim.model import OrgModel
        from orgsim.scenario.cost import check_cost

        cost = check_cost(scenario, max_events=args.max_events)

        OrgModel(scenario, seed=0)  # builds the org: catches problems only construction sees
        spec = scenario.spec
        people = spec.org.teams * sum(spec.org.people_per_team.values()) + sum(
            spec.org.shared_people.values()
        )
        print(
            f"{path}: ok ({spec.name}: {spec.org.teams} teams, {people} people, "
            f"{len(spec.pipeline)} stations; a run is {cost.line()})"
        )
    return 0
