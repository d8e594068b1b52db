"""PNG charts of an analysed sweep (matplotlib, no display needed).

- overall.png: each bundle's mean of each plotted metric with its 95% CI.
- by-factor_<metric>.png: the metric against each factor, one line per bundle, CI bands.
- paired_<metric>.png: each bundle's paired difference from the baseline, in percent.
- sensitivity.png: the design's sensitivity indices per factor, per metric.
- heatmap_<metric>.png: the metric over two factors, per bundle (and minus the baseline).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from orgsim.files import atomic_write
from orgsim.metrics.formatting import number as num
from orgsim.sweeps.analysis import Analysis, FactorInfo
from orgsim.sweeps.levels import level_column

DPI = 110
PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _grid(n: int, max_cols: int = 3) -> tuple[int, int]:
    cols = min(n, max_cols)
    return math.ceil(n / cols), cols


def _save(fig: Figure, path: Path) -> Path:
    return atomic_write(path, lambda p: fig.savefig(p, dpi=DPI, format=path.suffix[1:]))


def make_plots(
    res: Analysis, folder: Path, metrics: list[str], heat: list[str] | None
) -> list[Path]:
    files: list[Path] = []
    if not metrics:
        return files
    files.append(plot_overall(res, folder / "overall.png", metrics))
    varied = [f for f in res.factors if len(f.levels) > 1]
    for m in metrics:
        if varied:
            files.append(plot_by_factor(res, folder / f"by-factor_{_safe(m)}.png", m, varied))
            if len(res.paired):
                files.append(plot_paired(res, folder / f"paired_{_safe(m)}.png", m, varied))
    if len(res.sensitivity):
        path = plot_sensitivity(res, folder / "sensitivity.png", metrics)
        if path is not None:
            files.append(path)
    pair = _heat_pair(res, heat)
    if pair is not None:
        for m in metrics:
            files.append(plot_heatmap(res, folder / f"heatmap_{_safe(m)}.png", m, pair))
    return files


# -- overall ----------------------------------------------------------------------------
def plot_overall(res: Analysis, path: Path, metrics: list[str]) -> Path:
    rows, cols = _grid(len(metrics), 2)
    nb = len(res.bundles)
    fig = Figure(figsize=(5.6 * cols, 0.9 + (0.45 * nb + 1.0) * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, m in zip(axes, metrics, strict=False):
        t = res.overall(m).reindex(res.bundles)
        y = np.arange(nb)[::-1]
        mean = t["mean"].to_numpy(dtype=float)
        lo = mean - t["ci_low"].to_numpy(dtype=float)
        hi = t["ci_high"].to_numpy(dtype=float) - mean
        err = np.vstack([np.nan_to_num(lo), np.nan_to_num(hi)])
        ax.barh(y, mean, xerr=err, color=[_color(i) for i in range(nb)], alpha=0.8, capsize=4)
        ax.set_yticks(y, res.bundles)
        ax.set_title(m, fontsize=11)
        ax.grid(axis="x", alpha=0.3)
        ends = np.where(np.isfinite(mean + hi), mean + np.nan_to_num(hi), mean)
        for yi, v, end in zip(y, mean, ends, strict=True):
            if v == v:
                ax.annotate(
                    num(v),
                    (max(end, 0.0), yi),
                    xytext=(5, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                    color="#222222",
                )
        ax.margins(x=0.15)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    fig.suptitle(f"{res.name}: mean per bundle (95% CI over seeds)", fontsize=12)
    return _save(fig, path)


# -- metric against each factor ---------------------------------------------------------
def _x_positions(f: FactorInfo) -> tuple[np.ndarray, list[str] | None]:
    if f.numeric:
        return np.asarray(f.levels, dtype=float), None
    return np.arange(len(f.levels), dtype=float), f.labels


def plot_by_factor(res: Analysis, path: Path, metric: str, factors: list[FactorInfo]) -> Path:
    rows, cols = _grid(len(factors))
    fig = Figure(figsize=(4.6 * cols, 3.6 * rows + 0.8), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    t = res.levels[res.levels["metric"] == metric]
    for ax, f in zip(axes, factors, strict=False):
        x, labels = _x_positions(f)
        for i, b in enumerate(res.bundles):
            sub = t[(t["bundle"] == b) & (t["factor"] == f.key)]
            sub = sub.set_index("level_label").reindex(f.labels)
            _line_with_ci(ax, x, sub, "mean", "ci_low", "ci_high", i, b, len(res.bundles), labels)
        _factor_axis(ax, f, x, labels)
        ax.set_ylabel(metric)
    for ax in axes[len(factors) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(
        f"{metric} by factor (mean over the other factors; 95% CI over seeds)", fontsize=12
    )
    return _save(fig, path)


def _line_with_ci(ax, x, sub, mcol, locol, hicol, i, label, nb, labels, scale=1.0):
    y = sub[mcol].to_numpy(dtype=float) * scale
    lo = sub[locol].to_numpy(dtype=float) * scale
    hi = sub[hicol].to_numpy(dtype=float) * scale
    c = _color(i)
    if labels is None:
        ax.plot(x, y, "-o", color=c, label=label, ms=4, lw=1.8)
        ax.fill_between(x, lo, hi, color=c, alpha=0.18, lw=0)
    else:
        dx = (i - (nb - 1) / 2) * min(0.12, 0.6 / max(nb, 1))
        err = np.vstack([np.nan_to_num(y - lo), np.nan_to_num(hi - y)])
        ax.errorbar(x + dx, y, yerr=err, fmt="-o", color=c, label=label, ms=5, capsize=4, lw=1.4)


def _factor_axis(ax, f: FactorInfo, x, labels) -> None:
    ax.set_xlabel(f.key + (" (binned)" if f.binned else ""))
    if labels is not None:
        ax.set_xticks(x, labels)
        ax.set_xlim(x.min() - 0.5, x.max() + 0.5)
    ax.grid(alpha=0.3)


def _legend(fig: Figure, ax) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(
            handles, labels, loc="outside lower center", ncols=min(len(labels), 5), frameon=False
        )


# -- paired differences -----------------------------------------------------------------
def plot_paired(res: Analysis, path: Path, metric: str, factors: list[FactorInfo]) -> Path:
    rows, cols = _grid(len(factors))
    fig = Figure(figsize=(4.6 * cols, 3.6 * rows + 0.8), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    t = res.paired[res.paired["metric"] == metric]
    others = [b for b in res.bundles if b != res.baseline]
    for ax, f in zip(axes, factors, strict=False):
        x, labels = _x_positions(f)
        for b in others:
            i = res.bundles.index(b)
            sub = t[(t["bundle"] == b) & (t["factor"] == f.key)]
            sub = sub.set_index("level_label").reindex(f.labels)
            base = sub["baseline_mean"].to_numpy(dtype=float)
            base = np.where(base == 0, np.nan, base)
            pct = pd.DataFrame(
                {
                    "d": 100 * sub["diff"].to_numpy(dtype=float) / base,
                    "lo": 100 * sub["diff_low"].to_numpy(dtype=float) / base,
                    "hi": 100 * sub["diff_high"].to_numpy(dtype=float) / base,
                }
            )
            lo = np.minimum(pct["lo"], pct["hi"])  # a negative baseline flips the interval
            hi = np.maximum(pct["lo"], pct["hi"])
            pct["lo"], pct["hi"] = lo, hi
            _line_with_ci(ax, x, pct, "d", "lo", "hi", i, b, len(res.bundles), labels)
        ax.axhline(0, color="black", lw=0.8)
        _factor_axis(ax, f, x, labels)
        ax.set_ylabel(f"{metric}: % vs {res.baseline}")
    for ax in axes[len(factors) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(
        f"{metric}: paired difference from {res.baseline!r} (same seeds and design points; 95% CI)",
        fontsize=12,
    )
    return _save(fig, path)


# -- sensitivity ------------------------------------------------------------------------
_MEASURE = {
    "anova_main_effect": ("S1", "S1_conf", "main-effect share of variance"),
    "sobol": ("ST", "ST_conf", "Sobol total index ST (dots: first-order S1)"),
    "morris": (
        "mu_star",
        "mu_star_conf",
        "Morris mu*, mean |elementary effect| (metric units; factor ranges scaled to [0, 1])",
    ),
    "rbd_fast": ("S1", "S1_conf", "RBD-FAST first-order index S1"),
}


def plot_sensitivity(res: Analysis, path: Path, metrics: list[str]) -> Path | None:
    s = res.sensitivity
    s = s[s["metric"].isin(metrics)]
    if not len(s):
        return None
    method = s["method"].iloc[0]
    col, conf, label = _MEASURE[method]
    factors = list(dict.fromkeys(s["factor"]))
    shown = [m for m in metrics if m in set(s["metric"])]
    rows, cols = _grid(len(shown), 2)
    nb = len(res.bundles)
    height = max(2.6, 0.32 * len(factors) * max(nb, 1) + 1.2)
    fig = Figure(figsize=(6.0 * cols, height * rows + 0.8), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    ncells = s["cell"].nunique()
    for ax, m in zip(axes, shown, strict=False):
        sm = s[s["metric"] == m]
        y = np.arange(len(factors))[::-1].astype(float)
        h = 0.8 / max(nb, 1)
        for i, b in enumerate(res.bundles):
            sb = sm[sm["bundle"] == b].groupby("factor")[list({col, conf, "S1"})].mean()
            sb = sb.reindex(factors)
            off = (i - (nb - 1) / 2) * h
            v = sb[col].to_numpy(dtype=float)
            e = np.nan_to_num(sb[conf].to_numpy(dtype=float))
            ax.barh(
                y - off,
                v,
                height=h * 0.9,
                xerr=e,
                color=_color(i),
                alpha=0.85,
                capsize=3,
                label=b,
                error_kw={"lw": 0.8},
            )
            if method == "sobol":
                ax.plot(sb["S1"].to_numpy(dtype=float), y - off, "k.", ms=6)
        ax.set_yticks(y, factors)
        ax.set_title(m, fontsize=11)
        ax.grid(axis="x", alpha=0.3)
        ax.axvline(0, color="black", lw=0.6)
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    extra = f"; mean over {ncells} combinations of the values factors" if ncells > 1 else ""
    fig.suptitle(f"Sensitivity: {label}{extra}", fontsize=12)
    return _save(fig, path)


# -- heatmap ----------------------------------------------------------------------------
def _heat_pair(res: Analysis, heat: list[str] | None) -> tuple[FactorInfo, FactorInfo] | None:
    by_key = {f.key: f for f in res.factors}
    if heat:
        if all(k in by_key for k in heat):
            return by_key[heat[0]], by_key[heat[1]]
        return None
    varied = [f for f in res.factors if len(f.levels) > 1]
    return (varied[0], varied[1]) if len(varied) >= 2 else None


def _heat_matrix(ok: pd.DataFrame, fx: FactorInfo, fy: FactorInfo, metric: str) -> np.ndarray:
    mat = np.full((len(fy.levels), len(fx.levels)), np.nan)
    if not len(ok):
        return mat
    g = ok.groupby([level_column(fy.key), level_column(fx.key)])[metric].mean()
    for i, vy in enumerate(fy.levels):
        for j, vx in enumerate(fx.levels):
            mat[i, j] = g.get((vy, vx), np.nan)
    return mat


def plot_heatmap(
    res: Analysis, path: Path, metric: str, pair: tuple[FactorInfo, FactorInfo]
) -> Path:
    fx, fy = pair
    ok = res.leveled
    mats = {b: _heat_matrix(ok[ok["bundle"] == b], fx, fy, metric) for b in res.bundles}
    diffs: dict[str, np.ndarray] = {}
    if res.baseline in mats and len(res.bundles) > 1:
        diffs = {
            f"{b} − {res.baseline}": mats[b] - mats[res.baseline]
            for b in res.bundles
            if b != res.baseline
        }
    ncols = max(len(mats), len(diffs))
    nrows = 1 + bool(diffs)
    cw = max(3.2, 0.75 * len(fx.levels) + 1.6)
    ch = max(2.6, 0.5 * len(fy.levels) + 1.3)
    fig = Figure(figsize=(cw * ncols + 0.8, ch * nrows + 0.7), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    finite = np.concatenate([m[np.isfinite(m)] for m in mats.values()] or [np.array([])])
    vmin, vmax = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    im = None
    for j, (b, m) in enumerate(mats.items()):
        im = _heat_panel(axes[0, j], m, fx, fy, b, "viridis", vmin, vmax)
    for j in range(len(mats), ncols):
        axes[0, j].set_visible(False)
    if im is not None:
        fig.colorbar(im, ax=list(axes[0, : len(mats)]), shrink=0.9, label=metric)
    if diffs:
        dfin = np.concatenate([d[np.isfinite(d)] for d in diffs.values()] or [np.array([])])
        lim = float(np.abs(dfin).max()) if dfin.size else 1.0
        lim = lim or 1.0
        im2 = None
        for j, (b, d) in enumerate(diffs.items()):
            im2 = _heat_panel(axes[1, j], d, fx, fy, b, "RdBu_r", -lim, lim)
        for j in range(len(diffs), ncols):
            axes[1, j].set_visible(False)
        if im2 is not None:
            fig.colorbar(im2, ax=list(axes[1, : len(diffs)]), shrink=0.9, label=f"Δ {metric}")
    fig.suptitle(
        f"{metric} over {fy.key} × {fx.key} (mean over seeds and other factors)", fontsize=12
    )
    return _save(fig, path)


def _heat_panel(ax, m, fx: FactorInfo, fy: FactorInfo, title: str, cmap, vmin, vmax) -> Any:
    ax.set_facecolor("#dddddd")  # cells no run fell in
    im = ax.imshow(m, origin="lower", aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(len(fx.labels)), fx.labels, rotation=30 if len(fx.labels) > 5 else 0)
    ax.set_yticks(range(len(fy.labels)), fy.labels)
    ax.set_xlabel(fx.key)
    ax.set_ylabel(fy.key)
    ax.set_title(title, fontsize=10)
    if m.size <= 64:
        span = (vmax - vmin) or 1.0
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                v = m[i, j]
                if not np.isfinite(v):
                    continue
                frac = (v - vmin) / span
                dark = frac < 0.55 if cmap == "viridis" else abs(frac - 0.5) > 0.3
                ax.text(
                    j,
                    i,
                    num(v),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "black",
                )
    return im
