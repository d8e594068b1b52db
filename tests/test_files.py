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


# -- the files of one result stay together --------------------------------------------


def test_a_folder_where_a_file_belongs_stops_every_replacement(tmp_path):
    from orgsim.files import OutputError, write_together

    (tmp_path / "summary.json").write_text("old")
    (tmp_path / "items.parquet").mkdir()
    with pytest.raises(OutputError, match=r"items.parquet: exists and is not a regular file"):
        write_together(tmp_path, {"summary.json": "new", "items.parquet": b"new"})
    assert (tmp_path / "summary.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.parquet", "summary.json"]


def test_a_failure_midway_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    import os

    import orgsim.files as files

    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(f"old {name}")
    real = os.replace

    def fails_on_b(src, dst):
        if str(dst).endswith("/b.json") and ".writing-" in str(src) and ".old" not in str(src):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", fails_on_b)
    with pytest.raises(files.OutputError, match="nothing was changed"):
        files.write_together(tmp_path, {"a.json": "new a", "b.json": "new b"})
    assert (tmp_path / "a.json").read_text() == "old a.json"
    assert (tmp_path / "b.json").read_text() == "old b.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_run_refuses_an_out_whose_items_file_is_a_folder_before_running(tmp_path, capsys):
    from small_inputs import BASE, STATION, scenario_text

    from orgsim.cli.main import main

    scn = tmp_path / "s.toml"
    scn.write_text(scenario_text(BASE, STATION))
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("old")
    (out / "items.parquet").mkdir()
    assert main(["run", str(scn), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ": warning: " not in ln]
    assert len(lines) == 1 and "items.parquet: exists and is not a regular file" in lines[0]
    assert (out / "summary.json").read_text() == "old"
    assert not (out / "timeseries.parquet").exists()


def test_check_writable_file_refuses_a_folder_and_an_unwritable_place(tmp_path):
    from orgsim.files import OutputError, check_writable_file

    with pytest.raises(OutputError, match="is a folder, not a file"):
        check_writable_file(tmp_path)
    with pytest.raises(OutputError, match=r"--out /proc/x/y\.toml"):
        check_writable_file("/proc/x/y.toml")
    check_writable_file(tmp_path / "new" / "y.toml")  # a folder still to be made is fine
    assert not (tmp_path / "new").exists()


# -- text from inputs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain", "plain"),
        ("red \x1b[31mX\x1b[0m", "red \\x1b[31mX\\x1b[0m"),
        ("title \x1b]0;pwned\x07", "title \\x1b]0;pwned\\x07"),
        ("two\nlines\ttab\r", "two\\nlines\\ttab\\r"),
        ("c1 \x9b2J del \x7f", "c1 \\x9b2J del \\x7f"),
        ("ünïcode ✓", "ünïcode ✓"),
    ],
)
def test_printable_escapes_control_characters(text, shown):
    from orgsim.files import printable

    assert printable(text) == shown


def test_printable_lines_keeps_newlines_and_tabs():
    from orgsim.files import printable

    assert printable("a\n\tb\x1b", lines=True) == "a\n\tb\\x1b"


def test_a_scenario_name_with_escape_codes_is_printed_escaped(tmp_path, capsys):
    from small_inputs import BASE, STATION, scenario_text

    from orgsim.cli.main import main

    scn = tmp_path / "s.toml"
    scn.write_text('name = "evil\\u001b[2J\\u001b]0;title\\u0007"\n' + scenario_text(BASE, STATION))
    assert main(["run", str(scn), "--days", "2"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "evil\\x1b[2J\\x1b]0;title\\x07" in out


@pytest.mark.parametrize(
    "cell, written",
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Ann Lee", "Ann Lee"),
        ("", ""),
        (3, 3),
    ],
)
def test_spreadsheet_safe_neutralizes_formula_cells(cell, written):
    from orgsim.files import spreadsheet_safe

    assert spreadsheet_safe(cell) == written
