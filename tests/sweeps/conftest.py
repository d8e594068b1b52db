"""Sweep tests: small, seeded specs on a four-team organization (one run ~0.04 s)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from sweep_helpers import SMALL, to_toml  # noqa: E402


@pytest.fixture
def write_spec(tmp_path):
    """Write a spec file; its base scenario beside it (a spec reads files in its folder)."""

    def write(spec: dict[str, Any], name: str = "spec.toml") -> Path:
        path = tmp_path / name
        if spec.get("base") == str(SMALL):
            (tmp_path / SMALL.name).write_bytes(SMALL.read_bytes())
            spec = {**spec, "base": SMALL.name}
        path.write_text(to_toml(spec), encoding="utf-8")
        return path

    return write
