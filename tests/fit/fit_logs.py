"""Shared builders for the fit tests: synthetic logs from a known system, CLI runner.

A module of its own (not conftest.py), so that `from fit_logs import ...` names one file
whichever test folders a pytest call collects.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orgsim.cli.main import main
from orgsim.fit.workdays import WorkCalendar

DATA = Path(__file__).resolve().parent.parent / "data"
NUMPY_SLICE = DATA / "numpy-prs-slice.csv"


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse errors
        code = int(exc.code)
    out = capsys.readouterr()
    return code, out.out, out.err


def synthetic_log(
    seed: int = 1,
    days: float = 600.0,
    rate: float = 3.0,
    coding_mean: float = 2.0,
    coding_cv: float = 0.8,
    review_mean: float = 0.5,
    rework: float = 0.0,
    release_every: float = 20.0,
    release_offset: float = 7.0,
    origin: str = "2022-01-03",
    releases: list[float] | None = None,
) -> pd.DataFrame:
    """A log of a known system: Poisson arrivals, lognormal coding, exponential review
    (no queueing: ample servers), optional review -> coding returns, a periodic release
    (or one at each of `releases`, working days from `origin`)."""
    rng = np.random.default_rng(seed)
    cal = WorkCalendar.make(origin)
    n = rng.poisson(rate * days)
    arrivals = np.sort(rng.uniform(0, days, n))
    sigma = np.sqrt(np.log1p(coding_cv**2))
    mu = np.log(coding_mean) - sigma**2 / 2
    if releases is None:
        releases = np.arange(release_offset, days + 10 * release_every, release_every)
    releases = np.asarray(releases, dtype=float)
    rows = []
    for i, a in enumerate(arrivals):
        t = a
        while True:
            c = rng.lognormal(mu, sigma)
            rows.append((i, "coding", t, t + c))
            t += c
            r = rng.exponential(review_mean)
            rows.append((i, "review", t, t + r))
            t += r
            if rng.random() >= rework:
                break
        rel = releases[np.searchsorted(releases, t)]
        rows.append((i, "release", t, rel))
    df = pd.DataFrame(rows, columns=["case_id", "activity", "s", "e"])
    df["start"] = cal.to_time(df["s"]).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    df["end"] = cal.to_time(df["e"]).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    df["resource"] = "person-" + (df.index % 40).astype(str)
    return df[["case_id", "activity", "start", "end", "resource"]]
