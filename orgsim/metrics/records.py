"""Tables built from a run's records: visits, items and the daily time series.

Pure functions: they read the model and never change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from orgsim.work.ledger import ITEM_COLUMNS, VISIT_FIELDS

if TYPE_CHECKING:
    from orgsim.metrics.view import RunView


def visits_frame(model: RunView, *, copy: bool = True) -> pd.DataFrame:
    """One row per finished station visit: item, station, enter, service start, leave.

    With `copy=False` the table shares the ledger's arrays instead of copying them (about
    a third of a large run's memory): for a caller that lets the model go, as `simulate`
    does, since writing into such a table would write into the model's records.
    """
    col = model.flow.ledger.visit_columns(VISIT_FIELDS)
    names = [s.name for s in model.stations]
    col["station"] = pd.Categorical.from_codes(col["station"], names, ordered=True)
    return pd.DataFrame(col, copy=copy)


WHEN = ("started", "committed", "done", "merged")  # -1 until it happens: NaN in the table


def items_frame(model: RunView, *, per_station: bool = True, release: bool = False) -> pd.DataFrame:
    """One row per work item, with its attributes and (with `per_station`) its first
    entry and last exit at each station, read from the visit log.

    With `release` the model's ledger hands its delivered changes over to the table
    instead of keeping them too: for a caller that lets the model go, as `simulate` does.
    """
    rows = model.flow.ledger.item_columns(model.flow.items, release=release)
    data = {}
    for attr, column, _ in ITEM_COLUMNS:
        x = rows.pop(attr)
        if attr in WHEN:
            x = np.where(x < 0, np.nan, x)
        data[column] = x
    n = len(data["id"])
    team_names = np.array([t.name for t in model.teams], dtype=object)
    team = pd.Categorical(team_names[data["team_id"]] if n else [])
    data = {"id": data.pop("id"), "team": team, **data}
    data["lead_time"] = data["done"] - data["arrived"]
    if per_station:
        # one row per station, so that each table column is a contiguous row, not copied
        visits = model.flow.ledger.visit_columns(("item", "station", "enter", "leave"))
        at = (visits["station"], visits["item"])
        first = np.full((len(model.stations), n), np.inf)
        last = np.full((len(model.stations), n), -np.inf)
        np.minimum.at(first, at, visits["enter"])
        np.maximum.at(last, at, visits["leave"])
        first[np.isinf(first)] = np.nan
        last[np.isinf(last)] = np.nan
        for j, st in enumerate(model.stations):
            data[f"{st.name}_enter"] = first[j]
            data[f"{st.name}_leave"] = last[j]
    return pd.DataFrame(data, copy=False)


def timeseries_frame(model: RunView) -> pd.DataFrame:
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
