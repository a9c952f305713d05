"""A choropleth world map as inline SVG, drawn on the server (no JavaScript needed).

Country shapes come from the ``world-atlas`` package (Natural Earth 1:110m,
TopoJSON with ISO 3166 numeric ids), fetched from npm by ``make install`` into
this package's ``vendor/`` and never committed. TopoJSON arcs are delta-encoded and
quantised; they are decoded once, projected (equirectangular, latitudes -58 to
84) and cached as SVG path strings. Antarctica is left out. The 28 UN Member States
too small for the 1:110m shapes (Singapore, Malta, the small island states...) are
drawn as dots at their capitals (``SMALL_STATES``), so that every Member State is
on the map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pycountry

TOPOLOGY = Path(__file__).parent / "vendor" / "countries-110m.json"
WIDTH, HEIGHT = 960, 460
NORTH, SOUTH = 84.0, -58.0
ANTARCTICA = "010"
# Colour-blind-safe sequential palette (viridis, light to dark) and the no-data grey.
PALETTE = ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154")
# Countries with nothing recorded are hatched, not coloured: a texture no colour class can
# be mistaken for (a pale grey beside the palette's yellow was 1.12:1). The hatch lines are
# #767676, 3.6:1 against the lightest class and 4.5:1 against white (WCAG 1.4.11).
NO_RECORD_ID = "no-record"
EMPTY = f"url(#{NO_RECORD_ID})"
NO_RECORD_DEFS = (
    f'<defs><pattern id="{NO_RECORD_ID}" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="5" stroke="#767676" stroke-width="1.6"/></pattern></defs>'
)
DOT_RADIUS = 2.4
# UN Member States that Natural Earth's 1:110m shapes leave out: (longitude, latitude)
# of the capital, rounded.
SMALL_STATES: dict[str, tuple[float, float]] = {
    "AND": (1.52, 42.51),
    "ATG": (-61.85, 17.12),
    "BHR": (50.58, 26.22),
    "BRB": (-59.61, 13.1),
    "COM": (43.26, -11.7),
    "CPV": (-23.51, 14.93),
    "DMA": (-61.39, 15.3),
    "FSM": (158.16, 6.92),
    "GRD": (-61.75, 12.05),
    "KIR": (173.0, 1.33),
    "KNA": (-62.72, 17.3),
    "LCA": (-60.99, 14.01),
    "LIE": (9.52, 47.14),
    "MCO": (7.42, 43.74),
    "MDV": (73.51, 4.18),
    "MHL": (171.38, 7.09),
    "MLT": (14.51, 35.9),
    "MUS": (57.5, -20.16),
    "NRU": (166.92, -0.55),
    "PLW": (134.62, 7.5),
    "SGP": (103.82, 1.35),
    "SMR": (12.45, 43.94),
    "STP": (6.73, 0.34),
    "SYC": (55.45, -4.62),
    "TON": (-175.2, -21.14),
    "TUV": (179.19, -8.52),
    "VCT": (-61.23, 13.16),
    "WSM": (-171.77, -13.83),
}


@dataclass(frozen=True)
class CountryShape:
    numeric: str
    name: str
    path: str


def _project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon + 180.0) / 360.0 * WIDTH  # may fall outside [0, WIDTH] after unwrapping
    y = (NORTH - max(min(lat, NORTH), SOUTH)) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous across the antimeridian (the part beyond it is clipped)."""
    result: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if result and abs(lon + shift - result[-1][0]) > 180:
            shift += 360.0 if result[-1][0] > lon + shift else -360.0
        result.append((lon + shift, lat))
    return result


def _dot(lon: float, lat: float, radius: float = DOT_RADIUS) -> str:
    """A circle as an SVG path, centred on the projected point."""
    x, y = _project(lon, lat)
    return (
        f"M{round(x - radius, 1)},{y}a{radius},{radius} 0 1,0 {2 * radius},0"
        f"a{radius},{radius} 0 1,0 {-2 * radius},0Z"
    )


def small_state_shapes(drawn: set[str]) -> list[CountryShape]:
    """Dots for the ``SMALL_STATES`` whose ISO numeric id has no shape in ``drawn``."""
    shapes = []
    for alpha3, (lon, lat) in SMALL_STATES.items():
        country = pycountry.countries.get(alpha_3=alpha3)
        if country is None or country.numeric in drawn:
            continue
        shapes.append(CountryShape(country.numeric, country.name, _dot(lon, lat)))
    return shapes


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        projected = [_project(lon, lat) for lon, lat in _unwrapped(ring)]
        if len(projected) < 3:
            continue
        head, *rest = projected
        parts.append(f"M{head[0]},{head[1]}" + "".join(f"L{x},{y}" for x, y in rest) + "Z")
    return "".join(parts)


@cache
def country_shapes() -> tuple[CountryShape, ...]:
    """Every country with an ISO numeric id; empty if the map data is not installed."""
    if not TOPOLOGY.is_file():
        return ()
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if not numeric or numeric == ANTARCTICA:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        shapes.append(CountryShape(numeric, geometry["properties"]["name"], _path(rings)))
    shapes.extend(small_state_shapes({s.numeric for s in shapes}))  # drawn last, on top
    return tuple(shapes)


def colour_scale(values: list[float]) -> list[float]:
    """Bin edges splitting the positive values into ``len(PALETTE)`` quantile classes."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    edges = []
    for step in range(1, len(PALETTE)):
        edges.append(positive[min(len(positive) - 1, len(positive) * step // len(PALETTE))])
    return sorted(set(edges))


def colour(value: float, edges: list[float]) -> str:
    if value <= 0:
        return EMPTY
    index = sum(1 for edge in edges if value > edge)
    return PALETTE[min(index, len(PALETTE) - 1)]


def legend(edges: list[float]) -> list[tuple[str, str]]:
    """(colour, label) for each class: "1", "2-4", "> 9"..."""
    if not edges:
        return []
    entries, low = [], 1.0
    for index, edge in enumerate(edges):
        label = f"{low:g}" if low == edge else f"{low:g}–{edge:g}"
        entries.append((PALETTE[index], label))
        low = edge + 1
    entries.append((PALETTE[min(len(edges), len(PALETTE) - 1)], f"> {edges[-1]:g}"))
    return entries


def choropleth(key: str, title: str, desc: str, counts: dict[str, int]) -> str:
    """A standalone map (for reports): countries keyed by ISO numeric id, with a legend."""
    edges = colour_scale(list(counts.values()))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map" viewBox="0 0 {WIDTH} '
        f'{HEIGHT + 30}" role="img" aria-labelledby="{key}-title {key}-desc">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
        NO_RECORD_DEFS,
    ]
    for shape in country_shapes():
        count = counts.get(shape.numeric, 0)
        parts.append(
            f'<path d="{shape.path}" fill="{colour(count, edges)}" stroke="#fff" '
            f'stroke-width="0.4"><title>{escape(shape.name)}: {count}</title></path>'
        )
    x = 10
    for fill, label in [(EMPTY, "0"), *legend(edges)]:
        parts.append(
            f'<rect x="{x}" y="{HEIGHT + 12}" width="12" height="12" fill="{fill}"/>'
            f'<text x="{x + 16}" y="{HEIGHT + 22}" font-size="11" '
            f'font-family="DejaVu Sans, Arial, sans-serif">{escape(label)}</text>'
        )
        x += 30 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)
