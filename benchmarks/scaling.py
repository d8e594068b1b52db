"""How orgsim's cost grows with the size of the organization it simulates.

Why this exists: orgsim is meant to answer questions about whole engineering
organizations, from one team to an enterprise of 50,000 people. This script runs one
simulated year of the enterprise pipeline (the scenario's warm-up plus its 250 measured
working days) at 100, 1,000 and 10,000 people (and 50,000 with `--enterprise`) and
checks these targets:

- the default enterprise scenario (100 people) simulates its year in under 1 s,
- 1,000 people take under 10 s and under 500 MB,
- the cost is linear in people x days: per person-day within 1.2x of the 100-person
  figure at 10,000 people (engine and `simulate()`), with a peak RSS under 1 GB, and
  within 1.3x at 50,000 people, under 4 GB in summary-only mode.

Sizes are built from the scenario file with `with_overrides`: the number of teams scales
with the head count (team composition unchanged), and so do the shared approvers and
release managers and the servers of the automated stations, so every station keeps the
load it has in the 100-person organization and the pipeline stays stable. The 100-person
size is the scenario file itself, unchanged. The organization-wide gates (one change
advisory board, one release train) stay single, so their batches grow with the size:
the sizes are the same organization scaled, not identical copies of it.

Each size runs in a fresh subprocess per mode: `orgsim.simulate()` (what a user calls:
model, run, result tables, summary, invariant checks), `simulate(keep=("summary",))`
(summary-only, what sweeps use: no per-item or per-visit table) and `OrgModel(...).run()`
(the engine alone). At 50,000 people the full `simulate()` is skipped. Wall time is `time.perf_counter` around that
call (CPU time, `time.process_time`, is shown too: it is steadier when other programs
compete for the CPU), peak memory is the subprocess's maximum resident set size
(`ru_maxrss`), which includes the interpreter and the libraries orgsim imports (shown as
"RSS before").

    .venv/bin/python benchmarks/scaling.py                   # 100, 1,000, 10,000 people
    .venv/bin/python benchmarks/scaling.py --enterprise      # and 50,000 (about 30 min)
    .venv/bin/python benchmarks/scaling.py --people 10 100 1000 --repeats 3
    .venv/bin/python benchmarks/scaling.py --profile 3000    # cProfile + tracemalloc
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
MODES = ("simulate", "summary", "engine")
YEAR_TARGET_S = 1.0  # default scenario (100 people), simulate()
BIG_PEOPLE = 1000
BIG_TARGET_S = 10.0
BIG_TARGET_MB = 500.0
# (people, cost per person-day within this factor of the default size's, peak RSS in MB
# and the mode it is measured in)
SCALE_TARGETS = {10_000: (1.2, 1024.0, "simulate"), 50_000: (1.3, 4096.0, "summary")}
ENTERPRISE = 50_000
LINEAR_TOLERANCE = 1.5  # other sizes: about linear


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
    if mode in ("simulate", "summary"):
        from orgsim.simulate import KEEP_ALL, SUMMARY_ONLY

        keep = SUMMARY_ONLY if mode == "summary" else KEEP_ALL
        start, cpu = time.perf_counter(), time.process_time()
        res = orgsim.simulate(scn, seed=seed, keep=keep)
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


def profile(scenario_path: Path, people: int, seed: int, top: int = 15) -> None:
    """Where one size's year goes: cProfile of the engine (time per function, sorted by
    own time), then tracemalloc of a second run (what holds memory at the end)."""
    import cProfile
    import pstats
    import tracemalloc

    import orgsim

    size = plan_size(scenario_path, people)
    scn = orgsim.load_scenario(scenario_path).with_overrides(size.overrides)
    model = orgsim.OrgModel(scn, seed=seed)
    prof = cProfile.Profile()
    prof.runcall(model.run)
    print(f"cProfile, {size.people:,} people, engine ({len(model.flow.items):,} items):")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)
    del model, prof
    tracemalloc.start()
    model = orgsim.OrgModel(scn, seed=seed)
    model.run()
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()
    total = sum(s.size for s in snap.statistics("filename"))
    print(f"tracemalloc, {size.people:,} people, at the end of the run: {total / 2**20:.0f} MB")
    for stat in snap.statistics("lineno")[:top]:
        print(f"  {stat.size / 2**20:8.1f} MB {stat.count:>10,} blocks  {stat.traceback[0]}")


# -- the parent: sizes, repeats, the report ----------------------------------------------
@dataclass
class Timing:
    seconds: float  # best of repeats
    cpu: float  # CPU seconds, best of repeats
    peak_mb: float  # largest of repeats


@dataclass
class Row:
    people: int
    teams: int
    overrides: dict[str, int]
    days: float
    measured_days: float
    modes: dict[str, Timing]
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


def modes_for(people: int) -> tuple[str, ...]:
    """Every mode, except the full tables at enterprise size (summary-only is the use)."""
    return ("summary", "engine") if people >= ENTERPRISE else MODES


def run_size(scenario_path: Path, people: int, seed: int, repeats: int) -> Row:
    runs = {
        m: [measure(scenario_path, people, m, seed) for _ in range(repeats)]
        for m in modes_for(people)
    }
    first = next(iter(runs.values()))[0]
    lead = next((r[0] for m, r in runs.items() if m != "engine"), {})
    return Row(
        people=first["people"],
        teams=first["teams"],
        overrides=first["overrides"],
        days=first["days"],
        measured_days=first["measured_days"],
        modes={
            m: Timing(
                min(x["seconds"] for x in rs),
                min(x["cpu_seconds"] for x in rs),
                max(x["peak_rss_mb"] for x in rs),
            )
            for m, rs in runs.items()
        },
        before_mb=min(x["rss_before_mb"] for rs in runs.values() for x in rs),
        completed=int(lead.get("completed", first["completed"])),
        lead_time=float(lead.get("lead_time_mean", math.nan)),
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _cell(row: Row, mode: str, what: str) -> str:
    t = row.modes.get(mode)
    if t is None:
        return "-"
    if what == "s":
        return f"{t.seconds:.2f}"
    if what == "us":
        return f"{row.us_per_person_day(t.seconds):.1f}"
    return f"{t.peak_mb:.0f}"


def report(rows: list[Row], scenario_path: Path) -> None:
    print()
    print("sizes (built with Scenario.with_overrides):")
    for r in rows:
        over = ", ".join(f"{k}={v}" for k, v in r.overrides.items())
        print(f"  {r.people:>6} people: {over}")
    print()
    cols = [("simulate", "s"), ("summary", "s"), ("engine", "s")]
    cols += [("simulate", "us"), ("summary", "us"), ("engine", "us")]
    cols += [("simulate", "mb"), ("summary", "mb"), ("engine", "mb")]
    names = {"s": "(s)", "us": "us/pd", "mb": "MB"}
    head = (
        f"{'people':>7}{'days':>6}"
        + "".join(f"{m[:3] + ' ' + names[w]:>12}" for m, w in cols)
        + f"{'completed':>11}{'per team-day':>14}{'W (days)':>10}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r.people:>7}{r.days:>6.0f}"
            + "".join(f"{_cell(r, m, w):>12}" for m, w in cols)
            + f"{r.completed:>11,}{r.per_team_day:>14.2f}{r.lead_time:>10.1f}"
        )
    print(
        "sim = simulate() with every table, sum = simulate(keep=('summary',)), eng = "
        "OrgModel.run(); (s) = wall seconds, us/pd = microseconds per person-day, MB = peak "
        f"RSS (interpreter and imports alone: about {min(r.before_mb for r in rows):.0f} MB); "
        "days = simulated days including the warm-up; completed = items delivered in the "
        "measured window; per team-day = completed / teams / measured days"
    )

    print()
    print(f"{'target':<62}{'wall':>10}{'cpu':>10}   verdict (wall)")

    def line(name: str, wall: str, cpu: str, ok: bool) -> None:
        print(f"{name:<62}{wall:>10}{cpu:>10}   {verdict(ok)}")

    default = DEFAULT_SCENARIO.resolve() == scenario_path.resolve()
    base = next((r for r in rows if r.teams == _base_teams(scenario_path)), None)
    if base is not None and default and "simulate" in base.modes:
        t = base.modes["simulate"]
        line(
            f"default enterprise scenario, one year, simulate() < {YEAR_TARGET_S:g} s",
            f"{t.seconds:.2f} s",
            f"{t.cpu:.2f} s",
            t.seconds < YEAR_TARGET_S,
        )
    big = next((r for r in rows if r.people == BIG_PEOPLE), None)
    if big is not None and "simulate" in big.modes:
        t = big.modes["simulate"]
        line(
            f"{BIG_PEOPLE:,} people, one year, simulate() < {BIG_TARGET_S:g} s",
            f"{t.seconds:.2f} s",
            f"{t.cpu:.2f} s",
            t.seconds < BIG_TARGET_S,
        )
        line(
            f"{BIG_PEOPLE:,} people, peak memory < {BIG_TARGET_MB:g} MB",
            f"{t.peak_mb:.0f} MB",
            "",
            t.peak_mb < BIG_TARGET_MB,
        )
    ref = base or rows[0]
    for r in rows:
        if r is ref:
            continue
        tolerance, mb, mb_mode = SCALE_TARGETS.get(r.people, (LINEAR_TOLERANCE, None, None))
        for mode in r.modes:
            if mode not in ref.modes:
                continue
            mine, theirs = r.modes[mode], ref.modes[mode]
            wall = r.us_per_person_day(mine.seconds) / ref.us_per_person_day(theirs.seconds)
            cpu = r.us_per_person_day(mine.cpu) / ref.us_per_person_day(theirs.cpu)
            line(
                f"cost/person-day {r.people:,} vs {ref.people:,} people, {mode}: <= {tolerance:g}x",
                f"{wall:.2f}x",
                f"{cpu:.2f}x",
                wall <= tolerance,
            )
        if mb is not None and mb_mode in r.modes:
            peak = r.modes[mb_mode].peak_mb
            line(
                f"{r.people:,} people, peak memory ({mb_mode}) < {mb:,.0f} MB",
                f"{peak:.0f} MB",
                "",
                peak < mb,
            )


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
        "--people",
        type=int,
        nargs="+",
        default=[100, 1000, 10_000],
        help="sizes (default 100 1000 10000)",
    )
    p.add_argument(
        "--enterprise",
        action="store_true",
        help=f"add {ENTERPRISE:,} people (about 6,000 teams; summary-only and engine runs)",
    )
    p.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO, help="base scenario file")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1, help="runs per size and mode; fastest counts")
    p.add_argument(
        "--profile",
        type=int,
        metavar="PEOPLE",
        help="instead of timing: cProfile and tracemalloc of the engine at PEOPLE people",
    )
    p.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.enterprise and ENTERPRISE not in args.people:
        args.people.append(ENTERPRISE)
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
    if args.profile:
        profile(args.scenario, args.profile, args.seed)
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
    print(f"\nat the end: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
