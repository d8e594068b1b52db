"""A claim's result: its verdict, tables, figures and the command that reproduces it.

Tables are kept numeric (CSV-ready); `to_text` and `to_markdown` render them through the
shared formatter, so a number reads the same here as in the CLI, the app and the docs.
Three shapes are recognized: effect tables (relative paired changes with their band),
level tables (mean [CI] of a metric per bundle), and any other frame (numbers formatted
as they are).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from orgsim.experiments.claims.verdict import Verdict
from orgsim.experiments.estimate import Estimate
from orgsim.metrics import formatting
from orgsim.metrics.catalog import label

EFFECT_COLUMNS = {"effect", "metric", "treatment", "control", "mean", "low", "high", "band"}
LEVEL_COLUMNS = {"bundle", "metric", "mean", "low", "high", "n"}


@dataclass
class ClaimResult:
    """One claim's experiment at one design point.

    `table`: the effects the verdict used (relative paired changes with their 95% CI and
    band). `tables`: further named tables (means per bundle, drivers, per station).
    `figures`: named matplotlib figures (the name is the PNG's file stem). `finding`:
    the verdict's text. `holds`: True / False / None (inconclusive), by the rule the
    module states. `command`: the command line that reproduces it. `runs`: the rows
    (bundle, seed, metrics) the verdict was judged on.
    """

    claim: str
    title: str
    table: pd.DataFrame
    figures: dict[str, Figure]
    finding: str
    command: str
    holds: bool | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    verdict: Verdict | None = None
    runs: pd.DataFrame | None = None

    @property
    def figure(self) -> Figure:
        return next(iter(self.figures.values()))

    @property
    def band(self) -> str:
        return self.verdict.band if self.verdict else ""

    def display_table(self) -> pd.DataFrame:
        return display(self.table)

    def headline(self) -> str:
        word = {True: "holds", False: "does not hold", None: "inconclusive"}[self.holds]
        return f"{self.claim}: {word} ({self.band})" if self.band else f"{self.claim}: {word}"

    def to_text(self) -> str:
        out = [f"{self.claim}: {self.title}", f"verdict: {self.headline()}", ""]
        out.append(self.display_table().to_string(index=False))
        for name, t in self.tables.items():
            out += ["", f"{name}:", display(t).to_string(index=False)]
        out += ["", textwrap.fill(self.finding, 100), "", f"reproduce: {self.command}"]
        return "\n".join(out)

    def to_markdown(self, img_prefix: str = "") -> str:
        out = [f"### {self.claim}: {self.title}", "", f"**Verdict:** {self.headline()}", ""]
        out += ["```", self.command, "```", "", formatting.markdown_table(self.display_table())]
        for name, t in self.tables.items():
            out += ["", f"*{name}*", "", formatting.markdown_table(display(t))]
        out.append("")
        for name in self.figures:
            out += [f"![{self.claim}: {name}]({img_prefix}{name}.png)", ""]
        out.append(self.finding)
        return "\n".join(out) + "\n"

    def save(self, out: str | Path, dpi: int = 110) -> list[Path]:
        """Write each figure as `<name>.png` and each table as CSV into `out`."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, fig in self.figures.items():
            p = out / f"{name}.png"
            fig.savefig(p, dpi=dpi)
            written.append(p)
        stem = self.claim.lower()
        frames = {"table": self.table, **{_slug(k): v for k, v in self.tables.items()}}
        for name, t in frames.items():
            p = out / f"{stem}_{name}.csv"
            t.to_csv(p, index=False)
            written.append(p)
        return written


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


def _estimate(r) -> Estimate:
    return Estimate(float(r["mean"]), float(r["low"]), float(r["high"]), int(r.get("n", 0)))


def display(t: pd.DataFrame) -> pd.DataFrame:
    """A table as strings for a reader (see the module docstring for the shapes)."""
    cols = set(t.columns)
    if cols >= EFFECT_COLUMNS:
        rows = [
            {
                "effect": r["effect"],
                "metric": label(r["metric"]),
                "treatment vs control": f"{r['treatment']} vs {r['control']}",
                "change [95% CI]": formatting.relative(_estimate(r)),
                "band": r["band"],
                **{c: _cell(r[c], c) for c in t.columns if c not in EFFECT_COLUMNS | {"n"}},
            }
            for _, r in t.iterrows()
        ]
        return pd.DataFrame(rows)
    if cols >= LEVEL_COLUMNS:
        rows = [
            {
                "scenario": r["bundle"],
                "metric": label(r["metric"]),
                "mean [95% CI]": formatting.estimate(_estimate(r), r["metric"], with_unit=True),
            }
            for _, r in t.iterrows()
        ]
        return pd.DataFrame(rows)
    out = t.copy()
    for c in out.columns:
        out[c] = [_cell(v, c) for v in out[c]]
    return out


def _cell(v, column: str) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else ("yes" if v else "no")
    if isinstance(v, float):
        if column.endswith("_pct") or column in ("change", "share"):
            return formatting.percent(v)
        return formatting.number(v)
    return str(v)
