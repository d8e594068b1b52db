"""Output files are written whole or not at all, readable by everyone."""

from __future__ import annotations

import stat

import pytest

from orgsim.files import atomic_write


def test_an_atomic_write_leaves_a_0644_file_and_no_temporary(tmp_path):
    path = atomic_write(tmp_path / "out.json", '{"a": 1}\n')
    assert path.read_text() == '{"a": 1}\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failing_writer_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("old\n")

    def broken(p):
        p.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, broken)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failing_check_keeps_the_old_file(tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_bytes(b"old")

    def refuse(p):
        assert p.read_bytes() == b"new"
        raise ValueError("does not load")

    with pytest.raises(ValueError):
        atomic_write(path, b"new", check=refuse)
    assert path.read_bytes() == b"old"
