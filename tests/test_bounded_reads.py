"""Every read is bounded: only a regular file is opened (a FIFO or a device is refused
before it is opened), at most its size limit is read, a compressed log at most its limit
once inflated, and TOML (scenarios, sweep specs, log mappings, --set values) is measured
for key depth and count before Python's parser, quadratic in key depth, sees it. Each
refusal is one line naming the file, the limit and the flag that raises it."""

from __future__ import annotations

import gzip
import io
import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from orgsim.cli.main import main
from orgsim.scenario import ScenarioError
from orgsim.scenario.files import bounded, read_regular_file
from orgsim.scenario.tomlfile import MAX_KEY_DEPTH, MAX_KEYS, key_shape

ROOT = Path(__file__).resolve().parents[1]
LOG = "case_id,activity,start,end\n1,coding,2024-01-02T10:00:00Z,2024-01-03T10:00:00Z\n"


@pytest.fixture(autouse=True)
def never_blocks():
    """A read that blocks (on a FIFO) fails the test instead of hanging the suite."""

    def stuck(signum, frame):
        raise AssertionError("a read blocked")

    old = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def refused(capsys, argv: list[str]) -> str:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err.strip()
    lines = [ln for ln in err.splitlines() if ": warning: " not in ln]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    return path


@pytest.mark.parametrize("flag", ["--mapping", "--holidays"])
@pytest.mark.parametrize("special", ["device", "fifo", "folder"])
def test_fit_refuses_a_special_mapping_or_holidays_file(flag, special, log, tmp_path, capsys):
    path = {"device": Path("/dev/zero"), "fifo": tmp_path / "f", "folder": tmp_path}[special]
    if special == "fifo":
        os.mkfifo(path)
    line = refused(capsys, ["fit", log, "--out", tmp_path / "o.toml", flag, path])
    assert str(path) in line and ("not a regular file" in line or "directory" in line)
    assert not (tmp_path / "o.toml").exists()


@pytest.mark.parametrize("command", ["fit", "sweep", "check"])
def test_a_fifo_input_is_refused_without_blocking(command, tmp_path, capsys):
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo)
    argv = {
        "fit": ["fit", fifo, "--out", tmp_path / "o.toml"],
        "sweep": ["sweep", fifo, "--out", tmp_path / "o"],
        "check": ["check", fifo],
    }[command]
    assert "not a regular file" in refused(capsys, argv)


def test_a_large_holidays_file_is_refused_naming_the_limit(log, tmp_path, capsys):
    big = tmp_path / "holidays.txt"
    big.write_text("2024-12-25\n" * 200_000)
    line = refused(capsys, ["fit", log, "--out", tmp_path / "o.toml", "--holidays", big])
    assert "the limit is 1,048,576" in line


def test_a_holiday_that_is_not_a_date_names_its_line(log, tmp_path, capsys):
    bad = tmp_path / "holidays.txt"
    bad.write_text("2024-12-25\n# comment\n2024-13-45\n")
    line = refused(capsys, ["fit", log, "--out", tmp_path / "o.toml", "--holidays", bad])
    assert f"{bad}: line 3: not a date" in line


def test_a_log_over_the_limit_is_refused_naming_the_flag(tmp_path, capsys):
    big = tmp_path / "log.csv"
    big.write_text(LOG + "2,coding,2024-01-02T10:00:00Z,2024-01-03T10:00:00Z\n" * 25_000)
    line = refused(capsys, ["fit", big, "--out", tmp_path / "o.toml", "--max-log-mb", "1"])
    assert "the limit is 1,048,576 (--max-log-mb raises it)" in line


def test_a_small_xes_gz_that_inflates_past_the_limit_is_stopped(tmp_path, capsys):
    bomb = tmp_path / "log.xes.gz"
    with gzip.open(bomb, "wb") as f:
        f.write(b"<log>")
        for _ in range(3):
            f.write(b" " * (1 << 20))
        f.write(b"</log>")
    assert bomb.stat().st_size < 20_000
    line = refused(capsys, ["fit", bomb, "--out", tmp_path / "o.toml", "--max-log-mb", "2"])
    assert "inflates to more than 2,097,152 bytes" in line and "--max-log-mb" in line


def test_a_parquet_log_that_inflates_past_the_limit_is_refused_before_reading(tmp_path, capsys):
    path = tmp_path / "log.parquet"
    n = 100_000  # 12 MB of case ids in a file of 130 KB
    cases = [f"{'c' * 100}{i}" for i in range(n)]
    pd.DataFrame(
        {"case_id": cases, "activity": ["coding"] * n, "start": ["x"] * n, "end": [""] * n}
    ).to_parquet(path, compression="zstd", use_dictionary=False)
    assert path.stat().st_size < 1 << 20
    line = refused(capsys, ["fit", path, "--out", tmp_path / "o.toml", "--max-log-mb", "1"])
    assert "once decompressed; the limit is 1,048,576 (--max-log-mb raises it)" in line


def test_a_stream_is_stopped_past_its_limit():
    error = ScenarioError("x", "", "too much")
    stream = io.BufferedReader(bounded(io.BytesIO(b"a" * 100), 64, error))
    with pytest.raises(ScenarioError, match="too much"):
        stream.read()
    exact = io.BufferedReader(bounded(io.BytesIO(b"a" * 64), 64, error))
    assert exact.read() == b"a" * 64


def test_a_file_over_its_limit_names_the_flag_that_raises_it(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"0" * 100)
    with pytest.raises(ScenarioError, match=r"has 100 bytes; the limit is 10 \(--big raises it\)"):
        read_regular_file(path, "x", "", 10, flag="--big")
    assert read_regular_file(path, "x", "", 100) == b"0" * 100


def deep_keys(depth: int) -> str:
    return "a" + ".a" * (depth - 1) + " = 1\n"


@pytest.mark.parametrize(
    "text, shape",
    [
        ("a = 1\nb.c = 2\n", (2, 2)),
        ("[x.y]\nz = 1\n[[p]]\nq.r = 2\n", (3, 4)),
        ("a = { b = { c.d = [ { e.f.g = 1 } ] } }\n", (7, 4)),
        ("\"a.b.c\" = \"x.y.z = [ {\"\n[t]\nu = '''\n[v.w.x.y]\n'''\n", (2, 3)),
        ('a = [\n  1.5, 2e3,\n  "b.c",\n]\nd = 2024-01-01T00:00:00.5Z # e.f.g = 1\n', (1, 2)),
        ("x = " + "[" * 50 + "]" * 50 + "\n", (1, 1)),
    ],
)
def test_key_shape_measures_depth_and_count(text, shape):
    assert key_shape(text) == shape


@pytest.mark.parametrize("where", ["scenario", "sweep spec", "mapping"])
def test_deeply_dotted_keys_are_refused_before_parsing(where, tmp_path, capsys, log):
    text = deep_keys(20_000)  # 40 KB: gigabytes in the TOML parser
    path = tmp_path / "in.toml"
    path.write_text(text)
    argv = {
        "scenario": ["check", path],
        "sweep spec": ["sweep", path, "--out", tmp_path / "o"],
        "mapping": ["fit", log, "--out", tmp_path / "o.toml", "--mapping", path],
    }[where]
    line = refused(capsys, argv)
    assert f"{path}: a key is nested 20,000 deep"[:-10] in line
    assert f"the limit is {MAX_KEY_DEPTH} levels" in line


def test_too_many_keys_are_refused_naming_the_limit(tmp_path, capsys):
    path = tmp_path / "many.toml"
    path.write_text("".join(f"k{i} = 1\n" for i in range(MAX_KEYS + 1)))
    line = refused(capsys, ["check", path])
    assert f"the limit is {MAX_KEYS:,}" in line


def test_a_deep_set_value_is_refused(tmp_path, capsys):
    scn = ROOT / "scenarios" / "ai-native.toml"
    line = refused(
        capsys, ["check", scn, "--set", "ai.coding_speedup={" + deep_keys(5000)[:-1] + "}"]
    )
    assert line.startswith("orgsim check: error: --set: a key is nested")


def test_a_deep_set_key_is_refused(capsys):
    scn = ROOT / "scenarios" / "ai-native.toml"
    line = refused(capsys, ["check", scn, "--set", deep_keys(5000).replace(" = 1\n", "=1")])
    assert f"5000 parts; the limit is {MAX_KEY_DEPTH}" in line


def test_every_limit_is_stated_in_the_docs():
    docs = (ROOT / "docs" / "model.md").read_text() + (ROOT / "README.md").read_text()
    fit_docs = (ROOT / "docs" / "fit.md").read_text()
    for words in (f"{MAX_KEY_DEPTH} levels", f"{MAX_KEYS:,} keys", "1 MiB", "64 MiB"):
        assert words in docs, words
    for words in ("512 MiB", "--max-log-mb", "1 MiB of holidays"):
        assert words in fit_docs, words
