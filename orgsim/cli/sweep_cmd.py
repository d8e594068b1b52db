"""`orgsim sweep` and `orgsim analyze`: policy sweeps into a Parquet results folder."""

from __future__ import annotations

import sys
from pathlib import Path

from orgsim.cli.args import UsageError, add_backend_args, backend_of, positive_int


def register(sub) -> None:
    sw = sub.add_parser(
        "sweep",
        help="run a sweep spec (factors x policy bundles x seeds) into a results folder",
        description="Run every (bundle, design point, seed) of a sweep spec in parallel; "
        "each finished run is written to OUT at once, so an interrupted sweep resumes.",
    )
    sw.add_argument("spec", help="sweep spec TOML (see scenarios/sweeps/, docs/sweeps.md)")
    sw.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="parallel worker processes (default: the spec's, else every core; 0: this process)",
    )
    add_backend_args(sw)
    sw.add_argument(
        "--out", type=Path, metavar="DIR", help="results folder (default: out/sweeps/<spec name>)"
    )
    sw.add_argument(
        "--resume", action="store_true", help="continue the sweep in OUT: run only what is missing"
    )
    sw.add_argument(
        "--repair",
        action="store_true",
        help="with --resume: set unreadable files of OUT aside and run their runs again",
    )
    sw.add_argument(
        "--progress",
        choices=("auto", "on", "off"),
        default="auto",
        help="progress bar on stderr (auto: when stderr is a terminal)",
    )
    sw.set_defaults(func=cmd_sweep)

    an = sub.add_parser(
        "analyze",
        help="tables and plots of a sweep's results: CIs, paired differences, sensitivity",
    )
    an.add_argument(
        "out", type=Path, metavar="OUT", help="a results folder written by `orgsim sweep`"
    )
    an.add_argument("--baseline", metavar="BUNDLE", help="bundle to compare against")
    an.add_argument("--metrics", nargs="+", metavar="M", help="metrics to report and plot")
    an.add_argument("--no-plots", action="store_true", help="tables only")
    an.set_defaults(func=cmd_analyze)


def cmd_sweep(args) -> int:
    import signal

    from orgsim.sweeps import BackendError, SweepError, load_spec, sweep
    from orgsim.sweeps.store import DamagedStore

    def _terminate(signum, frame):
        raise KeyboardInterrupt  # SIGTERM stops the sweep as Ctrl-C does, resume line and all

    signal.signal(signal.SIGTERM, _terminate)

    spec = load_spec(args.spec)
    where = backend_of(args, default=None)
    out = args.out if args.out is not None else Path("out") / "sweeps" / spec.name
    progress = {"on": True, "off": False}.get(args.progress, "auto")
    try:
        df = sweep(
            spec,
            workers=args.workers,
            **where,
            out=out,
            resume=args.resume,
            repair=args.repair,
            progress=progress,
        )
    except (SweepError, BackendError, DamagedStore) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the disk filled up, the folder went away mid-sweep
        saved = _saved(out)
        raise UsageError(
            f"cannot write {out}: {exc.strerror or exc}; {saved} finished runs are saved; "
            f"continue with: orgsim sweep {args.spec} --out {out} --resume"
        ) from None
    except KeyboardInterrupt:
        saved = _saved(out)
        print(
            f"orgsim sweep: stopped; {saved} finished runs are saved in {out}; "
            f"continue with: orgsim sweep {args.spec} --out {out} --resume",
            file=sys.stderr,
        )
        raise
    a = df.attrs
    print(
        f"orgsim sweep: {spec.name}: {len(df)} runs in {out} ({a['ran']} run now, "
        f"{a['reused']} already there, {a['errors']} with errors) "
        f"{_where(a)} in {a['seconds']:.1f} s"
    )
    _print_overall(df, spec)
    print(f"\nnext: orgsim analyze {out}")
    return 0


def _saved(out: Path) -> int:
    """Finished runs stored in OUT (0 when it cannot be read)."""
    from orgsim.sweeps.store import DamagedStore, read_run_ids

    try:
        return len(read_run_ids(out)) if out.is_dir() else 0
    except (DamagedStore, OSError):
        return 0


def _where(attrs) -> str:
    if attrs["backend"] == "inline":
        return "in this process"
    return f"on {attrs['backend']} with {attrs['workers']} workers"


def _print_overall(df, spec) -> None:
    from orgsim.experiments.estimate import Estimate
    from orgsim.metrics.formatting import number

    ok = df[df["error"].isna()]
    first, last = df.columns.get_loc("seed") + 1, df.columns.get_loc("error")
    numeric = [c for c in df.columns[first:last] if df[c].dtype.kind == "f"][:4]
    if not len(ok) or not numeric:
        return
    width = max(len(b) for b in [*spec.bundles, "bundle"])
    cols = [max(24, len(m)) for m in numeric]
    print(
        f"\n{'bundle':<{width}}  "
        + "  ".join(f"{m:>{w}}" for m, w in zip(numeric, cols, strict=True))
    )
    for b in spec.bundles:
        sub = ok[ok["bundle"] == b]
        cells = []
        for m, w in zip(numeric, cols, strict=True):
            per_seed = sub.groupby("seed")[m].mean().to_numpy(dtype=float)
            e = Estimate.of(per_seed)
            text = number(e.mean) + (f" ± {number(e.half_width)}" if e.high == e.high else "")
            cells.append(f"{text:>{w}}")
        print(f"{b:<{width}}  " + "  ".join(cells))
    print("(mean over design points and seeds, ± half-width of the 95% CI over seeds)")


def cmd_analyze(args) -> int:
    from orgsim.metrics.formatting import number as num
    from orgsim.sweeps import analyze
    from orgsim.sweeps.analysis import ALL

    if not (args.out / "sweep.json").is_file():
        raise UsageError(f"{args.out}: not a sweep results folder (no sweep.json)")
    try:
        res = analyze(
            args.out, baseline=args.baseline, metrics=args.metrics, plots=not args.no_plots
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    n_ok = int(res.runs["error"].isna().sum())
    print(
        f"orgsim analyze: {res.name} ({res.method} design, {len(res.bundles)} bundles, "
        f"{len(res.factors)} factors, {n_ok} finished runs); baseline {res.baseline!r}"
    )
    print("intervals: 95% t-intervals over seeds; differences paired by seed and design point\n")
    width = max(len(b) for b in res.bundles)
    for m in res.metrics[:6]:
        print(m)
        t = res.overall(m)
        for b in res.bundles:
            r = t.loc[b]
            ci = f"[{num(r['ci_low'])}, {num(r['ci_high'])}]"
            line = f"  {b:<{width}}  {num(r['mean']):>10} {ci:<22}"
            if len(res.paired) and b != res.baseline:
                p = res.paired[
                    (res.paired["bundle"] == b)
                    & (res.paired["factor"] == ALL)
                    & (res.paired["metric"] == m)
                ]
                if len(p):
                    p = p.iloc[0]
                    pct = "" if p["diff_pct"] != p["diff_pct"] else f" ({p['diff_pct']:+.1f}%)"
                    line += (
                        f" diff {_signed(p['diff'])} [{_signed(p['diff_low'])}, "
                        f"{_signed(p['diff_high'])}]{pct}"
                    )
            print(line)
        top = _top_factors(res, m)
        if top:
            print(f"  most influential: {top}")
        print()
    for note in res.notes:
        print(f"note: {note}")
    print(f"wrote {len(res.files)} files to {args.out / 'analysis'}")
    return 0


def _signed(x: float) -> str:
    from orgsim.metrics.formatting import number as num

    return num(x) if x != x or x < 0 else "+" + num(x)


def _top_factors(res, metric: str) -> str:
    s = res.sensitivity
    if not len(s):
        return ""
    s = s[(s["metric"] == metric) & (s["factor"] != "(interactions)")]
    if not len(s):
        return ""
    method = s["method"].iloc[0]
    col = {"sobol": "ST", "morris": "mu_star"}.get(method, "S1")
    ranked = s.groupby("factor")[col].mean().sort_values(ascending=False).dropna()
    from orgsim.metrics.formatting import number as num

    return ", ".join(f"{k} ({col} {num(v)})" for k, v in ranked.head(3).items())
