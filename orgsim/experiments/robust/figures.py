"""Figures of the robustness report: the share where each claim holds, and where it fails.

Figures are matplotlib `Figure` objects built without pyplot (no global state, safe in
worker threads and in the app).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

if TYPE_CHECKING:
    from orgsim.experiments.robust.report import RobustnessReport

COLORS = {"holds": "#2ca02c", "fails": "#d62728", "inconclusive": "#bbbbbb", "error": "#000000"}


def share_figure(report: RobustnessReport) -> Figure:
    """One bar per claim: share of conclusive points where it holds, Wilson 95% CI."""
    t = report.shares
    fig = Figure(figsize=(7.5, 0.6 * len(t) + 1.8), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))[::-1]
    share = t["share"].to_numpy(dtype=float)
    lo = np.clip(share - t["ci_low"].to_numpy(dtype=float), 0, None)
    hi = np.clip(t["ci_high"].to_numpy(dtype=float) - share, 0, None)
    ax.barh(y, share * 100, color="#1f77b4", alpha=0.8, height=0.6)
    ax.errorbar(share * 100, y, xerr=np.vstack([lo, hi]) * 100, fmt="none", ecolor="k", capsize=3)
    for yy, r in zip(y, t.itertuples(), strict=True):
        note = f"{r.holds}/{r.holds + r.fails}"
        if r.inconclusive:
            note += f", {r.inconclusive} inconclusive"
        if r.error:
            note += f", {r.error} errors"
        ax.text(101, yy, note, va="center", fontsize=8.5)
    ax.set_yticks(y, list(t["claim"]))
    ax.set_xlim(0, 135)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("design points where the claim holds (% of conclusive points, 95% CI)")
    s = report.settings
    ax.set_title(
        f"Does the claim hold? {s.get('points')} organizations (Latin hypercube), "
        f"{s.get('seeds')} seeds each",
        fontsize=10,
    )
    ax.grid(axis="x", alpha=0.3)
    return fig


def _two_axes(report: RobustnessReport, claim: str) -> list[str]:
    """The two parameters to plot: the box's restrictions first, then the top scores."""
    box = report.boxes.get(claim)
    sc = report.scores[report.scores["claim"] == claim]
    d = report.design

    def numeric_first(names: list[str]) -> list[str]:
        num = [p for p in names if p in d and d[p].dtype.kind in "if"]
        return num + [p for p in names if p not in num]

    restricted = numeric_first(list(box.restrictions) if box is not None else [])
    names = restricted + numeric_first([p for p in sc["parameter"] if p not in restricted])
    return names[:2]


def box_figure(report: RobustnessReport, claim: str) -> Figure:
    """Parameter-vs-verdict scatter on the two parameters that matter most, with the
    PRIM box where the claim fails drawn over it."""
    names = _two_axes(report, claim)
    v = report.verdicts[report.verdicts["claim"] == claim]
    d = report.design
    labels = report.labels
    fig = Figure(figsize=(6.5, 5.0), layout="constrained")
    ax = fig.subplots()
    rng = np.random.default_rng(0)

    def coord(name: str) -> tuple[np.ndarray, list[str] | None]:
        col = d.loc[v["point"], name]
        if col.dtype.kind in "if":
            vals = col.to_numpy(dtype=float)
            if col.dtype.kind == "i":  # counts: jitter so equal points stay visible
                vals = vals + rng.uniform(-0.2, 0.2, len(vals))
            return vals, None
        levels = sorted(col.unique())
        codes = np.array([levels.index(c) for c in col], dtype=float)
        return codes + rng.uniform(-0.25, 0.25, len(codes)), levels

    x, xl = coord(names[0])
    y, yl = coord(names[1]) if len(names) > 1 else (rng.uniform(0, 1, len(v)), None)
    for outcome, color in COLORS.items():
        m = (v["outcome"] == outcome).to_numpy()
        if m.any():
            ax.scatter(x[m], y[m], s=22, c=color, label=f"{outcome} ({m.sum()})", alpha=0.8)
    box = report.boxes.get(claim)
    if box is not None and box.restrictions:
        lims = []
        second = names[1] if len(names) > 1 else None
        for name, axis_vals, levels in ((names[0], x, xl), (second, y, yl)):
            lim = box.restrictions.get(name) if name else None
            lo, hi = np.nanmin(axis_vals), np.nanmax(axis_vals)
            if isinstance(lim, tuple):
                lo, hi = max(lim[0], lo), min(lim[1], hi)
            elif isinstance(lim, frozenset) and levels:
                codes = [levels.index(c) for c in lim if c in levels]
                lo, hi = min(codes) - 0.35, max(codes) + 0.35
            lims.append((lo, hi))
        (x0, x1), (y0, y1) = lims
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="#d62728", lw=2))
        ax.set_title(
            textwrap.fill(f"{claim} fails where: {box.describe(labels)}", 80)
            + f"\ncoverage {box.coverage:.0%}, density {box.density:.0%}",
            fontsize=9,
        )
    else:
        ax.set_title(f"{claim}: verdict by parameter", fontsize=10)
    ax.set_xlabel(labels.get(names[0], names[0]))
    if xl:
        ax.set_xticks(range(len(xl)), xl)
    if len(names) > 1:
        ax.set_ylabel(labels.get(names[1], names[1]))
        if yl:
            ax.set_yticks(range(len(yl)), yl)
    else:
        ax.set_yticks([])
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    return fig
