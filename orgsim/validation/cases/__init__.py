"""The validation cases: orgsim scenarios whose answers queueing theory knows.

Each case builds its scenarios as a user would (plain mappings through
`orgsim.load_scenario`, run by `orgsim.simulate`), with every behavioural option neutral
unless the case is about it, replicates them on independent seeds and compares the
replication means with the closed form (docs/validation.md lists what each one shows).
Time is in working days; service times are exponential unless a case says otherwise.
The cases live in modules by family; this module is the registry and the runner.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

from orgsim.validation.cases.build import WARMUP, Case, scenario, station
from orgsim.validation.cases.closed import (
    BOTTLENECK,
    CONWIP_LEVELS,
    bottleneck_case,
    bottleneck_scenario,
    conwip_case,
    conwip_mva_case,
    conwip_scenario,
)
from orgsim.validation.cases.gates import (
    gate_capacity_case,
    gate_case,
    gate_first_station_case,
    gate_scenario,
)
from orgsim.validation.cases.lanes import lane_case
from orgsim.validation.cases.little import little_case, little_cases
from orgsim.validation.cases.open_queues import (
    JACKSON,
    jackson_case,
    jackson_scenario,
    mm1_case,
    mmc_case,
    pk_case,
)
from orgsim.validation.cases.peer import (
    CIW_NET,
    ciw_case,
    ciw_mgc_case,
    ciw_network,
    ciw_orgsim_scenario,
    ciw_priority_case,
)
from orgsim.validation.cases.priority import priority_case, priority_cases
from orgsim.validation.ciw_peer import available
from orgsim.validation.runner import (
    PRECISIONS,
    SKIP,
    Check,
    Measurements,
    Precision,
    Run,
    execute,
    per_check_level,
)


# -- the registry --------------------------------------------------------------------------------
def all_cases() -> list[Case]:
    return [
        *little_cases(),
        mm1_case(0.5),
        mm1_case(0.8),
        mmc_case(2),
        mmc_case(3),
        jackson_case(),
        pk_case("md1", "deterministic", 0.8, 0.0, 5_000),
        pk_case("mg1_lognormal", "lognormal", 0.7, 1.5, 10_000),
        *priority_cases(),
        conwip_case(),
        conwip_mva_case(),
        gate_case(),
        gate_first_station_case(),
        gate_capacity_case(),
        lane_case(),
        bottleneck_case(),
        ciw_case(),
        ciw_mgc_case(),
        ciw_priority_case(),
    ]


def select(names: Sequence[str] | None, cases: Sequence[Case] | None = None) -> list[Case]:
    """Cases by exact name, or by group prefix ("mm1" selects mm1_rho_0.5 and mm1_rho_0.8).

    Raises KeyError naming the first name that matches nothing.
    """
    pool = list(cases) if cases is not None else all_cases()
    if not names:
        return pool
    chosen: list[Case] = []
    for name in names:
        exact = [c for c in pool if c.name == name]
        found = exact or [c for c in pool if c.name.startswith(name + "_")]
        if not found:
            raise KeyError(name)
        chosen.extend(c for c in found if c not in chosen)
    return chosen


def _missing(case: Case) -> list[str]:
    return [dep for dep in case.needs if dep == "ciw" and not available()]


def suite_size(cases: Sequence[Case] | None = None) -> int:
    """How many checks the whole suite makes (each case judged on empty data)."""
    total = 0
    for case in cases if cases is not None else all_cases():
        data: dict[str, list[dict[str, float]]] = {
            run.key: [{}, {}] for run in case.runs(PRECISIONS["quick"])
        }
        m = Measurements(case.name, 0.99, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            case.judge(m)
        total += len(m.checks)
    return total


def run_cases(
    cases: Sequence[Case],
    precision: Precision,
    seeds: Sequence[int],
    level: float = 0.99,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    *,
    backend: str = "local",
    scheduler: str | None = None,
) -> list[Check]:
    """Run every case's runs on `seeds` and return all checks, case by case.

    `level` is simultaneous over the whole suite (every case, selected or not): each
    interval is at `per_check_level(level, suite_size())` (Bonferroni), so a correct
    model passes the entire table with probability >= `level`, and a check's verdict
    does not depend on which other cases were selected.
    """
    single = per_check_level(level, suite_size())
    plans: list[tuple[Case, list[Run] | None]] = []
    tasks = []
    for case in cases:
        if _missing(case):
            plans.append((case, None))
            continue
        runs = case.runs(precision)
        plans.append((case, runs))
        tasks.extend((run.fn, run.params, seed) for run in runs for seed in case.seeds(seeds))
    results = iter(execute(tasks, jobs, progress, backend=backend, scheduler=scheduler))
    checks: list[Check] = []
    for case, runs in plans:
        if runs is None:
            note = f"{', '.join(_missing(case))} is not installed"
            checks.append(Check(case.name, case.title, None, status=SKIP, note=note))
            continue
        data = {run.key: [next(results) for _ in case.seeds(seeds)] for run in runs}
        m = Measurements(case.name, single, data)
        case.judge(m)
        checks.extend(m.checks)
    return checks


def run_case(
    case: Case, precision: Precision, seeds: Sequence[int], level: float = 0.99
) -> list[Check]:
    """One case, in this process."""
    return run_cases([case], precision, seeds, level)


__all__ = [
    "BOTTLENECK",
    "CIW_NET",
    "CONWIP_LEVELS",
    "JACKSON",
    "WARMUP",
    "Case",
    "all_cases",
    "bottleneck_case",
    "bottleneck_scenario",
    "ciw_case",
    "ciw_mgc_case",
    "ciw_network",
    "ciw_orgsim_scenario",
    "ciw_priority_case",
    "conwip_case",
    "conwip_mva_case",
    "conwip_scenario",
    "gate_capacity_case",
    "gate_case",
    "gate_first_station_case",
    "gate_scenario",
    "jackson_case",
    "jackson_scenario",
    "lane_case",
    "little_case",
    "little_cases",
    "mm1_case",
    "mmc_case",
    "pk_case",
    "priority_case",
    "priority_cases",
    "run_case",
    "run_cases",
    "scenario",
    "select",
    "station",
    "suite_size",
]
