"""Does a scenario reproduce the patterns it claims? Replicate it and judge each band.

Each pattern of the scenario's `[[patterns]]` names a summary metric and a band taken
from a published source (docs/calibration.md). The scenario runs on `seeds`
replications; every reference scenario named by `against` runs on the same seeds, so
relative changes are paired seed by seed (common random numbers). A pattern is inside
when the mean of its replications lies in the band; the confidence interval says how
sure that is. A metric that is undefined on some replications (n/a) is outside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.runner import run_many
from orgsim.experiments.stats import mean_ci
from orgsim.scenario import Scenario, ScenarioError, load_scenario


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
) -> PatternReport:
    """Run `scenario` (and its reference scenarios) and judge each of its patterns."""
    scn = load_scenario(scenario)
    found = scn.spec.patterns
    if not found:
        raise ScenarioError(scn.source, "patterns", "the scenario names no [[patterns]] to check")
    seed_list = list(range(1, seeds + 1)) if isinstance(seeds, int) else list(seeds)
    refs = sorted({p.against for p in found if p.against is not None})
    scenarios = [scn, *(load_scenario(path) for path in refs)]
    jobs = [(s, seed, days) for s in scenarios for seed in seed_list]
    runs = run_many(jobs, workers=workers, flat=False)
    n = len(seed_list)
    by_scenario = [runs[i * n : (i + 1) * n] for i in range(len(scenarios))]
    own = by_scenario[0]
    ref_runs = dict(zip(refs, by_scenario[1:], strict=True))
    rows = []
    for i, p in enumerate(found):
        values = np.array([_metric(s, p.metric, scn.source, i) for s in own])
        if p.against is not None:
            base = np.array([_metric(s, p.metric, p.against, i) for s in ref_runs[p.against]])
            with np.errstate(divide="ignore", invalid="ignore"):
                values = values / base - 1.0
        mean, lo, hi = mean_ci(values, level) if np.all(np.isfinite(values)) else (math.nan,) * 3
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
                "inside": inside,
                "source": p.source,
            }
        )
    return PatternReport(scn.name, seed_list, pd.DataFrame(rows), level)


def _metric(summary: dict[str, Any], key: str, source: str, index: int) -> float:
    value: Any = summary
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ScenarioError(
                source, f"patterns[{index}].metric", f"{key!r} is not a metric of the summary"
            )
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(source, f"patterns[{index}].metric", f"{key!r} is not a number")
    return float(value)


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
        lines.append(
            f"  {row.pattern:<{width}}  band {row.band:<16} measured {mean:>8} {ci:<22} {verdict}"
        )
        lines.append(f"  {'':<{width}}  {row.metric}; {row.source}")
    n_in = int(t["inside"].sum())
    lines += ["", f"{n_in} of {len(t)} patterns inside their bands"]
    return "\n".join(lines)
