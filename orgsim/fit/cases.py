"""Case-level views of a delivery log: what was known at a moment, and where each case was.

A fit must only use what was known at its cut-off, and a backtest must censor simulated
and observed cases the same way, so both start here:

- `known_at(events, t)`: the log as it stood at `t`: activities begun later are gone,
  activities still under way at `t` lose their end (censored).
- `case_table(events, order)`: one row per case: arrival (its first activity's start),
  done (the end of its visit to the last station, NaT while in progress), team.
- `positions_at(events, order, t)`: for each case in progress at `t`, the station it is
  at: the one it is being served by, or the next one it waits for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def known_at(events: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """The events as a log written at `t` would hold them."""
    ev = events[events["start"] < t].copy()
    ev.loc[ev["end"] > t, "end"] = pd.NaT
    return ev


def ordered_visits(events: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Visits sorted within each case by start (ties: pipeline order), with their rank."""
    rank = {s: i for i, s in enumerate(order)}
    ev = events.assign(idx=events["station"].map(rank).astype(int))
    ev = ev.sort_values(["case_id", "start", "idx"], kind="stable")
    ev["visit"] = ev.groupby("case_id").cumcount()
    return ev


def case_table(events: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Arrival, completion and team of every case in `events`."""
    last = order[-1]
    g = events.groupby("case_id", sort=False)
    out = pd.DataFrame({"arrival": g["start"].min()})
    fin = events[(events["station"] == last) & events["end"].notna()]
    out["done"] = fin.groupby("case_id")["end"].max().reindex(out.index)
    # A case is done when its visit to the last station is finished and nothing after it
    # is still open (a release rolled back and redone is not done yet).
    open_after = events[events["end"].isna()].groupby("case_id")["start"].max()
    still = open_after.reindex(out.index)
    out.loc[still.notna() & (still >= out["done"]), "done"] = pd.NaT
    team = events["team"] if "team" in events else pd.Series(pd.NA, index=events.index)
    out["team"] = team.groupby(events["case_id"]).first().reindex(out.index)
    return out


def positions_at(events: pd.DataFrame, order: list[str], t: pd.Timestamp) -> pd.DataFrame:
    """Cases in progress at `t`: station index, and whether service there has begun."""
    ev = ordered_visits(known_at(events, t), order)
    cases = case_table(ev, order)
    live = cases[cases["arrival"] < t]
    live = live[live["done"].isna()]
    ev = ev[ev["case_id"].isin(live.index)]
    rows = {}
    open_ = ev[ev["end"].isna()]
    for cid, idx in zip(open_["case_id"], open_["idx"], strict=True):
        rows.setdefault(cid, (int(idx), True))
    done = ev[ev["end"].notna()].groupby("case_id")["idx"].last()
    for cid, idx in done.items():
        if cid not in rows:
            rows[cid] = (min(int(idx) + 1, len(order) - 1), False)
    for cid in live.index:
        rows.setdefault(cid, (0, False))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["station", "in_service"])
    out = out.join(live[["arrival", "team"]])
    return out.sort_values("arrival")


def concurrency(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number of intervals open over time: (change instants, count after each instant)."""
    t = np.concatenate([starts, ends])
    d = np.concatenate([np.ones(len(starts)), -np.ones(len(ends))])
    o = np.lexsort((d, t))  # at a tie, an end comes before a start
    return t[o], np.cumsum(d[o])
