"""The Compare page: two or more policy bundles on the same seeds, side by side.

Each bundle is a scenario plus levers. Run compares them on common random numbers
(`orgsim.compare`): the differences against the first bundle are stated in words, with
95% confidence intervals when several seeds are used, then tabled, then drawn as the same
charts on the same scales, one column per bundle.
"""

from __future__ import annotations

import math
import threading
from html import escape

import solara

from orgsim.app.comparison import (
    TABLE_METRICS,
    Cancelled,
    CompareOutcome,
    run_comparison,
    validate,
)
from orgsim.app.components import CHART_TIPS, CHART_TITLES, Legend, Levers, ScenarioPicker
from orgsim.app.controls import Controls
from orgsim.app.state import AppState, Bundle
from orgsim.app.tiles import stability_badge_html, title
from orgsim.app.words import HORIZON_DEPENDENT
from orgsim.metrics import catalog
from orgsim.metrics.formatting import percent, value

MAX_BUNDLES = 4
# Comparisons run in worker processes: a thread of the server would hold its interpreter
# and make other people's Steps wait.
COMPARE_WORKERS = 2
TAGS = "ABCD"
TAG_COLORS = ("#455a64", "#1565c0", "#6a1b9a", "#00838f")


def _levers_line(c: Controls) -> str:
    parts = [
        f"AI {100 * c.adoption:.0f}% at {c.coding_speedup:.1f}x",
        f"CoE {'on' if c.coe else 'off'}",
        f"mandate {100 * c.mandate:.0f}%",
        c.governance.replace("_", "-") + " governance",
        f"WIP limit {c.wip_limit or 'none'}",
        "CD" if c.continuous_deployment else "no CD",
        f"{c.teams} teams",
    ]
    if c.release_every:
        parts.append(f"train every {c.release_every:g} d")
    if c.peer_review:
        parts.append("peer review")
    if c.open_pr_limit:
        parts.append(f"{c.open_pr_limit} open PRs each")
    parts += [
        name
        for name, on in (
            ("review under load", c.review_under_load),
            ("incidents", c.incidents),
            ("learning", c.learning),
        )
        if on
    ]
    return " · ".join(parts)


@solara.component
def BundleCard(index: int, bundle: Bundle, on_change, on_remove, removable: bool):
    expanded, set_expanded = solara.use_state(False)
    refused, set_refused = solara.use_state("")

    def pick(path: str) -> None:
        on_change(Bundle(bundle.name, Controls.from_scenario(path, seed=bundle.controls.seed)))

    with solara.Column(gap="2px", classes=["orgsim-bundle", f"orgsim-bundle-{TAGS[index]}"]):
        with solara.Row(gap="8px", classes=["orgsim-bundle-head"]):
            solara.HTML(
                tag="span",
                unsafe_innerHTML=TAGS[index],
                classes=["orgsim-bundle-tag"],
                style=f"background:{TAG_COLORS[index]}",
            )
            solara.InputText(
                "Name",
                value=bundle.name,
                on_value=lambda v: on_change(Bundle(v, bundle.controls)),
                continuous_update=False,
            )
            if removable:
                solara.Button(icon_name="mdi-close", icon=True, on_click=on_remove, text=True)
        ScenarioPicker(bundle.controls, pick, on_refuse=set_refused)
        if refused:
            solara.Error(refused, dense=True)
        solara.Text(_levers_line(bundle.controls), classes=["orgsim-desc"])
        solara.Button(
            "Hide levers" if expanded else "Edit levers",
            icon_name="mdi-tune",
            text=True,
            on_click=lambda: set_expanded(not expanded),
            style={"align-self": "flex-start", "text-transform": "none"},
        )
        if expanded:
            Levers(bundle.controls, lambda c: on_change(Bundle(bundle.name, c)))


def row_label(key: str) -> str:
    """A table row: the metric's short label and its unit, 'Throughput, changes/week'."""
    unit = catalog.unit(key)
    return f"{title(key)}, {unit}" if unit else title(key)


def _fmt(x: float, key: str) -> str:
    return value(x, key, missing="–")


def table_html(outcome: CompareOutcome) -> str:
    table = outcome.table
    names = outcome.names
    several = len(outcome.seeds) > 1
    head = "".join(
        f"<th>{TAGS[i]} · {escape(n)}</th>" + ("" if i == 0 else f"<th>vs {TAGS[0]}</th>")
        for i, n in enumerate(names)
    )
    rows = [_stability_row(outcome)]
    stations = (m for m in table["metric"].unique() if str(m).startswith("wip."))
    metrics = [*TABLE_METRICS, *sorted(m for m in stations if m != "wip.backlog")]
    for metric in metrics:
        sub = table[table["metric"] == metric].set_index("scenario")
        if sub.empty:
            continue
        label = row_label(metric)
        cells = []
        for i, n in enumerate(names):
            if n not in sub.index:
                cells.append("<td>–</td>" + ("" if i == 0 else "<td></td>"))
                continue
            r = sub.loc[n]
            ci = ""
            bound = bool(r.get("lower_bound", False))
            if several and math.isfinite(r["ci_low"]) and not bound:
                ci = f' <span class="ci">[{_fmt(r["ci_low"], metric)}, {_fmt(r["ci_high"], metric)}]</span>'
            if metric.startswith(HORIZON_DEPENDENT) and outcome.unstable(n):
                ci += ' <span class="orgsim-note orgsim-bad">unstable</span>'
            shown = ("≥" if bound else "") + _fmt(r["mean"], metric)
            cells.append(f"<td>{shown}{ci}</td>")
            if i > 0:
                pct = r["diff_pct"]
                cells.append(f"<td>{percent(pct / 100) if math.isfinite(pct) else '–'}</td>")
        rows.append(f"<tr><td>{escape(label)}</td>{''.join(cells)}</tr>")
    return (
        f'<table class="orgsim-table"><thead><tr><th>metric (mean'
        f"{' [95% CI]' if several else ''})</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _stability_row(outcome: CompareOutcome) -> str:
    """The first row: did each bundle reach a steady state on the seeds it ran?"""
    cells = []
    for i, n in enumerate(outcome.names):
        words = outcome.stability.get(n, "–")
        tone = {"stable": " orgsim-good", "too short to judge": ""}.get(words, " orgsim-bad")
        cells.append(f'<td class="orgsim-stability{tone}">{escape(words)}</td>')
        if i > 0:
            cells.append("<td></td>")
    return f"<tr><td>Steady state</td>{''.join(cells)}</tr>"


@solara.component
def Results(outcome: CompareOutcome):
    names = outcome.names
    n = len(names)
    seeds = outcome.seeds
    with solara.Column(gap="0px", classes=["orgsim-words"]):
        solara.HTML(
            tag="h3",
            unsafe_innerHTML=escape(
                f"In words: each bundle against {TAGS[0]} · {names[0]} "
                f"({len(seeds)} common seed{'s' if len(seeds) > 1 else ''}, "
                f"{outcome.days:g} measured days each)"
            ),
        )
        steady = "; ".join(
            f"{TAGS[i]}: {escape(outcome.stability.get(n, '–'))}" for i, n in enumerate(names)
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>Steady state</b> over the seeds: {steady}",
            classes=["orgsim-words-bundle", "orgsim-steady"],
        )
        for i, name in enumerate(names[1:], start=1):
            items = []
            for p in outcome.phrases.get(name, []):
                cls = "" if p.clear else ' class="unclear"'
                mark = "" if p.better is None else (" ✔" if p.better else " ✘")
                items.append(f"<li{cls}>{escape(p.text)}{mark if p.clear else ''}</li>")
            savings = outcome.savings.get(name, "")
            if savings:
                items.append(f"<li><b>{escape(savings)}</b></li>")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"<b>{TAGS[i]} · {escape(name)}</b> vs {TAGS[0]}:"
                f"<ul>{''.join(items)}</ul>",
                classes=["orgsim-words-bundle"],
            )
        if len(seeds) == 1:
            solara.Text(
                "One seed: no confidence intervals. Use 3 or more seeds to see how sure each "
                "difference is.",
                classes=["orgsim-desc"],
            )
    solara.HTML(tag="div", unsafe_innerHTML=table_html(outcome), classes=["orgsim-table-box"])
    grid = {"grid-template-columns": f"repeat({n}, minmax(0, 1fr))"}
    with solara.Div(classes=["orgsim-cmp-grid"], style=grid):
        for i, run in enumerate(outcome.runs):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f'<span class="orgsim-bundle-tag" style="background:'
                f'{TAG_COLORS[i]}">{TAGS[i]}</span> {escape(run.name)} '
                f'<span style="font-weight:400;color:#78909c">({escape(run.scenario_name)}, '
                f"seed {seeds[0]}, DORA {escape(str(run.summary.get('dora_tier', '-')))})</span> "
                + stability_badge_html(run.summary),
                classes=["orgsim-cmp-head"],
            )
    with solara.Tooltip(CHART_TIPS["floor"]):
        solara.Text(
            CHART_TITLES["floor"] + ", one above the other (same block size)",
            classes=["orgsim-row-title"],
        )
    for i, run in enumerate(outcome.runs):
        with solara.Div(classes=["orgsim-cmp-floor"]):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f'<span class="orgsim-bundle-tag" style="background:'
                f'{TAG_COLORS[i]}">{TAGS[i]}</span>',
                classes=["orgsim-cmp-floor-tag"],
            )
            solara.HTML(tag="div", unsafe_innerHTML=run.floor, classes=["orgsim-floor"])
    for key in ("cfd", "wip", "lead", "throughput", "spend"):
        with solara.Tooltip(CHART_TIPS[key]):
            solara.Text(CHART_TITLES[key] + " (same scales)", classes=["orgsim-row-title"])
        if key in ("cfd", "wip"):
            Legend(outcome.runs[0].stations)
        with solara.Div(classes=["orgsim-cmp-grid", f"orgsim-cmp-{key}"], style=grid):
            for run in outcome.runs:
                with solara.Div(classes=["orgsim-chart"]):
                    solara.Image(run.charts[key], width="100%")


@solara.component
def ComparePage(app: AppState):
    bundles, set_bundles_state = solara.use_state(list(app.bundles))
    settings, set_settings_state = solara.use_state(dict(app.compare_settings))
    request, set_request = solara.use_state(None)
    message, set_message = solara.use_state("")
    error, set_error = solara.use_state("")
    outcome, set_outcome = solara.use_state(app.compare_result)

    def set_bundles(b: list[Bundle]) -> None:
        app.bundles = b
        set_bundles_state(b)

    def set_setting(key: str, value) -> None:
        new = {**settings, key: value}
        app.compare_settings = new
        set_settings_state(new)

    # One stop flag per request: Cancel sets it, and so does leaving the page or closing
    # the tab (the effect's cleanup), so no comparison outlives the person who asked.
    stop = solara.use_memo(threading.Event, dependencies=[request])
    solara.use_effect(lambda: stop.set, dependencies=[stop])

    def work():
        if request is None:
            return None
        bundles_now, seed, seeds, days = request
        try:
            result = run_comparison(
                bundles_now,
                seed,
                seeds,
                days,
                progress=set_message,
                cancelled=stop.is_set,
                workers=COMPARE_WORKERS,
            )
        except Cancelled:
            set_error("Comparison cancelled.")
            return None
        except Exception as exc:
            set_error(str(exc))
            return None
        app.compare_result = result
        set_outcome(result)
        set_error("")
        return result

    job = solara.use_thread(work, dependencies=[request], intrusive_cancel=False)
    running = request is not None and job.state in (
        solara.ResultState.STARTING,
        solara.ResultState.WAITING,
        solara.ResultState.RUNNING,
    )

    def run() -> None:
        days = settings["days"]
        problem = validate(
            bundles, int(settings["seed"]), int(settings["seeds"]), float(days) if days else None
        )
        if problem:
            set_error(problem)
            return
        set_error("")
        set_request(
            (
                [Bundle(b.name.strip(), b.controls) for b in bundles],
                int(settings["seed"]),
                int(settings["seeds"]),
                float(days) if days else None,
            )
        )

    def update(i: int, b: Bundle) -> None:
        new = list(bundles)
        new[i] = b
        set_bundles(new)

    def remove(i: int) -> None:
        set_bundles([b for j, b in enumerate(bundles) if j != i])

    def add() -> None:
        last = bundles[-1]
        set_bundles([*bundles, Bundle(f"{last.name} (copy)", last.controls)])

    solara.Text(
        "Compare policy bundles on the same seeds: each bundle is a scenario plus levers; "
        "differences are measured against bundle A.",
        classes=["orgsim-desc"],
    )
    with solara.Div(classes=["orgsim-bundles"]):
        for i, b in enumerate(bundles):
            BundleCard(
                i,
                b,
                on_change=lambda nb, i=i: update(i, nb),
                on_remove=lambda i=i: remove(i),
                removable=len(bundles) > 2,
            )
    with solara.Row(gap="14px", classes=["orgsim-runbar"]):
        solara.Button(
            "Add bundle",
            icon_name="mdi-plus",
            on_click=add,
            disabled=len(bundles) >= MAX_BUNDLES,
            outlined=True,
            style={"text-transform": "none"},
        )
        solara.InputInt(
            "Seed",
            value=int(settings["seed"]),
            on_value=lambda v: set_setting("seed", int(v or 0)),
            dense=True,
        )
        solara.InputInt(
            "Seeds (1-20)",
            value=int(settings["seeds"]),
            on_value=lambda v: set_setting("seeds", max(1, min(20, int(v or 1)))),
            dense=True,
        )
        solara.InputFloat(
            "Measured days",
            value=float(settings["days"] or 0),
            on_value=lambda v: set_setting("days", v if v and v > 0 else None),
            dense=True,
        )
        solara.Button(
            "Run comparison",
            icon_name="mdi-play",
            on_click=run,
            color="primary",
            disabled=running,
            style={"text-transform": "none"},
        )
        if running:
            solara.Button(
                "Cancel",
                icon_name="mdi-stop",
                on_click=stop.set,
                outlined=True,
                style={"text-transform": "none"},
            )
            solara.Text(message or "Starting…", classes=["orgsim-desc"])
    if running:
        solara.ProgressLinear(True)
    if error:
        solara.Error(error, dense=True)
    if outcome is not None:
        Results(outcome)
    elif not running:
        solara.Info(
            "Press Run comparison. With the defaults (2 bundles, 3 seeds, 120 measured days "
            "after the warm-up) it takes a few seconds.",
            dense=True,
        )
