"""Sweep throughput: runs per minute on a local pool (1 and 2 workers) and on Dask.

Why this exists: a policy sweep is many independent one-year runs, so its speed is the
rate at which a machine completes runs. This script runs the same small sweep (the
default scenario, enterprise-baseline, one bundle, N seeds) through `orgsim.sweep` three
ways in one go, each into a fresh results folder (Parquet writing included):

- local pool, 1 worker
- local pool, 2 workers
- Dask LocalCluster, 2 worker processes on 127.0.0.1

and checks three targets:

- 2 workers complete runs >= 1.8x as fast as 1 worker,
- 1,000 one-year runs of the default scenario take under 10 minutes on this 2-core
  machine: EXTRAPOLATED from the measured 2-worker rate (start-up + 1000 / rate); with
  --days the runs are shorter than a year, and the extrapolation scales the measured
  time per run by simulated days (warm-up + year) / (warm-up + days), which assumes cost
  linear in simulated days,
- Dask's per-run overhead is under 10% against the local pool at 2 workers.

Rates are steady-state: measured from the moment every worker has delivered its first
run to the last run (start-up of the pool or cluster is reported apart). Wall-clock
rates including start-up are shown as well. The machine may be shared: the load average
before each configuration is printed, and each run's wall time is compared with its CPU
time (a run that takes more wall than CPU time waited for a core another process had);
a loaded machine makes every figure worse.

    .venv/bin/python benchmarks/sweep_throughput.py
    .venv/bin/python benchmarks/sweep_throughput.py --runs 20
    .venv/bin/python benchmarks/sweep_throughput.py --days 20 --runs 40   # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIO = ROOT / "scenarios" / "enterprise-baseline.toml"
TARGET_SCALING = 1.8  # 2 workers vs 1
TARGET_1000_S = 600.0  # 1,000 one-year runs
TARGET_DASK_OVERHEAD = 0.10  # per run, vs the local pool
CONFIGS = (("local", 1), ("local", 2), ("dask", 2))


def spec_for(runs: int, days: float | None) -> dict:
    spec = {
        "name": "sweep-throughput",
        "base": str(SCENARIO),
        "seeds": runs,
        "metrics": ["throughput_per_week", "lead_time_mean", "wip_mean", "cost_per_item"],
        "bundles": {"default": {}},
    }
    if days is not None:
        spec["days"] = days
    return spec


def measure(backend: str, workers: int, spec: dict) -> dict:
    from orgsim.sweeps import sweep

    stamps: list[float] = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="orgsim-bench-") as tmp:
        t0 = time.perf_counter()
        df = sweep(
            spec,
            workers=workers,
            backend=backend,
            out=Path(tmp) / "out",
            progress=lambda done, total: stamps.append(time.perf_counter()),
        )
        wall = time.perf_counter() - t0
    n = len(df)
    assert n == len(stamps) and df["error"].isna().all(), df["error"].dropna().head()
    t = [s - t0 for s in stamps]
    k = min(workers, n - 1)  # every worker has delivered one run by t[k - 1]
    steady = (n - k) / (t[-1] - t[k - 1]) if n > k and t[-1] > t[k - 1] else n / wall
    per_run = float(statistics.median(df["elapsed_s"]))
    cpu = float(statistics.median(df["cpu_s"]))
    startup = max(0.0, t[-1] - (n / steady))
    return {
        "config": f"{backend} x{workers}",
        "backend": backend,
        "workers": workers,
        "runs": n,
        "wall_s": wall,
        "first_run_s": t[0],
        "startup_s": startup,
        "steady_runs_per_min": 60 * steady,
        "wall_runs_per_min": 60 * n / wall,
        "median_run_s": per_run,
        "median_cpu_s": cpu,
        "contention": per_run / cpu if cpu > 0 else float("nan"),
        "load_before": load,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=12, help="runs per configuration")
    parser.add_argument(
        "--days", type=float, help="measured days per run (default: the scenario's year)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.runs < 4:
        parser.error("--runs must be at least 4")

    import orgsim

    scn = orgsim.load_scenario(SCENARIO)
    warmup = scn.spec.simulation.warmup_days
    year = scn.spec.simulation.days
    days = args.days if args.days is not None else year
    scale = (warmup + year) / (warmup + days)
    spec = spec_for(args.runs, args.days)
    print(
        f"orgsim sweep throughput: {SCENARIO.name}, {args.runs} runs per configuration, "
        f"{warmup:g} warm-up + {days:g} measured days per run; "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    results = []
    for backend, workers in CONFIGS:
        r = measure(backend, workers, spec)
        results.append(r)
        print(
            f"  {r['config']:<9} steady {r['steady_runs_per_min']:6.1f} runs/min   "
            f"wall {r['wall_runs_per_min']:6.1f} runs/min ({r['wall_s']:5.1f} s, start-up "
            f"~{r['startup_s']:4.1f} s)   median run {r['median_run_s']:.2f} s wall, "
            f"{r['median_cpu_s']:.2f} s CPU   load before {r['load_before']:.1f}"
        )
    one, two, dask = results
    scaling = two["steady_runs_per_min"] / one["steady_runs_per_min"]
    per_run_local = 60 / two["steady_runs_per_min"] * scale
    t1000 = two["startup_s"] + 1000 * per_run_local
    overhead = two["steady_runs_per_min"] / dask["steady_runs_per_min"] - 1
    wall_overhead = two["wall_runs_per_min"] / dask["wall_runs_per_min"] - 1

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print()
    print(
        f"  2 workers vs 1:       {scaling:.2f}x   (target >= {TARGET_SCALING}x)  "
        f"{verdict(scaling >= TARGET_SCALING)}"
    )
    how = (
        "measured one-year runs"
        if args.days is None
        else (f"runs of {days:g} days, time per run scaled x{scale:.2f} to a year")
    )
    print(
        f"  1,000 one-year runs:  {t1000 / 60:.1f} min   (target < {TARGET_1000_S / 60:.0f} min)  "
        f"{verdict(t1000 < TARGET_1000_S)}   EXTRAPOLATED from the 2-worker rate ({how})"
    )
    print(
        f"  Dask per-run overhead vs local pool (2 workers): {100 * overhead:+.1f}% steady, "
        f"{100 * wall_overhead:+.1f}% wall   (target < {100 * TARGET_DASK_OVERHEAD:.0f}%)  "
        f"{verdict(overhead < TARGET_DASK_OVERHEAD)}"
    )
    worst = max(r["contention"] for r in results)
    if worst > 1.15:
        print(
            f"  note: runs took up to {worst:.2f}x their CPU time in wall time: other processes "
            "competed for the cores, and the rates above are lower than on an idle machine"
        )
    if results[0]["load_before"] > (os.cpu_count() or 1) * 0.5:
        print(
            f"  note: load average {results[0]['load_before']:.1f} before the first measurement: "
            "the machine was busy with other work, every figure is pessimistic"
        )
    if args.json:
        payload = {
            "results": results,
            "scaling_2v1": scaling,
            "extrapolated_1000_runs_s": t1000,
            "dask_overhead_steady": overhead,
            "dask_overhead_wall": wall_overhead,
            "days": days,
            "scale_to_year": scale,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
