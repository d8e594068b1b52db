"""Tables built from a run's records: visits, items and the daily time series.

Pure functions: they read the model and never change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from orgsim.model import OrgModel


def visits_frame(model: OrgModel) -> pd.DataFrame:
    """One row per finished station visit: item, station, enter, service start, leave."""
    flow = model.flow
    names = np.array([s.name for s in model.stations], dtype=object)
    station = np.asarray(flow.v_station, dtype=np.int64)
    return pd.DataFrame(
        {
            "item": np.asarray(flow.v_item, dtype=np.int64),
            "station": pd.Categorical(names[station], categories=list(names), ordered=True),
            "enter": np.asarray(flow.v_enter, dtype=float),
            "start": np.asarray(flow.v_start, dtype=float),
            "leave": np.asarray(flow.v_leave, dtype=float),
        }
    )


def items_frame(model: OrgModel, visits: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per work item, with its attributes and its first entry / last exit per station."""
    items = model.flow.items
    team_names = np.array([t.name for t in model.teams], dtype=object)

    def col(attr: str, dtype=float) -> np.ndarray:
        return np.fromiter((getattr(it, attr) for it in items), dtype=dtype, count=len(items))

    def when(attr: str) -> np.ndarray:
        x = col(attr)
        x[x < 0] = np.nan
        return x

    team = col("team", np.int64)
    df = pd.DataFrame(
        {
            "id": col("id", np.int64),
            "team": pd.Categorical(team_names[team] if len(items) else []),
            "team_id": team,
            "size": col("size"),
            "pr_size": col("pr_size"),
            "high_risk": col("high_risk", bool),
            "ai": col("ai", bool),
            "defects_injected": col("defects_injected", np.int64),
            "defects_escaped": col("defects", np.int64),
            "reworks": col("reworks", np.int64),
            "arrived": col("arrived"),
            "started": when("started"),
            "committed": when("committed"),
            "done": when("done"),
            "active_time": col("active"),
        }
    )
    df["lead_time"] = df["done"] - df["arrived"]
    if visits is None:
        visits = visits_frame(model)
    first = last = None
    if len(visits):
        g = visits.groupby(["item", "station"], observed=True)
        first = g["enter"].min().unstack("station")
        last = g["leave"].max().unstack("station")
    for st in model.stations:
        if first is not None and st.name in first.columns:
            df[f"{st.name}_enter"] = first[st.name].reindex(df["id"]).to_numpy()
            df[f"{st.name}_leave"] = last[st.name].reindex(df["id"]).to_numpy()
        else:
            df[f"{st.name}_enter"] = np.nan
            df[f"{st.name}_leave"] = np.nan
    return df


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
    table = book.table()
    col = dict(zip(book.columns, table.T, strict=True))
    names = [st.name for st in model.stations]
    counts = [f"wip_{n}" for n in ["backlog", *names]] + ["wip_total"]
    counts += [f"cum_{n}" for n in names]

    def daily(cum: np.ndarray) -> np.ndarray:
        return np.diff(cum, prepend=0.0)

    data = {
        "arrivals": daily(col["arrivals"]),
        "deploys": daily(col["deploys"]),
        "token_spend": daily(col["token_spend"]),
        **{k: col[k] for k in counts[: -len(names)]},
        "cum_backlog": col["arrivals"],
        **{k: col[k] for k in counts[-len(names) :]},
        "cum_done": col["completed"],
        **{f"busy_{n}": col[f"busy_{n}"] for n in names},
        "completions": daily(col["completed"]),
    }
    ts = pd.DataFrame(data, index=pd.Index(col["day"].round().astype(np.int64), name="day"))
    ints = [*counts, "cum_backlog", "cum_done"]
    ts[ints] = ts[ints].astype(np.int64)
    return ts
