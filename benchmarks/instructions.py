"""How much work the engine does per person-day, counted in CPU instructions.

Why this exists: wall time on a shared machine varies by 10-20% from one run to the next,
and by up to 2x over an hour, so `scaling.py` alone cannot tell whether a large
organization costs more per person-day because the engine does more work per person
(an algorithm that grows with the organization) or because each instruction takes longer
(the memory hierarchy: a working set that no longer fits the caches and the TLB).
Instruction counts answer that. Valgrind's callgrind counts the instructions the CPU
executes; the count is the same in every run of the same program and input, whatever
else the machine is doing.

For each size (built as `scaling.py` builds it), a fresh interpreter runs the engine under
callgrind with counting off up to day `--start` (day 105: past the warm-up, so the
organization holds its steady-state work in progress, and half-way between two release
trains), counts a window of whole release-train cycles (10 working days each, so every
window holds the same number of trains per day) of about `--person-days` person-days,
then stops counting. The report gives instructions per person-day and their ratio to
the first size's figure (100 people by default): 1.0x is linear work. Optionally
(`--cache-sim`) callgrind also simulates the caches and reports first-level and
last-level misses per person-day, a noise-free view of the memory traffic.

    .venv/bin/python benchmarks/instructions.py                    # 100, 1,000, 10,000
    .venv/bin/python benchmarks/instructions.py --people 100 50000 # about an hour
    .venv/bin/python benchmarks/instructions.py --cache-sim --ll-mb 8

Needs `valgrind` on the PATH (Debian's package of that name). Callgrind runs the counted
window about 50 times slower than native, the rest about 5 times slower: the 10,000-person
size takes about 10 minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import DEFAULT_SCENARIO, ENTERPRISE, machine, plan_size

CYCLE_DAYS = 10  # the release train's period in the default scenario: whole cycles only
HANDSHAKE_TIMEOUT_S = 3600.0


# -- the child: runs inside callgrind ----------------------------------------------------
def child(scenario: Path, people: int, seed: int, start: float, end: float, flags: Path) -> None:
    """Run to `start` uncounted, let the parent switch counting on, run to `end`, and let
    it switch counting off. The handshake is a pair of files in `flags`; the child spins
    (it does not sleep) so that callgrind keeps control of it and acts on the commands."""
    import orgsim

    size = plan_size(scenario, people)
    scn = orgsim.load_scenario(scenario).with_overrides(size.overrides)
    model = orgsim.OrgModel(scn, seed=seed)
    model.run_until(start)
    completed = model.flow.completed
    for phase in ("start", "end"):
        (flags / f"at-{phase}").touch()
        go = flags / f"go-{phase}"
        while not go.exists():
            pass
        if phase == "start":
            model.run_until(end)
    print(f"people={size.people} delivered={model.flow.completed - completed}")


# -- the parent ----------------------------------------------------------------------------
def window_days(people: int, person_days: float, room: float) -> int:
    """Whole train cycles adding up to at least `person_days` person-days, within the
    `room` days left of the simulated year."""
    wanted = math.ceil(person_days / people / CYCLE_DAYS)
    return CYCLE_DAYS * max(1, min(wanted, int(room // CYCLE_DAYS)))


def _control(pid: int, *args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)


def _await(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + HANDSHAKE_TIMEOUT_S
    while not path.exists():
        if proc.poll() is not None:
            raise SystemExit(f"the callgrind child exited early:\n{proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the callgrind child never reached {path.name}")
        time.sleep(0.2)


def count(args: argparse.Namespace, people: int) -> dict:
    """One size under callgrind: instructions (and cache misses) in the window."""
    import orgsim

    sim = orgsim.load_scenario(args.scenario).spec.simulation
    days = window_days(people, args.person_days, sim.warmup_days + sim.days - args.start)
    end = args.start + days
    with tempfile.TemporaryDirectory(prefix="orgsim-callgrind-") as tmp:
        flags = Path(tmp)
        out = flags / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        if args.cache_sim:
            ll = int(args.ll_mb * 2**20)
            cmd += ["--cache-sim=yes", f"--LL={ll},16,64"]
        cmd += [sys.executable, str(Path(__file__).resolve()), "--child", str(flags)]
        cmd += ["--people", str(people), "--seed", str(args.seed), "--scenario", str(args.scenario)]
        cmd += ["--start", str(args.start), "--end", str(end)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _await(flags / "at-start", proc)
            _control(proc.pid, "--instr=on")
            (flags / "go-start").touch()
            _await(flags / "at-end", proc)
            _control(proc.pid, "--instr=off")
            (flags / "go-end").touch()
            stdout, stderr = proc.communicate()
        finally:
            if proc.poll() is None:
                proc.kill()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
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
        f"window = counted days, from day {args.start:g} (whole {CYCLE_DAYS}-day train "
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
        sim = orgsim.load_scenario(args.scenario).spec.simulation
    except orgsim.ScenarioError as e:
        p.error(str(e))
    horizon = sim.warmup_days + sim.days
    if args.child is None and args.start + CYCLE_DAYS > horizon:
        p.error(
            f"--start {args.start:g}: no whole {CYCLE_DAYS}-day train cycle fits before the "
            f"end of the run (day {horizon:g})"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        child(args.scenario, args.people[0], args.seed, args.start, args.end, args.child)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("instructions.py needs valgrind (apt-get install valgrind)", file=sys.stderr)
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
