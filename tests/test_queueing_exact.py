"""With every behavioural option neutral, each station is exactly a FIFO c-server queue.

Checked on the visit log, to 1e-9, for small random pipelines (hypothesis): service
starts in order of entry, no server idles while work waits (Kiefer-Wolfowitz
recursion), an item enters the next station the instant it leaves this one, and service
times are the station's own draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers import EXACT, check_fifo_multiserver, neutral_scenario, station, station_draws
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgsim


@st.composite
def pipelines(draw):
    """1-4 stations, at most one served by the team's developers, the rest automated."""
    n = draw(st.integers(1, 4))
    dev_at = draw(st.sampled_from([None, *range(n)]))
    stations, capacity = [], []
    for i in range(n):
        dist = draw(st.sampled_from(["exponential", "lognormal", "deterministic"]))
        mean = draw(st.floats(0.05, 2.0))
        cv = draw(st.floats(0.2, 1.5))
        c = draw(st.integers(1, 3))
        if i == dev_at:
            stations.append(station(f"s{i}", "developer", dist, mean, cv))
            developers = c
        else:
            stations.append(station(f"s{i}", "automated", dist, mean, cv, servers=c))
        capacity.append(c / mean)
    if dev_at is None:
        developers = 1
    rho = draw(st.floats(0.1, 0.9))
    rate = rho * min(capacity)
    days = min(300.0, 150.0 / rate)  # about 150 arrivals
    seed = draw(st.integers(0, 2**31 - 1))
    return stations, developers, rate, days, seed


def _entered(res: orgsim.SimulationResult, idx: int) -> pd.Series:
    """Entry time of every item that entered station `idx` (finished there or not)."""
    if idx == 0:
        items = res.items
        return pd.Series(items["arrived"].to_numpy(), index=items["id"].to_numpy())
    prev = res.visits[res.visits["station"] == res.scenario.spec.pipeline[idx - 1].name]
    return pd.Series(prev["leave"].to_numpy(), index=prev["item"].to_numpy())


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(pipelines())
def test_neutral_pipeline_is_a_network_of_fifo_multiserver_queues(case):
    stations, developers, rate, days, seed = case
    scn = neutral_scenario(stations, rate=rate, days=days, developers=developers)
    res = orgsim.simulate(scn, seed=seed, keep_model=True)
    visits = res.visits
    wip_end = res.model.wip_by_station()
    # One visit per item per station: no rework, nothing lost or duplicated.
    assert not visits.duplicated(["item", "station"]).any()
    for idx, spec in enumerate(scn.spec.pipeline):
        log = visits[visits["station"] == spec.name].set_index("item")
        entered = _entered(res, idx)
        # Everyone who entered either left (is in the log) or is still here at the end.
        assert set(log.index) <= set(entered.index)
        assert len(entered) - len(log) == wip_end[spec.name] + (
            wip_end["backlog"] if idx == 0 else 0
        )
        c = developers if spec.role == "developer" else spec.servers
        draws = station_draws(seed, spec, len(entered))
        checked = check_fifo_multiserver(entered, log, c, draws, f"station {spec.name}")
        # The checked prefix stops only at work still in the station at the end.
        assert checked >= len(log) - c
    # The next station's entry is this station's exit, to the last bit.
    for a, b in zip(scn.spec.pipeline, scn.spec.pipeline[1:], strict=False):
        out = visits[visits["station"] == a.name].set_index("item")["leave"]
        into = visits[visits["station"] == b.name].set_index("item")["enter"]
        np.testing.assert_array_equal(into.to_numpy(), out.reindex(into.index).to_numpy())
    # Arrival is entry into the first station.
    first = visits[visits["station"] == stations[0]["name"]].set_index("item")["enter"]
    arrived = res.items.set_index("id")["arrived"].reindex(first.index)
    assert np.all(np.abs(first.to_numpy() - arrived.to_numpy()) <= EXACT)


def test_single_developer_station_serves_in_arrival_order_without_idling():
    """A hand-checkable case: one developer, deterministic service of 1 day."""
    scn = neutral_scenario(
        [station("coding", "developer", "deterministic", 1.0)], rate=0.9, days=200.0
    )
    res = orgsim.simulate(scn, seed=11)
    v = res.visits.sort_values("enter")
    start, enter, leave = (v[c].to_numpy() for c in ("start", "enter", "leave"))
    np.testing.assert_allclose(leave - start, 1.0, rtol=0, atol=EXACT)
    # Lindley: each start is the later of the item's entry and the previous item's exit.
    np.testing.assert_allclose(start[1:], np.maximum(enter[1:], leave[:-1]), rtol=0, atol=EXACT)
    assert start[0] == enter[0]
