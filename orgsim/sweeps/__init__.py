"""Policy sweeps: many policies x many seeds, in parallel, into a Parquet results store.

    import orgsim
    df = orgsim.sweep("scenarios/sweeps/claims-map.toml", workers=2, out="out/claims")
    report = orgsim.analyze("out/claims")

A spec (TOML) names a base scenario, factors (dotted scenario keys) with values (a
grid) or ranges (sampled: Latin hypercube, Sobol, Morris via SALib), policy bundles to
compare on common random numbers, seeds, and metrics to keep. Runs execute in a local
process pool or on Dask; each finished run is recorded at once, so an interrupted sweep
resumes where it stopped. See docs/sweeps.md.
"""

from orgsim.sweeps.analysis import Analysis, analyze
from orgsim.sweeps.backends import BackendError
from orgsim.sweeps.design import Plan, build_plan
from orgsim.sweeps.runner import SweepError, sweep
from orgsim.sweeps.spec import Spec, SpecError, load_spec
from orgsim.sweeps.store import read_plan, read_runs, read_timeseries

__all__ = [
    "Analysis",
    "BackendError",
    "Plan",
    "Spec",
    "SpecError",
    "SweepError",
    "analyze",
    "build_plan",
    "load_spec",
    "read_plan",
    "read_runs",
    "read_timeseries",
    "sweep",
]
