"""Bar, stacked-bar, line and heatmap charts as accessible inline SVG.

Each chart carries a ``<title>`` and a ``<desc>`` (its alternative text, read by
screen readers and shown when images are off) referenced by ``aria-labelledby``.
Colours come from colour-blind-safe palettes (viridis; the binding / non-binding
pair is blue and orange from Okabe-Ito). Coordinates are rounded to one decimal
so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from govatlas.graphics.worldmap import PALETTE, colour, colour_scale

BINDING_COLOUR = "#0072b2"  # Okabe-Ito blue
NON_BINDING_COLOUR = "#e69f00"  # Okabe-Ito orange
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="11"'
LABEL_WIDTH = 190


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def _open(key: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_n(width)} '
        f'{_n(height)}" width="{_n(width)}" height="{_n(height)}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" {FONT}{extra}>{escape(text)}</text>'
    )


def _clip(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    parts = []
    for series_item in series:
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" '
            f'fill="{series_item.colour}"/>'
        )
        parts.append(_text(x + 14, y, series_item.name))
        x += 24 + 7 * len(series_item.name)
    return parts


def stacked_bars(
    key: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[Series],
    width: float = 640,
) -> str:
    """Horizontal bars, one per row, split into the series (e.g. binding, non-binding);
    a legend when there is more than one series."""
    bar, gap, top = 16.0, 6.0, (28.0 if len(series) > 1 else 8.0)
    height = top + len(rows) * (bar + gap) + 10
    longest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (width - LABEL_WIDTH - 50) / longest
    parts = _open(key, width, height, title, desc)
    if len(series) > 1:
        parts += _legend(series, LABEL_WIDTH, 14)
    for index, (label, values) in enumerate(rows):
        y = top + index * (bar + gap)
        parts.append(_text(LABEL_WIDTH - 6, y + bar - 4, _clip(label), "end"))
        x = float(LABEL_WIDTH)
        for value, series_item in zip(values, series, strict=True):
            if value > 0:
                w = value * scale
                # "bill: 3" for a single unnamed series, "bill, binding: 3" otherwise
                named = f"{label}, {series_item.name}" if series_item.name else label
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(bar)}" '
                    f'fill="{series_item.colour}"><title>{escape(named)}: {_n(value)}'
                    "</title></rect>"
                )
                x += w
        parts.append(_text(x + 4, y + bar - 4, _n(sum(values))))
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    key: str, title: str, desc: str, rows: Sequence[tuple[str, float]], width: float = 640
) -> str:
    """Horizontal bars of one series."""
    series = [Series("", PALETTE[3])]
    return stacked_bars(key, title, desc, [(label, [v]) for label, v in rows], series, width)


def line_chart(
    key: str,
    title: str,
    desc: str,
    years: Sequence[int],
    lines: Sequence[tuple[Series, Sequence[float]]],
    width: float = 640,
    height: float = 240,
) -> str:
    """Lines over years (e.g. cumulative instruments), with a y axis from 0."""
    left, right, top, bottom = 50.0, 20.0, 30.0, 30.0
    parts = _open(key, width, height, title, desc)
    parts += _legend([s for s, _ in lines], left, 14)
    if not years:
        parts.append(_text(width / 2, height / 2, "no dated instruments", "middle"))
        parts.append("</svg>")
        return "".join(parts)
    peak = max((max(values, default=0) for _, values in lines), default=0) or 1
    span = max(1, years[-1] - years[0])
    plot_w, plot_h = width - left - right, height - top - bottom

    def point(year: int, value: float) -> tuple[float, float]:
        return left + (year - years[0]) / span * plot_w, top + plot_h - value / peak * plot_h

    for fraction in (0.0, 0.5, 1.0):
        y = top + plot_h - fraction * plot_h
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}" '
            'stroke="#ccc"/>'
        )
        parts.append(_text(left - 6, y + 4, _n(peak * fraction), "end"))
    for year in (years[0], years[len(years) // 2], years[-1]):
        x, _ = point(year, 0)
        parts.append(_text(x, height - 10, str(year), "middle"))
    for series_item, values in lines:
        coordinates = " ".join(
            f"{_n(x)},{_n(y)}"
            for x, y in (point(yr, v) for yr, v in zip(years, values, strict=True))
        )
        parts.append(
            f'<polyline fill="none" stroke="{series_item.colour}" stroke-width="2" '
            f'points="{coordinates}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(
    key: str,
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[tuple[int, int]]],
) -> str:
    """Rows x columns; each cell shows "binding / non-binding" counts, coloured by binding."""
    cell_w, cell_h, head = 62.0, 20.0, 110.0
    width = LABEL_WIDTH + cell_w * len(columns) + 100  # room for the last slanted heading
    height = head + cell_h * len(rows) + 10
    edges = colour_scale([float(b) for row in cells for b, _ in row])
    parts = _open(key, width, height, title, desc)
    for col, name in enumerate(columns):
        x = LABEL_WIDTH + col * cell_w + cell_w / 2
        parts.append(
            f'<text transform="translate({_n(x)},{_n(head - 6)}) rotate(-40)" {FONT}>'
            f"{escape(_clip(name, 22))}</text>"
        )
    for r, name in enumerate(rows):
        y = head + r * cell_h
        parts.append(_text(LABEL_WIDTH - 6, y + cell_h - 6, _clip(name), "end"))
        for c, (binding, non_binding) in enumerate(cells[r]):
            x = LABEL_WIDTH + c * cell_w
            fill = colour(binding, edges)
            ink = "#fff" if fill in PALETTE[3:] else "#000"
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cell_w - 2)}" '
                f'height="{_n(cell_h - 2)}" fill="{fill}"><title>{escape(name)} × '
                f"{escape(columns[c])}: {binding} binding, {non_binding} non-binding</title></rect>"
            )
            parts.append(
                _text(
                    x + cell_w / 2 - 1,
                    y + cell_h - 6,
                    f"{binding} / {non_binding}",
                    "middle",
                    f' fill="{ink}"',
                )
            )
    parts.append("</svg>")
    return "".join(parts)
