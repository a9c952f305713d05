"""Coverage states drawn the same way everywhere: grids and maps by category.

A coverage cell is a category, not a count: binding law in force, adopted,
proposed, non-binding only, assessed and absent, or not assessed. "Not
assessed" is drawn with a hatch pattern and its own legend entry, never in the
colour of "absent" and never as a zero. Blues are binding, from dark (in force)
to light (proposed); orange is non-binding (Okabe-Ito, colour-blind safe).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from govatlas.graphics.worldmap import EMPTY, HEIGHT, WIDTH, country_shapes
from govatlas.vocabulary import LegalEffect

STATE_ORDER = (
    "binding-in-force",
    "binding-adopted",
    "binding-proposed",
    "non-binding",
    "absent",
    "not-assessed",
)
STATE_COLOURS = {
    "binding-in-force": "#0b4f8a",
    "binding-adopted": "#2f7fc1",
    "binding-proposed": "#bcd9ef",
    "non-binding": "#f3c36b",
    "absent": "#ffffff",
    "not-assessed": "url(#hatch)",
}
# The same colours for instruments by what they do today (landscape charts).
EFFECT_COLOURS = {
    LegalEffect.BINDING_IN_FORCE: STATE_COLOURS["binding-in-force"],
    LegalEffect.BINDING_ADOPTED: STATE_COLOURS["binding-adopted"],
    LegalEffect.BINDING_PROPOSED: STATE_COLOURS["binding-proposed"],
    LegalEffect.NON_BINDING: STATE_COLOURS["non-binding"],
    LegalEffect.LAPSED: "#9e9e9e",
}
# Acts towards an international instrument ("adherence to X" maps), Okabe-Ito; grey is
# "no record" (nobody recorded an act: not a checked absence) is hatched, as "no data" on
# the instrument map (``worldmap.NO_RECORD_DEFS`` must be in the document).
ACT_COLOURS = {
    "ratified": "#0072b2",
    "adhered": "#009e73",
    "sponsored": "#d55e00",
    "adopted": "#cc79a7",
    "endorsed": "#e69f00",
    "member": "#56b4e9",
    "signed": "#f0e442",
    "committed": "#999999",
    "no-record": EMPTY,
}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="11"'
HATCH = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>'
)


def _legend(labels: Mapping[str, str], x: float, y: float, counts: Mapping[str, int]) -> str:
    """The six states in two rows of three, each with its count when given."""
    parts = []
    for index, state in enumerate(STATE_ORDER):
        label = labels[state] + (f" ({counts[state]})" if state in counts else "")
        left = x + (index % 3) * 300
        top = y + (index // 3) * 18
        parts.append(
            f'<rect x="{left:g}" y="{top - 10:g}" width="12" height="12" '
            f'fill="{STATE_COLOURS[state]}" stroke="#555" stroke-width="0.6"/>'
            f'<text x="{left + 16:g}" y="{top:g}" {FONT}>{escape(label)}</text>'
        )
    return "".join(parts)


def state_grid(
    key: str,
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    states: Sequence[Sequence[str]],
    labels: Mapping[str, str],
) -> str:
    """Rows × columns, each cell coloured by its state and titled with it."""
    label_w, cell_w, cell_h, head = 190.0, 58.0, 18.0, 110.0
    legend_rows = 2
    width = max(label_w + cell_w * len(columns) + 100, 920)
    height = head + cell_h * len(rows) + 30 + 18 * legend_rows
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:g} '
        f'{height:g}" width="{width:g}" height="{height:g}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
        HATCH,
    ]
    for col, name in enumerate(columns):
        x = label_w + col * cell_w + cell_w / 2
        short = name if len(name) <= 22 else name[:21] + "…"
        parts.append(
            f'<text transform="translate({x:g},{head - 6:g}) rotate(-40)" {FONT}>'
            f"{escape(short)}</text>"
        )
    for r, name in enumerate(rows):
        y = head + r * cell_h
        short = name if len(name) <= 30 else name[:29] + "…"
        parts.append(
            f'<text x="{label_w - 6:g}" y="{y + cell_h - 5:g}" text-anchor="end" {FONT}>'
            f"{escape(short)}</text>"
        )
        for c, state in enumerate(states[r]):
            x = label_w + c * cell_w
            parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{cell_w - 2:g}" height="{cell_h - 2:g}" '
                f'fill="{STATE_COLOURS[state]}" stroke="#777" stroke-width="0.5"><title>'
                f"{escape(name)} × {escape(columns[c])}: {escape(labels[state])}</title></rect>"
            )
    counts: dict[str, int] = {}
    for row in states:
        for state in row:
            counts[state] = counts.get(state, 0) + 1
    parts.append(_legend(labels, 10, height - 18 * legend_rows + 4, counts))
    parts.append("</svg>")
    return "".join(parts)


def state_map(
    key: str,
    title: str,
    desc: str,
    states: Mapping[str, str],
    labels: Mapping[str, str],
    names: Mapping[str, str] | None = None,
) -> str:
    """A world map with each country (ISO numeric id) in its state's colour.

    Countries the map has no state for are drawn as "not assessed"."""
    counts: dict[str, int] = {}
    for state in states.values():
        counts[state] = counts.get(state, 0) + 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map" viewBox="0 0 {WIDTH} '
        f'{HEIGHT + 48}" role="img" aria-labelledby="{key}-title {key}-desc">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
        HATCH,
    ]
    for shape in country_shapes():
        state = states.get(shape.numeric, "not-assessed")
        name = (names or {}).get(shape.numeric, shape.name)
        parts.append(
            f'<path d="{shape.path}" fill="{STATE_COLOURS[state]}" stroke="#666" '
            f'stroke-width="0.3"><title>{escape(name)}: {escape(labels[state])}</title></path>'
        )
    parts.append(_legend(labels, 10, HEIGHT + 24, counts))
    parts.append("</svg>")
    return "".join(parts)
