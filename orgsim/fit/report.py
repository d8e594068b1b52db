"""The backtest report: numbers side by side, a markdown page and a figure.

`summarize` turns a `Backtest` into plain numbers (observed, simulated as a mean over
seeds with a 95% t interval, and the naive baseline: the training period's lead times
resampled for the same arrivals and censored the same way). `write_report` writes
report.md, backtest.png and metrics.json into a folder, all or nothing.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from orgsim.experiments.estimate import Estimate
from orgsim.files import atomic_write
from orgsim.fit.backtest import Backtest
from orgsim.fit.measures import ldm_cycle_time, lead_distance, wip_distance


def summarize(bt: Backtest) -> dict:
    obs = bt.observed
    lo = obs.lead_times()
    sims = bt.simulated
    out: dict = {
        "window": [str(bt.start.date()), str(bt.end.date())],
        "working_days": obs.horizon,
        "arrivals": bt.arrivals,
        "seeds": len(sims),
        "observed_arrivals": int(obs.test.sum()),
        "initial_wip": {str(k): int(v) for k, v in bt.initial_wip.items()},
    }
    lead = {}
    for name, q in (("p50", 50), ("p85", 85), ("mean", None)):

        def stat(x, q=q):
            return (
                float(np.percentile(x, q))
                if q and len(x)
                else float(np.mean(x))
                if len(x)
                else math.nan
            )

        o = stat(lo)
        s = _over_seeds([stat(t.lead_times()) for t in sims])
        n = _over_seeds([stat(x) for x in bt.naive])
        lead[name] = {
            "observed": o,
            "simulated": s,
            "naive": n,
            "rel_diff": s[0] / o - 1 if o else math.nan,
        }
    out["lead_time"] = lead
    out["lead_distance"] = {
        "model": _over_seeds([lead_distance(t.lead_times(), lo) for t in sims]),
        "naive": _over_seeds([lead_distance(x, lo) for x in bt.naive]),
    }
    ldm = [ldm_cycle_time(t, obs, bt.calendar) for t in sims]
    out["ldm_cycle_time_emd"] = _over_seeds(ldm) if all(v is not None for v in ldm) else None
    out["censored"] = {
        "observed": obs.censored(),
        "simulated": _over_seeds([t.censored() for t in sims]),
    }
    ow = obs.weekly_deliveries().mean()
    sw = _over_seeds([t.weekly_deliveries().mean() for t in sims])
    out["deliveries_per_week"] = {
        "observed": float(ow),
        "simulated": sw,
        "rel_diff": sw[0] / ow - 1 if ow else math.nan,
    }
    orates = obs.station_rates()
    out["station_completions_per_week"] = {
        s: {"observed": orates[s], "simulated": _over_seeds([t.station_rates()[s] for t in sims])}
        for s in obs.stations
    }
    owip = obs.wip_daily()
    out["wip"] = {
        "observed_mean": float(owip.mean()),
        "simulated_mean": _over_seeds([t.wip_daily().mean() for t in sims]),
        "distance": _over_seeds([wip_distance(t.wip_daily(), owip) for t in sims]),
    }
    ot = obs.station_times()
    st = {s: np.concatenate([t.station_times()[s] for t in sims]) for s in obs.stations}
    out["time_at_station"] = {
        s: {
            "observed_mean": _m(ot[s]),
            "simulated_mean": _m(st[s]),
            "observed_median": _q(ot[s]),
            "simulated_median": _q(st[s]),
        }
        for s in obs.stations
    }
    out["notes"] = [*bt.notes, "cases being served at the start get a fresh service draw (assumed)"]
    return out


def _m(x) -> float:
    return float(np.mean(x)) if len(x) else math.nan


def _q(x) -> float:
    return float(np.median(x)) if len(x) else math.nan


def _f(v, d: int = 1) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:,.{d}f}"


def _ci(t, d: int = 1) -> str:
    m, lo, hi = t
    if not math.isfinite(m):
        return "n/a"
    return f"{_f(m, d)}" + (f" [{_f(lo, d)}, {_f(hi, d)}]" if math.isfinite(lo) else "")


def _pct(v) -> str:
    return "n/a" if not math.isfinite(v) else f"{v:+.0%}"


def markdown(bt: Backtest, s: dict) -> str:
    lt = s["lead_time"]
    lines = [
        f"# Backtest of {bt.scenario.name} on {Path(bt.source).name}",
        "",
        f"Held-out window {s['window'][0]} to {s['window'][1]} ({s['working_days']:.0f} working days), "
        f"driven by {s['arrivals']} arrivals ({s['observed_arrivals']} observed), {s['seeds']} seeds. "
        "Times are in working days. Simulated values: mean over seeds [95% t interval].",
        "",
        "Started from the observed work in progress: "
        + (", ".join(f"{k} {v}" for k, v in s["initial_wip"].items()) or "none")
        + ".",
        "",
        "## Lead time (arrival to done, cases arrived in the window and done by its end)",
        "",
        "| | observed | simulated | difference | naive baseline |",
        "|---|---|---|---|---|",
    ]
    for k in ("p50", "p85", "mean"):
        r = lt[k]
        lines.append(
            f"| {k} | {_f(r['observed'])} | {_ci(r['simulated'])} | {_pct(r['rel_diff'])} | {_ci(r['naive'])} |"
        )
    d = s["lead_distance"]
    lines += [
        "",
        f"Lead-time distance (Wasserstein-1 / observed mean; lower is better): model "
        f"**{_ci(d['model'], 3)}**, naive baseline **{_ci(d['naive'], 3)}**.",
    ]
    if s["ldm_cycle_time_emd"] is not None:
        lines.append(f"log-distance-measures cycle-time EMD: {_ci(s['ldm_cycle_time_emd'], 3)}.")
    else:
        lines.append(
            "(log-distance-measures is not installed; the distance is scipy's wasserstein_distance.)"
        )
    c = s["censored"]
    lines += [
        f"Censored (arrived, not done by the end): observed {c['observed']}, simulated {_ci(c['simulated'])}.",
        "",
        "## Throughput",
        "",
        f"Deliveries per week: observed {_f(s['deliveries_per_week']['observed'], 2)}, simulated "
        f"{_ci(s['deliveries_per_week']['simulated'], 2)} ({_pct(s['deliveries_per_week']['rel_diff'])}).",
        "",
        "| station | completions/week observed | simulated |",
        "|---|---|---|",
    ]
    for st, r in s["station_completions_per_week"].items():
        lines.append(f"| {st} | {_f(r['observed'], 2)} | {_ci(r['simulated'], 2)} |")
    w = s["wip"]
    lines += [
        "",
        "## Work in progress",
        "",
        f"Mean WIP: observed {_f(w['observed_mean'])}, simulated {_ci(w['simulated_mean'])}; "
        f"WIP distance (mean absolute daily difference / observed mean) {_ci(w['distance'], 3)}.",
        "",
        "## Time at each station (entering to leaving, waiting included)",
        "",
        "| station | observed mean | simulated mean | observed median | simulated median |",
        "|---|---|---|---|---|",
    ]
    for st, r in s["time_at_station"].items():
        lines.append(
            f"| {st} | {_f(r['observed_mean'], 2)} | {_f(r['simulated_mean'], 2)} | "
            f"{_f(r['observed_median'], 2)} | {_f(r['simulated_median'], 2)} |"
        )
    lines += ["", "![observed vs simulated](backtest.png)", "", "Notes:"]
    lines += [f"- {n}" for n in s["notes"]]
    return "\n".join(lines) + "\n"


def figure(bt: Backtest, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    obs = bt.observed
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.2))
    lo = np.sort(obs.lead_times())
    pooled = np.sort(np.concatenate([t.lead_times() for t in bt.simulated]))
    naive = np.sort(np.concatenate(bt.naive)) if bt.naive else np.array([])
    for x, label, style in (
        (lo, "observed", "k-"),
        (pooled, "simulated", "C0-"),
        (naive, "naive", "C1--"),
    ):
        if len(x):
            ax[0].plot(x, np.arange(1, len(x) + 1) / len(x), style, label=label)
    ax[0].set(title="Lead time (ECDF)", xlabel="working days", ylabel="share of cases")
    ax[0].legend()
    days = np.arange(len(obs.wip_daily()))
    sim_wip = np.array([t.wip_daily()[: len(days)] for t in bt.simulated])
    ax[1].fill_between(
        days,
        sim_wip.min(0),
        sim_wip.max(0),
        color="C0",
        alpha=0.3,
        label="simulated (range over seeds)",
    )
    ax[1].plot(days, sim_wip.mean(0), "C0-", lw=1)
    ax[1].plot(days, obs.wip_daily(), "k-", label="observed")
    ax[1].set(
        title="Work in progress", xlabel=f"working days from {bt.start.date()}", ylabel="cases"
    )
    ax[1].legend()
    weeks = np.arange(obs.weeks)
    ax[2].plot(weeks, np.cumsum(obs.weekly_deliveries()), "k-", label="observed")
    sim_cum = np.array([np.cumsum(t.weekly_deliveries()) for t in bt.simulated])
    ax[2].fill_between(
        weeks, sim_cum.min(0), sim_cum.max(0), color="C0", alpha=0.3, label="simulated"
    )
    ax[2].set(title="Cumulative deliveries", xlabel="weeks", ylabel="cases")
    ax[2].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


def write_report(bt: Backtest, out: str | Path) -> dict:
    """Write report.md, backtest.png and metrics.json into `out` (each whole or not at all;
    everything is computed before the first is written)."""
    out = Path(out)
    s = summarize(bt)
    report, metrics = markdown(bt, s), json.dumps(_json(s), indent=2) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "backtest.png", lambda p: figure(bt, p))
    atomic_write(out / "metrics.json", metrics)
    atomic_write(out / "report.md", report)
    return s


def _json(x):
    if isinstance(x, dict):
        return {k: _json(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_json(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _over_seeds(values) -> tuple[float, float, float]:
    """Mean and 95% t interval of a figure over the simulated seeds (as stored in JSON)."""
    return Estimate.of(values).as_tuple()
