"""Figures the claims share: one color per preset, effect charts coloured by band.

Every figure is a matplotlib `Figure` built without pyplot (the Agg backend, no global
state), so claims can run in worker processes and tests. An effect chart shows relative
paired changes in percent with their 95% intervals, coloured by the band the verdict
gives them: a reader sees at a glance which effects decided the claim.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from orgsim.experiments.claims import verdict as v
from orgsim.experiments.claims.common import AI, BASELINE, NATIVE, REALISTIC, REDESIGNED
from orgsim.experiments.estimate import Estimate
from orgsim.metrics import formatting

COLORS = {
    BASELINE: "#7f7f7f",
    REALISTIC: "#ff7f0e",
    AI: "#d62728",
    REDESIGNED: "#1f77b4",
    NATIVE: "#2ca02c",
}
BAND_COLORS = {
    v.IMPROVES_SUBSTANTIALLY: "#2ca02c",
    v.BARELY_CHANGES: "#9e9e9e",
    v.WORSENS: "#ff7f0e",
    v.WORSENS_SUBSTANTIALLY: "#d62728",
    v.INCONCLUSIVE: "#c5b0d5",
}


def color(bundle: str) -> str:
    """The color of the preset a bundle derives from (lighter for its no-AI variant)."""
    base = next((p for p in sorted(COLORS, key=len, reverse=True) if bundle.startswith(p)), "")
    c = COLORS.get(base, "#9467bd")
    if bundle.endswith("@no-ai"):
        rgb = np.array(matplotlib.colors.to_rgb(c))
        return matplotlib.colors.to_hex(rgb + (1 - rgb) * 0.55)
    return c


def figure(w: float, h: float, ncols: int = 1, nrows: int = 1, **kw):
    fig = Figure(figsize=(w, h), layout="constrained")
    return fig, fig.subplots(nrows, ncols, squeeze=False, **kw)


def note(fig: Figure, text: str) -> None:
    """A footnote under the axes (room for it is reserved in the layout)."""
    fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    fig.text(0.01, 0.01, text, fontsize=8, color="#444444", ha="left", va="bottom")


def wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width))


def yerr(mean, low, high) -> np.ndarray:
    m, lo, hi = (np.asarray(a, dtype=float) for a in (mean, low, high))
    return np.vstack([np.clip(m - lo, 0, None), np.clip(hi - m, 0, None)])


def plain_log(ax, axis: str = "y") -> None:
    """Log scale with plain tick labels (5, 10, 50) instead of powers of ten."""
    a = ax.yaxis if axis == "y" else ax.xaxis
    a.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.10g}"))
    a.set_minor_formatter(NullFormatter())


def effect_bars(
    ax,
    items: Sequence[tuple[str, Estimate, str]],
    xlabel: str = "change (%)",
) -> None:
    """Horizontal bars: (label, relative Estimate, band) -> % change with CI by band.

    Changes of more than +300% are drawn on a symmetric-log axis so a tenfold worsening
    and a 5% change fit on one chart; each bar carries its value as text."""
    y = np.arange(len(items))[::-1]
    m = np.array([100 * e.mean for _, e, _ in items], dtype=float)
    lo = np.array([100 * e.low for _, e, _ in items], dtype=float)
    hi = np.array([100 * e.high for _, e, _ in items], dtype=float)
    ax.barh(y, m, color=[BAND_COLORS.get(b, "#999999") for _, _, b in items], height=0.6)
    ax.errorbar(
        m,
        y,
        xerr=yerr(m, np.where(np.isnan(lo), m, lo), np.where(np.isnan(hi), m, hi)),
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    ax.axvline(0, color="black", lw=1)
    span = np.nanmax(np.abs(np.r_[lo, hi, m, 1.0]))
    if span > 300:
        ax.set_xscale("symlog", linthresh=50)
        # Decades only (and 0), so that the labels of a wide axis do not run together.
        top = 10 ** np.ceil(np.log10(span))
        ticks = [-top, 0, top] if top >= 1000 else [-100, 0, 100]
        ax.xaxis.set_major_locator(FixedLocator(sorted(set(ticks))))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:+,.0f}%".replace("-", "\u2212")))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, [wrap(t, 30) for t, _, _ in items], fontsize=8.5)
    for yy, (_, e, b) in zip(y, items, strict=True):
        x = 100 * (e.high if np.isfinite(e.high) and e.mean >= 0 else e.mean)
        if e.mean < 0:
            x = 100 * (e.low if np.isfinite(e.low) else e.mean)
        ax.text(
            x,
            yy + 0.32,
            f"{formatting.relative(e)}  ({b})",
            fontsize=7.5,
            ha="left" if e.mean >= 0 else "right",
            va="center",
        )
    ax.margins(x=0.35)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)


def band_legend(ax) -> None:
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=c, label=b) for b, c in BAND_COLORS.items()],
        fontsize=7.5,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncols=len(BAND_COLORS),
        frameon=False,
    )


def level_bars(ax, levels, bundles: Sequence[str], metric: str, ylabel: str, log=False):
    """Mean [CI] of one metric per bundle as bars in each preset's color."""
    t = levels[levels["metric"] == metric].set_index("bundle")
    names = [b for b in bundles if b in t.index]
    x = np.arange(len(names))
    m = t.loc[names, "mean"].to_numpy(dtype=float)
    lo, hi = t.loc[names, "low"].to_numpy(dtype=float), t.loc[names, "high"].to_numpy(dtype=float)
    ax.bar(x, m, color=[color(n) for n in names])
    ax.errorbar(
        x,
        m,
        yerr=yerr(m, np.where(np.isnan(lo), m, lo), np.where(np.isnan(hi), m, hi)),
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    for xx, mm, h in zip(x, m, hi, strict=True):
        top = h if np.isfinite(h) else mm
        ax.text(
            xx,
            top * (1.08 if log else 1.0) + (0 if log else 0.02 * np.nanmax(m)),
            formatting.value(mm, metric),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(x, [wrap(n.replace("@", " @"), 11) for n in names], fontsize=7)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
        plain_log(ax)
    ax.margins(y=0.15)
    ax.grid(axis="y", alpha=0.3)
