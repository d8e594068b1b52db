"""orgsim's fit against SIMOD's one-shot discovery on the same log, scored the same way.

Both discover a model from the training part of a delivery log (up to --until) and
simulate the held-out period (--until to --to); both are scored with orgsim's backtest
measures (orgsim/fit/measures.py): lead-time p50/p85, lead-time distance (Wasserstein-1
over the observed mean) and WIP distance, on the cases that arrived in the window and
were done by its end. Time is wall time of discovery plus simulation.

SIMOD (PyPI `simod`, simulating with Prosimos; Python < 3.13 and Java) is optional: if
the `simod` command is not found, only orgsim's row is printed. SIMOD is given the
training log's completed activities (columns case_id, activity, start_time, end_time,
resource) and simulates as many cases as the log shows arriving in the window, starting
at its first day, from an empty system: it has no notion of the WIP at the start, which
orgsim's backtest replays. orgsim runs with the observed arrivals (its default) and
with its fitted arrival process, the like-for-like comparison with SIMOD.

    python benchmarks/fit_vs_simod.py LOG --until 2025-01-01 --to 2026-08-19 [--seeds 10]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from orgsim.fit.backtest import run_backtest
from orgsim.fit.cases import known_at
from orgsim.fit.discover import discover
from orgsim.fit.emit import scenario_toml
from orgsim.fit.log import read_log
from orgsim.fit.measures import Trace, lead_distance, wip_distance


def score(sims: list[Trace], obs: Trace) -> dict:
    lo = obs.lead_times()
    return {
        "p50": float(np.mean([np.percentile(t.lead_times(), 50) for t in sims])),
        "p85": float(np.mean([np.percentile(t.lead_times(), 85) for t in sims])),
        "lead_distance": float(np.mean([lead_distance(t.lead_times(), lo) for t in sims])),
        "wip_distance": float(
            np.mean([wip_distance(t.wip_daily(), obs.wip_daily()) for t in sims])
        ),
    }


def run_orgsim(log, until, to, seeds, work: Path) -> tuple[dict, dict, float, Trace]:
    t0 = time.perf_counter()
    scn = work / "orgsim.toml"
    scn.write_text(scenario_toml(discover(log, until=until), "benchmark"))
    observed = run_backtest(scn, log, until, to, seeds=seeds)
    fitted = run_backtest(scn, log, until, to, seeds=seeds, arrivals="fitted")
    elapsed = time.perf_counter() - t0
    return (
        score(observed.simulated, observed.observed),
        score(fitted.simulated, observed.observed),
        elapsed,
        observed.observed,
    )


def run_simod(log, until, to, obs: Trace, calendar, work: Path) -> tuple[dict | None, float, str]:
    if shutil.which("simod") is None:
        return None, float("nan"), "simod not installed (pip install simod, Python < 3.13, Java)"
    ev = known_at(log.events, until)
    ev = ev[ev["end"].notna()]
    train = pd.DataFrame(
        {
            "case_id": ev["case_id"], "activity": ev["activity"],
            "start_time": ev["start"].dt.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "end_time": ev["end"].dt.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "resource": ev["resource"].fillna("unknown"),
        }
    )  # fmt: skip
    train.to_csv(work / "train.csv", index=False)
    t0 = time.perf_counter()
    out = work / "simod"
    proc = subprocess.run(
        ["simod", "--one-shot", "-l", str(work / "train.csv"), "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        return None, time.perf_counter() - t0, "simod failed: " + proc.stderr.strip()[-300:]
    try:
        from prosimos.simulation_engine import run_simulation

        bpmn = next(out.rglob("*.bpmn"))
        params = next(
            p for p in out.rglob("*.json") if "parameters" in p.name or p.parent == bpmn.parent
        )
        sim_log = work / "simod-sim.csv"
        run_simulation(
            str(bpmn), str(params), int(obs.test.sum()), stat_out_path=None,
            log_out_path=str(sim_log), starting_at=calendar.origin.isoformat(),
        )  # fmt: skip
    except Exception as exc:  # a benchmark reports what failed and goes on
        return None, time.perf_counter() - t0, f"prosimos simulation failed: {exc}"
    elapsed = time.perf_counter() - t0
    sim = pd.read_csv(sim_log)
    start = pd.to_datetime(sim["start_time"], utc=True, format="ISO8601")
    end = pd.to_datetime(sim["end_time"], utc=True, format="ISO8601")
    g = pd.DataFrame({"case": sim["case_id"], "s": start, "e": end}).groupby("case")
    a = calendar.to_days(g["s"].min())
    d = calendar.to_days(g["e"].max())
    d = np.where(d <= obs.horizon, d, np.nan)
    trace = Trace(
        a,
        d,
        np.ones(len(a), bool),
        pd.DataFrame(columns=["station", "enter", "leave", "test"]),
        obs.horizon,
    )
    return score([trace], obs), elapsed, ""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("log")
    p.add_argument("--until", required=True, help="end of training = start of the held-out period")
    p.add_argument("--to", required=True, help="end of the held-out period")
    p.add_argument("--seeds", type=int, default=10)
    args = p.parse_args()
    log = read_log(args.log)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        org_obs, org_fit, t_org, obs = run_orgsim(log, args.until, args.to, args.seeds, work)
        from orgsim.fit.workdays import WorkCalendar

        cal = WorkCalendar.make(args.until, log.mapping.tz, log.mapping.holidays)
        simod, t_simod, why = run_simod(
            log, pd.Timestamp(args.until, tz="UTC"), pd.Timestamp(args.to, tz="UTC"), obs, cal, work
        )
    lo = obs.lead_times()
    print(
        f"held-out {args.until} to {args.to}: observed lead time p50 {np.percentile(lo, 50):.1f}, p85 {np.percentile(lo, 85):.1f} working days"
    )
    print(f"{'model':<34}{'time s':>8}{'p50':>8}{'p85':>8}{'lead dist':>11}{'WIP dist':>10}")
    rows = [
        ("orgsim (observed arrivals, WIP)", t_org, org_obs),
        ("orgsim (fitted arrivals, WIP)", t_org, org_fit),
    ]
    if simod is not None:
        rows.append(("SIMOD one-shot (empty start)", t_simod, simod))
    for name, t, s in rows:
        print(
            f"{name:<34}{t:>8.1f}{s['p50']:>8.1f}{s['p85']:>8.1f}{s['lead_distance']:>11.3f}{s['wip_distance']:>10.3f}"
        )
    if simod is None:
        print(f"SIMOD: {why}")
    print("(orgsim's time covers the fit and both backtests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
