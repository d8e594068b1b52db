"""The factory floor: the pipeline's stations left to right, WIP piled up at each, as SVG.

Each station is a column: its name and who serves it on top, a pile of blocks for the
items waiting or in work there (every block the same number of items, so piles compare
at a glance), the count and how busy its servers were lately underneath. The current
constraint is outlined in red; a gated station (change-approval board, release train)
shows when its window next opens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from orgsim.app.charts import BACKLOG_COLOR, CONSTRAINT_COLOR, DONE_COLOR, station_color

WIDTH = 1000
HEIGHT = 204
PILE_TOP = 62
PILE_BOTTOM = 150
BLOCK_W, BLOCK_H, GAP = 11, 6, 2
MAX_ROWS = (PILE_BOTTOM - PILE_TOP) // (BLOCK_H + GAP)
NICE = (1, 2, 5)


@dataclass(frozen=True)
class StationView:
    """What the floor shows about one station."""

    name: str
    kind: str
    role: str
    servers: int
    wip: int
    utilization: float = math.nan  # busy share of its servers over the last days
    gate: str | None = None  # when it opens: "every 10 days", "on 8 dates (...)"
    next_open: float | None = None


ROLE_NOUN = {
    "developer": ("developer", "developers"),
    "reviewer": ("reviewer", "reviewers"),
    "approver": ("approver", "approvers"),
    "release_manager": ("release manager", "release managers"),
    "automated": ("server", "servers"),
    "peer": ("person reviewing", "people reviewing"),  # developers doing peer review
}


def items_per_block(peak: float, blocks_per_row: int) -> int:
    """The smallest 1-2-5 step so that the biggest pile fits in the column."""
    capacity = max(MAX_ROWS * blocks_per_row, 1)
    need = max(peak, 1) / capacity
    k = 1
    while True:
        for n in NICE:
            if n * k >= need:
                return n * k
        k *= 10


def _servers(st: StationView) -> str:
    one, many = ROLE_NOUN.get(st.role, ("server", "servers"))
    return f"{st.servers} {one if st.servers == 1 else many}"


def floor_svg(
    stations: Sequence[StationView],
    *,
    backlog: int | None,
    delivered: int,
    now: float,
    constraint: str = "",
    scale_peak: float | None = None,
) -> str:
    """The floor as an SVG string (scales to its container's width).

    `backlog` None means an unlimited backlog (there is always more work to start).
    `scale_peak` fixes the items-per-block scale, so that several floors compare.
    """
    cols = len(stations) + 2
    cw = WIDTH / cols
    per_row = max(1, int((cw - 18) // (BLOCK_W + GAP)))
    peak = scale_peak or max([st.wip for st in stations] + [backlog or 0, 1])
    k = items_per_block(peak, per_row)
    out = [
        f'<svg class="orgsim-floor-svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-label="factory floor">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fafafa"/>',
        f'<line x1="6" y1="{PILE_BOTTOM + 1}" x2="{WIDTH - 6}" y2="{PILE_BOTTOM + 1}" '
        f'stroke="#9e9e9e" stroke-width="1.5"/>',
    ]

    def column(
        i: int, title: str, sub: str, tip: str, cls: str, hot: bool = False, data: str = ""
    ) -> float:
        x0 = i * cw
        out.append(f'<g class="{cls}"{data}><title>{escape(tip)}</title>')
        fill, stroke, width = ("#ffebee", CONSTRAINT_COLOR, 2.5) if hot else ("white", "#e0e0e0", 1)
        out.append(
            f'<rect x="{x0 + 3:.1f}" y="3" width="{cw - 6:.1f}" height="{HEIGHT - 6}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        )
        cx = x0 + cw / 2
        out.append(
            f'<text x="{cx:.1f}" y="19" text-anchor="middle" font-size="12.5" '
            f'font-weight="600" fill="#263238">{escape(title)}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="33" text-anchor="middle" font-size="10" '
            f'fill="#607d8b">{escape(sub)}</text>'
        )
        return x0

    def pile(x0: float, n: int, color: str) -> None:
        blocks = math.ceil(n / k) if n > 0 else 0
        shown = min(blocks, MAX_ROWS * per_row)
        width = per_row * (BLOCK_W + GAP) - GAP
        left = x0 + (cw - width) / 2
        for b in range(shown):
            row, c = divmod(b, per_row)
            x = left + c * (BLOCK_W + GAP)
            y = PILE_BOTTOM - (row + 1) * (BLOCK_H + GAP) + GAP
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{BLOCK_W}" height="{BLOCK_H}" '
                f'rx="1.2" fill="{color}"/>'
            )

    def count(x0: float, text: str, sub: str, color: str = "#263238") -> None:
        cx = x0 + cw / 2
        out.append(
            f'<text class="orgsim-floor-wip" x="{cx:.1f}" y="{PILE_BOTTOM + 18}" '
            f'text-anchor="middle" font-size="15" font-weight="700" fill="{color}">'
            f"{escape(text)}</text>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{PILE_BOTTOM + 31}" text-anchor="middle" font-size="10" '
            f'fill="#607d8b">{escape(sub)}</text>'
        )

    # The backlog.
    if backlog is None:
        x0 = column(
            0, "backlog", "unlimited", "Backlog: always more work to start", "orgsim-floor-col"
        )
        count(x0, "∞", "ready to start")
    else:
        x0 = column(
            0,
            "backlog",
            "arrived, not started",
            f"Backlog: {backlog} changes waiting to be started",
            "orgsim-floor-col",
        )
        pile(x0, backlog, BACKLOG_COLOR)
        count(x0, f"{backlog:,}", "waiting")

    for i, st in enumerate(stations, start=1):
        is_constraint = st.name == constraint
        busy = "" if math.isnan(st.utilization) else f"busy {100 * st.utilization:.0f}%"
        tip = f"{st.name} ({st.kind}): {st.wip:,} items waiting or in work; {_servers(st)}"
        if busy:
            tip += f"; {busy} over the last 5 days"
        if st.gate:
            tip += f"; gate opens {st.gate}"
        if is_constraint:
            tip += ". The current constraint: its servers are the busiest (longest queue)."
        cls = "orgsim-floor-col orgsim-constraint" if is_constraint else "orgsim-floor-col"
        data = f' data-station="{escape(st.name)}" data-wip="{st.wip}"'
        x0 = column(i, st.name.replace("_", " "), _servers(st), tip, cls, is_constraint, data)
        if is_constraint:
            out.append(
                f'<text x="{x0 + cw / 2:.1f}" y="{HEIGHT - 9}" text-anchor="middle" '
                f'font-size="10" font-weight="700" fill="{CONSTRAINT_COLOR}" '
                f'letter-spacing="0.5">CONSTRAINT</text>'
            )
        if st.gate:
            _gate(out, x0 + cw / 2, st, now)
        pile(x0, st.wip, station_color(i - 1))
        count(x0, f"{st.wip:,}", busy or st.kind.replace("_", " "))
        out.append("</g>")
    # Conveyor arrows between the columns.
    for i in range(1, cols):
        out.append(f'<path d="M{i * cw - 4:.1f},{PILE_BOTTOM - 50} l7,6 l-7,6 z" fill="#90a4ae"/>')

    x0 = column(
        cols - 1,
        "done",
        "in production",
        f"Delivered to production so far: {delivered:,} changes",
        "orgsim-floor-col",
    )
    cx = x0 + cw / 2
    out.append(
        f'<circle cx="{cx:.1f}" cy="{(PILE_TOP + PILE_BOTTOM) / 2:.1f}" r="22" '
        f'fill="{DONE_COLOR}" fill-opacity="0.15" stroke="{DONE_COLOR}"/>'
    )
    out.append(
        f'<path d="M{cx - 10:.1f},{(PILE_TOP + PILE_BOTTOM) / 2:.1f} l7,8 l13,-15" '
        f'stroke="{DONE_COLOR}" stroke-width="3.5" fill="none" stroke-linecap="round"/>'
    )
    count(x0, f"{delivered:,}", "delivered", DONE_COLOR)
    out.append("</g>")
    out.append(
        f'<rect x="{cw / 2 - 34:.1f}" y="{HEIGHT - 17}" width="{BLOCK_W}" height="{BLOCK_H}" '
        f'rx="1.2" fill="#90a4ae"/><text x="{cw / 2 - 19:.1f}" y="{HEIGHT - 10}" '
        f'font-size="9.5" fill="#78909c">= {k:,} item{"s" if k > 1 else ""}</text>'
    )
    out.append("</svg>")
    return "".join(s for s in out if s)


def _gate(out: list[str], cx: float, st: StationView, now: float) -> None:
    """A boom gate with the day it next opens."""
    y = 46
    out.append(
        f'<g class="orgsim-gate"><rect x="{cx - 26:.1f}" y="{y - 8}" width="4" height="14" '
        f'fill="#546e7a"/><rect x="{cx - 22:.1f}" y="{y - 6}" width="48" height="4" '
        f'fill="#ffb300" stroke="#546e7a" stroke-width="0.6"/>'
    )
    if st.next_open is not None:
        wait = max(st.next_open - now, 0.0)
        if math.isinf(wait):
            when = "no more openings"  # a dated gate after its last date
        elif wait < 1e-9:
            when = "opens today"
        else:
            when = f"opens day {st.next_open:g} (in {wait:g} d)"
        out.append(
            f'<text x="{cx:.1f}" y="{y + 15}" text-anchor="middle" font-size="9.5" '
            f'fill="#e65100">{escape(when)}</text>'
        )
    out.append("</g>")
