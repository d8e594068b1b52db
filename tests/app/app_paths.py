"""Where the browser tests write: the repository root and the screenshots folder.

A module of its own (not conftest.py), so that `from app_paths import ...` names one file
whichever test folders a pytest call collects.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "app"
