"""Validation against queueing theory and a peer simulator (docs/validation.md).

>>> from orgsim.validation import PRECISIONS, run_cases, select
>>> checks = run_cases(select(["mm1_rho_0.5"]), PRECISIONS["quick"], range(1, 21))
>>> all(c.status != "fail" for c in checks)
True

`orgsim validate` runs every case and prints the table.
"""

from orgsim.experiments.estimate import Estimate
from orgsim.validation.cases import Case, all_cases, run_case, run_cases, select
from orgsim.validation.runner import FAIL, NA, PASS, PRECISIONS, SKIP, Check, Precision
from orgsim.validation.table import format_table, tally

__all__ = [
    "FAIL",
    "NA",
    "PASS",
    "PRECISIONS",
    "SKIP",
    "Case",
    "Check",
    "Estimate",
    "Precision",
    "all_cases",
    "format_table",
    "run_case",
    "run_cases",
    "select",
    "tally",
]
