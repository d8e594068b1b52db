"""Interrupted sweeps lose no finished run, and resuming runs each missing run once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from sweep_helpers import ROOT, SMALL, base_spec, same_results, start_sweep_cli, wait_for_results

from orgsim.sweeps import SweepError, analyze, read_runs, sweep
from orgsim.sweeps.store import RUNS, part_files


def _stored(out) -> pd.DataFrame:
    """The results folder as any Parquet reader sees it (no orgsim involved)."""
    return pd.read_parquet(out / RUNS)


def _small_spec(seeds: int = 4) -> dict:
    # 2 bundles x 3 points x seeds
    return base_spec(
        seeds=seeds,
        factors={"ai.coding_speedup": {"values": [1.0, 2.0, 3.0]}},
        bundles={"as_is": {}, "wip": {"policy.wip_limit": 4}},
    )


def test_keyboard_interrupt_then_resume(tmp_path):
    spec = _small_spec()
    total = 2 * 3 * 4
    reference = sweep(spec, workers=0, progress=False)
    out = tmp_path / "o"

    def stop_after(k):
        def progress(done, total):
            if done >= k:
                raise KeyboardInterrupt

        return progress

    with pytest.raises(KeyboardInterrupt):
        sweep(spec, workers=2, out=out, progress=stop_after(7))
    first = _stored(out)
    assert 7 <= len(first) < total
    assert first["run_id"].is_unique
    assert first["error"].isna().all()

    with pytest.raises(SweepError, match="already holds results"):
        sweep(spec, workers=0, out=out, progress=False)

    calls = []
    df = sweep(spec, workers=0, out=out, resume=True, progress=lambda d, t: calls.append(d))
    assert df.attrs["reused"] == len(first)
    assert df.attrs["ran"] == total - len(first) == len(calls)
    same_results(reference, df)
    disk = _stored(out)
    assert len(disk) == total and disk["run_id"].is_unique
    assert len(part_files(out / RUNS)) == 1  # merged once complete

    # Resuming a complete sweep runs nothing.
    again = sweep(spec, workers=0, out=out, resume=True, progress=False)
    assert again.attrs["ran"] == 0
    same_results(reference, again)


def test_sigkill_of_the_cli_then_resume(write_spec, tmp_path):
    spec = _small_spec(seeds=20)  # 120 runs, ~3 s on two workers
    total = 2 * 3 * 20
    path = write_spec(spec)
    out = tmp_path / "o"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orgsim.cli.main",
            "sweep",
            str(path),
            "--workers",
            "2",
            "--out",
            str(out),
            "--progress",
            "off",
        ],
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while len(part_files(out / RUNS)) < 2:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no results appeared"
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its workers, no goodbyes
        proc.wait()
    partial = read_runs(out)
    assert 2 <= len(partial) < total, "the sweep finished before it could be killed"

    df = sweep(path, workers=0, out=out, resume=True, progress=False)
    assert df.attrs["reused"] == len(partial)
    assert df.attrs["ran"] == total - len(partial)
    disk = _stored(out)
    assert len(disk) == total and disk["run_id"].is_unique
    assert disk["error"].isna().all()
    assert not list(out.rglob(".*.tmp"))


def test_killed_worker_loses_nothing(tmp_path):
    spec = _small_spec(seeds=2)
    reference = sweep(spec, workers=0, progress=False)
    killed = []

    def kill_a_worker(done, total):
        if done == 2 and not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    out = tmp_path / "o"
    df = sweep(spec, workers=2, out=out, progress=kill_a_worker)
    assert killed
    same_results(reference, df)
    assert df["error"].isna().all()
    assert len(_stored(out)) == len(reference)


def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(tmp_path):
    # A graph file of two teams for an organization of four passes validation and fails
    # when the model is built, inside the worker.
    spec = _small_spec(seeds=2)
    (tmp_path / "small.toml").write_bytes(SMALL.read_bytes())
    (tmp_path / "two-teams.edges").write_text("a b\n")
    spec["base"] = str(tmp_path / "small.toml")
    spec["bundles"]["broken"] = {
        "org.topology.kind": "file",
        "org.topology.file": "two-teams.edges",
    }
    out = tmp_path / "o"
    df = sweep(spec, workers=0, out=out, progress=False)
    assert len(df) == 3 * 3 * 2
    bad = df[df["bundle"] == "broken"]
    good = df[df["bundle"] != "broken"]
    assert bad["error"].str.contains("the topology file").all()
    assert bad["traceback"].str.contains("Traceback").all()
    assert bad["throughput_per_week"].isna().all()
    assert good["error"].isna().all() and (good["throughput_per_week"] > 0).all()
    assert df.attrs["errors"] == len(bad)
    # Errors count as done: resuming does not rerun them.
    again = sweep(spec, workers=0, out=out, resume=True, progress=False)
    assert again.attrs["ran"] == 0
    # The analysis copes with a bundle that has no results, and lists the errors.
    res = analyze(out, metrics=["throughput_per_week"])
    assert res.errors["runs"].sum() == len(bad)
    assert (out / "analysis" / "errors.csv").is_file() and res.plots
    assert any("ended in an error" in n for n in res.notes)


def test_plan_time_invalid_combination_is_recorded(tmp_path):
    # Each value is valid alone; a uniform service time with cv 0.7 is not.
    base = tmp_path / "base.toml"
    base.write_text(
        SMALL.read_text().replace(
            'service = { dist = "lognormal", mean = 0.3, cv = 0.6 }',
            'service = { dist = "lognormal", mean = 0.3, cv = 0.3 }',
        )
    )
    spec = base_spec(
        base=str(base),
        seeds=2,
        factors={
            "pipeline.review.service.dist": {"values": ["lognormal", "uniform"]},
            "pipeline.review.service.cv": {"values": [0.3, 0.7]},
        },
        bundles={"as_is": {}},
    )
    df = sweep(spec, workers=0, progress=False)
    bad = df[df["error"].notna()]
    assert len(bad) == 2  # (uniform, 0.7) x 2 seeds
    assert (bad["pipeline.review.service.dist"] == "uniform").all()
    assert bad["error"].str.contains("cv must be < 0.577").all()


@pytest.mark.parametrize("damage", ["truncated part", "garbage sweep.json"])
def test_resume_on_a_damaged_store_names_the_file_and_repair_reruns_it(
    damage, write_spec, tmp_path, capsys
):
    from orgsim.cli.main import main

    spec = _small_spec(seeds=2)
    reference = sweep(spec, workers=0, progress=False)
    out = tmp_path / "o"
    sweep(spec, workers=0, out=out, progress=False)
    if damage == "truncated part":
        part = part_files(out / RUNS)[0]
        part.write_bytes(part.read_bytes()[:100])
        damaged = part
    else:
        damaged = out / "sweep.json"
        damaged.write_text("{not json")
    path = write_spec(spec)
    args = ["sweep", str(path), "--out", str(out), "--resume", "--workers", "0"]
    assert main([*args, "--progress", "off"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(damaged) in err and "--repair" in err, err

    assert main([*args, "--repair", "--progress", "off"]) == 0
    same_results(
        reference,
        read_runs(out).pipe(lambda d: d.set_index("run_id")).loc[reference["run_id"]].reset_index(),
    )
    assert list((out / "damaged").iterdir())


def test_sigterm_stops_a_sweep_with_the_resume_line(write_spec, tmp_path):
    path = write_spec(_small_spec(seeds=20))
    out = tmp_path / "o"
    proc = start_sweep_cli(path, out, tmp_path, stderr=subprocess.PIPE)
    wait_for_results(proc, out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert proc.returncode != 0
    assert f"orgsim sweep {path} --out {out} --resume" in err, err
    assert "Traceback" not in err, err
