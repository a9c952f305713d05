"""A static, accessible picture of the participation network (SVG), not a JavaScript
hairball: nodes placed by a seeded force layout (the same picture every time), coloured
by UN region or stakeholder group, the strongest participants labelled; only links of
at least ``MIN_DRAWN_WEIGHT`` shared convenings are drawn (all of them are in the tables
and the exports). The picture carries a title and a description for screen readers,
and the page puts the same facts in tables beside it.
"""

from __future__ import annotations

from html import escape

import networkx as nx

from govatlas.i18n import N_, gettext, ngettext
from govatlas.network.graph import Network, NodeMeasure
from govatlas.network.participation import group_label

WIDTH, HEIGHT, MARGIN = 960, 620, 40
MIN_DRAWN_WEIGHT = 2
LABELLED = 24
# colours that keep a 3:1 contrast against white (WCAG non-text contrast); the continents'
# names are marked for the catalogs (the page's legend shows them translated)
PALETTE = {
    N_("Africa"): "#b35806",
    N_("Americas"): "#1b7837",
    N_("Asia"): "#762a83",
    N_("Europe"): "#2166ac",
    N_("Oceania"): "#01665e",
}
OTHER_GROUPS = N_("other participants (non-state, observers)")
OTHER = "#4d4d4d"


def colour(group: str) -> str:
    return PALETTE.get(group, OTHER)


def _convenings(count: int) -> str:
    return ngettext("%(num)s convening", "%(num)s convenings", count)


def _tooltip(measure: NodeMeasure) -> str:
    """A node's tooltip: the participant, its group and its counts."""
    return gettext(
        "%(party)s (%(group)s): %(convenings)s, %(partners)s",
        party=measure.party,
        group=group_label(measure.group),
        convenings=_convenings(measure.convenings),
        partners=ngettext("%(num)s partner", "%(num)s partners", measure.partners),
    )


def network_svg(network: Network, title: str) -> str:
    """The picture, its description and tooltips in the language of the page."""
    graph = network.graph
    if graph.number_of_nodes() == 0:
        return ""
    layout = nx.spring_layout(graph, seed=7, weight="weight", iterations=200)
    xs = [p[0] for p in layout.values()]
    ys = [p[1] for p in layout.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def at(node: str) -> tuple[float, float]:
        x, y = layout[node]
        return (
            MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
            MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN),
        )

    drawn = [(a, b, d["weight"]) for a, b, d in graph.edges(data=True) if d["weight"] >= 2]
    strongest = {m.party for m in network.measures[:LABELLED]}
    most = max((m.strength for m in network.measures), default=1.0) or 1.0
    # in the language of the page (the picture is drawn for the page only)
    described = gettext(
        "%(participants)s of %(convenings)s; %(drawn)s of %(links)s drawn (those of two or "
        "more shared convenings); %(labelled)s. The tables below give every measure.",
        participants=ngettext(
            "%(num)s participant", "%(num)s participants", graph.number_of_nodes()
        ),
        convenings=_convenings(len(network.used)),
        drawn=len(drawn),
        links=ngettext("%(num)s link", "%(num)s links", graph.number_of_edges()),
        labelled=ngettext(
            "the %(num)s participant with the most shared convenings is labelled",
            "the %(num)s participants with the most shared convenings are labelled",
            len(strongest),
        ),
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" aria-labelledby="network-title network-desc" class="network">',
        f'<title id="network-title">{escape(title)}</title>',
        f'<desc id="network-desc">{escape(described)}</desc>',
        '<g class="links" stroke="#8a8a8a" fill="none">',
    ]
    for a, b, weight in sorted(drawn):
        (x1, y1), (x2, y2) = at(a), at(b)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{0.4 + 0.5 * (weight - 1):.1f}" stroke-opacity="0.35"/>'
        )
    parts.append('</g><g class="nodes">')
    for measure in sorted(network.measures, key=lambda m: m.strength):
        x, y = at(measure.party)
        radius = 3 + 7 * (measure.strength / most) ** 0.5
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'fill="{colour(measure.group)}" stroke="#fff" stroke-width="1">'
            f"<title>{escape(_tooltip(measure))}</title></circle>"
        )
    for measure in network.measures[:LABELLED]:
        x, y = at(measure.party)
        parts.append(
            f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="12" fill="#1a1a1a" '
            f'paint-order="stroke" stroke="#fff" stroke-width="3">{escape(measure.party)}</text>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def legend() -> list[tuple[str, str]]:
    """(group, colour) for the page's legend."""
    return [*PALETTE.items(), (OTHER_GROUPS, OTHER)]
