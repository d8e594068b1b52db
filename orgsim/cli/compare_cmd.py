"""`orgsim compare` and `orgsim constraint`: paired experiments on common random numbers."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from orgsim.cli.args import UsageError, add_backend_args, backend_of, positive_float, positive_int
from orgsim.cli.run_cmd import load_and_warn
from orgsim.files import atomic_write
from orgsim.metrics.formatting import number
from orgsim.scenario import CapacityWarning, load_scenario


def register(sub) -> None:
    cmp = sub.add_parser(
        "compare",
        help="run scenarios on the same seeds and compare them against the first",
    )
    cmp.add_argument("scenarios", nargs="+", help="scenario TOML files; the first is the baseline")
    cmp.add_argument("--seeds", type=positive_int, default=10, help="replications (default 10)")
    cmp.add_argument("--days", type=positive_float, help="working days to measure after warm-up")
    cmp.add_argument("--workers", type=positive_int, default=1, help="parallel processes")
    cmp.add_argument("--metrics", nargs="+", help="metrics to report (summary keys, wip.<station>)")
    cmp.add_argument("--out", type=Path, help="write runs.csv, table.csv and savings.csv here")
    add_backend_args(cmp)
    cmp.set_defaults(func=cmd_compare)

    con = sub.add_parser(
        "constraint",
        help="relieve each station in turn and report which relief raises throughput",
    )
    con.add_argument("scenario", help="scenario TOML file")
    con.add_argument("--seeds", type=positive_int, default=10, help="replications (default 10)")
    con.add_argument(
        "--relief", type=positive_float, default=0.25, help="extra capacity (0.25 = +25%%)"
    )
    con.add_argument("--days", type=positive_float, help="working days to measure after warm-up")
    con.add_argument("--workers", type=positive_int, default=1, help="parallel processes")
    con.set_defaults(func=cmd_constraint)


def horizon_dependent(metric: str) -> bool:
    """Metrics whose value grows with the run's length when the run is unstable."""
    return metric.startswith(("lead_time", "wip", "flow_time"))


def _fmt(x: float, digits: int = 1) -> str:
    return number(x, digits, missing="-")


def _ci(lo: float, hi: float, digits: int = 1) -> str:
    if lo != lo:
        return ""
    return f"[{_fmt(lo, digits)}, {_fmt(hi, digits)}]"


def cmd_compare(args) -> int:
    from orgsim.experiments.compare import DEFAULT_METRICS, compare

    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    if args.out is not None:
        from orgsim.files import check_writable_dir

        check_writable_dir(args.out, "--out")  # before the runs, not after them
    scenarios = {}
    for path in args.scenarios:
        scn = load_and_warn(path, {}, "compare")
        name = scn.name if scn.name not in scenarios else f"{scn.name} ({path})"
        scenarios[name] = scn
    metrics = args.metrics or DEFAULT_METRICS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CapacityWarning)  # already said
        result = compare(
            scenarios,
            args.seeds,
            days=args.days,
            metrics=metrics,
            workers=args.workers,
            **backend_of(args),
        )
    missing = [m for m in metrics if m not in result.runs.columns]
    if missing:
        raise UsageError(f"--metrics: unknown metric(s) {', '.join(missing)}")
    names = result.names
    print(
        f"orgsim compare: {len(names)} scenarios x {len(result.seeds)} seeds (common random numbers)"
    )
    print(f"baseline: {names[0]}   intervals: 95% t-intervals over seeds; differences are paired\n")
    width = max(len(n) for n in names)
    print("steady state")
    for _, r in result.stability.iterrows():
        line = f"  {r['scenario']:<{width}}  {r['verdict']}"
        if r["growing_at"] or r["growth_per_day"] == r["growth_per_day"]:
            where = r["growing_at"].replace("_", " ") or "the system"
            line += f": WIP grows {_fmt(r['growth_per_day'])}/day at {where}"
        if r["verdict"] != "stable":
            line += " (its lead times and WIP depend on the run's length)"
        print(line)
    print()
    for metric in metrics:
        rows = result.metric(metric)
        print(metric)
        for name in names:
            r = rows.loc[name]
            mean = (">=" if r.get("lower_bound", False) else "") + _fmt(r["mean"], 2)
            ci = "" if r.get("lower_bound", False) else _ci(r["ci_low"], r["ci_high"], 2)
            line = f"  {name:<{width}}  {mean:>12} {ci:<26}"
            if name != names[0]:
                pct = "" if r["diff_pct"] != r["diff_pct"] else f" ({r['diff_pct']:+.0f}%)"
                line += f" diff {_fmt(r['diff'], 2)} {_ci(r['diff_low'], r['diff_high'], 2)}{pct}"
            if horizon_dependent(metric) and result.unstable(name):
                line += "  unstable"
            print(line)
        print()
    print("savings in cost per delivered change vs the baseline (target band 11-20%)")
    for _, r in result.savings.iterrows():
        if r["scenario"] == names[0]:
            print(
                f"  {r['scenario']:<{width}}  ${_fmt(r['cost_per_item'], 0)} per change (baseline)"
            )
            continue
        print(
            f"  {r['scenario']:<{width}}  ${_fmt(r['cost_per_item'], 0)} per change, savings "
            f"{_fmt(r['savings_pct'])}% {_ci(r['ci_low'], r['ci_high'])}  {r['verdict']}"
        )
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in ("runs", "table", "savings"):
            frame = getattr(result, name)
            atomic_write(args.out / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False))
        print(f"\nwrote {args.out}/runs.csv, table.csv, savings.csv")
    return 0


def cmd_constraint(args) -> int:
    from orgsim.experiments.constraint import what_if

    scn = load_scenario(args.scenario)
    table = what_if(scn, args.seeds, relief=args.relief, days=args.days, workers=args.workers)
    print(
        f"orgsim constraint: {scn.name}, each station relieved by +{100 * args.relief:.0f}% "
        f"capacity, {table.attrs['seeds']} seeds (paired)"
    )
    print(f"throughput as is: {_fmt(table.attrs['throughput_as_is'])} changes/week\n")
    print(
        f"  {'station':<18} {'throughput change /week':>24} {'95% CI':<20} {'lead time':>10}  verdict"
    )
    for _, r in table.iterrows():
        verdict = "raises throughput" if r["raises_throughput"] else "no gain"
        mark = "  <- constraint" if r["constraint_as_is"] else ""
        lt = r["lead_time_change_pct"]
        lt_s = "-" if (lt != lt or math.isinf(lt)) else f"{lt:+.0f}%"
        print(
            f"  {r['station']:<18} {_fmt(r['throughput_change'], 2):>16} ({r['throughput_change_pct']:+5.1f}%)"
            f" {_ci(r['ci_low'], r['ci_high'], 2):<20} {lt_s:>10}  {verdict}{mark}"
        )
    return 0
