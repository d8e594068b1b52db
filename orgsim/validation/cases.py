"""The validation cases: orgsim scenarios whose answers queueing theory knows.

Each case builds its scenarios as a user would (plain mappings through
`orgsim.load_scenario`, run by `orgsim.simulate`), with every behavioural option neutral
unless the case is about it, replicates them on independent seeds and compares the
replication means with the closed form (docs/validation.md lists what each one shows).
Time is in working days; service times are exponential unless a case says otherwise.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from orgsim.validation import theory
from orgsim.validation.ciw_peer import OpenNetwork, available, ciw_run
from orgsim.validation.measure import orgsim_run, shipped_scenarios
from orgsim.validation.runner import (
    NA,
    PRECISIONS,
    SKIP,
    Check,
    Measurements,
    Precision,
    Run,
    execute,
    per_check_level,
)

WARMUP = 200.0  # days: >= 3 relaxation times of the slowest queue below (bias < 0.1%)


@dataclass(frozen=True)
class Case:
    """A named validation case: the runs it needs and how to judge them."""

    name: str
    title: str
    runs: Callable[[Precision], list[Run]]
    judge: Callable[[Measurements], None]
    needs: tuple[str, ...] = ()
    seed_share: float = 1.0  # the share of the seeds it uses (costly runs use fewer)

    def seeds(self, seeds: Sequence[int]) -> list[int]:
        seeds = list(seeds)
        return seeds[: max(2, math.ceil(self.seed_share * len(seeds)))]


# -- scenario building -------------------------------------------------------------------
def station(name: str, role: str, mean: float, dist: str = "exponential", **extra) -> dict:
    service: dict[str, Any] = {"dist": dist, "mean": mean}
    if "cv" in extra:
        service["cv"] = extra.pop("cv")
    return {"name": name, "role": role, "service": service, **extra}


def scenario(
    name: str,
    pipeline: list[dict],
    *,
    days: float,
    warmup: float = WARMUP,
    rate: float | None = None,
    people: dict[str, int] | None = None,
    shared: dict[str, int] | None = None,
    policy: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One team, a pipeline, Poisson demand at `rate` (or an unlimited backlog if None)."""
    demand = {"kind": "poisson", "rate_per_team": rate} if rate is not None else {"kind": "backlog"}
    return {
        "name": f"validation-{name}",
        "simulation": {"days": days, "warmup_days": warmup},
        "org": {
            "teams": 1,
            "people_per_team": people if people is not None else {"developer": 1},
            "shared_people": shared or {},
            "demand": demand,
        },
        "pipeline": pipeline,
        "policy": policy or {},
    }


def _days(base: float, p: Precision, multiple: float = 1.0) -> float:
    """A run length scaled by the precision, rounded to a multiple of `multiple` days."""
    return max(multiple, round(base * p.scale / multiple) * multiple)


def _run(key: str, mapping: dict[str, Any]) -> Run:
    return Run(key, orgsim_run, {"scenario": mapping})


# -- (2) M/M/1 ---------------------------------------------------------------------------
def mm1_case(
    rho: float,
    *,
    service_mean: float = 1.0,
    theory_service_mean: float | None = None,
    name: str | None = None,
    base_days: float | None = None,
) -> Case:
    """One developer, Poisson arrivals at rho / E[S]: W, Wq and L against M/M/1.

    `service_mean` is what the scenario runs; `theory_service_mean` what theory is told
    (the same unless a test wants a mis-specified theory to be caught).
    """
    told = service_mean if theory_service_mean is None else theory_service_mean
    lam = rho / told
    q = theory.mm1(lam, 1.0 / told)
    days = base_days if base_days is not None else (5_000.0 if rho <= 0.6 else 10_000.0)
    case_name = name or f"mm1_rho_{rho:g}"

    def runs(p: Precision) -> list[Run]:
        pipeline = [station("coding", "developer", service_mean)]
        return [_run("run", scenario(case_name, pipeline, days=_days(days, p), rate=lam))]

    def judge(m: Measurements) -> None:
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean wait Wq", q.Wq, "run", "Wq.coding")
        m.against("mean number in system L", q.L, "run", "L")

    return Case(case_name, f"M/M/1 at rho = {rho:g}", runs, judge)


# -- (3) M/M/c ---------------------------------------------------------------------------
def mmc_case(c: int, rho: float = 0.8) -> Case:
    """c reviewers of one team serve the first station: Erlang C."""
    lam = rho * c
    q = theory.mmc(lam, 1.0, c)
    name = f"mmc_c{c}"
    days = 8_000.0 / c

    def runs(p: Precision) -> list[Run]:
        pipeline = [station("review", "reviewer", 1.0)]
        mapping = scenario(name, pipeline, days=_days(days, p), rate=lam, people={"reviewer": c})
        return [_run("run", mapping)]

    def judge(m: Measurements) -> None:
        m.against("P(wait) (Erlang C)", q.p_wait, "run", "pwait.review")
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean number in system L", q.L, "run", "L")

    return Case(name, f"M/M/{c} at rho = {rho:g} (Erlang C)", runs, judge)


# -- (4) Jackson network with a rework loop ----------------------------------------------
JACKSON = {
    "gamma": 0.5,
    "names": ("coding", "review", "test"),
    "means": (1.0, 0.9, 1.3),
    "rework": 0.3,  # review sends the item back to coding
}


def jackson_scenario(days: float) -> dict[str, Any]:
    names, means = JACKSON["names"], JACKSON["means"]
    pipeline = [
        station(names[0], "developer", means[0]),
        station(
            names[1],
            "reviewer",
            means[1],
            rework={"to": names[0], "probability": JACKSON["rework"]},
        ),
        station(names[2], "automated", means[2], servers=1),
    ]
    people = {"developer": 1, "reviewer": 1}
    return scenario("jackson", pipeline, days=days, rate=JACKSON["gamma"], people=people)


def jackson_theory() -> theory.Network:
    p = JACKSON["rework"]
    routing = [[0, 1, 0], [p, 0, 1 - p], [0, 0, 0]]
    mu = [1 / m for m in JACKSON["means"]]
    return theory.jackson([JACKSON["gamma"], 0, 0], routing, mu, [1, 1, 1])


def jackson_case() -> Case:
    net = jackson_theory()
    names = JACKSON["names"]

    def runs(p: Precision) -> list[Run]:
        return [_run("run", jackson_scenario(_days(5_000, p)))]

    def judge(m: Measurements) -> None:
        for name, q in zip(names, net.nodes, strict=True):
            m.against(f"visit rate lam_{name}", q.lam, "run", f"rate.{name}")
        for name, q in zip(names, net.nodes, strict=True):
            m.against(f"sojourn per visit W_{name}", q.W, "run", f"W.{name}")
        m.against("mean time in system W", net.sojourn, "run", "W")
        m.against("mean number in system L", net.L, "run", "L")

    title = "Jackson tandem coding -> review -> test, review reworks to coding (p = 0.3)"
    return Case("jackson_rework", title, runs, judge)


# -- (5) M/D/1 and M/G/1: Pollaczek-Khinchine ----------------------------------------------
def pk_case(name: str, dist: str, rho: float, cv: float, base_days: float) -> Case:
    scv = 0.0 if dist == "deterministic" else cv * cv
    q = theory.pollaczek_khinchine(rho, 1.0, scv)

    def runs(p: Precision) -> list[Run]:
        extra = {"cv": cv} if dist != "deterministic" else {}
        pipeline = [station("coding", "developer", 1.0, dist=dist, **extra)]
        return [_run("run", scenario(name, pipeline, days=_days(base_days, p), rate=rho))]

    def judge(m: Measurements) -> None:
        m.against("mean wait Wq (P-K)", q.Wq, "run", "Wq.coding")
        m.against("mean time in system W", q.W, "run", "W")
        m.against("mean number in system L", q.L, "run", "L")

    shape = "deterministic" if dist == "deterministic" else f"{dist}, cv {cv:g}"
    return Case(name, f"M/G/1 at rho = {rho:g}, service {shape}", runs, judge)


# -- (6) CONWIP: a closed line --------------------------------------------------------------
CONWIP_LEVELS = (2, 4, 8)
CONWIP_K = 3


def conwip_scenario(w: int, days: float) -> dict[str, Any]:
    """A balanced 3-station exponential line, unlimited backlog, team WIP limit w."""
    pipeline = [
        station("coding", "developer", 1.0),
        station("review", "reviewer", 1.0),
        station("test", "automated", 1.0, servers=1),
    ]
    return scenario(
        f"conwip-{w}",
        pipeline,
        days=days,
        warmup=100.0,
        people={"developer": 1, "reviewer": 1},
        policy={"wip_limit": w, "swarm": False},
    )


def conwip_case() -> Case:
    t0, rb = float(CONWIP_K), 1.0

    def runs(p: Precision) -> list[Run]:
        return [_run(f"w{w}", conwip_scenario(w, _days(1_500, p))) for w in CONWIP_LEVELS]

    def judge(m: Measurements) -> None:
        for w in CONWIP_LEVELS:
            th, ct = theory.practical_worst_case(w, t0, rb)
            m.against(f"throughput TH, w = {w} (PWC)", th, f"w{w}", "TH")
            flow = theory.balanced_line_started_wip(w, CONWIP_K) / th
            note = f"PWC CT {ct:.4g} counts the wait for a free developer"
            m.against(f"flow time start->done, w = {w}", flow, f"w{w}", "flow", note)

    return Case("conwip", "CONWIP: closed balanced line of 3 stations", runs, judge)


# -- (7) A periodic gate ---------------------------------------------------------------------
GATE_SERVICE = 0.25
GATE_RATE = 0.5


def gate_scenario(every: float, days: float) -> dict[str, Any]:
    """M/M/1 coding at rho 0.5, then an approval board that meets every T days."""
    pipeline = [
        station("coding", "developer", 1.0),
        station("cab", "approver", GATE_SERVICE, dist="deterministic", gate={"every": every}),
    ]
    return scenario(
        f"gate-{every:g}",
        pipeline,
        days=days,
        rate=GATE_RATE,
        shared={"approver": 1},
    )


def gate_case(periods: Sequence[float] = (5.0, 10.0)) -> Case:
    coding = theory.mm1(GATE_RATE, 1.0)

    def runs(p: Precision) -> list[Run]:
        return [_run(f"T{t:g}", gate_scenario(t, _days(3_000, p, multiple=t))) for t in periods]

    def judge(m: Measurements) -> None:
        for t in periods:
            key = f"T{t:g}"
            m.against(f"mean wait at gate, T = {t:g}", theory.periodic_gate_wait(t), key, "Wq.cab")
            m.bound(f"max wait at gate, T = {t:g}", t, key, "max_wait.cab")
            lead = coding.W + theory.periodic_gate_wait(t) + GATE_SERVICE
            m.against(f"mean time in system W, T = {t:g}", lead, key, "W")

    return Case("gate", "Periodic gate (approval board) after M/M/1 coding", runs, judge)


def gate_first_station_case(every: float = 5.0, rate: float = 1.0) -> Case:
    """The gate is the first station: arrivals wait in the backlog for the window."""

    def runs(p: Precision) -> list[Run]:
        pipeline = [
            station("cab", "approver", GATE_SERVICE, dist="deterministic", gate={"every": every})
        ]
        mapping = scenario(
            "gate-first",
            pipeline,
            days=_days(2_500, p, multiple=every),
            rate=rate,
            people={},
            shared={"approver": 1},
        )
        return [_run("run", mapping)]

    def judge(m: Measurements) -> None:
        wait = theory.periodic_gate_wait(every)
        m.against("mean wait at gate", wait, "run", "Wq.cab")
        m.against("mean time in system W", wait + GATE_SERVICE, "run", "W")
        m.against("backlog WIP (not started) lam T/2", rate * wait, "run", "L.backlog")
        m.against("station WIP (in the batch) lam S", rate * GATE_SERVICE, "run", "L.cab")

    return Case("gate_first_station", "Periodic gate as the first station", runs, judge)


# -- (8) Bottleneck ----------------------------------------------------------------------------
BOTTLENECK = {"coding": 1.0, "review": 1.25, "test": 1.0}  # mean service days


def bottleneck_scenario(key: str, days: float, coding: float, test: float) -> dict[str, Any]:
    pipeline = [
        station("coding", "developer", coding),
        station("review", "reviewer", BOTTLENECK["review"]),
        station("test", "automated", test, servers=1),
    ]
    return scenario(
        f"bottleneck-{key}",
        pipeline,
        days=days,
        warmup=100.0,
        people={"developer": 1, "reviewer": 1},
    )


def bottleneck_case(speedup: float = 1.5) -> Case:
    rb = 1 / BOTTLENECK["review"]
    coding_rate = 1 / BOTTLENECK["coding"]

    def runs(p: Precision) -> list[Run]:
        d = _days(1_000, p)
        c, t = BOTTLENECK["coding"], BOTTLENECK["test"]
        return [
            _run("base", bottleneck_scenario("base", d, c, t)),
            _run("fast_coding", bottleneck_scenario("fast-coding", d, c / speedup, t)),
            _run("fast_test", bottleneck_scenario("fast-test", d, c, t / speedup)),
        ]

    def judge(m: Measurements) -> None:
        m.against("throughput TH = bottleneck rate", rb, "base", "TH")
        m.paired(
            f"TH change, coding {speedup:g}x faster",
            0.0,
            "fast_coding",
            "base",
            "TH",
            note="paired on common random numbers",
        )
        m.paired(
            f"TH change, test {speedup:g}x faster",
            0.0,
            "fast_test",
            "base",
            "TH",
            note="paired on common random numbers",
        )
        m.against("review queue growth / day", coding_rate - rb, "base", "growth.review")
        m.against(
            f"review queue growth / day, coding {speedup:g}x",
            coding_rate * speedup - rb,
            "fast_coding",
            "growth.review",
        )

    title = "Bottleneck: unlimited backlog, review is the constraint"
    return Case("bottleneck", title, runs, judge)


# -- (1) Little's law on every kind of run ---------------------------------------------------
IDENTITY_TOL = 1e-9  # the simulator's own tolerance for the exact identity


def little_case(
    name: str, title: str, make_runs: Callable[[Precision], list[Run]], seed_share: float = 1.0
) -> Case:
    def judge(m: Measurements) -> None:
        m.bound("exact Little identity |residual|", IDENTITY_TOL, "run", "identity")
        growth = m.estimate("run", "growth.total")
        if growth.n >= 2 and growth.lo > 0:
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
        days = min(own, _days(40, p, multiple=10))
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
            lambda p: [_run("run", gate_scenario(5.0, _days(1_500, p, multiple=5)))],
        )
    )
    cases.append(
        little_case(
            "little_rework",
            "Little's law: reworking run",
            lambda p: [_run("run", jackson_scenario(_days(1_500, p)))],
        )
    )
    cases.append(
        little_case(
            "little_conwip",
            "Little's law: CONWIP run",
            lambda p: [_run("run", conwip_scenario(4, _days(1_000, p)))],
        )
    )
    return cases


# -- cross-check with ciw ------------------------------------------------------------------------
CIW_NET = {
    "names": ("coding", "review"),
    "gamma": 0.6,
    "service_means": (1.0, 1.6),
    "servers": (1, 2),
    "rework": 0.2,
}


def ciw_network(days: float, warmup: float = WARMUP) -> OpenNetwork:
    p = CIW_NET["rework"]
    return OpenNetwork(
        names=CIW_NET["names"],
        gamma=CIW_NET["gamma"],
        service_means=CIW_NET["service_means"],
        servers=CIW_NET["servers"],
        routing=[[0.0, 1.0], [p, 0.0]],
        days=days,
        warmup=warmup,
    )


def ciw_orgsim_scenario(days: float, warmup: float = WARMUP) -> dict[str, Any]:
    (c_name, r_name), (c_mean, r_mean) = CIW_NET["names"], CIW_NET["service_means"]
    pipeline = [
        station(c_name, "developer", c_mean),
        station(
            r_name, "reviewer", r_mean, rework={"to": c_name, "probability": CIW_NET["rework"]}
        ),
    ]
    people = {"developer": CIW_NET["servers"][0], "reviewer": CIW_NET["servers"][1]}
    return scenario(
        "ciw-crosscheck", pipeline, days=days, warmup=warmup, rate=CIW_NET["gamma"], people=people
    )


def ciw_case() -> Case:
    net = ciw_network(1.0)
    p = CIW_NET["rework"]
    jack = theory.jackson(
        [net.gamma, 0.0],
        [[0.0, 1.0], [p, 0.0]],
        [1 / m for m in net.service_means],
        list(net.servers),
    )

    def runs(pr: Precision) -> list[Run]:
        days = _days(4_000, pr)
        return [
            _run("orgsim", ciw_orgsim_scenario(days)),
            Run("ciw", ciw_run, ciw_network(days)),
        ]

    def judge(m: Measurements) -> None:
        for name, q in zip(net.names, jack.nodes, strict=True):
            m.against_peer(f"sojourn per visit W_{name}", q.W, "orgsim", "ciw", f"W.{name}")
        m.against_peer("mean time in system W", jack.sojourn, "orgsim", "ciw", "W")

    title = "orgsim vs ciw: coding -> review (2 servers), rework p = 0.2"
    return Case("ciw_crosscheck", title, runs, judge, needs=("ciw",))


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
        conwip_case(),
        gate_case(),
        gate_first_station_case(),
        bottleneck_case(),
        ciw_case(),
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
    results = iter(execute(tasks, jobs, progress))
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


__all__ = ["Case", "all_cases", "run_case", "run_cases", "select", "suite_size"]
