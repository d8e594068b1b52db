"""The validation table as plain text: one line per check."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from orgsim.experiments.estimate import Estimate
from orgsim.metrics.formatting import significant
from orgsim.validation.runner import FAIL, NA, PASS, SKIP, Check


def interval(est: Estimate | None) -> str:
    if est is None or not math.isfinite(est.mean):
        return "-"
    if not (math.isfinite(est.low) and math.isfinite(est.high)):
        return significant(est.mean)
    return f"{significant(est.mean)} [{significant(est.low)}, {significant(est.high)}]"


def format_table(checks: Sequence[Check], peer: str = "ciw") -> str:
    """Columns: case, quantity, theory, orgsim mean [CI], peer mean [CI], result."""
    head = ("case", "quantity", "theory", "orgsim mean [CI]", f"{peer} mean [CI]", "result")
    rows = []
    for c in checks:
        shown = c.shown if c.shown is not None else interval(c.orgsim)
        rows.append(
            (
                c.case,
                c.quantity,
                c.theory_shown or (significant(c.theory) if c.theory is not None else "-"),
                shown if c.status != SKIP else "-",
                interval(c.peer),
                c.status + (f"  ({c.note})" if c.note else ""),
            )
        )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    lines = []
    for r in [head, None, *rows]:
        if r is None:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 6)
            continue
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        cells += [r[i].rjust(widths[i]) if i == 2 else r[i].ljust(widths[i]) for i in (2, 3, 4)]
        lines.append("  ".join(cells) + "  " + r[5])
    return "\n".join(lines)


def tally(checks: Sequence[Check]) -> str:
    n = Counter(c.status for c in checks)
    parts = [f"{n[s]} {s}" for s in (PASS, FAIL, SKIP, NA) if n[s]]
    noun = "check" if len(checks) == 1 else "checks"
    return f"{len(checks)} {noun}: " + ", ".join(parts)
