"""The white paper's Technologies section: counts over what was assessed, unmeasured
technologies without a count, "not assessed" never 0, every row cited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from govatlas.reports.render import render_html
from govatlas.reports.technologies import stated_figure
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from tests.technology_texts import MEASURED, UNMEASURED, add_technology_texts


@pytest.fixture
def released(built: Engine) -> Engine:
    add_technology_texts(built)
    with transaction(built) as session:
        create_release(session)
    return built


def test_the_technologies_section_counts_measured_evidence_and_cites_it(
    released: Engine,
) -> None:
    document = build_white_paper(released)
    section = document.context["technologies"]
    rows = {r["id"]: r for r in section["rows"]}
    assert len(rows) == 10
    generative = rows[MEASURED]
    assert generative["measured"] and generative["instruments"]["value"] == 2
    assert generative["instruments"]["text"].startswith("2 of 2 assessed")
    assert generative["measured_on"] == ["en"]
    # Alpha Act is French law and Gamma Guidance the OECD's, which applies in its 38
    # members (France among them); Member States whose texts nobody read are not
    # assessed, and the figure says how many
    assert generative["member_states"]["value"] == 38
    assert "not assessed" in generative["member_states"]["text"]
    compute = rows[UNMEASURED]
    assert compute["instruments"]["value"] is None
    assert compute["instruments"]["text"] == "unmeasured"
    assert compute["member_states"]["text"] == "unmeasured"
    assert compute["from_people"] == 1  # the person's label, listed apart
    assert UNMEASURED not in [r["id"] for r in section["rows"] if r["measured"]]
    citation = document.citations.resolve(generative["cite"])
    assert citation.instruments == ["alpha-act", "gamma-guidance"] and citation.provisions
    html = render_html(document, generated="test")
    assert "Technologies: which rules reach which kinds of AI" in html
    assert f'href="#cite-{generative["cite"]}"' in html
    body = html.split('id="technologies"', 1)[1].split("</section>", 1)[0]
    assert "unmeasured" in body and "<td>0</td>" not in body
    # a measured technology found in none of the texts read is a true 0 over those read
    vehicles = rows["autonomous-vehicles-and-robotics"]
    assert vehicles["measured"] and vehicles["instruments"]["text"].startswith("0 of 2 assessed")


def test_nothing_assessed_is_never_a_zero() -> None:
    assert stated_figure(0, 0, 193, measured=True)["text"] == "not assessed"
    assert stated_figure(0, 0, 193, measured=True)["value"] is None
    assert stated_figure(3, 10, 193, measured=False)["text"] == "unmeasured"
    assert stated_figure(0, 10, 193, measured=True)["text"] == "0 of 10 assessed (183 not assessed)"
