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

SIMOD runs its one-shot settings (no optimization) with two departures, without which
its model of a delivery log does not simulate:
- calendar confidence 0.1 instead of 0.6: work spread over the whole day and week puts
  no 30-minute slot in 60% of a person's active days, the pooled calendar comes out
  empty (not missing, so the 24/7 fallback is not taken) and Prosimos cannot start;
- at a gate station (a release) each case gets its own resource: the log's resource
  there is the release tag, and SIMOD makes every resource one server, so eight tags
  would release 790 changes one after the other, a queue of years.

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


def run_orgsim(log, until, to, seeds, work: Path) -> tuple[dict, dict, float, Trace, set[str]]:
    t0 = time.perf_counter()
    scn = work / "orgsim.toml"
    fit = discover(log, until=until)
    scn.write_text(scenario_toml(fit, "benchmark"))
    observed = run_backtest(scn, log, until, to, seeds=seeds)
    fitted = run_backtest(scn, log, until, to, seeds=seeds, arrivals="fitted")
    elapsed = time.perf_counter() - t0
    return (
        score(observed.simulated, observed.observed),
        score(fitted.simulated, observed.observed),
        elapsed,
        observed.observed,
        {s.name for s in fit.stations if s.gate is not None},
    )


# SIMOD's one-shot settings (SimodSettings.one_shot()) but for the calendar confidence.
SIMOD_CONFIG = """version: 5.2
common: {train_log_path: train.csv, perform_final_evaluation: false}
preprocessing: {multitasking: false, enable_time_concurrency_threshold: 0.5,
  concurrency_df: 0.75, concurrency_l2l: 0.9, concurrency_l1l: 0.9}
case_arrival: {optimization_metric: three_gram_distance, num_iterations: 1,
  num_evaluations_per_iteration: 1, outlier_threshold: 20.0}
control_flow: {optimization_metric: three_gram_distance, num_iterations: 1,
  num_evaluations_per_iteration: 1, gateway_probabilities: discovery, mining_algorithm: sm1,
  epsilon: 0.3, eta: 0.5, replace_or_joins: false, prioritize_parallelism: false}
resource_model: {optimization_metric: circadian_event_distribution, num_iterations: 1,
  num_evaluations_per_iteration: 1, resource_profiles: {discovery_type:
  differentiated_by_resource, granularity: 30, confidence: 0.1, support: 0.2, participation: 0.4}}
extraneous_activity_delays: {optimization_metric: relative_emd, discovery_method: complex,
  num_iterations: 1, num_evaluations_per_iteration: 3}
"""


def run_simod(
    log, until, to, obs: Trace, calendar, gates: set[str], work: Path
) -> tuple[dict | None, float, str]:
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
    at_gate = train["activity"].isin(gates)
    train.loc[at_gate, "resource"] = train["activity"] + "-" + train["case_id"].astype(str)
    train.to_csv(work / "train.csv", index=False)
    (work / "simod.yaml").write_text(SIMOD_CONFIG)
    t0 = time.perf_counter()
    out = work / "simod"
    proc = subprocess.run(
        ["simod", "-c", str(work / "simod.yaml"), "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        return None, time.perf_counter() - t0, "simod failed: " + proc.stderr.strip()[-300:]
    try:
        from prosimos.simulation_engine import run_simulation

        # best_result/ holds the model (train.bpmn) and its Prosimos parameters named
        # after it (train.json), beside SIMOD's own canonical_model.json.
        bpmn = next(out.rglob("*.bpmn"))
        params = bpmn.with_suffix(".json")
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
        org_obs, org_fit, t_org, obs, gates = run_orgsim(log, args.until, args.to, args.seeds, work)
        from orgsim.fit.workdays import WorkCalendar

        cal = WorkCalendar.make(args.until, log.mapping.tz, log.mapping.holidays)
        simod, t_simod, why = run_simod(
            log, pd.Timestamp(args.until, tz="UTC"), pd.Timestamp(args.to, tz="UTC"), obs, cal,
            gates, work,
        )  # fmt: skip
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
