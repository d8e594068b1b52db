"""Tables built from a run's records: visits, items and the daily time series.

Pure functions: they read the model and never change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from orgsim.work.ledger import ITEM_COLUMNS, VISIT_FIELDS

if TYPE_CHECKING:
    from orgsim.model import OrgModel


def visits_frame(model: OrgModel, table: np.ndarray | None = None) -> pd.DataFrame:
    """One row per finished station visit: item, station, enter, service start, leave.

    `table` is the run's `visit_table`, when the caller has it already (it is large)."""
    table = visit_table(model) if table is None else table
    col = dict(zip(VISIT_FIELDS, table.T, strict=True))
    names = [s.name for s in model.stations]
    codes = col["station"].astype(np.int64)
    col["item"] = col["item"].astype(np.int64)
    col["station"] = pd.Categorical.from_codes(codes, names, ordered=True)
    return pd.DataFrame(col)


def visit_table(model: OrgModel) -> np.ndarray:
    """The visit log as a float array, one row per finished visit, columns VISIT_FIELDS."""
    return model.flow.ledger.visit_table()


WHEN = ("started", "committed", "done", "merged")  # -1 until it happens: NaN in the table


def items_frame(
    model: OrgModel, table: np.ndarray | None = None, *, per_station: bool = True
) -> pd.DataFrame:
    """One row per work item, with its attributes and (with `per_station`) its first
    entry and last exit at each station, read from the visit log (`table`, the run's
    `visit_table`, when the caller has it already).
    """
    rows = model.flow.ledger.item_rows(model.flow.items)
    data = {}
    for attr, column, _ in ITEM_COLUMNS:
        x = rows[attr]
        if attr in WHEN:
            x = np.where(x < 0, np.nan, x)
        data[column] = x
    team_names = np.array([t.name for t in model.teams], dtype=object)
    team = pd.Categorical(team_names[data["team_id"]] if len(rows) else [])
    data = {"id": data.pop("id"), "team": team, **data}
    data["lead_time"] = data["done"] - data["arrived"]
    if not per_station:
        return pd.DataFrame(data)

    table = visit_table(model) if table is None else table
    n, k = len(rows), len(model.stations)
    first = np.full((n, k), np.inf)
    last = np.full((n, k), -np.inf)
    if len(table):
        at = (table[:, 0].astype(np.int64), table[:, 1].astype(np.int64))
        np.minimum.at(first, at, table[:, 2])
        np.maximum.at(last, at, table[:, 4])
    first[np.isinf(first)] = np.nan
    last[np.isinf(last)] = np.nan
    for j, st in enumerate(model.stations):
        data[f"{st.name}_enter"] = first[:, j]
        data[f"{st.name}_leave"] = last[:, j]
    return pd.DataFrame(data)


def timeseries_frame(model: OrgModel) -> pd.DataFrame:
    """One row per simulated day: WIP per station, cumulative counts (CFD), spend.

    `arrivals`, `completions`, `deploys` and `token_spend` are per day; `cum_<station>`
    counts items that have reached that station so far, which is what a cumulative flow
    diagram plots; `busy_<station>` is the server-days worked there so far (its daily
    difference over the station's servers is the day's utilization).
    """
    book = model.daybook
    if not len(book):
        return pd.DataFrame()
    col = dict(zip(book.columns, book.table().T, strict=True))
    names = [st.name for st in model.stations]

    def daily(cum: np.ndarray) -> np.ndarray:
        return np.diff(cum, prepend=0.0)

    def count(name: str) -> np.ndarray:
        return col[name].astype(np.int64)

    data = {
        "arrivals": daily(col["arrivals"]),
        "deploys": daily(col["deploys"]),
        "token_spend": daily(col["token_spend"]),
        "wip_backlog": count("wip_backlog"),
        **{f"wip_{n}": count(f"wip_{n}") for n in names},
        "wip_total": count("wip_total"),
        "cum_backlog": count("arrivals"),
        **{f"cum_{n}": count(f"cum_{n}") for n in names},
        "cum_done": count("completed"),
        **{f"busy_{n}": col[f"busy_{n}"] for n in names},
        "completions": daily(col["completed"]),
    }
    return pd.DataFrame(data, index=pd.Index(col["day"].round().astype(np.int64), name="day"))
