"""The team network as SVG: fixed positions, nodes sized and coloured by each team's WIP."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import networkx as nx
from matplotlib import colormaps
from matplotlib.colors import to_hex

WIDTH, HEIGHT, PAD = 420, 300, 22
CMAP = colormaps["YlOrRd"]


def scale_positions(
    pos: dict[int, tuple[float, float]], width: int = WIDTH, height: int = HEIGHT, pad: int = PAD
) -> dict[int, tuple[float, float]]:
    """Fit layout positions into the drawing box, keeping the aspect ratio."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    spanx = max(max(xs) - min(xs), 1e-9)
    spany = max(max(ys) - min(ys), 1e-9)
    s = min((width - 2 * pad) / spanx, (height - 2 * pad - 14) / spany)
    ox = (width - s * spanx) / 2
    oy = (height - 14 - s * spany) / 2
    return {k: (ox + (x - min(xs)) * s, oy + (y - min(ys)) * s) for k, (x, y) in pos.items()}


def wip_color(share: float) -> str:
    return to_hex(CMAP(0.12 + 0.88 * min(max(share, 0.0), 1.0)))


def network_svg(
    graph: nx.Graph,
    positions: dict[int, tuple[float, float]],
    team_wip: Sequence[int],
    names: Sequence[str],
) -> str:
    """The network with node area proportional to team WIP (colour: WIP too)."""
    n = len(team_wip)
    peak = max(max(team_wip, default=0), 1)
    big = 16.0 if n <= 16 else 11.0 if n <= 40 else 7.0
    small = 3.5 if n <= 40 else 2.0
    out = [
        f'<svg class="orgsim-network-svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="team network">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fafafa"/>',
        '<g stroke="#b0bec5" stroke-width="0.8" stroke-opacity="0.8">',
    ]
    for a, b in graph.edges():
        (x1, y1), (x2, y2) = positions[int(a)], positions[int(b)]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
    out.append("</g>")
    order = sorted(range(n), key=lambda i: team_wip[i])  # big nodes on top
    for i in order:
        x, y = positions[i]
        share = team_wip[i] / peak
        r = small + (big - small) * math.sqrt(share)
        out.append(
            f'<g class="orgsim-team"><title>{escape(names[i])}: {team_wip[i]:,} items in '
            f"progress; {graph.degree(i)} dependencies</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{wip_color(share)}" '
            f'stroke="#5d4037" stroke-width="0.7"/>'
        )
        if n <= 16:
            out.append(
                f'<text x="{x:.1f}" y="{y + 3.2:.1f}" text-anchor="middle" font-size="9" '
                f'fill="#212121">{i + 1}</text>'
            )
        out.append("</g>")
    # Legend: colour scale from no WIP to the biggest team's.
    lx, ly, lw = WIDTH - 150, HEIGHT - 12, 110
    out.append(
        '<defs><linearGradient id="orgsim-wip-grad">'
        + "".join(
            f'<stop offset="{t:.2f}" stop-color="{wip_color(t)}"/>' for t in (0, 0.25, 0.5, 0.75, 1)
        )
        + "</linearGradient></defs>"
    )
    out.append(
        f'<text x="{lx - 4}" y="{ly + 4}" text-anchor="end" font-size="9" fill="#607d8b">'
        f"team WIP 0</text>"
        f'<rect x="{lx}" y="{ly - 4}" width="{lw}" height="8" fill="url(#orgsim-wip-grad)"/>'
        f'<text x="{lx + lw + 4}" y="{ly + 4}" font-size="9" fill="#607d8b">{peak:,}</text>'
    )
    out.append("</svg>")
    return "".join(out)
