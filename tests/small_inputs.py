"""A small valid scenario as TOML text, and literals no field can take: the inputs that
the CLI's bad-input tests (fuzzed and hand-written) start from.

A module of its own (not a test module), so that any test folder can import it.
"""

from __future__ import annotations

BASE = {
    "simulation.days": "20",
    "simulation.warmup_days": "0",
    "org.teams": "2",
    "org.demand.rate_per_team": "1.0",
    "org.demand.defects_per_size": "0.1",
    "org.demand.size.mean": "1.0",
    "org.demand.size.cv": "0.5",
    "ai.coding_speedup": "1.5",
    "ai.adoption": "0.5",
    "ai.token_cost_per_day": "5.0",
    "policy.wip_limit": "0",
    "policy.release_every": "0",
    "policy.mandate": "0.5",
}
STATION = {"service.mean": "1.0", "service.cv": "1.0"}
# Literals that no field above can take (TOML spelling).
BAD = ["inf", "-inf", "nan", "1e300", "-1", "-0.5", "true", '"250"', "[1, 2]", "{ a = 1 }"]
TINY = ["1e-300", "1e-12"]  # below the bound of every duration with a lower bound


def scenario_text(values: dict[str, str], station: dict[str, str], extra: str = "") -> str:
    """A small valid scenario (two teams, coding then review), with `values` set."""
    tables: dict[str, list[str]] = {}
    for key, literal in values.items():
        table, _, name = key.rpartition(".")
        tables.setdefault(table, []).append(f"{name} = {literal}")
    out = []
    for table, lines in tables.items():
        out.append(f"[{table}]")
        out += lines
    out += ["[org.people_per_team]", "developer = 3", "reviewer = 1"]
    for name, role in (("coding", "developer"), ("review", "reviewer")):
        out += ["[[pipeline]]", f'name = "{name}"', f'role = "{role}"', "[pipeline.service]"]
        out += [f"{k.split('.')[1]} = {v}" for k, v in station.items()]
    return "\n".join(out) + "\n" + extra
