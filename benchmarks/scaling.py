"""How orgsim's cost grows with the size of the organization it simulates.

Why this exists: orgsim is meant to answer questions about whole engineering
organizations, from one team to a thousand people, in seconds. This script runs one
simulated year of the enterprise pipeline (the scenario's warm-up plus its 250 measured
working days) at 10, 100 and 1,000 people and checks three targets:

- the default enterprise scenario (100 people) simulates its year in under 1 s,
- 1,000 people take under 10 s and under 500 MB,
- the cost is about linear in people x days (the cost per person-day stays flat).

Sizes are built from the scenario file with `with_overrides`: the number of teams scales
with the head count (team composition unchanged), and so do the shared approvers and
release managers and the servers of the automated stations, so every station keeps the
load it has in the 100-person organization and the pipeline stays stable. The 100-person
size is the scenario file itself, unchanged. The organization-wide gates (one change
advisory board, one release train) stay single, so their batches grow with the size:
the sizes are the same organization scaled, not identical copies of it.

Each size runs in a fresh subprocess, twice: once through `orgsim.simulate()` (what a
user calls: model, run, result tables, summary, invariant checks) and once as
`OrgModel(...).run()` (the engine alone). Wall time is `time.perf_counter` around that
call (CPU time, `time.process_time`, is shown too: it is steadier when other programs
compete for the CPU), peak memory is the subprocess's maximum resident set size
(`ru_maxrss`), which includes the interpreter and the libraries orgsim imports (shown as
"RSS before").

    .venv/bin/python benchmarks/scaling.py
    .venv/bin/python benchmarks/scaling.py --people 10 100 1000 2000 --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCENARIO = ROOT / "scenarios" / "enterprise-baseline.toml"
MODES = ("simulate", "engine")
YEAR_TARGET_S = 1.0  # default scenario (100 people), simulate()
BIG_PEOPLE = 1000
BIG_TARGET_S = 10.0
BIG_TARGET_MB = 500.0
LINEAR_TOLERANCE = 1.5  # per-person-day cost within this factor of the default size's


@dataclass
class Size:
    """One organization size: how many teams and shared people, and what it overrides."""

    people: int
    teams: int
    overrides: dict[str, int]


def plan_size(scenario_path: Path, people: int) -> Size:
    """Scale the scenario's organization to about `people` people.

    Teams keep their composition; shared roles and automated servers scale with the
    number of teams (at least one of each the scenario has), so load per server stays put.
    """
    import orgsim

    spec = orgsim.load_scenario(scenario_path).spec
    org = spec.org
    team_size = sum(org.people_per_team.values())
    shared = {role: n for role, n in org.shared_people.items() if n > 0}
    base_people = org.teams * team_size + sum(shared.values())
    teams = max(1, round(people * org.teams / base_people))
    factor = teams / org.teams
    overrides: dict[str, int] = {"org.teams": teams}
    for role, n in shared.items():
        overrides[f"org.shared_people.{role}"] = max(1, round(n * factor))
    for st in spec.pipeline:
        if st.role == "automated":
            overrides[f"pipeline.{st.name}.servers"] = max(1, math.ceil(st.servers * factor))
    actual = teams * team_size + sum(
        v for k, v in overrides.items() if k.startswith("org.shared_people.")
    )
    return Size(actual, teams, overrides)


# -- the child: one measurement in a fresh interpreter -----------------------------------
def maxrss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def child(scenario_path: Path, people: int, mode: str, seed: int) -> dict[str, Any]:
    """Build the size's scenario, then time one year of it; report as a dict."""
    import orgsim

    size = plan_size(scenario_path, people)
    scn = orgsim.load_scenario(scenario_path).with_overrides(size.overrides)
    sim = scn.spec.simulation
    rss_before = maxrss_mb()
    out: dict[str, Any] = {"mode": mode}
    if mode == "simulate":
        start, cpu = time.perf_counter(), time.process_time()
        res = orgsim.simulate(scn, seed=seed)
        out["seconds"] = time.perf_counter() - start
        out["cpu_seconds"] = time.process_time() - cpu
        out["completed"] = int(res.summary["completed"])
        out["lead_time_mean"] = float(res.summary["lead_time_mean"])
    else:
        start, cpu = time.perf_counter(), time.process_time()
        model = orgsim.OrgModel(scn, seed=seed)
        model.run()
        out["seconds"] = time.perf_counter() - start
        out["cpu_seconds"] = time.process_time() - cpu
        out["completed"] = int(model.flow.completed)
    out.update(
        people=size.people,
        teams=size.teams,
        overrides=size.overrides,
        days=float(sim.warmup_days + sim.days),
        measured_days=float(sim.days),
        rss_before_mb=rss_before,
        peak_rss_mb=maxrss_mb(),
    )
    return out


def measure(scenario_path: Path, people: int, mode: str, seed: int) -> dict[str, Any]:
    """Run `child` in a fresh interpreter, so sizes and modes do not share memory or caches."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--scenario",
        str(scenario_path),
        "--seed",
        str(seed),
        "--people",
        str(people),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the parent: sizes, repeats, the report ----------------------------------------------
@dataclass
class Row:
    people: int
    teams: int
    overrides: dict[str, int]
    days: float
    measured_days: float
    year_s: float  # simulate(), best of repeats
    engine_s: float  # OrgModel(...).run(), best of repeats
    year_cpu: float  # CPU seconds, best of repeats
    engine_cpu: float
    peak_mb: float  # simulate(), largest of repeats
    engine_peak_mb: float
    before_mb: float
    completed: int  # in the measured window (after warm-up)
    lead_time: float

    @property
    def person_days(self) -> float:
        return self.people * self.days

    def us_per_person_day(self, seconds: float) -> float:
        return seconds / self.person_days * 1e6

    @property
    def per_team_day(self) -> float:
        """Items delivered per team per measured day: flat across sizes if the org scaled."""
        return self.completed / (self.teams * self.measured_days)


def run_size(scenario_path: Path, people: int, seed: int, repeats: int) -> Row:
    sim = [measure(scenario_path, people, "simulate", seed) for _ in range(repeats)]
    eng = [measure(scenario_path, people, "engine", seed) for _ in range(repeats)]
    first = sim[0]
    return Row(
        people=first["people"],
        teams=first["teams"],
        overrides=first["overrides"],
        days=first["days"],
        measured_days=first["measured_days"],
        year_s=min(r["seconds"] for r in sim),
        engine_s=min(r["seconds"] for r in eng),
        year_cpu=min(r["cpu_seconds"] for r in sim),
        engine_cpu=min(r["cpu_seconds"] for r in eng),
        peak_mb=max(r["peak_rss_mb"] for r in sim),
        engine_peak_mb=max(r["peak_rss_mb"] for r in eng),
        before_mb=min(r["rss_before_mb"] for r in sim + eng),
        completed=first["completed"],
        lead_time=first["lead_time_mean"],
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(rows: list[Row], scenario_path: Path) -> None:
    print()
    print("sizes (built with Scenario.with_overrides):")
    for r in rows:
        over = ", ".join(f"{k}={v}" for k, v in r.overrides.items())
        print(f"  {r.people:>5} people: {over}")
    print()
    head = (
        f"{'people':>6}{'days':>6}{'simulate (s)':>14}{'cpu':>6}{'engine (s)':>12}{'cpu':>6}"
        f"{'peak RSS MB':>13}"
        f"{'engine MB':>11}{'person-days/s':>15}{'us/person-day':>15}{'completed':>11}"
        f"{'per team-day':>14}{'W (days)':>10}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r.people:>6}{r.days:>6.0f}{r.year_s:>14.2f}{r.year_cpu:>6.2f}{r.engine_s:>12.2f}"
            f"{r.engine_cpu:>6.2f}{r.peak_mb:>13.0f}"
            f"{r.engine_peak_mb:>11.0f}{r.person_days / r.year_s:>15,.0f}"
            f"{r.us_per_person_day(r.year_s):>15.1f}{r.completed:>11,}"
            f"{r.per_team_day:>14.2f}{r.lead_time:>10.1f}"
        )
    print(
        f"days = simulated days including the warm-up; RSS before the run (interpreter + "
        f"imports): about {min(r.before_mb for r in rows):.0f} MB; us/person-day and "
        "person-days/s from simulate(); completed = items delivered in the measured window; "
        "per team-day = completed / teams / measured days (flat if the organization scaled evenly)"
    )

    print()
    print(f"{'target':<56}{'wall':>10}{'cpu':>10}   verdict (wall)")

    def line(name: str, wall: str, cpu: str, ok: bool) -> None:
        print(f"{name:<56}{wall:>10}{cpu:>10}   {verdict(ok)}")

    default = DEFAULT_SCENARIO.resolve() == scenario_path.resolve()
    base = next((r for r in rows if r.teams == _base_teams(scenario_path)), None)
    if base is not None and default:
        line(
            f"default enterprise scenario, one year, simulate() < {YEAR_TARGET_S:g} s",
            f"{base.year_s:.2f} s",
            f"{base.year_cpu:.2f} s",
            base.year_s < YEAR_TARGET_S,
        )
    big = next((r for r in rows if r.people == BIG_PEOPLE), None)
    if big is not None:
        line(
            f"{BIG_PEOPLE:,} people, one year, simulate() < {BIG_TARGET_S:g} s",
            f"{big.year_s:.2f} s",
            f"{big.year_cpu:.2f} s",
            big.year_s < BIG_TARGET_S,
        )
        line(
            f"{BIG_PEOPLE:,} people, peak memory < {BIG_TARGET_MB:g} MB",
            f"{big.peak_mb:.0f} MB",
            "",
            big.peak_mb < BIG_TARGET_MB,
        )
    ref = base or rows[0]
    for r in rows:
        if r is ref:
            continue
        for label, mine, theirs in (
            ("simulate()", (r.year_s, r.year_cpu), (ref.year_s, ref.year_cpu)),
            ("engine", (r.engine_s, r.engine_cpu), (ref.engine_s, ref.engine_cpu)),
        ):
            wall, cpu = (
                r.us_per_person_day(m) / ref.us_per_person_day(t)
                for m, t in zip(mine, theirs, strict=True)
            )
            line(
                f"cost/person-day {r.people} vs {ref.people} people, {label}: ~1x",
                f"{wall:.2f}x",
                f"{cpu:.2f}x",
                1 / LINEAR_TOLERANCE <= wall <= LINEAR_TOLERANCE,
            )
    print(f"(about linear = within {LINEAR_TOLERANCE:g}x either way)")


def _base_teams(scenario_path: Path) -> int:
    import orgsim

    return orgsim.load_scenario(scenario_path).spec.org.teams


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load:.2f}; "
        f"orgsim {version('orgsim')}, mesa {version('mesa')}"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument(
        "--people", type=int, nargs="+", default=[10, 100, 1000], help="sizes (default 10 100 1000)"
    )
    p.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO, help="base scenario file")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1, help="runs per size and mode; fastest counts")
    p.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    if any(n < 1 for n in args.people):
        p.error("--people must be positive")
    if args.child and len(args.people) != 1:
        p.error("--child takes exactly one --people")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args.scenario, args.people[0], args.child, args.seed)))
        return 0
    print(f"Scaling: one simulated year of {args.scenario.name} at {args.people} people")
    print(
        f"seed {args.seed}, best of {args.repeats} run(s) per size; each run in a fresh "
        "subprocess (simulate() and engine-only separately)"
    )
    print(f"{dt.date.today().isoformat()}: {machine()}")
    rows = []
    for people in args.people:
        print(f"  running {people} people ...", file=sys.stderr, flush=True)
        rows.append(run_size(args.scenario, people, args.seed, args.repeats))
    report(rows, args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
