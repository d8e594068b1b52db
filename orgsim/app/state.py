"""Per-session simulation state for the dashboard, free of any UI code.

A `SimSession` belongs to one browser session: its own `OrgModel`, its own no-AI
baseline for the savings tile, and the latest `SimView` (everything the Simulate page
draws, computed once per frame). Stepping and view-building hold the session's lock, so
the Play thread and button clicks never touch the model at the same time; the page only
reads the immutable view.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from orgsim import OrgModel
from orgsim.app import charts
from orgsim.app.controls import (
    GOVERNANCE,
    RELEASE_CHOICES,
    TOPOLOGIES,
    Controls,
    default_scenario,
    scenario_files,
)
from orgsim.app.floor import StationView, floor_svg
from orgsim.app.network import network_svg, scale_positions
from orgsim.metrics import summarize
from orgsim.metrics.summary import constraint_of
from orgsim.org import layout

CHARTS = ("cfd", "wip", "lead", "throughput", "spend")
MIN_CHART_DAYS = 20.0
RECENT_DAYS = 5  # the floor's "busy" share and the current constraint look this far back  # the time axis starts this wide and grows with the run


@dataclass(frozen=True)
class SimView:
    """One frame of the Simulate page (immutable; built under the session lock)."""

    generation: int
    time: float
    horizon: float
    warmup: float
    window_start: float
    scenario_name: str
    stations: tuple[StationView, ...]
    constraint: str
    delivered: int
    floor_svg: str
    network_svg: str
    charts: dict[str, bytes]
    summary: dict[str, Any] | None
    summary_time: float
    baseline_cost: float | None
    has_ai: bool
    teams: int = 0
    build_seconds: float = 0.0
    summary_seconds: float = 0.0

    @property
    def at_end(self) -> bool:
        return self.time >= self.horizon - 1e-9

    @property
    def in_warmup(self) -> bool:
        return self.time < self.warmup

    @property
    def savings_pct(self) -> float:
        """Savings in cost per delivered change against the same run without AI (percent)."""
        if not self.summary or not self.baseline_cost:
            return math.nan
        cost = self.summary.get("cost_per_item", math.nan)
        if not (math.isfinite(cost) and math.isfinite(self.baseline_cost)):
            return math.nan
        return 100.0 * (1.0 - cost / self.baseline_cost)


@dataclass
class _Measured:
    summary: dict[str, Any] | None = None
    lead_times: np.ndarray = field(default_factory=lambda: np.empty(0))
    at: float = -1.0
    wall: float = 0.0
    cost: float = 0.0
    baseline_cost: float | None = None


class SimSession:
    """One browser session's simulation: controls, model, baseline, latest view."""

    #  The summary (and the no-AI baseline) is recomputed at most this often during Play,
    #  and never more than a quarter of the time: with 100 teams it takes a second or more.
    MIN_SUMMARY_INTERVAL = 0.75

    def __init__(self, controls: Controls | None = None) -> None:
        self.lock = threading.RLock()
        self.generation = 0
        self._frames = 0
        self._play_token = 0
        self._lead_key: tuple[int, float] | None = None
        self._lead_png = b""
        self.error = ""
        self.controls = controls or Controls.from_scenario(default_scenario())
        self.applied = self.controls
        self._build(self.controls)

    # -- lifecycle ---------------------------------------------------------------------------
    def reset(self, controls: Controls | None = None) -> bool:
        """Rebuild the model from `controls`; False (and `error` set) if they are invalid."""
        controls = controls or self.controls
        with self.lock:
            self._play_token += 1
            try:
                self._build(controls)
            except Exception as exc:  # ScenarioError, or pydantic for odd values
                self.error = str(exc)
                return False
            self.controls = self.applied = controls
            self.error = ""
            return True

    def _build(self, controls: Controls) -> None:
        scenario = controls.scenario()
        model = OrgModel(scenario, seed=controls.seed)
        self.scenario = scenario
        self.model = model
        self.positions = scale_positions(layout(model.graph, seed=7))
        self.names = [t.name for t in model.teams]
        self.has_ai = scenario.spec.ai.adoption > 0
        self._baseline_scenario = scenario.with_overrides({"ai.adoption": 0.0})
        self.baseline: OrgModel | None = None
        self.measured = _Measured()
        self.canvases = {k: charts.Canvas(twin=k == "spend") for k in CHARTS}
        self.generation += 1
        self.view = self.build_view(force=True)

    # -- running -----------------------------------------------------------------------------
    def step(self, days: int = 1) -> bool:
        """Advance `days` working days (not past the horizon). False if already at the end."""
        with self.lock:
            model = self.model
            if model.time >= model.horizon - 1e-9:
                return False
            for _ in range(days):
                if model.time >= model.horizon - 1e-9:
                    break
                model.step()
            return True

    # -- play ------------------------------------------------------------------------------
    def start_play(self) -> int:
        """A token for one Play run; `stop_play` (or Reset) invalidates it."""
        with self.lock:
            self._play_token += 1
            return self._play_token

    @property
    def play_token(self) -> int:
        return self._play_token

    def stop_play(self) -> None:
        with self.lock:
            self._play_token += 1

    def step_playing(self, token: int) -> bool:
        """One day of a Play run, unless that run was stopped (Pause, Reset) or at the end."""
        with self.lock:
            if token != self._play_token:
                return False
            return self.step(1)

    def run_to(self, day: float) -> None:
        with self.lock:
            while self.model.time < min(day, self.model.horizon) - 1e-9:
                self.model.step()

    @property
    def at_end(self) -> bool:
        return self.model.time >= self.model.horizon - 1e-9

    # -- measuring ---------------------------------------------------------------------------
    def _measure(self) -> None:
        model = self.model
        t0 = time.perf_counter()
        m = _Measured(at=float(model.time), wall=time.monotonic())
        if model.time - model.window_start >= 1.0 - 1e-9:
            items = model.items()
            m.summary = summarize(model, items)
            done = items["done"].to_numpy()
            keep = (done >= model.window_start) & (done <= model.time)
            m.lead_times = items["lead_time"].to_numpy()[keep]
            if self.has_ai:
                m.baseline_cost = self._baseline_cost()
        elif self.measured.summary is not None:
            # The warm-up just ended and the new window is under a day long: keep the
            # warm-up figures until the window has something in it.
            m = replace(self.measured, wall=m.wall)
        m.cost = time.perf_counter() - t0
        self.measured = m

    def _baseline_cost(self) -> float:
        if self.baseline is None:
            self.baseline = OrgModel(self._baseline_scenario, seed=self.applied.seed)
        base = self.baseline
        while base.time < self.model.time - 1e-9:
            base.step()
        return float(base.summary().get("cost_per_item", math.nan))

    def summary_due(self) -> bool:
        m = self.measured
        interval = max(self.MIN_SUMMARY_INTERVAL, 3.0 * m.cost)
        return time.monotonic() - m.wall >= interval

    # -- the view ----------------------------------------------------------------------------
    def build_view(self, force: bool = False) -> SimView:
        """Compute the frame the page draws (the summary too when `force` or due)."""
        with self.lock:
            t0 = time.perf_counter()
            model = self.model
            if force or self.summary_due():
                self._measure()
            m = self.measured
            ts = model.timeseries()
            stations = self._stations(ts)
            summary = m.summary
            constraint = current_constraint(stations) if model.time > 0 else ""
            names = [s.name for s in model.stations]
            warmup = float(model.warmup)
            wip = model.wip_by_station()
            delivered = int(ts["cum_done"].iloc[-1]) if len(ts) else 0
            backlog = None if model.unlimited_backlog else int(wip.get("backlog", 0))
            pct = {
                k: (summary or {}).get(f"lead_time_{k}", math.nan) for k in ("p50", "p85", "p95")
            }
            limits = charts.Limits(days=max(float(model.time), MIN_CHART_DAYS))
            cv = self.canvases
            chart_png = {
                "cfd": charts.cumulative_flow(ts, names, warmup, limits, cv["cfd"]),
                "wip": charts.wip_over_time(ts, names, warmup, limits, cv["wip"]),
                "lead": self._lead_chart(m, pct),
                "throughput": charts.throughput_per_week(ts, warmup, limits, cv["throughput"]),
                "spend": charts.spend_vs_delivered(ts, warmup, limits, cv["spend"]),
            }
            view = SimView(
                generation=self.generation,
                time=float(model.time),
                horizon=float(model.horizon),
                warmup=warmup,
                window_start=float(model.window_start),
                scenario_name=model.scenario_spec.name,
                stations=tuple(stations),
                constraint=constraint,
                delivered=delivered,
                floor_svg=floor_svg(
                    stations,
                    backlog=backlog,
                    delivered=delivered,
                    now=float(model.time),
                    constraint=constraint,
                ),
                network_svg=network_svg(
                    model.graph, self.positions, [t.wip for t in model.teams], self.names
                ),
                charts=chart_png,
                summary=summary,
                summary_time=m.at,
                baseline_cost=m.baseline_cost,
                has_ai=self.has_ai,
                teams=len(model.teams),
                summary_seconds=m.cost,
            )
            view = replace(view, build_seconds=time.perf_counter() - t0)
            self.view = view
            self._frames += 1
            return view

    def frame(self) -> int:
        """A number that changes with every view built (the page re-renders on it)."""
        return self._frames

    def _lead_chart(self, m: _Measured, pct: dict[str, float]) -> bytes:
        # The lead-time histogram changes only when the summary does.
        key = (self.generation, m.at)
        if self._lead_key != key:
            self._lead_png = charts.lead_time_distribution(
                m.lead_times, pct, canvas=self.canvases["lead"]
            )
            self._lead_key = key
        return self._lead_png

    def _stations(self, ts: pd.DataFrame) -> list[StationView]:
        model = self.model
        windows = model.next_windows()
        wip = model.wip_by_station()
        out = []
        for st in model.stations:
            servers = st.capacity_servers()
            util = math.nan
            col = f"busy_{st.name}"
            if len(ts) >= 2 and servers and col in ts:
                k = min(RECENT_DAYS, len(ts) - 1)
                busy = ts[col].to_numpy()
                days = ts.index.to_numpy()
                util = (busy[-1] - busy[-1 - k]) / (servers * (days[-1] - days[-1 - k]))
            elif len(ts) == 1 and servers and col in ts:
                util = float(ts[col].iloc[0]) / (servers * max(float(ts.index[0]), 1.0))
            out.append(
                StationView(
                    name=st.name,
                    kind=st.kind,
                    role="peer" if st.peer_pools is not None else st.role,
                    servers=servers,
                    wip=int(wip[st.name]),
                    utilization=float(util),
                    gate=st.gate.describe() if st.gate is not None else None,
                    next_open=float(windows[st.name]) if st.name in windows else None,
                )
            )
        return out


def current_constraint(stations: list[StationView]) -> str:
    """The station whose servers were busiest over the last days; the longer queue breaks ties.

    The engine's rule (`orgsim.metrics.summary.constraint_of`), over a recent window instead
    of the whole measured one, so that the floor shows the constraint moving as the run unfolds.
    """
    return constraint_of(
        {st.name: st.utilization for st in stations}, {st.name: st.wip for st in stations}
    )


# -- one browser session ---------------------------------------------------------------------
@dataclass
class Bundle:
    """A named policy bundle on the Compare page."""

    name: str
    controls: Controls


def default_bundles() -> list[Bundle]:
    files = scenario_files()
    picks = [("AI bolted on", "enterprise-ai"), ("AI + redesign", "enterprise-ai-redesigned")]
    out = []
    for name, stem in picks:
        path = files.get(stem) or default_scenario()
        out.append(Bundle(name, Controls.from_scenario(path)))
    return out


class AppState:
    """Everything one browser session keeps while it moves between pages.

    Created once per session by the app's Layout (solara.use_memo), never at module level,
    so two browsers never share a model.
    """

    def __init__(self) -> None:
        self._sim: SimSession | None = None
        self.pending: Controls | None = None
        self.bundles: list[Bundle] = default_bundles()
        self.compare_settings: dict[str, Any] = {"seed": 1, "seeds": 3, "days": 120.0}
        self.compare_result: Any = None
        self._lock = threading.Lock()

    def simulation(self) -> SimSession:
        with self._lock:
            if self._sim is None:
                self._sim = SimSession()
            return self._sim


__all__ = [
    "GOVERNANCE",
    "RELEASE_CHOICES",
    "TOPOLOGIES",
    "AppState",
    "Bundle",
    "Controls",
    "SimSession",
    "SimView",
    "default_scenario",
    "scenario_files",
]
