"""Small Solara components shared by the Simulate and Compare pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import solara

from orgsim.app.charts import BACKLOG_COLOR, DONE_COLOR, station_color
from orgsim.app.controls import GOVERNANCE, RELEASE_CHOICES, TOPOLOGIES, Controls, scenario_files

CHART_TIPS = {
    "network": "Teams and their dependencies (fixed layout); node size and colour: the "
    "team's work in progress.",
    "cfd": "Cumulative flow: items that reached each station; the band between two lines "
    "is the work at a station, and a widening band is WIP piling up.",
    "wip": "Items waiting or in work at each station, day by day.",
    "lead": "How long changes took from backlog to production; lines mark p50, p85 and p95.",
    "throughput": "Changes delivered to production in each working week (grey: warm-up).",
    "spend": "Cumulative token spend against cumulative changes delivered: spend rising "
    "faster than delivery is the article's claim C2.",
    "floor": "Mean WIP at each station over the measured window; the constraint is outlined.",
}
CHART_TITLES = {
    "network": "Team network",
    "cfd": "Cumulative flow diagram",
    "wip": "WIP per station",
    "lead": "Lead-time distribution",
    "throughput": "Throughput per week",
    "spend": "Token spend vs delivered",
    "floor": "Factory floor (mean WIP)",
}


def _card_title(key: str, hint: str) -> None:
    """A chart card's title with its one-line tooltip (shared by image and SVG cards)."""
    with solara.Tooltip(CHART_TIPS.get(key, "")):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<span>{escape(CHART_TITLES.get(key, key))}</span>"
            + (f'<span class="hint">{escape(hint)}</span>' if hint else ""),
            classes=["orgsim-chart-title"],
        )


@solara.component
def ChartCard(key: str, png: bytes, hint: str = ""):
    with solara.Column(gap="0px", classes=["orgsim-chart", f"orgsim-chart-{key}"]):
        _card_title(key, hint)
        solara.Image(png, width="100%")


@solara.component
def SvgCard(key: str, svg: str, hint: str = ""):
    with solara.Column(gap="0px", classes=["orgsim-chart", f"orgsim-chart-{key}"]):
        _card_title(key, hint)
        solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["orgsim-network"])


def legend_html(stations: Sequence[str], with_backlog: bool = False) -> str:
    parts = []
    if with_backlog:
        parts.append(f'<span><i style="background:{BACKLOG_COLOR}"></i>backlog</span>')
    for i, name in enumerate(stations):
        parts.append(
            f'<span><i style="background:{station_color(i)}"></i>{escape(name.replace("_", " "))}</span>'
        )
    parts.append(f'<span><i style="background:{DONE_COLOR}"></i>done</span>')
    return "".join(parts)


@solara.component
def Legend(stations: Sequence[str], with_backlog: bool = False):
    solara.HTML(
        tag="div", unsafe_innerHTML=legend_html(stations, with_backlog), classes=["orgsim-legend"]
    )


def _release_label(x: float) -> str:
    return "scenario's own train" if x == 0 else f"every {x:g} days"


@solara.component
def Levers(controls: Controls, on_change: Callable[[Controls], None]):
    """The policy and AI levers of one bundle (sliders, switches, selects)."""

    def set_(**kw):
        on_change(controls.with_(**kw))

    def label(text: str, value: str):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<span>{escape(text)}</span><b>{escape(value)}</b>",
            classes=["orgsim-lever-label"],
        )

    solara.HTML(tag="h4", unsafe_innerHTML="AI assistants")
    label("Adoption", f"{100 * controls.adoption:.0f}%")
    solara.SliderFloat(
        "",
        value=controls.adoption,
        min=0.0,
        max=1.0,
        step=0.05,
        on_value=lambda v: set_(adoption=round(float(v), 2)),
        thumb_label=False,
    )
    label("Coding speed-up", f"{controls.coding_speedup:.1f}x")
    solara.SliderFloat(
        "",
        value=controls.coding_speedup,
        min=1.0,
        max=5.0,
        step=0.1,
        on_value=lambda v: set_(coding_speedup=round(float(v), 2)),
        thumb_label=False,
    )
    solara.HTML(tag="h4", unsafe_innerHTML="Policies")
    solara.Switch(
        label="Center of excellence", value=controls.coe, on_value=lambda v: set_(coe=bool(v))
    )
    label("Mandate", f"{100 * controls.mandate:.0f}%")
    solara.SliderFloat(
        "",
        value=controls.mandate,
        min=0.0,
        max=1.0,
        step=0.05,
        on_value=lambda v: set_(mandate=round(float(v), 2)),
        thumb_label=False,
    )
    solara.Select(
        "Governance",
        values=list(GOVERNANCE),
        value=controls.governance,
        on_value=lambda v: set_(governance=v),
        dense=True,
    )
    label("WIP limit per team", "none" if controls.wip_limit == 0 else str(controls.wip_limit))
    solara.SliderInt(
        "",
        value=controls.wip_limit,
        min=0,
        max=60,
        step=1,
        on_value=lambda v: set_(wip_limit=int(v)),
        thumb_label=False,
    )
    choices = sorted({*RELEASE_CHOICES, controls.release_every})
    labels = [_release_label(x) for x in choices]
    solara.Select(
        "Release train",
        values=labels,
        value=_release_label(controls.release_every),
        on_value=lambda v: set_(release_every=choices[labels.index(v)]),
        dense=True,
    )
    solara.Switch(
        label="Continuous deployment",
        value=controls.continuous_deployment,
        on_value=lambda v: set_(continuous_deployment=bool(v)),
    )
    solara.HTML(tag="h4", unsafe_innerHTML="People")
    solara.Switch(
        label="Peer review by developers",
        value=controls.peer_review,
        on_value=lambda v: set_(peer_review=bool(v)),
    )
    label(
        "Open PRs per developer",
        "no limit" if controls.open_pr_limit == 0 else str(controls.open_pr_limit),
    )
    solara.SliderInt(
        "",
        value=controls.open_pr_limit,
        min=0,
        max=10,
        step=1,
        on_value=lambda v: set_(open_pr_limit=int(v)),
        thumb_label=False,
    )
    solara.Switch(
        label="Review under load (hurry, skim)",
        value=controls.review_under_load,
        on_value=lambda v: set_(review_under_load=bool(v)),
    )
    solara.Switch(
        label="Incidents from escaped defects",
        value=controls.incidents,
        on_value=lambda v: set_(incidents=bool(v)),
    )
    solara.Switch(
        label="Learning the assistant",
        value=controls.learning,
        on_value=lambda v: set_(learning=bool(v)),
    )
    solara.HTML(tag="h4", unsafe_innerHTML="Organization")
    label("Teams", str(controls.teams))
    solara.SliderInt(
        "",
        value=controls.teams,
        min=1,
        max=120,
        step=1,
        on_value=lambda v: set_(teams=int(v)),
        thumb_label=False,
    )
    topologies = list(TOPOLOGIES)
    if controls.topology not in topologies:
        topologies.append(controls.topology)
    solara.Select(
        "Topology",
        values=topologies,
        value=controls.topology,
        on_value=lambda v: set_(topology=v),
        dense=True,
    )


@solara.component
def ScenarioPicker(
    controls: Controls,
    on_pick: Callable[[str], None],
    label: str = "Scenario",
    on_refuse: Callable[[str], None] | None = None,
):
    """Only the scenarios the server listed can be picked: the browser sends a label, and
    a label that is not on the list (a rewritten message) is refused, never opened."""
    files = scenario_files()
    labels = list(files)
    current = next((k for k, v in files.items() if v == controls.scenario_path), None)
    if current is None:
        labels.append(controls.scenario_path)
        current = controls.scenario_path
    solara.Select(
        label,
        values=labels,
        value=current,
        on_value=lambda v: _picked(files, v, on_pick, on_refuse),
        dense=True,
    )


def _picked(files, value, on_pick, on_refuse) -> None:
    if isinstance(value, str) and value in files:
        on_pick(files[value])
    elif on_refuse is not None:
        on_refuse(f"scenario {str(value)[:80]!r} is not one of the listed scenarios")
