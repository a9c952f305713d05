"""The white paper's Technologies section: counts over what was assessed, unmeasured
technologies without a count, "not assessed" never 0, every row cited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from govatlas.analytics.coverage_intervals import CountInterval
from govatlas.reports.render import render_html
from govatlas.reports.technologies import stated_figure
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from tests.technology_texts import MEASURED, UNMEASURED, add_technology_texts


@pytest.fixture
def released(built: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    add_technology_texts(built, monkeypatch)
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
    # machine labels only: the count carries its 95% interval (docs/coverage-intervals.md)
    figure = generative["instruments"]
    assert figure["text"].startswith(f"2 (95% interval {figure['low']}–{figure['high']}) of 2")
    assert figure["low"] <= 2 == figure["high"]
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
    # the classifier flagged neither text it read: each may still be a missed cover
    assert vehicles["measured"] and vehicles["instruments"]["low"] == 0
    assert vehicles["instruments"]["text"].startswith("0 (95% interval 0–")


def test_nothing_assessed_is_never_a_zero() -> None:
    assert stated_figure(0, 0, 193, measured=True)["text"] == "not assessed"
    assert stated_figure(0, 0, 193, measured=True)["value"] is None
    assert stated_figure(3, 10, 193, measured=False)["text"] == "unmeasured"
    assert stated_figure(0, 10, 193, measured=True)["text"] == "0 of 10 assessed (183 not assessed)"
    interval = CountInterval(4, 10, 3, 7, 5)
    assert stated_figure(4, 10, 10, measured=True, interval=interval)["text"] == (
        "4 (95% interval 3–7) of 10 assessed"
    )


def test_white_paper_coverage_counts_carry_intervals_unless_experimental(
    released: Engine,
) -> None:
    document = build_white_paper(released)
    [section] = [s for s in document.context["coverage"] if s["taxonomy"] == "technology"]
    columns = {c["id"]: c for c in section["columns"]}
    generative = columns[MEASURED]["intervals"]["covered"]
    assert generative.count == 38 and generative.low is not None and generative.high is not None
    assert generative.low <= generative.count <= generative.high
    # Gamma Guidance, labelled by the machine alone, applies in all 38 OECD members at
    # once: right or wrong in all of them together
    assert generative.low <= 1
    compute = columns[UNMEASURED]["intervals"]["covered"]
    assert not columns[UNMEASURED]["headline"] and compute.low is None and compute.high is None
    [sentence] = [
        s["text"] for s in document.context["summary"] if s["text"].startswith("AI technologies")
    ]
    assert "(95% interval" in sentence
    html = render_html(document, generated="test")
    # the technologies' table by Member State is an annex; the body names it
    [annex] = [a for a in document.context["annexes"] if a.slug == "coverage-technology"]
    assert f"{generative.low}–{generative.high}" in {c for row in annex.rows for c in row}
    body = html.split('id="coverage"', 1)[1].split("</section>", 1)[0]
    assert f"Annex {annex.letter}" in body
    methodology = html.split("What the intervals mean", 1)[1]
    assert "docs/coverage-intervals.md" in methodology
