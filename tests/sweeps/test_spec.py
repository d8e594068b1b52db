"""Spec validation: every bad spec is one line, exit code 2, and nothing is written."""

from __future__ import annotations

import pytest
from sweep_helpers import SMALL, base_spec

import orgsim
from orgsim.cli.main import main
from orgsim.sweeps import SpecError, SweepError, build_plan, load_spec, sweep


def _fails(capsys, argv, out, *needles):
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1, err  # one line
    for needle in needles:
        assert needle in err, err
    assert not out.exists(), "a failed sweep wrote its output folder"
    return err


def test_bad_factor_name_is_one_line_and_writes_nothing(write_spec, tmp_path, capsys):
    spec = base_spec(factors={"ai.coding_sped": {"values": [1.0, 2.0]}})
    path = write_spec(spec)
    out = tmp_path / "out"
    _fails(
        capsys,
        ["sweep", str(path), "--out", str(out)],
        out,
        str(path),
        'factors."ai.coding_sped"',
        "not a scenario key",
    )


def test_range_min_above_max_is_one_line_and_writes_nothing(write_spec, tmp_path, capsys):
    spec = base_spec(
        factors={"ai.coding_speedup": {"range": [4.0, 1.0]}},
        design={"method": "latin_hypercube", "n": 8},
    )
    path = write_spec(spec)
    out = tmp_path / "out"
    _fails(
        capsys, ["sweep", str(path), "--out", str(out)], out, str(path), "range", "min 4 > max 1"
    )


def test_unknown_backend_is_one_line_and_writes_nothing(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    path = write_spec(base_spec())
    with pytest.raises(SystemExit) as exc:
        main(["sweep", str(path), "--backend", "ray", "--out", str(out)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ray" in err
    assert not out.exists()

    path = write_spec(base_spec(execution={"backend": "ray"}), "ray.toml")
    _fails(capsys, ["sweep", str(path), "--out", str(out)], out, "execution.backend")

    with pytest.raises(SweepError, match="unknown backend 'ray'"):
        sweep(base_spec(), backend="ray", out=out, workers=0)
    assert not out.exists()


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"colour": "red"}, "colour: unknown key"),
        ({"seeds": 0}, "seeds: need at least one seed"),
        ({"seeds": [1, 1]}, "seeds: seeds repeat"),
        ({"metrics": ["throughput"]}, "metrics: unknown metric 'throughput'"),
        ({"baseline": "nope"}, "baseline: no bundle named 'nope'"),
        ({"base": "missing.toml"}, "base:"),
        (
            {"factors": {"pipeline.review.service.mean": {"values": [0.2, 0.0]}}},
            "value 0.0: Input should be greater than 0",
        ),
        ({"factors": {"pipeline.nowhere.servers": {"values": [1]}}}, "not a scenario key"),
        ({"factors": {"ai.coding_speedup": {"range": [1.0, 3.0]}}}, "a grid needs values"),
        (
            {
                "factors": {"ai.coding_speedup": {"range": [1.0, 3.0]}},
                "design": {"method": "sobol", "n": 12},
            },
            "design.n: must be a power of 2",
        ),
        (
            {
                "factors": {"ai.coding_speedup": {"range": [1.0, 3.0]}},
                "design": {"method": "morris"},
            },
            "design.n: required",
        ),
        ({"bundles": {"x": {"ai.coding_speedup": 2.0}}}, "may not set a factor"),
        ({"bundles": {"x": {"policy.mandat": 0.5}}}, 'bundles.x."policy.mandat": unknown key'),
        ({"factors": {"ai.coding_speedup": {"values": [1, "fast"]}}}, "values mix types"),
        ({"days": -5}, "days: Input should be greater than 0"),
    ],
)
def test_other_spec_errors(write_spec, tmp_path, capsys, fields, needle):
    path = write_spec(base_spec(**fields))
    out = tmp_path / "out"
    _fails(capsys, ["sweep", str(path), "--out", str(out)], out, str(path), needle)


def test_spec_errors_are_scenario_errors():
    with pytest.raises(orgsim.ScenarioError):
        load_spec(base_spec(factors={"nope.x": {"values": [1]}}))
    with pytest.raises(SpecError, match=r"^<sweep spec>: factors"):
        load_spec(base_spec(factors={"nope.x": {"values": [1]}}))


def test_nested_tables_mean_the_same_as_dotted_keys(tmp_path):
    dotted = tmp_path / "a.toml"
    nested = tmp_path / "b.toml"
    (tmp_path / SMALL.name).write_bytes(SMALL.read_bytes())  # the base, beside the specs
    dotted.write_text(
        f'base = "{SMALL.name}"\nseeds = 2\n[factors]\n"ai.coding_speedup" = {{ values = [1.0, 2.0] }}\n'
        '[bundles.as_is]\n[bundles.fast]\n"policy.wip_limit" = 3\n'
    )
    nested.write_text(
        f'base = "{SMALL.name}"\nseeds = 2\n[factors]\nai.coding_speedup = {{ values = [1.0, 2.0] }}\n'
        "[bundles.as_is]\n[bundles.fast]\npolicy.wip_limit = 3\n"
    )
    a, b = build_plan(load_spec(dotted)), build_plan(load_spec(nested))
    assert [r.run_id for r in a.runs] == [r.run_id for r in b.runs]


def test_designs_and_common_random_numbers():
    grid = build_plan(load_spec(base_spec()))
    assert len(grid.points) == 4 and len(grid.runs) == 4 * 3 * 5
    # Every bundle and design point sees the same seeds.
    seeds = {}
    for r in grid.runs:
        seeds.setdefault((r.bundle, r.point), []).append(r.seed)
    assert all(s == [0, 1, 2, 3, 4] for s in seeds.values())
    assert len({r.run_id for r in grid.runs}) == len(grid.runs)
    # Ids are a function of the resolved scenario, the bundle and the seed.
    again = build_plan(load_spec(base_spec()))
    assert [r.run_id for r in again.runs] == [r.run_id for r in grid.runs]

    ranges = {
        "ai.coding_speedup": {"range": [1.0, 4.0]},
        "policy.wip_limit": {"range": [0, 12]},
    }
    for method, n, expected in (
        ("latin_hypercube", 6, 6),
        ("sobol", 4, 4 * (2 + 2)),
        ("morris", 3, 3 * (2 + 1)),
    ):
        fields = {"factors": ranges, "design": {"method": method, "n": n}, "seeds": 2}
        fields["bundles"] = {"as_is": {}, "coe": {"policy.center_of_excellence.enabled": True}}
        plan = build_plan(load_spec(base_spec(**fields)))
        assert len(plan.points) == expected, method
        assert all(isinstance(p["policy.wip_limit"], int) for p in plan.points)  # integer field
        assert all(1.0 <= p["ai.coding_speedup"] <= 4.0 for p in plan.points)
        again = build_plan(load_spec(base_spec(**fields)))
        assert [r.run_id for r in again.runs] == [r.run_id for r in plan.runs], method

    # Values factors are crossed with the sample.
    crossed = {**ranges, "policy.governance": {"values": ["manual", "automated"]}}
    spec = load_spec(
        base_spec(
            factors=crossed,
            design={"method": "latin_hypercube", "n": 5},
            bundles={"as_is": {}},
        )
    )
    plan = build_plan(spec)
    assert len(plan.points) == 10 and sorted(set(plan.cells)) == [0, 1]
