"""Optimizing how a run keeps its records never changes a result, not even a last bit.

`tests/data/record-digests.json` holds digests of the visits, items, time series and
summary of every shipped preset and of a 400-person organization (the enterprise
baseline scaled as `benchmarks/scaling.py` scales it), taken from the engine before its
records moved into columnar chunks. Every later engine must reproduce them exactly.

Regenerate (only when a change of the model itself is intended, and say so in the
change log): `.venv/bin/python tests/test_records_identity.py > tests/data/record-digests.json`
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "tests" / "data" / "record-digests.json"
PRESETS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
DAYS = 120  # measured days after each preset's warm-up: long enough to seal chunks
MID_PEOPLE = 400
SEED = 3


def _frame_digest(frame: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([str(c) for c in frame.columns]).encode())
    h.update(json.dumps([str(t) for t in frame.dtypes]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return h.hexdigest()


def _plain(x):
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float):
        return repr(x) if not math.isfinite(x) else x.hex()  # every bit, NaN included
    return x


def _scenario(name: str):
    import orgsim

    path = ROOT / "scenarios" / f"{name}.toml"
    if name != "mid-size":
        return orgsim.load_scenario(path)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from scaling import plan_size
    finally:
        sys.path.pop(0)
    base = ROOT / "scenarios" / "enterprise-baseline.toml"
    return orgsim.load_scenario(base).with_overrides(plan_size(base, MID_PEOPLE).overrides)


def digests(name: str) -> dict[str, str]:
    import orgsim

    res = orgsim.simulate(_scenario(name), seed=SEED, days=DAYS)
    summary = json.dumps(_plain(res.summary), sort_keys=True).encode()
    return {
        "visits": _frame_digest(res.visits),
        "items": _frame_digest(res.items),
        "timeseries": _frame_digest(res.timeseries),
        "summary": hashlib.sha256(summary).hexdigest(),
    }


CASES = [*PRESETS, "mid-size"]


@pytest.mark.parametrize("name", CASES)
def test_records_are_bit_identical_to_the_engine_before_columnar_records(name):
    expected = json.loads(DIGESTS.read_text())[name]
    assert digests(name) == expected


if __name__ == "__main__":
    print(json.dumps({name: digests(name) for name in CASES}, indent=2))


@pytest.mark.parametrize("name", ["enterprise-ai", "mid-size"])  # mid-size: arrays grow
def test_summary_only_runs_give_the_full_runs_summary_to_the_last_bit(name):
    import orgsim

    scn = _scenario(name)
    full = orgsim.simulate(scn, seed=SEED, days=DAYS)
    lean = orgsim.simulate(scn, seed=SEED, days=DAYS, keep=("summary",))
    assert (lean.items, lean.visits, lean.timeseries) == (None, None, None)
    assert json.dumps(_plain(lean.summary)) == json.dumps(_plain(full.summary))


def test_an_unknown_table_to_keep_is_named():
    import orgsim

    with pytest.raises(ValueError, match="unknown 'item'"):
        orgsim.simulate(_scenario("enterprise-baseline"), seed=1, days=5, keep=("item",))
