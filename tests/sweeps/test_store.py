"""The results folder is plain Parquet, written atomically, repaired after a crash."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sweep_helpers import base_spec

from orgsim.sweeps import SweepError, read_runs, read_timeseries, sweep
from orgsim.sweeps.store import RUNS, SOURCES_KEY, Store, part_files, read_run_ids

PLAIN = (pa.string(), pa.large_string(), pa.float64(), pa.int64(), pa.bool_())


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("store") / "o"
    spec = base_spec(
        seeds=2,
        keep_timeseries=True,
        bundles={"as_is": {}, "coe": {"policy.center_of_excellence.enabled": True}},
    )
    df = sweep(spec, workers=0, out=out, progress=False)
    return out, df


def test_layout_and_plain_types(folder):
    out, _ = folder
    assert (out / "sweep.json").is_file() and (out / "plan.parquet").is_file()
    meta = json.loads((out / "sweep.json").read_text())
    assert meta["bundles"] == {"as_is": {}, "coe": {"policy.center_of_excellence.enabled": True}}
    for path in [*part_files(out / RUNS), out / "plan.parquet", *(out / "timeseries").iterdir()]:
        schema = pq.read_schema(path)
        for f in schema:
            assert f.type in PLAIN, (path.name, f.name, f.type)
        for key, value in (schema.metadata or {}).items():
            assert b"pickle" not in key.lower() and b"pickle" not in value.lower()


def test_readable_without_orgsim(folder):
    out, df = folder
    code = (
        "import sys, pandas as pd, pyarrow.dataset as ds;"
        f"runs = pd.read_parquet({str(out / 'runs')!r});"
        f"ts = ds.dataset({str(out / 'timeseries')!r}).to_table().to_pandas();"
        "assert 'orgsim' not in sys.modules;"
        "print(len(runs), runs['run_id'].nunique(), ts['run_id'].nunique())"
    )
    res = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    assert res.stdout.split() == [str(len(df))] * 3


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_readable_by_other_engines(folder, engine):
    out, df = folder
    mod = pytest.importorskip(engine)
    if engine == "duckdb":
        query = f"select count(distinct run_id) from '{out / 'runs'}/*.parquet'"
        n = mod.sql(query).fetchall()[0][0]
    else:
        n = mod.read_parquet(out / "runs" / "*.parquet")["run_id"].n_unique()
    assert n == len(df)


def test_timeseries_per_run(folder):
    out, df = folder
    files = sorted((out / "timeseries").glob("*.parquet"))
    assert {f.stem for f in files} == set(df["run_id"])
    ts = read_timeseries(out, df["run_id"].iloc[:2])
    assert set(ts["run_id"]) == set(df["run_id"].iloc[:2])
    assert {"day", "wip_review", "completions"} <= set(ts.columns)


def test_interrupted_merge_is_finished_on_open(tmp_path):
    schema = pa.schema([("run_id", pa.string()), ("x", pa.float64())])
    store = Store(tmp_path / "o", schema).open()
    for i in range(3):
        store.append([{"run_id": f"r{i}", "x": float(i)}], {})
    parts = part_files(tmp_path / "o" / RUNS)
    # A merge that was killed after writing the merged part, before deleting sources:
    table = pa.concat_tables([pq.read_table(p) for p in parts])
    merged = tmp_path / "o" / RUNS / "part-99999999999999999999-merged.parquet"
    names = json.dumps([p.name for p in parts]).encode()
    pq.write_table(table.replace_schema_metadata({SOURCES_KEY: names}), merged)
    (tmp_path / "o" / RUNS / ".part-x.parquet.abc.tmp").write_bytes(b"half a file")
    # Readers already see each run once; the next writer removes the leftovers.
    assert sorted(read_runs(tmp_path / "o")["run_id"]) == ["r0", "r1", "r2"]
    store.close()
    Store(tmp_path / "o", schema).open().close()
    assert part_files(tmp_path / "o" / RUNS) == [merged]
    assert not list((tmp_path / "o" / RUNS).glob(".*"))
    assert read_run_ids(tmp_path / "o") == {"r0", "r1", "r2"}


def test_one_writer_at_a_time(folder):
    out, _ = folder
    schema = pa.schema([("run_id", pa.string())])
    with Store(out, schema), pytest.raises(SweepError, match="is being written by pid"):
        sweep(base_spec(seeds=2), workers=0, out=out, resume=True, progress=False)


def test_resume_refuses_changed_columns(folder):
    out, _ = folder
    spec = base_spec(seeds=2, metrics=["lead_time_mean"])
    with pytest.raises(SweepError, match="columns changed"):
        sweep(spec, workers=0, out=out, resume=True, progress=False)


@pytest.mark.parametrize("kind", ["no run_id", "run_id of numbers", "a column retyped"])
def test_a_part_of_another_shape_is_named_and_set_aside_by_repair(
    kind, write_spec, tmp_path, capsys
):
    from orgsim.cli.main import main

    spec = base_spec(seeds=2)
    out = tmp_path / "o"
    reference = sweep(spec, workers=0, out=out, progress=False)
    foreign = out / RUNS / "part-00000000000000000000-foreign.parquet"
    table = {
        "no run_id": pa.table({"x": [1, 2]}),
        "run_id of numbers": pa.table({"run_id": [1, 2]}),
        "a column retyped": pa.table({"run_id": ["r1"], "throughput_per_week": ["fast"]}),
    }[kind]
    pq.write_table(table, foreign)
    args = ["sweep", str(write_spec(spec)), "--out", str(out), "--resume", "--workers", "0"]
    assert main([*args, "--progress", "off"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "--repair" in err, err
    assert str(foreign) in err or str(out / RUNS) in err
    assert main([*args, "--repair", "--progress", "off"]) == 0, capsys.readouterr().err
    assert sorted(read_runs(out)["run_id"]) == sorted(reference["run_id"])
    assert [p.name for p in (out / "damaged").iterdir()] == [f"runs-{foreign.name}"]


def test_closing_the_lock_is_quiet_when_the_disk_is_full(tmp_path):
    class FullDisk:
        def fileno(self):
            raise OSError(28, "No space left on device")

        def close(self):
            raise OSError(28, "No space left on device")

    store = Store(tmp_path, pa.schema([]))
    store._lock_fh = FullDisk()
    store.close()  # the sweep's own error line is the one the user sees
    assert store._lock_fh is None
