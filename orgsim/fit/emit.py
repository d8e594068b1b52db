"""Writing a fitted organization as a scenario TOML, every value with its provenance.

Each fitted number is followed by a comment saying what it rests on: the sample size,
the fit statistic and criterion, and what was assumed where the log says nothing (labour
costs, the gate's service time, the warm-up). The file is an ordinary scenario: it loads
with `orgsim.load_scenario`, runs with `orgsim run`, `compare`, `constraint`, in sweeps
and in the app. Its working day 0 is the fit's cut-off, stated on the `# origin:` line,
which `orgsim backtest` reads to keep periodic gates in phase when the held-out period
starts elsewhere (and a dated gate's dates on its clock, where the log has no releases
to replay).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from orgsim.fit.discover import GATE_PERIODIC_CV, FittedGate, FittedOrg, FittedStation
from orgsim.fit.durations import FittedDuration

ORIGIN_LINE = re.compile(r"^# origin: (\S+)", re.MULTILINE)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


# A dated gate's replayed calendar covers at least this many working days (ten years),
# so that a longer run than the scenario's own (`--days`) still sees releases.
DATED_COVER = 2500.0


def scenario_toml(fit: FittedOrg, name: str) -> str:
    """The scenario text for a fit."""
    cal = fit.calendar
    gates = [s.gate.every for s in fit.stations if s.gate is not None]
    warmup = max(gates) if gates else 20.0
    days = max(250.0, 4 * warmup)
    cover = max(DATED_COVER, warmup + days)
    hol = f"{len(cal.holidays)} holidays" if cal.holidays else "no holidays"
    lines = [
        f"# Fitted by `orgsim fit` from {Path(fit.source).name}, as known at {fit.origin.date()}.",
        f"# origin: {fit.origin.isoformat()}",
        "#   (working day 0 of this scenario is the cut-off; gate offsets and dates count from it)",
        f"# Time unit: working days (Mon-Fri, {hol}; 24-hour days in {cal.tz}).",
        f"# Training window: {fit.since.date()} to {fit.origin.date()} "
        f"({fit.window_days:.0f} working days); {fit.cases} cases known, {fit.done} done.",
        f"name = {_s(name)}",
        f"description = {_s(f'Fitted from {Path(fit.source).name} up to {fit.origin.date()}')}",
        "",
        "[simulation]",
        f"days = {days:.1f}  # assumed: at least a working year and four gate periods",
        f"warmup_days = {warmup:.1f}  # assumed: one period (mean interval) of the slowest gate "
        "(20 if none)",
        "",
        "[org]",
        f"teams = {len(fit.teams)}",
        f"team_names = {json.dumps(fit.teams)}",
        "# Labour costs: orgsim's defaults (a delivery log does not record them).",
    ]
    lines += _people(fit)
    lines += _demand(fit)
    for st in fit.stations:
        lines += _station(st, cover)
    return "\n".join(lines) + "\n"


def _people(fit: FittedOrg) -> list[str]:
    team = [s for s in fit.stations if s.role in ("developer", "reviewer")]
    shared = [s for s in fit.stations if s.role in ("approver", "release_manager")]
    out = []
    if team:
        out += ["", "[org.people_per_team]"]
        for role in ("developer", "reviewer"):
            sts = [s for s in team if s.role == role]
            if sts:
                n = max(s.servers for s in sts)
                out.append(f"{role} = {n}  # {_conc(sts)}")
    if shared:
        out += ["", "[org.shared_people]"]
        for role in ("approver", "release_manager"):
            sts = [s for s in shared if s.role == role]
            if sts:
                n = max(s.servers for s in sts)
                why = (
                    "one server handles each gate batch (assumed)"
                    if all(s.gate for s in sts)
                    else _conc(sts)
                )
                out.append(f"{role} = {n}  # {why}")
    return out


def _conc(sts: list[FittedStation]) -> str:
    parts = [
        f"{s.name}: most in service at once {s.servers}, time-average {s.concurrency_mean:.1f}"
        for s in sts
        if s.gate is None
    ]
    return "; ".join(parts) + " (observed concurrency, not head count)"


def _demand(fit: FittedOrg) -> list[str]:
    wk = ", ".join(f"{d} {p:.0%}" for d, p in zip(WEEKDAYS, fit.weekday_share, strict=True))
    p = "n/a" if math.isnan(fit.weekday_p) else f"{fit.weekday_p:.3g}"
    return [
        "",
        "[org.demand]",
        'kind = "poisson"',
        f"rate_per_team = {fit.rate_per_team:.6g}  # {fit.arrivals} arrivals (first activity "
        f"starts) over {fit.window_days:.0f} working days / {len(fit.teams)} team(s)",
        f"# Weekday profile of arrivals: {wk} (chi-square vs uniform p = {p}); not modelled:",
        "# orgsim's Poisson demand is stationary over working days. Item size: not fitted",
        "# (no station's service scales with size).",
    ]


def _station(st: FittedStation, cover: float) -> list[str]:
    out = ["", "[[pipeline]]", f"name = {_s(st.name)}", f"role = {_s(st.role)}"]
    if st.role == "automated":
        out.append(f"servers = {st.servers}  # {_conc([st])}")
    out.append(f"# {st.visits} visits in the training window")
    if st.skipped_share > 0.005:
        out.append(
            f"# {st.skipped_share:.0%} of cases never visit this station; the pipeline "
            "is linear, so every simulated case does (assumed)"
        )
    out += _service(st.service)
    if st.gate is not None:
        out += ["", "[pipeline.gate]"]
        out += _dated(st.gate, cover) if st.gate.dated else _periodic(st.gate)
        out += [
            f"capacity = 0  # all waiting work boards; mean batch {st.gate.mean_batch:.0f}",
            f"# Gate detected: completions on {st.gate.active_share:.1%} of working days. "
            f"Observed: {', '.join(st.gate.dates)}",
        ]
    if st.rework is not None:
        r = st.rework
        out += [
            "",
            "[pipeline.rework]",
            f"to = {_s(r.to)}",
            f"probability = {r.probability:.4g}  # {r.returns} returns / {st.visits} visits",
            f"effort = {r.effort:.3g}  # mean repeat-visit duration / first-visit duration",
        ]
    return out


def _periodic(g: FittedGate) -> list[str]:
    return [
        f"every = {g.every:.4g}  # mean interval between {len(g.dates)} observed batch "
        f"days (interval cv {g.interval_cv:.2f} <= {GATE_PERIODIC_CV}: periodic)",
        f"offset = {g.offset:.4g}  # next opening: one period after the last before the cut-off",
    ]


def _dated(g: FittedGate, cover: float) -> list[str]:
    """The observed calendar replayed after the cut-off, each date saying what it replays."""
    n = len(g.dates)
    out = [
        f"# Dated: the intervals between the {n} observed batch days vary too much for a",
        f"# period (interval cv {g.interval_cv:.2f} > {GATE_PERIODIC_CV}). The dates replay the "
        "observed calendar after",
        f"# the cut-off, one cycle ({n} x the mean interval {g.every:.4g} = {g.cycle:.4g} "
        "working days) later, cycle",
        f"# after cycle until past working day {cover:.0f}; after the last the gate stays shut.",
        "dates = [",
    ]
    for t, date, k in g.projected(cover):
        out.append(f"  {t:.4f},  # replays the batch of {date} (cycle {k})")
    out.append("]")
    return out


def _service(fd: FittedDuration) -> list[str]:
    ks = ", ".join(f"{k} {v:.3f}" for k, v in fd.ks.items())
    out = ["", "[pipeline.service]"]
    head = f"# service: {fd.chosen}; {fd.n} completed durations, {fd.censored} censored"
    out.append(head + (f"; mean {fd.mean:.4g} days" if fd.chosen == "empirical" else ""))
    if ks:
        verdict = "kept" if fd.chosen != "empirical" else "all above it: empirical"
        out.append(
            f"# KS distance to Kaplan-Meier: {ks}; 5% critical {fd.critical:.3f} ({verdict})"
        )
    out += [f"# {n}" for n in fd.notes]
    d = fd.dist
    out.append(f"dist = {_s(d['dist'])}")
    if d["dist"] == "empirical":
        q = d["quantiles"]
        out.append("quantiles = [  # at 0%, 1%, ..., 100%")
        for i in range(0, len(q), 8):
            out.append("  " + ", ".join(f"{v:.6g}" for v in q[i : i + 8]) + ",")
        out.append("]")
    else:
        out.append(f"mean = {d['mean']:.6g}")
        if d["dist"] not in ("exponential", "deterministic"):
            out.append(f"cv = {d['cv']:.6g}")
    return out


def _s(text: str) -> str:
    return json.dumps(text)


def check_fitted(path: Path, fit: FittedOrg, out: str | Path) -> None:
    """Load the scenario just written to the temporary `path`; if orgsim cannot run it,
    a `LogError` names the fit (its log and cut-off) and the fitted value that is wrong,
    never the temporary file or a field the user did not write."""
    import tomllib
    import warnings

    from orgsim.fit.log import LogError
    from orgsim.scenario import CapacityWarning, ScenarioError, load_scenario

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CapacityWarning)  # a fit may well be unstable
            load_scenario(path)
    except ScenarioError as exc:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        what = _fitted_value(raw, exc.field)
        raise LogError(
            fit.source,
            "",
            f"the fit as known at {fit.origin.date()} gives {what}, which orgsim cannot run: "
            f"{exc.problem}; nothing was written to {out}",
        ) from None


def _fitted_value(raw: dict, field: str) -> str:
    """'the review station's service mean of 0' for a dotted field of a fitted scenario."""
    parts = field.split(".") if field else []
    node: object = raw
    words: list[str] = []
    for part in parts:
        if isinstance(node, list):
            node = next((s for s in node if isinstance(s, dict) and s.get("name") == part), None)
            words.append(f"the {part} station's")
        elif isinstance(node, dict):
            node = node.get(part)
            if part not in ("pipeline", "org", "simulation"):
                words.append(part.replace("_", " "))
        else:
            node = None
    if not words:
        return "a scenario"
    value = "" if isinstance(node, dict | list) or node is None else f" of {node!r}"
    return " ".join(words) + value


def read_origin(path: str | Path):
    """The `# origin:` timestamp of a fitted scenario, or None for a hand-written one."""
    import pandas as pd

    m = ORIGIN_LINE.search(Path(path).read_text(encoding="utf-8"))
    return pd.Timestamp(m.group(1)) if m else None
