"""Robustness-study throughput: runs per minute of `robustness` beside a plain loop.

Why this exists: `orgsim claims --robust` runs every claim's bundles at every design
point, so its cost is (points x seeds x bundles) runs; whether 200 points x 3 seeds fit
an afternoon depends on the rate at which runs complete. This script, in one go:

1. runs `robustness(points, seeds, workers=W)` on the shipped claim modules (or, when the
   claims package is not there, on two stand-in claims over the shipped presets:
   enterprise-ai vs enterprise-baseline and enterprise-ai-redesigned vs enterprise-ai);
2. runs the same jobs (the same scenarios, seeds and horizon) as a plain loop of
   `orgsim.simulate` in this process;

and prints both rates (runs per minute, wall clock, start-up included), their ratio,
the mean CPU seconds per run, and the projected wall time of 200 points x 3 seeds over
the same bundles at W workers (projection: runs / measured rate; linear in runs).

    .venv/bin/python benchmarks/robust_throughput.py
    .venv/bin/python benchmarks/robust_throughput.py --points 4 --seeds 2 --workers 2
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def stand_in_modules() -> dict:
    """Two claims over the shipped presets, in the claim-module interface."""
    from orgsim.experiments.estimate import Estimate

    def gain(treat: str, control: str):
        def judge(runs):
            t = runs[runs.bundle == treat].sort_values("seed")["throughput_per_week"]
            c = runs[runs.bundle == control].sort_values("seed")["throughput_per_week"]
            e = Estimate.paired(t.to_numpy(), c.to_numpy())
            holds = True if e.low > 0 else False if e.high < 0 else None
            return SimpleNamespace(holds=holds, band="gain > 0", effects={"gain": e}, text="")

        return judge

    def pair(a: str, b: str):
        return lambda preset: {a: preset(a), b: preset(b)}

    base, ai, red = "enterprise-baseline", "enterprise-ai", "enterprise-ai-redesigned"
    return {
        "AI": SimpleNamespace(
            CLAIM="AI",
            TITLE="AI raises throughput",
            PROBES=(),
            bundles=pair(base, ai),
            judge=gain(ai, base),
        ),
        "RD": SimpleNamespace(
            CLAIM="RD",
            TITLE="the redesign raises it further",
            PROBES=(),
            bundles=pair(ai, red),
            judge=gain(red, ai),
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=4)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--days", type=float, default=None, help="measured days (default: robust's)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    from orgsim.experiments.robust import DEFAULT_DAYS, build_plan, robustness, sample
    from orgsim.simulate import simulate

    days = args.days if args.days is not None else DEFAULT_DAYS
    try:
        from orgsim.experiments.claims import CLAIM_MODULES

        modules = {k: m for k, m in CLAIM_MODULES.items() if k != "limits"}
        which = "the claims C1-C5 (as orgsim claims --robust)"
    except ImportError:
        modules, which = stand_in_modules(), "two stand-in claims (no claims package yet)"
    print(f"claims: {which}; {args.points} points x {args.seeds} seeds, {days:g} days")
    print(f"load average before: {os.getloadavg()[0]:.2f}")

    t0 = time.perf_counter()
    report = robustness(args.points, args.seeds, modules=modules, days=days, workers=args.workers)
    robust_s = time.perf_counter() - t0
    n = report.settings["runs"]
    bundles = report.settings["bundles"]

    plan, _ = build_plan(modules, sample(args.points), args.seeds, days=days)
    t0, c0 = time.perf_counter(), time.process_time()
    for job in plan.jobs:
        simulate(plan.scenarios[(job.point, job.bundle)], seed=job.seed, days=plan.days)
    loop_s, loop_cpu = time.perf_counter() - t0, time.process_time() - c0

    r_rate, l_rate = n / robust_s * 60, n / loop_s * 60
    print(
        f"robustness ({args.workers} workers): {n} runs in {robust_s:.1f}s = {r_rate:.1f} runs/min"
    )
    print(f"plain simulate loop (1 process):  {n} runs in {loop_s:.1f}s = {l_rate:.1f} runs/min")
    print(f"ratio robustness / loop: {r_rate / l_rate:.2f}x")
    print(f"mean CPU per run (loop): {loop_cpu / n:.2f}s over {bundles} bundles per point")
    full = 200 * 3 * bundles
    print(
        f"projected 200 points x 3 seeds: {full} runs, about {full / r_rate:.0f} min at "
        f"{args.workers} workers (target: 30 min)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
