"""`orgsim fit` and `orgsim backtest`: a scenario from a delivery log, and its check.

    orgsim fit LOG [--until DATE] --out scenario.toml
    orgsim backtest SCENARIO LOG --from DATE --to DATE [--seeds N] [--arrivals observed|fitted]

Both read the log the same way (column and activity mappings, time zone, holidays:
see docs/fit.md). Bad input ends with one line naming the file, row or column, exit 2,
and nothing written.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from orgsim.cli.args import UsageError, whole_number
from orgsim.files import atomic_write, check_writable_dir, check_writable_file, printable


def timestamp(text: str) -> pd.Timestamp:
    """An argparse type: a date or ISO 8601 time (UTC unless it says otherwise)."""
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2025-01-01, got {text!r}"
        ) from None
    if ts is pd.NaT:
        raise argparse.ArgumentTypeError(f"expected a date, got {text!r}")
    return ts


def add_log_options(p) -> None:
    g = p.add_argument_group("reading the log")
    g.add_argument(
        "--column",
        action="append",
        metavar="OURS=THEIRS",
        help="map a log column, e.g. --column start=created_at (case_id, activity, start, end, resource, team, size)",
    )
    g.add_argument(
        "--activity",
        action="append",
        metavar="NAME=STATION[:ROLE]",
        help="map an activity to a station, e.g. --activity 'Code Review=review:reviewer'",
    )
    g.add_argument(
        "--mapping", type=Path, help="TOML file with [columns], [activities], tz, holidays"
    )
    g.add_argument(
        "--tz", help="time zone of timestamps without one, and of working days (default UTC)"
    )
    g.add_argument(
        "--holidays", type=Path, help="file with one holiday date per line (not working days)"
    )
    g.add_argument(
        "--max-log-mb",
        type=whole_number(1),
        default=512,
        metavar="MB",
        help="largest log read, in MiB, and of a .xes.gz once inflated (default 512)",
    )


def read_log_from_args(args):
    from orgsim.fit.log import LogMapping, LogWarning, read_log

    mapping = LogMapping.from_file(args.mapping) if args.mapping else LogMapping()
    for pair in args.column or []:
        ours, sep, theirs = pair.partition("=")
        if not sep:
            raise UsageError(f"--column {pair!r}: expected OURS=THEIRS, e.g. start=created_at")
        mapping.set_column(ours.strip(), theirs.strip())
    for pair in args.activity or []:
        name, sep, target = pair.rpartition("=")
        if not sep:
            raise UsageError(f"--activity {pair!r}: expected NAME=STATION[:ROLE]")
        mapping.set_activity(name.strip(), target.strip())
    if args.tz:
        mapping.tz = args.tz
    if args.holidays:
        mapping.read_holidays(args.holidays)
    try:
        pd.Timestamp("2020-01-01").tz_localize(mapping.tz)
    except Exception:  # an unknown zone name, whatever the zoneinfo backend raises
        raise UsageError(f"--tz {mapping.tz!r}: unknown time zone") from None
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", LogWarning)
        log = read_log(args.log, mapping, limit=args.max_log_mb << 20)
    for w in said:
        if issubclass(w.category, LogWarning):
            print(f"orgsim {args.command}: warning: {printable(str(w.message))}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return log


def register(sub) -> None:
    fit = sub.add_parser("fit", help="fit a scenario to a delivery log (CSV, Parquet, XES)")
    fit.add_argument("log", help="delivery event log: one row per activity of a work item")
    fit.add_argument(
        "--until",
        type=timestamp,
        help="fit on what was known at this date (default: the end of the log)",
    )
    fit.add_argument(
        "--since",
        type=timestamp,
        help="start of the training window (default: once every station has completed work)",
    )
    fit.add_argument("--out", type=Path, required=True, help="scenario TOML to write")
    fit.add_argument("--name", help="scenario name (default: the output file's name)")
    add_log_options(fit)
    fit.set_defaults(func=cmd_fit)

    bt = sub.add_parser("backtest", help="simulate a held-out period of the log and compare")
    bt.add_argument("scenario", help="scenario TOML (e.g. written by orgsim fit)")
    bt.add_argument("log", help="the delivery log holding the held-out period")
    bt.add_argument(
        "--from", dest="start", type=timestamp, required=True, help="start of the held-out period"
    )
    bt.add_argument(
        "--to", dest="end", type=timestamp, required=True, help="end of the held-out period"
    )
    bt.add_argument("--seeds", type=whole_number(1), default=10, help="replications (default 10)")
    bt.add_argument(
        "--arrivals",
        choices=("observed", "fitted"),
        default="observed",
        help="observed: replay the period's arrivals (default); fitted: the scenario's own demand",
    )
    bt.add_argument("--out", type=Path, help="report folder (default: <scenario>-backtest)")
    add_log_options(bt)
    bt.set_defaults(func=cmd_backtest)


def cmd_fit(args) -> int:
    from orgsim.fit.discover import discover
    from orgsim.fit.emit import check_fitted, scenario_toml

    check_writable_file(args.out, "--out")  # before the log is read, not after the fit
    log = read_log_from_args(args)
    fit = discover(log, until=args.until, since=args.since)
    text = scenario_toml(fit, args.name or args.out.stem)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # what we write must load: never leave a scenario that cannot
    atomic_write(args.out, text, check=lambda tmp: check_fitted(tmp, fit, args.out))
    print(
        f"wrote {args.out}: {len(fit.stations)} stations ({', '.join(s.name for s in fit.stations)}), "
        f"{fit.arrivals} arrivals over {fit.window_days:.0f} working days, known at {fit.origin.date()}"
    )
    for st in fit.stations:
        if st.gate is None:
            what = f"{st.servers} in service at most"
        elif st.gate.dated:
            what = f"gate on dates (observed {len(st.gate.dates)}, mean interval {st.gate.every:.1f} days)"
        else:
            what = f"gate every {st.gate.every:.1f} days"
        print(
            f"  {st.name:<16} {st.role:<16} {st.service.chosen:<12} mean {st.service.mean:8.3f} days  {what}"
        )
    return 0


def cmd_backtest(args) -> int:
    from orgsim.fit.backtest import run_backtest
    from orgsim.fit.report import write_report
    from orgsim.scenario import load_scenario

    load_scenario(args.scenario)  # a bad scenario fails before the log is read
    out = args.out or Path(f"{Path(args.scenario).stem}-backtest")
    check_writable_dir(out, "--out")  # and a bad --out before the work
    log = read_log_from_args(args)
    bt = run_backtest(args.scenario, log, args.start, args.end, args.seeds, args.arrivals)
    s = write_report(bt, out)
    lt, d = s["lead_time"], s["lead_distance"]
    print(
        f"backtest {s['window'][0]} to {s['window'][1]}, {s['arrivals']} arrivals, {s['seeds']} seeds"
    )
    for k in ("p50", "p85"):
        r = lt[k]
        print(
            f"  lead time {k}: observed {r['observed']:.1f}, simulated {r['simulated'][0]:.1f} ({r['rel_diff']:+.0%}), naive {r['naive'][0]:.1f} working days"
        )
    print(f"  lead-time distance: model {d['model'][0]:.3f}, naive baseline {d['naive'][0]:.3f}")
    w = s["deliveries_per_week"]
    print(
        f"  deliveries/week: observed {w['observed']:.2f}, simulated {w['simulated'][0]:.2f} ({w['rel_diff']:+.0%})"
    )
    print(
        f"  mean WIP: observed {s['wip']['observed_mean']:.1f}, simulated {s['wip']['simulated_mean'][0]:.1f}"
    )
    print(f"report: {out / 'report.md'}")
    return 0
