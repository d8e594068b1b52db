"""How much work the engine does per person-day, counted in CPU instructions.

Why this exists: wall time on a shared machine varies by 10-20% from one run to the next,
and by up to 2x over an hour, so `scaling.py` alone cannot tell whether a large
organization costs more per person-day because the engine does more work per person
(an algorithm that grows with the organization) or because each instruction takes longer
(the memory hierarchy: a working set that no longer fits the caches and the TLB).
Instruction counts answer that. Valgrind's callgrind counts the instructions the CPU
executes; the count is the same in every run of the same program and input (to a few
instructions in a million here), whatever else the machine is doing.

For each size (built as `scaling.py` builds it), a fresh interpreter runs the engine under
callgrind with instrumentation off up to day `--start` (day 105: past the warm-up, so the
organization holds its steady-state work in progress, and half-way between two release
trains), counts a window of whole gate cycles (the least common multiple of the periodic
gates' periods: 10 working days in the default scenario, so every window holds the same
number of boards and trains per day) of about `--person-days` person-days,
then stops counting. The report gives instructions per person-day and their ratio to
the first size's figure (100 people by default): 1.0x is linear work. Optionally
(`--cache-sim`) callgrind also simulates the caches and reports first-level and
last-level misses per person-day, a noise-free view of the memory traffic.

    .venv/bin/python benchmarks/instructions.py                    # 100, 1,000, 10,000
    .venv/bin/python benchmarks/instructions.py --people 100 50000 # about an hour
    .venv/bin/python benchmarks/instructions.py --cache-sim --ll-mb 8

The engine itself switches counting on and off, through callgrind's client requests
(`CALLGRIND_START_INSTRUMENTATION`), compiled at run time into a ten-line library: nothing
outside the window is counted, and the parent only waits for the child to end.

Needs `valgrind` (whose Debian package carries the headers) and a C compiler (`cc`) on the
PATH. Callgrind runs the counted window about 50 times slower than native, the rest
about 5 times slower: the 10,000-person size takes about 15 minutes with `--cache-sim`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import DEFAULT_SCENARIO, ENTERPRISE, machine, plan_size

# -- the child: runs inside callgrind ----------------------------------------------------
SWITCH_C = """
#include <valgrind/callgrind.h>
void count_on(void) { CALLGRIND_START_INSTRUMENTATION; }
void count_off(void) { CALLGRIND_STOP_INSTRUMENTATION; }
"""


def child(scenario: Path, people: int, seed: int, start: float, end: float, switch: Path) -> None:
    """Run to `start` uncounted, switch counting on, run to `end`, switch it off.

    The switch is callgrind's own client requests, compiled into a tiny library (`switch`)
    and called from here, so counting starts and stops at exactly these two calls: the
    same instructions are counted in every run.
    """
    import ctypes

    import orgsim

    counter = ctypes.CDLL(str(switch))
    size = plan_size(scenario, people)
    scn = orgsim.load_scenario(scenario).with_overrides(size.overrides)
    model = orgsim.OrgModel(scn, seed=seed)
    model.run_until(start)
    completed = model.flow.completed
    counter.count_on()
    model.run_until(end)
    counter.count_off()
    print(f"people={size.people} delivered={model.flow.completed - completed}")


def build_switch(folder: Path) -> Path:
    """Compile the counting switch (needs a C compiler and valgrind's headers)."""
    source, lib = folder / "switch.c", folder / "switch.so"
    source.write_text(SWITCH_C)
    made = subprocess.run(
        ["cc", "-shared", "-fPIC", "-O1", "-o", str(lib), str(source)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise SystemExit(f"instructions.py: cannot build the counting switch: {made.stderr}")
    return lib


# -- the parent ----------------------------------------------------------------------------
def gate_cycle(spec) -> int:
    """Days after which every periodic gate (board, train) is back in the same phase: the
    least common multiple of their periods (1 without periodic gates; a fractional period
    counts as its whole days rounded up)."""
    periods = [math.ceil(st.gate.every) for st in spec.pipeline if st.gate and not st.gate.dated]
    return math.lcm(*periods) if periods else 1


def window_days(people: int, person_days: float, room: float, cycle: int) -> int:
    """Whole gate cycles adding up to at least `person_days` person-days, within the
    `room` days left of the run."""
    wanted = math.ceil(person_days / people / cycle)
    return cycle * max(1, min(wanted, int(room // cycle)))


def count(args: argparse.Namespace, people: int) -> dict:
    """One size under callgrind: instructions (and cache misses) in the window."""
    days = window_days(people, args.person_days, args.horizon - args.start, args.cycle)
    end = args.start + days
    with tempfile.TemporaryDirectory(prefix="orgsim-callgrind-") as tmp:
        folder = Path(tmp)
        out = folder / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        if args.cache_sim:
            ll = int(args.ll_mb * 2**20)
            cmd += ["--cache-sim=yes", f"--LL={ll},16,64"]
        cmd += [sys.executable, str(Path(__file__).resolve()), "--child", str(build_switch(folder))]
        cmd += ["--people", str(people), "--seed", str(args.seed), "--scenario", str(args.scenario)]
        cmd += ["--start", str(args.start), "--end", str(end)]
        started = time.perf_counter()
        # A fixed string-hash seed: the run's results never depend on it, but dict and set
        # layouts do, and with them a few instructions in a thousand.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
        stdout = done.stdout
        totals = _totals(out)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(out, args.keep / f"callgrind.out.{people}")
    found = dict(kv.split("=") for kv in stdout.split())
    n = int(found["people"])
    pd = n * days
    row = {"people": n, "days": days, "person_days": pd, "delivered": int(found["delivered"])}
    row["ir_per_pd"] = totals["Ir"] / pd
    if args.cache_sim:
        row["d1_per_pd"] = (totals["D1mr"] + totals["D1mw"]) / pd
        row["ll_per_pd"] = (totals["DLmr"] + totals["DLmw"]) / pd
    row["minutes"] = (time.perf_counter() - started) / 60
    return row


def _totals(path: Path) -> dict[str, int]:
    """The event totals of a callgrind output file (its `events:` and `totals:` lines;
    `summary:` reads 0 when counting was switched on and off during the run)."""
    text = path.read_text()
    events = re.search(r"^events:\s*(.+)$", text, re.M).group(1).split()
    totals = re.search(r"^totals:\s*(.+)$", text, re.M).group(1).split()
    return dict(zip(events, map(int, totals), strict=True))


def report(rows: list[dict], args: argparse.Namespace) -> None:
    ref = rows[0]
    head = (
        f"{'people':>7}{'window':>8}{'person-days':>13}{'delivered':>11}{'Ir/pd':>11}{'vs ref':>8}"
    )
    if args.cache_sim:
        head += f"{'D1 miss/pd':>12}{'LL miss/pd':>12}{'vs ref':>8}"
    print(head)
    print("-" * len(head))
    for r in rows:
        line = (
            f"{r['people']:>7,}{r['days']:>6} d{r['person_days']:>13,}{r['delivered']:>11,}"
            f"{r['ir_per_pd']:>11,.0f}{r['ir_per_pd'] / ref['ir_per_pd']:>7.2f}x"
        )
        if args.cache_sim:
            ratio = r["ll_per_pd"] / ref["ll_per_pd"] if ref["ll_per_pd"] else math.nan
            line += f"{r['d1_per_pd']:>12,.0f}{r['ll_per_pd']:>12,.1f}{ratio:>7.2f}x"
        print(line)
    print(
        f"window = counted days, from day {args.start:g} (whole {args.cycle}-day gate "
        "cycles); delivered = items finished in it; Ir/pd = instructions per person-day; "
        f"vs ref = ratio to the {ref['people']:,}-person row (1.00x: linear work)"
        + (
            f"; misses from callgrind's cache simulation (last level {args.ll_mb:g} MB, 16-way)"
            if args.cache_sim
            else ""
        )
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--people", type=int, nargs="+", default=[100, 1000, 10_000])
    p.add_argument("--enterprise", action="store_true", help=f"add {ENTERPRISE:,} people")
    p.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--start",
        type=float,
        default=105.0,
        help="first counted day (default 105: past the warm-up, between two trains)",
    )
    p.add_argument(
        "--person-days",
        type=float,
        default=100_000.0,
        help="count at least this many person-days per size (default 100,000)",
    )
    p.add_argument("--cache-sim", action="store_true", help="also simulate the caches")
    p.add_argument("--ll-mb", type=float, default=8.0, help="simulated last-level cache (MB)")
    p.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep callgrind's output per size in DIR (read it with callgrind_annotate)",
    )
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--end", type=float, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.enterprise and ENTERPRISE not in args.people:
        args.people.append(ENTERPRISE)
    if any(n < 1 for n in args.people):
        p.error("--people must be positive")
    if args.start <= 0 or args.person_days <= 0 or args.ll_mb <= 0:
        p.error("--start, --person-days and --ll-mb must be positive")
    import orgsim

    try:
        spec = orgsim.load_scenario(args.scenario).spec
    except orgsim.ScenarioError as e:
        p.error(str(e))
    args.horizon = spec.simulation.warmup_days + spec.simulation.days
    args.cycle = gate_cycle(spec)
    if args.child is None and args.start + args.cycle > args.horizon:
        p.error(
            f"--start {args.start:g}: no whole {args.cycle}-day gate cycle fits before the "
            f"end of the run (day {args.horizon:g})"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        child(args.scenario, args.people[0], args.seed, args.start, args.end, args.child)
        return 0
    if shutil.which("valgrind") is None or shutil.which("cc") is None:
        print(
            "instructions.py needs valgrind and a C compiler (apt-get install valgrind gcc)",
            file=sys.stderr,
        )
        return 2
    print(f"Instructions per person-day: {args.scenario.name} at {args.people} people")
    print(f"{dt.date.today().isoformat()}: {machine()}")
    rows = []
    for people in args.people:
        print(f"  counting {people} people ...", file=sys.stderr, flush=True)
        rows.append(count(args, people))
        print(f"    {rows[-1]['minutes']:.1f} min", file=sys.stderr, flush=True)
    report(rows, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
