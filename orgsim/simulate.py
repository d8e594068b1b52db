"""Run a scenario and collect its results as pandas tables."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.files import write_together
from orgsim.metrics import items_frame, summarize, timeseries_frame, visits_frame
from orgsim.metrics.checks import check_invariants
from orgsim.model import OrgModel
from orgsim.scenario import Scenario, ScenarioError, load_scenario


@dataclass
class SimulationResult:
    """What one run produced.

    `summary` holds the headline numbers (see docs/model.md for each key), `timeseries`
    one row per day, `items` one row per work item, `visits` one row per station visit.
    """

    scenario: Scenario
    seed: int
    summary: dict[str, Any]
    timeseries: pd.DataFrame
    items: pd.DataFrame
    visits: pd.DataFrame
    model: OrgModel | None = field(default=None, repr=False)

    def to_dir(self, out: str | Path) -> Path:
        """Write summary.json, timeseries.parquet and items.parquet into `out`, together:
        either all three are this run's or the folder is left as it was."""
        payload = json.dumps(_jsonable(self.summary), indent=2, sort_keys=False) + "\n"
        return write_together(
            out,
            {
                "summary.json": payload,
                "timeseries.parquet": self.timeseries.to_parquet,
                "items.parquet": lambda p: self.items.to_parquet(p, index=False),
            },
        )


def simulate(
    scenario: Scenario | str | Path | dict[str, Any],
    seed: int = 0,
    days: float | None = None,
    *,
    progress: bool = False,
    keep_model: bool = False,
) -> SimulationResult:
    """Run `scenario` with `seed` for its horizon (or `days` after the warm-up).

    The same scenario and seed give identical results in any process.
    """
    scn = load_scenario(scenario)
    if days is not None:
        if not (isinstance(days, int | float) and days > 0 and math.isfinite(days)):
            raise ScenarioError(scn.source, "days", f"must be a positive number, got {days!r}")
        scn = scn.with_overrides({"simulation.days": days})
    model = OrgModel(scn, seed=seed)
    if progress:
        _run_with_progress(model)
    else:
        model.run()
    visits = visits_frame(model)
    items = items_frame(model, visits)
    summary = summarize(model, items)
    summary.update(check_invariants(model, items))
    return SimulationResult(
        scenario=scn,
        seed=int(seed),
        summary=summary,
        timeseries=timeseries_frame(model),
        items=items,
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
