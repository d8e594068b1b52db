"""Fixtures of the fit tests (the builders are in fit_logs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fit_logs import synthetic_log


@pytest.fixture
def synthetic_csv(tmp_path) -> Path:
    path = tmp_path / "synthetic.csv"
    synthetic_log().to_csv(path, index=False)
    return path
