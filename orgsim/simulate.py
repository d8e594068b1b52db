"""Run a scenario and collect its results as pandas tables."""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.files import write_together
from orgsim.metrics import items_frame, summarize, timeseries_frame, visits_frame
from orgsim.metrics.checks import check_invariants
from orgsim.model import OrgModel
from orgsim.scenario import Scenario, ScenarioError, load_scenario

# What a run can keep besides its summary (always kept): `keep=SUMMARY_ONLY` for sweeps
# of large organizations that need only the headline numbers.
TABLES = ("timeseries", "items", "visits")
SUMMARY_ONLY = ("summary",)
KEEP_ALL = ("summary", *TABLES)


@dataclass
class SimulationResult:
    """What one run produced.

    `summary` holds the headline numbers (see docs/model.md for each key), `timeseries`
    one row per day, `items` one row per work item, `visits` one row per station visit.
    A table the run was not asked to keep (`simulate(keep=...)`) is None.
    """

    scenario: Scenario
    seed: int
    summary: dict[str, Any]
    timeseries: pd.DataFrame | None
    items: pd.DataFrame | None
    visits: pd.DataFrame | None
    model: OrgModel | None = field(default=None, repr=False)

    def to_dir(self, out: str | Path) -> Path:
        """Write summary.json, timeseries.parquet and items.parquet (those kept) into
        `out`, together: either all are this run's or the folder is left as it was."""
        payload = json.dumps(_jsonable(self.summary), indent=2, sort_keys=False) + "\n"
        files: dict[str, Any] = {"summary.json": payload}
        if self.timeseries is not None:
            files["timeseries.parquet"] = self.timeseries.to_parquet
        if self.items is not None:
            files["items.parquet"] = lambda p: self.items.to_parquet(p, index=False)
        return write_together(out, files)


def simulate(
    scenario: Scenario | str | Path | dict[str, Any],
    seed: int = 0,
    days: float | None = None,
    *,
    progress: bool = False,
    keep_model: bool = False,
    keep: Collection[str] = KEEP_ALL,
) -> SimulationResult:
    """Run `scenario` with `seed` for its horizon (or `days` after the warm-up).

    `keep` names what to return besides the summary: "timeseries", "items", "visits"
    (all by default). `keep=("summary",)` builds no per-item or per-visit table: the
    summary is the same to the last bit, in less memory and time.
    The same scenario and seed give identical results in any process.
    """
    unknown = sorted(set(keep) - set(KEEP_ALL))
    if unknown:
        raise ValueError(f"keep: unknown {', '.join(map(repr, unknown))}; choose from {KEEP_ALL}")
    scn = load_scenario(scenario)
    if days is not None:
        if not (isinstance(days, int | float) and days > 0 and math.isfinite(days)):
            raise ScenarioError(scn.source, "days", f"must be a positive number, got {days!r}")
        scn = scn.with_overrides({"simulation.days": days})
    model = OrgModel(scn, seed=seed)
    if not keep_model and not {"items", "visits"} & set(keep):
        model.flow.ledger.keep_only_time_spent()  # all the summary reads of a visit
    if progress:
        _run_with_progress(model)
    else:
        model.run()
    # A model that is let go gives its records to the tables rather than copying them.
    visits = visits_frame(model, copy=keep_model) if "visits" in keep else None
    items = items_frame(model, per_station="items" in keep, release=not keep_model)
    summary = summarize(model, items)
    summary.update(check_invariants(model, items))
    return SimulationResult(
        scenario=scn,
        seed=int(seed),
        summary=summary,
        timeseries=timeseries_frame(model) if "timeseries" in keep else None,
        items=items if "items" in keep else None,
        visits=visits,
        model=model if keep_model else None,
    )


def _run_with_progress(model: OrgModel) -> None:
    from tqdm import tqdm

    total = model.horizon
    with tqdm(total=round(total), unit="day", desc=model.scenario_spec.name, leave=False) as bar:
        while model.time < total:
            step = min(5.0, total - model.time)
            model.run_for(step)
            bar.update(round(model.time) - bar.n)


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if hasattr(x, "item"):
        return _jsonable(x.item())
    return x
