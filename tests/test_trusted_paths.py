"""Every file an input names goes through one resolver (`DataFolders`): inside the
scenario's (or sweep spec's) folder, a `--data-dir` folder or orgsim's scenarios; symlinks
resolved before the check; regular files only; the same check whether the name came
from the file, `--set`, a sweep spec's overrides or bundles, or `with_overrides` (the
app's route). Each refusal is one line naming the file, the field and why."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from small_inputs import BASE, STATION, scenario_text

import orgsim
from orgsim.cli.main import main
from orgsim.scenario import ScenarioError
from orgsim.scenario.files import DataFolders

EDGES = "a b\nb c\n"


def one_line_error(capsys, argv: list[str]) -> str:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err.strip()
    lines = [ln for ln in err.splitlines() if ": warning: " not in ln]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A scenario folder holding a valid scenario and a three-team graph file; a secret
    beside the folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "ok.toml").write_text(scenario_text({**BASE, "org.teams": "3"}, STATION))
    (folder / "teams.txt").write_text(EDGES)
    (tmp_path / "secret.txt").write_text("root:x:0:0\nalice:x:1:1\n")
    return folder


@pytest.mark.parametrize("name", ["/etc/passwd", "../secret.txt", "../../../../etc/passwd"])
def test_set_topology_file_outside_the_folder_is_refused(name, home, capsys):
    line = one_line_error(
        capsys,
        ["check", home / "ok.toml", "--set", 'org.topology.kind="file"', "--set",
         f'org.topology.file="{name}"'],
    )  # fmt: skip
    assert "org.topology.file" in line and "outside the scenario's folder" in line
    assert "--data-dir" in line and "root:x" not in line


def test_set_topology_file_inside_the_folder_is_read(home, capsys):
    code = main(
        ["check", str(home / "ok.toml"), "--set", 'org.topology.kind="file"',
         "--set", 'org.topology.file="teams.txt"'],
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err


def test_a_symlink_is_resolved_before_the_check(home, capsys):
    (home / "link.txt").symlink_to(home.parent / "secret.txt")
    (home / "inner.txt").symlink_to(home / "teams.txt")
    scn = orgsim.load_scenario(home / "ok.toml")
    with pytest.raises(ScenarioError, match="outside the scenario's folder"):
        scn.with_overrides({"org.topology.kind": "file", "org.topology.file": "link.txt"})
    inside = scn.with_overrides({"org.topology.kind": "file", "org.topology.file": "inner.txt"})
    assert inside.spec.org.topology.file == str(home / "teams.txt")


def test_a_fifo_named_by_an_override_is_refused_without_opening_it(home):
    os.mkfifo(home / "teams.fifo")
    scn = orgsim.load_scenario(home / "ok.toml")
    with pytest.raises(ScenarioError, match="not a regular file") as info:
        scn.with_overrides({"org.topology.kind": "file", "org.topology.file": "teams.fifo"})
    assert info.value.field == "org.topology.file"


def test_the_app_route_with_overrides_is_checked_alike(home):
    scn = orgsim.load_scenario(home / "ok.toml")
    with pytest.raises(ScenarioError) as info:
        scn.with_overrides({"org.topology.kind": "file", "org.topology.file": "/etc/passwd"})
    assert info.value.field == "org.topology.file" and info.value.source == str(home / "ok.toml")


def test_a_scenario_keeps_its_folders_when_sent_to_a_worker_process(home, tmp_path):
    other = tmp_path / "graphs"
    other.mkdir()
    (other / "teams.txt").write_text(EDGES)
    assert main(["--data-dir", str(other), "check", str(home / "ok.toml")]) == 0
    from orgsim.scenario.files import data_dirs

    with data_dirs(other):
        scn = orgsim.load_scenario(home / "ok.toml")
    copy = pickle.loads(pickle.dumps(scn))
    assert copy.folders == scn.folders and other.resolve() in copy.folders.extra
    moved = copy.with_overrides(
        {"org.topology.kind": "file", "org.topology.file": str(other / "teams.txt")}
    )
    assert moved.spec.org.topology.file == str((other / "teams.txt").resolve())


def test_data_dir_lasts_for_one_command(home, tmp_path, capsys):
    (tmp_path / "teams.txt").write_text(EDGES)
    args = ["check", str(home / "ok.toml"), "--set", 'org.topology.kind="file"',
            "--set", f'org.topology.file="{tmp_path / "teams.txt"}"']  # fmt: skip
    assert main(["--data-dir", str(tmp_path), *args]) == 0
    assert "--data-dir" in one_line_error(capsys, args)


def test_a_pattern_reference_outside_the_folder_is_refused_unread(home, capsys):
    path = home / "patterned.toml"
    path.write_text(
        scenario_text(BASE, STATION)
        + '[[patterns]]\nname = "p"\nmetric = "throughput_per_week"\nsource = "s"\n'
        'against = "../secret.txt"\nlow = 0.1\nhigh = 0.2\n'
    )
    line = one_line_error(capsys, ["patterns", path, "--seeds", "2"])
    assert "patterns.p.against" in line and "outside the scenario's folder" in line
    assert "root:x" not in line and "alice:x" not in line


def sweep_spec(home: Path, text: str, name: str = "spec.toml") -> Path:
    path = home / name
    path.write_text('base = "ok.toml"\nseeds = 1\ndays = 2\n' + text)
    return path


@pytest.mark.parametrize(
    "text, field",
    [
        ('[overrides]\n"org.topology.kind" = "file"\n"org.topology.file" = "/etc/passwd"\n',
         'overrides."org.topology.file"'),
        ('[bundles.a]\n[bundles.b]\n"org.topology.kind" = "file"\n'
         '"org.topology.file" = "../secret.txt"\n', 'bundles.b."org.topology.file"'),
    ],
)  # fmt: skip
def test_a_sweep_override_is_checked_as_a_set_is(text, field, home, tmp_path, capsys):
    out = tmp_path / "out"
    line = one_line_error(capsys, ["sweep", sweep_spec(home, text), "--out", out])
    assert field in line and "outside the scenario's folder" in line
    assert not out.exists()


@pytest.mark.parametrize("name", ["/tmp/elsewhere", "../..", "..", "a/b", ".hidden", "x\x1b[2J"])
def test_a_sweep_name_is_a_name_not_a_path(name, home, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = sweep_spec(home, "")
    spec.write_text(f"name = {json.dumps(name)}\n" + spec.read_text())
    line = one_line_error(capsys, ["sweep", spec, "--workers", "0", "--progress", "off"])
    assert f"{spec}: name:" in line and "is not a name" in line and "\x1b" not in line
    assert not (tmp_path / "out").exists()


def test_an_unsafe_file_name_gives_a_safe_default_sweep_name(home, tmp_path, monkeypatch):
    from orgsim.sweeps import load_spec

    spec = sweep_spec(home, "", name="...toml")
    assert load_spec(spec).name == "sweep"
    odd = sweep_spec(home, "", name="my spec; rm -rf.toml")
    assert load_spec(odd).name == "my-spec-rm--rf"


def test_a_sweep_base_outside_the_spec_folder_needs_a_data_dir(home, tmp_path, capsys):
    spec = tmp_path / "specs" / "s.toml"
    spec.parent.mkdir()
    spec.write_text(f'base = "{home / "ok.toml"}"\nseeds = 1\ndays = 2\n')
    line = one_line_error(capsys, ["sweep", spec, "--workers", "0", "--out", tmp_path / "o"])
    assert f"{spec}: base:" in line and "outside the sweep spec's folder" in line
    code = main(["--data-dir", str(home), "sweep", str(spec), "--workers", "0",
                 "--out", str(tmp_path / "o"), "--progress", "off"])  # fmt: skip
    assert code == 0, capsys.readouterr().err


def test_orgsim_s_own_scenarios_may_be_a_base_from_anywhere():
    folders = DataFolders.of(Path("/tmp"), owner="sweep spec")
    preset = folders.resolve(orgsim.SCENARIO_DIR / "enterprise-ai.toml", "s", "base")
    assert preset == (orgsim.SCENARIO_DIR / "enterprise-ai.toml").resolve()
