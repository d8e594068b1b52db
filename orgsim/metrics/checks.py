"""The simulator's own bookkeeping checks, run at the end of every simulation.

They are identities, not statistics: if one fails, the engine lost or double-counted
work, and no number it produced can be trusted.

- Conservation: items in = items done + items in progress; the WIP of the backlog and
  every station adds up to the items in progress.
- Little's law over the measured window, in its exact finite form: the time-average of
  the number in system equals the sum of each item's time in system inside the window,
  divided by the window's length (L = lambda W with nothing left out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView


class InvariantError(AssertionError):
    """The engine broke one of its own identities (a bug, never bad input)."""


def check_invariants(model: RunView, items: pd.DataFrame, rtol: float = 1e-9) -> dict[str, float]:
    """Verify conservation and the exact Little identity; return the measured residuals."""
    flow = model.flow
    now = float(model.time)
    in_progress = flow.in_system.value
    if flow.arrivals != flow.completed + in_progress:
        raise InvariantError(
            f"conservation: {flow.arrivals} arrived != {flow.completed} done + {in_progress} in progress"
        )
    at_stations = sum(model.wip_by_station().values())
    if at_stations != in_progress:
        raise InvariantError(
            f"conservation: stations hold {at_stations}, in progress {in_progress}"
        )

    t0 = model.window_start
    span = now - t0
    if span <= 0 or items.empty:
        return {"little_identity_residual": 0.0}
    arrived = items["arrived"].to_numpy()
    left = np.where(np.isnan(items["done"].to_numpy()), now, items["done"].to_numpy())
    overlap = np.clip(np.minimum(left, now) - np.maximum(arrived, t0), 0.0, None).sum()
    gauge_mean = flow.in_system.mean(now)
    exact_mean = overlap / span
    residual = abs(gauge_mean - exact_mean) / max(exact_mean, 1e-12)
    if residual > rtol and abs(gauge_mean - exact_mean) > 1e-9:
        raise InvariantError(
            f"Little's law identity: time-average WIP {gauge_mean!r} != "
            f"sum of time in system / window {exact_mean!r}"
        )
    return {"little_identity_residual": float(residual)}
