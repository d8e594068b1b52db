"""The dashboard's charts: matplotlib figures rendered to PNG bytes.

Each function takes plain data (the model's daily time series, lead times, the summary)
and optional axis limits, so that the Compare page can draw several runs on the same
scales. Figures are built with the object-oriented API (no pyplot): they are safe to
draw from the thread that runs the simulation.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

WEEK = 5
# Tableau 10, in station order; the backlog is grey and delivered work green everywhere.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#e15759",
)
BACKLOG_COLOR = "#9e9e9e"
DONE_COLOR = "#2e7d32"
CONSTRAINT_COLOR = "#c62828"
WARMUP_COLOR = "#eeeeee"
SIZE = (3.9, 2.35)  # inches: 429 x 258 pixels at DPI
DPI = 110


def station_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


# Figure size for charts drawn without a Canvas (the Compare page sets it per column count).
_size: ContextVar[tuple[float, float]] = ContextVar("orgsim_chart_size", default=SIZE)


@contextmanager
def figure_size(size: tuple[float, float]):
    token = _size.set(size)
    try:
        yield
    finally:
        _size.reset(token)


@dataclass(frozen=True)
class Limits:
    """Shared axis ranges so that charts of different runs line up."""

    days: float | None = None
    cum: float | None = None
    wip: float | None = None
    lead: float | None = None
    lead_count: float | None = None
    weekly: float | None = None
    spend: float | None = None


class Canvas:
    """A figure kept from frame to frame: each frame replaces only the data artists.

    Building a matplotlib figure (axes, ticks, text metrics) costs far more than drawing
    one, so the Simulate page keeps one Canvas per chart and redraws it in place.
    """

    def __init__(self, twin: bool = False, size: tuple[float, float] = SIZE) -> None:
        self.fig = Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_subplot(1, 1, 1)
        self.ax2 = self.ax.twinx() if twin else None
        for ax in self.axes:
            ax.tick_params(labelsize=7)
            ax.spines["top"].set_visible(False)
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self.ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        self.ax.spines["right"].set_visible(twin)
        self.ax.grid(True, color="#e6e6e6", linewidth=0.6)
        self.ax.set_axisbelow(True)
        left = 0.6 / size[0]  # inches kept for the y labels, whatever the width
        right = 1 - (0.55 if twin else 0.12) / size[0]
        self.fig.subplots_adjust(left=left, right=right, bottom=0.18, top=0.95)

    @property
    def axes(self) -> list:
        return [self.ax] if self.ax2 is None else [self.ax, self.ax2]

    def clear(self) -> None:
        for ax in self.axes:
            ax.set_axis_on()
            for container in list(ax.containers):
                container.remove()
            for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
                artist.remove()
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
        return buf.getvalue()


def _canvas(canvas: Canvas | None, twin: bool = False) -> tuple[Canvas, object]:
    if canvas is None:
        canvas = Canvas(twin, _size.get())
    else:
        canvas.clear()
    return canvas, canvas.ax


def _empty(ax, text: str) -> None:
    ax.set_axis_off()  # Canvas.clear turns it back on for the next frame
    ax.text(
        0.5, 0.5, text, ha="center", va="center", fontsize=8, color="#777", transform=ax.transAxes
    )


def _warmup(ax, warmup: float, top_days: float) -> None:
    if warmup > 0 and top_days > 0:
        ax.axvspan(0, min(warmup, top_days), color=WARMUP_COLOR, zorder=0, linewidth=0)
        ax.text(
            min(warmup, top_days) / 2,
            0.97,
            "warm-up",
            ha="center",
            va="top",
            fontsize=6,
            color="#888",
            transform=ax.get_xaxis_transform(),
        )


def _days_axis(ax, ts: pd.DataFrame, limits: Limits) -> float:
    top = float(limits.days if limits.days else max(ts.index.max() if len(ts) else 1, 1))
    ax.set_xlim(0, top)
    ax.set_xlabel("working day", fontsize=7, labelpad=1)
    return top


def cumulative_flow(
    ts: pd.DataFrame,
    stations: Sequence[str],
    warmup: float,
    limits: Limits = Limits(),
    canvas: Canvas | None = None,
) -> bytes:
    """Cumulative flow diagram: items that reached each station so far, stacked bands.

    The band between a station's line and the next station's is the work at that station
    (waiting or in progress); a widening band is WIP piling up.
    """
    cv, ax = _canvas(canvas)
    if ts.empty:
        _empty(ax, "press Step or Play")
        return cv.png()
    days = np.concatenate([[0.0], ts.index.to_numpy(dtype=float)])

    def col(name: str) -> np.ndarray:
        return np.concatenate([[0.0], ts[name].to_numpy(dtype=float)])

    top = _days_axis(ax, ts, limits)
    _warmup(ax, warmup, top)
    lines = [col(f"cum_{s}") for s in stations] + [col("cum_done")]
    arrivals = col("cum_backlog")
    if arrivals.max() > lines[0].max():
        ax.fill_between(days, lines[0], arrivals, color=BACKLOG_COLOR, linewidth=0, alpha=0.9)
    for i in range(len(stations)):
        ax.fill_between(days, lines[i + 1], lines[i], color=station_color(i), linewidth=0)
    ax.fill_between(days, 0, lines[-1], color=DONE_COLOR, alpha=0.35, linewidth=0)
    ax.plot(days, lines[-1], color=DONE_COLOR, linewidth=1.0)
    ax.set_ylim(0, limits.cum if limits.cum else max(arrivals.max(), 1) * 1.05)
    ax.set_ylabel("items (cumulative)", fontsize=7, labelpad=1)
    return cv.png()


def wip_over_time(
    ts: pd.DataFrame,
    stations: Sequence[str],
    warmup: float,
    limits: Limits = Limits(),
    canvas: Canvas | None = None,
) -> bytes:
    """WIP at each station, day by day (one line per station, in station colours)."""
    cv, ax = _canvas(canvas)
    if ts.empty:
        _empty(ax, "press Step or Play")
        return cv.png()
    top = _days_axis(ax, ts, limits)
    _warmup(ax, warmup, top)
    days = ts.index.to_numpy(dtype=float)
    peak = 1.0
    if "wip_backlog" in ts and ts["wip_backlog"].max() > 0:
        ax.plot(days, ts["wip_backlog"], color=BACKLOG_COLOR, linewidth=1.0, linestyle="--")
        peak = max(peak, float(ts["wip_backlog"].max()))
    for i, s in enumerate(stations):
        y = ts[f"wip_{s}"].to_numpy(dtype=float)
        ax.plot(days, y, color=station_color(i), linewidth=1.3)
        peak = max(peak, float(y.max()))
    ax.set_ylim(0, limits.wip if limits.wip else peak * 1.08)
    ax.set_ylabel("items at station", fontsize=7, labelpad=1)
    return cv.png()


def lead_time_distribution(
    lead_times: np.ndarray,
    percentiles: dict[str, float],
    limits: Limits = Limits(),
    canvas: Canvas | None = None,
) -> bytes:
    """Histogram of lead times (arrival to production) with p50, p85 and p95 marked."""
    cv, ax = _canvas(canvas)
    lead = np.asarray(lead_times, dtype=float)
    lead = lead[np.isfinite(lead)]
    if len(lead) == 0:
        _empty(ax, "no change delivered yet")
        return cv.png()
    top = limits.lead if limits.lead else lead_top(lead)
    bins = np.linspace(0, top, LEAD_BINS + 1)
    ax.hist(np.clip(lead, 0, top), bins=bins, color="#90a4ae", edgecolor="white", linewidth=0.4)
    styles = {"p50": ("#1565c0", "-"), "p85": ("#ef6c00", "--"), "p95": ("#c62828", ":")}
    for key, value in percentiles.items():
        if value is None or not math.isfinite(value):
            continue
        color, ls = styles.get(key, ("#333", "-"))
        ax.axvline(value, color=color, linestyle=ls, linewidth=1.4, label=f"{key} {value:,.1f} d")
    ax.set_xlim(0, top)
    if limits.lead_count:
        ax.set_ylim(0, limits.lead_count)
    ax.set_xlabel("lead time (working days)", fontsize=7, labelpad=1)
    ax.set_ylabel("changes", fontsize=7, labelpad=1)
    ax.legend(fontsize=6.5, frameon=False, loc="upper right", handlelength=1.6)
    return cv.png()


LEAD_BINS = 30


def lead_top(lead: np.ndarray) -> float:
    """The histogram's right edge: the 99.5th percentile (the rest is clipped into the last bin)."""
    return max(float(np.percentile(lead, 99.5)) * 1.05, 1.0) if len(lead) else 1.0


def lead_peak(lead: np.ndarray, top: float) -> float:
    """The tallest bar of the histogram on [0, top] (to share the count axis)."""
    if not len(lead):
        return 1.0
    counts, _ = np.histogram(np.clip(lead, 0, top), bins=np.linspace(0, top, LEAD_BINS + 1))
    return float(counts.max())


def weekly(ts: pd.DataFrame, column: str = "completions") -> pd.Series:
    """Sum a daily column over working weeks (days 1-5 are week 1)."""
    if ts.empty:
        return pd.Series(dtype=float)
    week = (ts.index.to_numpy() - 1) // WEEK + 1
    return ts[column].groupby(week).sum()


def throughput_per_week(
    ts: pd.DataFrame, warmup: float, limits: Limits = Limits(), canvas: Canvas | None = None
) -> bytes:
    """Changes delivered to production in each working week."""
    cv, ax = _canvas(canvas)
    per_week = weekly(ts)
    if per_week.empty:
        _empty(ax, "press Step or Play")
        return cv.png()
    weeks = per_week.index.to_numpy(dtype=float)
    colors = [BACKLOG_COLOR if w * WEEK <= warmup else DONE_COLOR for w in weeks]
    ax.bar(weeks * WEEK - WEEK / 2, per_week.to_numpy(), width=WEEK * 0.85, color=colors)
    measured = per_week[weeks * WEEK > warmup]
    top = _days_axis(ax, ts, limits)
    if len(measured):
        mean = float(measured.mean())
        ax.axhline(mean, color="#1b5e20", linestyle="--", linewidth=1.0)
        ax.text(
            top,
            mean,
            f"mean {mean:,.1f}",
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#1b5e20",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6},
        )
    _warmup(ax, warmup, top)
    ax.set_ylim(0, limits.weekly if limits.weekly else max(float(per_week.max()), 1.0) * 1.15)
    ax.set_ylabel("delivered / week", fontsize=7, labelpad=1)
    return cv.png()


def spend_vs_delivered(
    ts: pd.DataFrame, warmup: float, limits: Limits = Limits(), canvas: Canvas | None = None
) -> bytes:
    """Cumulative token spend (USD) against cumulative changes delivered."""
    cv, ax = _canvas(canvas, twin=True)
    ax2 = cv.ax2
    if ts.empty:
        _empty(ax, "press Step or Play")
        ax2.set_axis_off()
        return cv.png()
    top = _days_axis(ax, ts, limits)
    _warmup(ax, warmup, top)
    days = ts.index.to_numpy(dtype=float)
    spend = ts["token_spend"].cumsum().to_numpy(dtype=float) / 1000.0
    done = ts["completions"].cumsum().to_numpy(dtype=float)
    ax.plot(days, spend, color="#6a1b9a", linewidth=1.4)
    ax.set_ylabel("token spend ($k)", fontsize=7, color="#6a1b9a", labelpad=1)
    ax.set_ylim(0, limits.spend if limits.spend else max(float(spend.max()), 1.0) * 1.08)
    ax2.plot(days, done, color=DONE_COLOR, linewidth=1.4)
    ax2.set_ylabel("changes delivered", fontsize=7, color=DONE_COLOR, labelpad=1)
    ax2.set_ylim(0, limits.cum if limits.cum else max(float(done.max()), 1.0) * 1.08)
    return cv.png()


def mean_wip_bars(
    wip: dict[str, float],
    stations: Sequence[str],
    constraint: str,
    limits: Limits = Limits(),
    canvas: Canvas | None = None,
) -> bytes:
    """Mean WIP at each station over the measured window (bars in station colours)."""
    cv, ax = _canvas(canvas)
    values = [float(wip.get(s, 0.0)) for s in stations]
    colors = [station_color(i) for i in range(len(stations))]
    bars = ax.bar(range(len(stations)), values, color=colors)
    for i, s in enumerate(stations):
        if s == constraint:
            bars[i].set_edgecolor(CONSTRAINT_COLOR)
            bars[i].set_linewidth(2.0)
    ax.set_xticks(range(len(stations)))
    ax.set_xticklabels([s.replace("_", "\n") for s in stations], fontsize=6)
    ax.set_ylim(0, limits.wip if limits.wip else max(max(values, default=1.0), 1.0) * 1.15)
    ax.set_ylabel("mean items at station", fontsize=7, labelpad=1)
    return cv.png()
