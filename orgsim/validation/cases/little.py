"""Little's law on every kind of run the project ships, and on gated, reworking, CONWIP runs."""

from __future__ import annotations

from collections.abc import Callable

from orgsim.validation.cases.build import Case, days_at, scenario_run
from orgsim.validation.cases.closed import conwip_scenario
from orgsim.validation.cases.gates import gate_scenario
from orgsim.validation.cases.open_queues import jackson_scenario
from orgsim.validation.measure import orgsim_run, shipped_scenarios
from orgsim.validation.runner import NA, Check, Measurements, Precision, Run

# -- (1) Little's law on every kind of run ---------------------------------------------------
IDENTITY_TOL = 1e-9  # the simulator's own tolerance for the exact identity


def little_case(
    name: str, title: str, make_runs: Callable[[Precision], list[Run]], seed_share: float = 1.0
) -> Case:
    def judge(m: Measurements) -> None:
        m.bound("exact Little identity |residual|", IDENTITY_TOL, "run", "identity")
        growth = m.estimate("run", "growth.total")
        if growth.n >= 2 and growth.low > 0:
            est = m.estimate("run", "little")
            note = f"unstable: WIP grows {growth.mean:.3g}/day; L = lam W needs a stable system"
            m.checks.append(Check(m.case, "L = lam W: (L - TH W) / L", 0.0, est, None, NA, note))
        else:
            m.against("L = lam W: (L - TH W) / L", 0.0, "run", "little")

    return Case(name, title, make_runs, judge, seed_share=seed_share)


def _shipped_runs(path: str) -> Callable[[Precision], list[Run]]:
    def runs(p: Precision) -> list[Run]:
        import orgsim

        spec = orgsim.load_scenario(path).spec
        own = float(spec.simulation.days)
        days = min(own, days_at(40, p, multiple=10))
        return [Run("run", orgsim_run, {"scenario": path, "overrides": {"simulation.days": days}})]

    return runs


def little_cases() -> list[Case]:
    cases = []
    for path in shipped_scenarios():
        stem = path.stem.replace("-", "_")
        cases.append(
            little_case(
                f"little_{stem}",
                f"Little's law: scenarios/{path.name}",
                _shipped_runs(str(path)),
                seed_share=0.5,
            )
        )
    cases.append(
        little_case(
            "little_gated",
            "Little's law: gated run",
            lambda p: [scenario_run("run", gate_scenario(5.0, days_at(1_500, p, multiple=5)))],
        )
    )
    cases.append(
        little_case(
            "little_rework",
            "Little's law: reworking run",
            lambda p: [scenario_run("run", jackson_scenario(days_at(1_500, p)))],
        )
    )
    cases.append(
        little_case(
            "little_conwip",
            "Little's law: CONWIP run",
            lambda p: [scenario_run("run", conwip_scenario(4, days_at(1_000, p)))],
        )
    )
    return cases
