"""Builders for the sweep tests: small, seeded specs on a four-team organization."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SMALL = HERE / "small.toml"
ROOT = HERE.parent.parent
METRICS = ["throughput_per_week", "lead_time_mean", "wip.review", "bottleneck_station"]


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return json.dumps(v)


def to_toml(spec: dict[str, Any]) -> str:
    """Enough TOML for sweep specs: scalars first, then one table per section."""
    lines = [f"{json.dumps(k)} = {_value(v)}" for k, v in spec.items() if not isinstance(v, dict)]
    for section, body in spec.items():
        if not isinstance(body, dict):
            continue
        if section == "bundles":
            for name, overrides in body.items():
                lines.append(f"\n[bundles.{json.dumps(name)}]")
                lines += [f"{json.dumps(k)} = {_value(v)}" for k, v in overrides.items()]
            continue
        lines.append(f"\n[{section}]")
        lines += [f"{json.dumps(k)} = {_value(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


def base_spec(**fields: Any) -> dict[str, Any]:
    """A 2-factor grid x 3 bundles x 5 seeds on the small organization (60 runs)."""
    spec: dict[str, Any] = {
        "name": "test-sweep",
        "base": str(SMALL),
        "seeds": 5,
        "metrics": METRICS,
        "factors": {
            "ai.coding_speedup": {"values": [1.0, 3.0]},
            "policy.governance": {"values": ["manual", "automated"]},
        },
        "bundles": {
            "as_is": {},
            "wip_limit": {"policy.wip_limit": 4},
            "coe": {"policy.center_of_excellence.enabled": True, "policy.mandate": 0.9},
        },
    }
    spec.update(fields)
    return {k: v for k, v in spec.items() if v is not None}


def same_results(a, b) -> None:
    """Equal bit for bit, except the wall and CPU time of each run."""
    import pandas as pd

    cols = [c for c in a.columns if c not in ("elapsed_s", "cpu_s")]
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(
        a[cols].reset_index(drop=True), b[cols].reset_index(drop=True), check_exact=True
    )


def start_sweep_cli(path: Path, out: Path, cwd: Path, backend: str = "local", **popen):
    """`orgsim sweep PATH --workers 2 --out OUT` in a child process (for kill tests)."""
    import os
    import subprocess
    import sys

    return subprocess.Popen(
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
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        **popen,
    )


def wait_for_results(proc, out: Path, seconds: float = 90) -> None:
    """Until the sweep in OUT has stored a part file (a liveness bound, not a speed check)."""
    import time

    from orgsim.sweeps.store import RUNS, part_files

    deadline = time.monotonic() + seconds
    while not part_files(out / RUNS):
        assert proc.poll() is None, "the sweep ended before any result was stored"
        assert time.monotonic() < deadline, "no results appeared"
        time.sleep(0.02)
