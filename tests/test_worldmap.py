"""The world map draws every UN Member State: shapes, and dots for the small ones."""

from __future__ import annotations

import re

import pycountry
import pytest

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.graphics.worldmap import (
    HEIGHT,
    SMALL_STATES,
    TOPOLOGY,
    WIDTH,
    country_shapes,
    small_state_shapes,
)


def test_small_states_become_dots_only_where_no_shape_is_drawn() -> None:
    singapore = pycountry.countries.get(alpha_3="SGP")
    assert singapore is not None
    dots = small_state_shapes(drawn={singapore.numeric})
    assert len(dots) == len(SMALL_STATES) - 1
    assert singapore.numeric not in {d.numeric for d in dots}
    malta = next(d for d in dots if d.name == "Malta")
    x, y = (float(v) for v in re.match(r"M([-\d.]+),([-\d.]+)", malta.path).groups())  # type: ignore[union-attr]
    assert 0 < x < WIDTH and 0 < y < HEIGHT  # in the Mediterranean, on the canvas
    assert malta.path.count("a") == 2 and malta.path.endswith("Z")  # a circle


def test_every_un_member_state_is_on_the_map() -> None:
    if not TOPOLOGY.is_file():
        pytest.skip("the map's country shapes are installed by `make install`")
    numeric = {s.numeric for s in country_shapes()}
    missing = []
    for alpha3 in un_member_states():
        country = pycountry.countries.get(alpha_3=alpha3)
        if country is None or country.numeric not in numeric:
            missing.append(alpha3)
    assert not missing, missing
