"""Does a scenario reproduce the patterns it claims? Replicate it and judge each band.

Each pattern of the scenario's `[[patterns]]` names a summary metric and a band taken
from a published source (docs/calibration.md). The scenario runs on `seeds`
replications; every reference scenario named by `against` runs on the same seeds, so
relative changes are paired seed by seed (common random numbers). A pattern is inside
when the mean of its replications lies in the band; the confidence interval says how
sure that is. Replications on which the metric is undefined (no failed deployment, so
no time to restore) are left out and the count of those kept is shown; with fewer than
two kept the pattern is n/a, and outside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.estimate import Estimate
from orgsim.experiments.plan import Plan, execute
from orgsim.scenario import Scenario, ScenarioError, load_scenario

OWN = "(this scenario)"  # its bundle name; the reference scenarios go by their path
SUMMARY_PATHS = "orgsim.experiments.patterns:summary_paths"


@dataclass
class PatternReport:
    """One row per pattern: band, measured mean and CI, inside or not."""

    scenario: str
    seeds: list[int]
    table: pd.DataFrame
    level: float

    @property
    def all_inside(self) -> bool:
        return bool(len(self.table)) and bool(self.table["inside"].all())


def patterns(
    scenario: Scenario | str | Any,
    seeds: int | Sequence[int] = 10,
    *,
    workers: int = 1,
    days: float | None = None,
    level: float = 0.95,
    backend: str = "local",
    scheduler: str | None = None,
) -> PatternReport:
    """Run `scenario` (and its reference scenarios) and judge each of its patterns."""
    scn = load_scenario(scenario)
    found = scn.spec.patterns
    if not found:
        raise ScenarioError(scn.source, "patterns", "the scenario names no [[patterns]] to check")
    seed_list = list(range(1, seeds + 1)) if isinstance(seeds, int) else list(seeds)
    refs = sorted({p.against for p in found if p.against is not None})
    bundles = {OWN: scn, **{path: load_scenario(path) for path in refs}}
    plan = Plan.grid(bundles, seed_list, days=days, probes=(SUMMARY_PATHS,))
    runs = execute(plan, workers=workers, backend=backend, scheduler=scheduler)
    rows = []
    for i, p in enumerate(found):
        values = _metric(runs, OWN, p.metric, scn.source, i)
        if p.against is not None:
            base = _metric(runs, p.against, p.metric, p.against, i)
            values = _relative_change(values, base)
        est = Estimate.of(values, level)
        mean, lo, hi = est.as_tuple() if est.n >= 2 else (math.nan,) * 3
        inside = (
            math.isfinite(mean)
            and (p.low is None or mean >= p.low)
            and (p.high is None or mean <= p.high)
        )
        rows.append(
            {
                "pattern": p.name,
                "metric": p.metric + (" vs " + _short(p.against) if p.against else ""),
                "band": p.band(),
                "mean": mean,
                "low_ci": lo,
                "high_ci": hi,
                "n": est.n,
                "inside": inside,
                "source": p.source,
            }
        )
    return PatternReport(scn.name, seed_list, pd.DataFrame(rows), level)


def _relative_change(values: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Seed by seed, (value - reference) / mean reference: their mean is the relative
    change of the means, and their spread is that of the paired differences.

    Seeds where either run leaves the metric undefined are dropped. Dividing by the mean
    reference (not each seed's) keeps a rare event (a change failure rate of 0 on one
    seed) from making the change infinite.
    """
    ok = np.isfinite(values) & np.isfinite(base)
    ref = float(base[ok].mean()) if ok.any() else math.nan
    if not ok.any() or ref == 0:
        return np.full(len(values), math.nan)
    return np.where(ok, (values - base) / ref, math.nan)


def summary_paths(result) -> dict[str, Any]:
    """A probe: every figure of the summary by its dotted path, nested ones included
    ("lead_time_share_by_station.review"), so that a pattern may name any of them."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            out[f"path:{prefix}"] = value

    walk("", result.summary)
    return out


def _metric(runs: pd.DataFrame, bundle: str, key: str, source: str, index: int) -> np.ndarray:
    """A pattern's metric on every seed of one bundle (a one-line error if it is none)."""
    column = f"path:{key}"
    if column not in runs.columns:
        raise ScenarioError(
            source, f"patterns[{index}].metric", f"{key!r} is not a metric of the summary"
        )
    values = runs.loc[runs["bundle"] == bundle, column].tolist()
    if any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
        raise ScenarioError(source, f"patterns[{index}].metric", f"{key!r} is not a number")
    return np.asarray(values, dtype=float)


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def format_patterns(report: PatternReport) -> str:
    """The report as a terminal table."""
    t = report.table
    lines = [
        f"orgsim patterns: {report.scenario}  ({len(report.seeds)} seeds, {report.level:.0%} CI)",
        "",
    ]
    width = max([len(x) for x in t["pattern"]] + [7])
    for row in t.itertuples():
        mean = "n/a" if not math.isfinite(row.mean) else f"{row.mean:.3g}"
        ci = (
            f"[{row.low_ci:.3g}, {row.high_ci:.3g}]"
            if math.isfinite(row.low_ci) and math.isfinite(row.high_ci)
            else ""
        )
        verdict = "inside" if row.inside else "OUTSIDE"
        kept = f"n={row.n}" if row.n < len(report.seeds) else ""
        lines.append(
            f"  {row.pattern:<{width}}  band {row.band:<16} measured {mean:>8} {ci:<22} "
            f"{verdict} {kept}".rstrip()
        )
        lines.append(f"  {'':<{width}}  {row.metric}; {row.source}")
    n_in = int(t["inside"].sum())
    lines += ["", f"{n_in} of {len(t)} patterns inside their bands"]
    return "\n".join(lines)
