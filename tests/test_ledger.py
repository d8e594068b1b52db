"""The ledger keeps every visit and delivered change exactly, in whatever memory it keeps."""

from __future__ import annotations

import numpy as np
import pytest

import orgsim
from orgsim.work import ledger as ledger_module
from orgsim.work.ledger import VISIT_FIELDS, Ledger

SCENARIO = "scenarios/enterprise-ai.toml"


def _log(rows: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, 100, (rows, 3)), axis=1)
    return np.column_stack([np.arange(rows), rng.integers(0, 7, rows), t])


def test_visits_sealed_over_many_growths_read_back_as_the_flat_log(monkeypatch):
    monkeypatch.setattr(ledger_module, "SEAL_AT", 20)  # a seal every 4 visits
    log = _log(1000)
    ledger = Ledger()
    for row in log:
        ledger.visits += tuple(row)
        ledger.seal()
    cols = ledger.visit_columns()
    for j, field in enumerate(VISIT_FIELDS):
        assert np.array_equal(cols[field], log[:, j]), field
    assert cols["item"].dtype == np.int64 and cols["station"].dtype == np.int16


def test_visits_read_mid_run_stay_as_read_while_later_visits_arrive(monkeypatch):
    monkeypatch.setattr(ledger_module, "SEAL_AT", 20)
    log = _log(300)
    ledger = Ledger()
    ledger.visits += tuple(log[:100].ravel())
    early = ledger.visit_columns()["leave"].copy()
    view = ledger.visit_columns()["leave"]
    for row in log[100:]:
        ledger.visits += tuple(row)
        ledger.seal()
    assert np.array_equal(view, early)
    assert np.array_equal(ledger.visit_columns()["leave"], log[:, 4])


def test_a_summary_only_ledger_keeps_the_time_spent_and_names_what_it_did_not_keep():
    log = _log(50)
    ledger = Ledger()
    ledger.keep_only_time_spent()
    ledger.visits += tuple(log.ravel())
    cols = ledger.visit_columns(("item", "station", "spent"))
    assert np.array_equal(cols["spent"], log[:, 4] - log[:, 2])
    with pytest.raises(KeyError, match="kept item, station, spent, not enter, leave"):
        ledger.visit_columns(("enter", "leave"))
    with pytest.raises(RuntimeError, match="recorded visits already"):
        ledger.keep_only_time_spent()


def test_a_kept_model_owns_its_records_and_a_released_one_gives_the_same_tables():
    kept = orgsim.simulate(SCENARIO, seed=2, days=30, keep_model=True)
    ledger = kept.model.flow.ledger
    assert not np.shares_memory(kept.visits["leave"].to_numpy(), ledger.visit_arrays["leave"])
    before = ledger.visit_columns()["leave"].copy()
    kept.visits.loc[0, "leave"] = -1.0  # editing the table leaves the model's records be
    assert np.array_equal(ledger.visit_columns()["leave"], before)
    assert len(kept.model.items()) == len(kept.items)  # and the model can build it again

    lent = orgsim.simulate(SCENARIO, seed=2, days=30)
    assert lent.visits.equals(orgsim.simulate(SCENARIO, seed=2, days=30, keep_model=True).visits)
