"""The robustness report: where each claim holds, where it fails, and what decides it.

Per claim: the share of design points where it holds among the conclusive ones, with a
Wilson interval (scipy.stats.binomtest(...).proportion_ci); inconclusive points (the
verdict's own intervals do not decide) and points whose judge raised are counted apart,
not as failures. Then the PRIM box of the parameter space where the claim fails
(coverage, density) and each parameter's feature score (discovery.py).
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgsim.experiments.robust.discovery import Box, feature_scores, prim, quasi_p_values
from orgsim.experiments.robust.space import Uncertain, space_table

LEVEL = 0.95
MIN_CASES = 5  # fewer failing (or holding) points than this: no box is searched


def share_ci(holds: int, n: int, level: float = LEVEL) -> tuple[float, float, float]:
    """The share k/n with its Wilson interval (nan for n = 0)."""
    if n == 0:
        return (np.nan, np.nan, np.nan)
    from scipy.stats import binomtest

    ci = binomtest(holds, n).proportion_ci(confidence_level=level, method="wilson")
    return (holds / n, float(ci.low), float(ci.high))


@dataclass
class RobustnessReport:
    """`design`: one row per point (parameter values). `verdicts`: one row per (point,
    claim): outcome holds/fails/inconclusive/error, band, effect means. `shares`: per
    claim. `boxes`: per claim, the PRIM box where it fails (None: too few failing or
    holding points). `scores`: per claim and parameter, KS distance and p-value.
    `runs`: every run's metrics (point, bundle, seed, ...)."""

    design: pd.DataFrame
    verdicts: pd.DataFrame
    shares: pd.DataFrame
    boxes: dict[str, Box | None]
    scores: pd.DataFrame
    runs: pd.DataFrame
    space: Sequence[Uncertain]
    titles: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, str]:
        return {p.name: p.label for p in self.space}

    def boxes_table(self) -> pd.DataFrame:
        rows = []
        for claim, box in self.boxes.items():
            if box is None:
                continue
            x = self.design.loc[self._conclusive(claim)["point"]]
            y = self._conclusive(claim)["outcome"].eq("fails").to_numpy()
            full = {k: v for k, v in box.restrictions.items()}
            p = quasi_p_values(x.reset_index(drop=True), y.astype(float), full) if full else {}
            base = {"claim": claim, "coverage": box.coverage, "density": box.density}
            base.update(mass=box.mass, n=box.n)
            if not full:
                rows.append({**base, "parameter": "", "low": np.nan, "high": np.nan})
            for name, lim in full.items():
                lo, hi = (sorted(map(str, lim)), None) if isinstance(lim, frozenset) else lim
                rows.append(
                    {
                        **base,
                        "parameter": name,
                        "low": "|".join(lo) if hi is None else lo,
                        "high": "" if hi is None else hi,
                        "quasi_p": p.get(name, np.nan),
                    }
                )
        cols = ["claim", "parameter", "low", "high", "quasi_p", "coverage", "density", "mass"]
        return pd.DataFrame(rows).reindex(columns=[*cols, "n"])

    def _conclusive(self, claim: str) -> pd.DataFrame:
        v = self.verdicts[self.verdicts["claim"] == claim]
        return v[v["outcome"].isin(("holds", "fails"))]

    def to_text(self) -> str:
        s = self.settings
        out = [
            f"Robustness of the claims: {s.get('points')} design points (Latin hypercube, "
            f"seed {s.get('sample_seed')}) x {s.get('seeds')} seeds, {s.get('bundles')} "
            f"scenarios per point, {s.get('runs')} runs; "
            + (f"{s['days']:g} measured days" if s.get("days") else "the presets' horizon"),
            "",
        ]
        t = self.shares.copy()
        cols = ["claim", "holds", "fails", "inconclusive", "error", "share", "ci"]
        t["share"] = [f"{x:.0%}" if x == x else "-" for x in t["share"]]
        t["ci"] = [
            f"[{a:.0%}, {b:.0%}]" if a == a else "-"
            for a, b in zip(t["ci_low"], t["ci_high"], strict=True)
        ]
        out += [
            "Share of points where each claim holds (conclusive points; 95% Wilson CI):",
            t[cols].to_string(index=False),
            "",
        ]
        for claim in self.shares["claim"]:
            title = self.titles.get(claim, "")
            out.append(f"{claim}: {title}".rstrip(": "))
            box = self.boxes.get(claim)
            row = self.shares.set_index("claim").loc[claim]
            if row["fails"] == 0:
                out.append("  fails at no conclusive point: no failure region to describe")
            elif box is None:
                out.append(
                    f"  too few failing or holding points for a box (need {MIN_CASES} of each)"
                )
            elif not box.restrictions:
                out.append(
                    f"  fails without a region standing out ({box.density:.0%} of points); "
                    "no parameter box is denser"
                )
            else:
                what = textwrap.fill(
                    box.describe(self.labels), 96, initial_indent="    ", subsequent_indent="    "
                )
                out += [
                    "  fails mostly where",
                    what,
                    f"  coverage {box.coverage:.0%} (of the failing points inside), density "
                    f"{box.density:.0%} (of the points inside fail), mass {box.mass:.0%}, "
                    f"{box.n} points",
                ]
            sc = self.scores[self.scores["claim"] == claim].head(3)
            if len(sc) and sc["score"].notna().any():
                tops = ", ".join(
                    f"{self.labels.get(r.parameter, r.parameter)} {r.score:.2f}"
                    + (" (p < 0.05)" if r.p_value < 0.05 else "")
                    for r in sc.itertuples()
                )
                out.append(f"  moves the verdict most (KS distance): {tops}")
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def figures(self) -> dict[str, Any]:
        from orgsim.experiments.robust.figures import box_figure, share_figure

        figs = {"robust_shares": share_figure(self)}
        for claim, box in self.boxes.items():
            if box is not None:
                figs[f"robust_{claim.lower()}_box"] = box_figure(self, claim)
        return figs

    def save(self, out: str | Path, dpi: int = 110) -> list[Path]:
        """Write the tables (CSV) and figures (PNG) into `out`; each file appears whole
        (written beside its name, then renamed), so a reader never sees half a file."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def put(name: str, write) -> None:
            final = out / name
            tmp = out / f".{name}.tmp{os.getpid()}"
            try:
                write(tmp)
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            written.append(final)

        tables = {
            "robust_design.csv": self.design.rename_axis("point").reset_index(),
            "robust_verdicts.csv": self.verdicts,
            "robust_shares.csv": self.shares,
            "robust_boxes.csv": self.boxes_table(),
            "robust_scores.csv": self.scores,
            "robust_space.csv": space_table(self.space),
            "robust_runs.csv": self.runs,
        }
        for name, frame in tables.items():
            put(name, lambda p, f=frame: f.to_csv(p, index=False))
        for name, fig in self.figures().items():
            put(f"{name}.png", lambda p, f=fig: f.savefig(p, dpi=dpi, format="png"))
        put("robust.txt", lambda p: p.write_text(self.to_text()))
        return written


def summarize(
    design: pd.DataFrame,
    verdicts: pd.DataFrame,
    runs: pd.DataFrame,
    space: Sequence[Uncertain],
    titles: Mapping[str, str],
    settings: Mapping[str, Any],
) -> RobustnessReport:
    """Shares, boxes and scores from the verdicts."""
    rows, boxes, scores = [], {}, []
    names = [p.name for p in space if p.name in design.columns]
    for claim in titles:
        v = verdicts[verdicts["claim"] == claim]
        counts = v["outcome"].value_counts()
        k, f = int(counts.get("holds", 0)), int(counts.get("fails", 0))
        share, lo, hi = share_ci(k, k + f)
        rows.append(
            {
                "claim": claim,
                "points": len(v),
                "holds": k,
                "fails": f,
                "inconclusive": int(counts.get("inconclusive", 0)),
                "error": int(counts.get("error", 0)),
                "share": share,
                "ci_low": lo,
                "ci_high": hi,
            }
        )
        conclusive = v[v["outcome"].isin(("holds", "fails"))]
        x = design.loc[conclusive["point"], names].reset_index(drop=True)
        y = conclusive["outcome"].eq("fails").to_numpy()
        boxes[claim] = prim(x, y).box if y.sum() >= MIN_CASES and (~y).sum() >= MIN_CASES else None
        if len(x):
            sc = feature_scores(x, y)
            sc.insert(0, "claim", claim)
            scores.append(sc)
    score_frame = (
        pd.concat(scores, ignore_index=True)
        if scores
        else pd.DataFrame(columns=["claim", "parameter", "score", "p_value"])
    )
    return RobustnessReport(
        design=design,
        verdicts=verdicts,
        shares=pd.DataFrame(rows),
        boxes=boxes,
        scores=score_frame,
        runs=runs,
        space=list(space),
        titles=dict(titles),
        settings=dict(settings),
    )
