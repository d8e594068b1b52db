"""`import orgsim` and `orgsim --help` load neither the experiments, the sweeps nor the app.

Each check runs in a fresh interpreter, so what other tests imported does not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("orgsim.experiments", "orgsim.sweeps", "orgsim.app")
PROBE = """
import contextlib, io, json, sys
{code}
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print(json.dumps(heavy))
"""


def loaded_after(code: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = PROBE.format(code=code, heavy=HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["orgsim", "orgsim.scenario", "orgsim.simulate"])
def test_importing_the_core_loads_no_experiment_sweep_or_app_module(module):
    assert loaded_after(f"import {module}") == []


def test_cli_help_loads_no_experiment_sweep_or_app_module():
    code = (
        "from orgsim.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as shown, "
        "contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'compare' in shown.getvalue() and 'sweep' in shown.getvalue()"
    )
    assert loaded_after(code) == []


def test_a_lazy_name_loads_on_first_use():
    assert "orgsim.experiments.compare" in loaded_after("import orgsim; orgsim.compare")
