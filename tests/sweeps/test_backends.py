"""The same spec gives the same table in this process, in a local pool and on Dask."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from sweep_helpers import base_spec, same_results

from orgsim.sweeps import BackendError, sweep

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def reference():
    """2 factors (2 x 2 grid) x 3 bundles x 5 seeds, run in this process."""
    return sweep(base_spec(), workers=0, progress=False)


def test_reference_table_shape(reference):
    df = reference
    assert len(df) == 2 * 2 * 3 * 5
    assert df["run_id"].is_unique
    assert df["error"].isna().all()
    assert list(df.columns[:5]) == ["run_id", "scenario_id", "bundle", "point", "sample"]
    assert {"ai.coding_speedup", "policy.governance", "seed", "throughput_per_week"} <= set(
        df.columns
    )
    # Common random numbers: every bundle and design point ran on seeds 0..4.
    seeds = df.groupby(["bundle", "point"])["seed"].apply(list)
    assert all(s == [0, 1, 2, 3, 4] for s in seeds)
    assert (df["throughput_per_week"] > 0).all()


def test_local_pool_matches(reference, tmp_path):
    df = sweep(base_spec(), workers=2, backend="local", out=tmp_path / "o", progress=False)
    same_results(reference, df)
    assert df.attrs["backend"] == "local" and df.attrs["workers"] == 2
    # The folder reads back as plain Parquet with the same rows.
    disk = pd.read_parquet(tmp_path / "o" / "runs").set_index("run_id").loc[df["run_id"]]
    assert (disk["throughput_per_week"].to_numpy() == df["throughput_per_week"].to_numpy()).all()


def test_dask_local_cluster_matches(reference):
    df = sweep(base_spec(), workers=2, backend="dask", progress=False)
    same_results(reference, df)
    assert df.attrs["backend"] == "dask"


def test_dask_scheduler_by_address_matches(reference):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        df = sweep(base_spec(), backend="dask", scheduler=cluster.scheduler_address, progress=False)
    same_results(reference, df)


def test_unreachable_scheduler_is_a_backend_error(tmp_path):
    out = tmp_path / "o"
    with pytest.raises(BackendError, match="cannot reach the Dask scheduler"):
        sweep(base_spec(), backend="dask", scheduler="tcp://127.0.0.1:9", out=out, progress=False)
    assert not out.exists()
