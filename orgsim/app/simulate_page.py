"""The Simulate page: levers on the left, the factory floor, tiles and charts on the right.

Buttons: Reset (apply the levers and start over), Step (one working day), Play/Pause
(a background thread steps the model and re-renders at a bounded rate), speed, and a
jump to the end of the warm-up. Each browser session has its own `SimSession`.
"""

from __future__ import annotations

import math
import threading
import time

import solara

from orgsim.app.comparison import SEED_MAX
from orgsim.app.components import (
    ChartCard,
    Legend,
    Levers,
    ScenarioPicker,
    SvgCard,
)
from orgsim.app.controls import Controls
from orgsim.app.state import SimSession, SimView
from orgsim.app.tiles import dora_tiles, flow_tiles, group_html, stability_html

SPEEDS = {"1 day/s": 1.0, "5 days/s": 5.0, "20 days/s": 20.0, "max": math.inf}
DEFAULT_SPEED = "5 days/s"
MIN_FRAME = 0.35  # seconds between frames during Play, at least


def play_loop(
    session: SimSession,
    cancel: threading.Event,
    days_per_second: float,
    until: float | None,
    on_frame,
) -> bool:
    """Step `session` until cancelled, paused, at its end or at day `until`.

    Renders at a bounded rate: a new frame (view + `on_frame()`, which re-renders the page)
    at most every MIN_FRAME seconds and never more than half of the time, so the model
    keeps running however slow a frame is (100 teams). Returns True when the run stopped
    by itself (end of horizon or `until` reached).
    """
    token = session.start_play()
    next_frame = 0.0
    while not cancel.is_set():
        t0 = time.monotonic()
        if not session.step_playing(token):
            return session.at_end
        done = session.at_end or (until is not None and session.model.time >= until - 1e-9)
        now = time.monotonic()
        if done or now >= next_frame:
            with session.lock:
                if token != session.play_token:
                    return False
                session.build_view()
            on_frame()
            cost = time.monotonic() - now
            next_frame = time.monotonic() + max(MIN_FRAME, cost)
        if done:
            return True
        if math.isfinite(days_per_second):
            wait = 1.0 / days_per_second - (time.monotonic() - t0)
            if wait > 0 and cancel.wait(wait):
                break
    return False


@solara.component
def ControlPanel(
    pending: Controls,
    set_pending,
    applied: Controls,
    error: str,
    on_reset,
    on_pick,
    description: str,
    on_refuse=None,
):
    with solara.Column(gap="0px", classes=["orgsim-panel"]):
        ScenarioPicker(pending, on_pick, on_refuse=on_refuse)
        solara.InputInt(
            "Seed",
            value=pending.seed,
            on_value=lambda v: set_pending(pending.with_(seed=min(SEED_MAX, max(0, int(v or 0))))),
            dense=True,
        )
        solara.Text(description, classes=["orgsim-desc"])
        Levers(pending, set_pending)
        if error:
            solara.Text(error, classes=["orgsim-error"])
        elif pending != applied:
            solara.Text("Changed levers apply when you press Reset.", classes=["orgsim-pending"])
        solara.Button(
            "Apply & reset",
            on_click=on_reset,
            color="primary" if pending != applied else None,
            outlined=pending == applied,
            block=True,
            classes=["orgsim-apply"],
            style={"margin-top": "8px"},
        )


def _clock(view: SimView) -> tuple[str, str]:
    main = f"Day {view.time:g} of {view.horizon:g}"
    if view.in_warmup:
        sub = f"warm-up until day {view.warmup:g}: metrics so far include it"
    elif view.at_end:
        sub = "end of the scenario's horizon"
    else:
        sub = f"measured from day {view.window_start:g}"
    return main, sub


@solara.component
def Dashboard(view: SimView):
    """Everything right of the levers, drawn from one immutable view."""
    summary = view.summary
    with solara.Div(classes=["orgsim-floor"]):
        solara.HTML(tag="div", unsafe_innerHTML=view.floor_svg, classes=["orgsim-floor-box"])
    solara.HTML(
        tag="div",
        unsafe_innerHTML=stability_html(summary)
        + group_html("DORA 2024 tiers", dora_tiles(summary), "orgsim-dora")
        + group_html(
            "Flow and cost", flow_tiles(summary, view.savings_pct, view.has_ai), "orgsim-flow"
        ),
        classes=["orgsim-tiles"],
    )
    if summary:
        span = summary.get("days", 0.0)
        start = view.summary_time - span
        solara.Text(
            f"Tiles measured over days {start:g}-{view.summary_time:g}"
            + (" (warm-up included)" if start < view.warmup else ""),
            classes=["orgsim-window"],
        )
    Legend([s.name for s in view.stations], with_backlog=False)
    with solara.Div(classes=["orgsim-grid"]):
        SvgCard("network", view.network_svg, hint=f"{view.teams} teams")
        ChartCard("cfd", view.charts["cfd"])
        ChartCard("wip", view.charts["wip"])
        ChartCard("lead", view.charts["lead"])
        ChartCard("throughput", view.charts["throughput"])
        ChartCard("spend", view.charts["spend"])


@solara.component
def SimulatePage(app):
    """`app` is the session's AppState (see orgsim.app.app)."""
    session: SimSession = app.simulation()
    _frame, set_frame = solara.use_state(0)
    pending, set_pending_state = solara.use_state(app.pending or session.controls)
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state(DEFAULT_SPEED)
    until, set_until = solara.use_state(None)
    error, set_error = solara.use_state("")

    def set_pending(c: Controls) -> None:
        app.pending = c
        set_pending_state(c)

    def frame() -> None:
        set_frame(session.frame())

    def play(cancel: threading.Event) -> None:
        if not playing:
            return
        stopped = play_loop(session, cancel, SPEEDS[speed], until, frame)
        if stopped and not cancel.is_set():
            set_until(None)
            set_playing(False)

    solara.use_thread(play, dependencies=[playing, speed, until], intrusive_cancel=False)

    def on_step() -> None:
        session.step(1)
        session.build_view(force=True)
        frame()

    def on_reset() -> None:
        session.stop_play()
        ok = session.reset(pending)
        set_playing(False)
        set_until(None)
        set_error("" if ok else session.error)
        frame()

    def on_pick(path: str) -> None:
        try:
            controls = Controls.from_scenario(path, seed=pending.seed)
        except Exception as exc:
            set_error(str(exc))
            return
        session.stop_play()
        ok = session.reset(controls)
        set_pending(controls)
        set_playing(False)
        set_until(None)
        set_error("" if ok else session.error)
        frame()

    def on_play() -> None:
        set_until(None)
        set_playing(True)

    def on_pause() -> None:
        # Stop the run at once (the loop checks the token under the session lock) and build
        # the view of exactly where the model stopped before any state changes: a state
        # change may re-render right away, and must not show an older frame.
        session.stop_play()
        session.build_view(force=True)
        set_playing(False)
        set_until(None)
        frame()

    def on_warmup() -> None:
        set_until(session.view.warmup)
        set_playing(True)

    view = session.view
    main, sub = _clock(view)
    with solara.Div(classes=["orgsim-sim"]):
        ControlPanel(
            pending,
            set_pending,
            session.applied,
            error,
            on_reset,
            on_pick,
            session.scenario.spec.description,
            on_refuse=set_error,
        )
        with solara.Column(gap="0px", style={"min-width": "0"}):
            with solara.Row(gap="8px", classes=["orgsim-toolbar"]):
                solara.Button("Reset", icon_name="mdi-restore", on_click=on_reset, outlined=True)
                solara.Button(
                    "Step",
                    icon_name="mdi-step-forward",
                    on_click=on_step,
                    disabled=playing or view.at_end,
                    outlined=True,
                )
                if playing:
                    solara.Button(
                        "Pause",
                        icon_name="mdi-pause",
                        on_click=on_pause,
                        color="warning",
                    )
                else:
                    solara.Button(
                        "Play",
                        icon_name="mdi-play",
                        on_click=on_play,
                        disabled=view.at_end,
                        color="primary",
                    )
                solara.ToggleButtonsSingle(
                    value=speed,
                    values=list(SPEEDS),
                    on_value=lambda v: set_speed(v or DEFAULT_SPEED),
                    dense=True,
                )
                if view.in_warmup:
                    solara.Button(
                        f"To day {view.warmup:g}",
                        icon_name="mdi-skip-next",
                        on_click=on_warmup,
                        disabled=playing,
                        text=True,
                    )
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f"{main}<small>{sub}</small>",
                    classes=["orgsim-clock"],
                )
            Dashboard(view)
