"""A sweep's worker processes die with their parent, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sweep_helpers import base_spec, start_sweep_cli, wait_for_results


def _session_members(sid: int) -> list[int]:
    """Live processes of a session (the sweep was started as its leader)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            out.append(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("backend", ["local", "dask"])
def test_sigkill_of_the_parent_leaves_no_worker_running(backend, write_spec, tmp_path):
    spec = base_spec(seeds=40, factors={"ai.coding_speedup": {"values": [1.0, 2.0, 3.0]}})
    path = write_spec(spec)
    out = tmp_path / "o"
    proc = start_sweep_cli(
        path, out, tmp_path, backend, start_new_session=True, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_results(proc, out)
        workers = [p for p in _session_members(proc.pid) if p != proc.pid]
        assert len(workers) >= 2, "expected at least two worker processes"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers get no word
        proc.wait()
        deadline = time.monotonic() + 30
        while _session_members(proc.pid):
            left = _session_members(proc.pid)
            assert time.monotonic() < deadline, f"left running: {left}"
            time.sleep(0.1)
    finally:
        for pid in _session_members(proc.pid):
            os.kill(pid, signal.SIGKILL)
