"""Tables and figures are numbered in document order, and references follow them."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from govatlas.reports.numbering import Numbering, number

TEMPLATE = """
<p>See Table {{ table_ref("pairs") }} and Figure {{ figure_ref("map") }}.</p>
{% for t in ["a", "b"] %}<caption>Table {{ table() }}. {{ t }}</caption>{% endfor %}
{% if optional %}<caption>Table {{ table() }}. optional</caption>{% endif %}
<figcaption>Figure {{ figure("map") }}. Map</figcaption>
<caption>Table {{ table("pairs") }}. Pairs</caption>
"""


def _render(optional: bool) -> str:
    env = Environment(autoescape=True)
    return number(env.from_string(TEMPLATE).render(optional=optional, **Numbering().functions()))


def test_numbers_follow_the_order_of_the_captions_and_references_follow_them() -> None:
    html = _render(optional=True)
    assert "Table 1. a" in html and "Table 2. b" in html and "Table 3. optional" in html
    assert "Table 4. Pairs" in html and "See Table 4 and Figure 1." in html
    # a section left out renumbers what follows, and the reference with it
    html = _render(optional=False)
    assert "Table 3. Pairs" in html and "See Table 3 " in html
    assert "⟦" not in html


def test_a_reference_to_nothing_or_a_table_placed_twice_is_a_bug() -> None:
    with pytest.raises(ValueError, match="never shows"):
        number(str(Numbering.refer("table", "missing")))
    twice = Numbering().place("table", "x") + Numbering().place("table", "x")
    with pytest.raises(ValueError, match="placed twice"):
        number(str(twice))
