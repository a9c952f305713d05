"""Divergence between two small invented instruments: rows by kind of parameter, with
both sides' provisions as evidence, in compare (CLI and JSON), the API, the web page and
the white paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.divergence import (
    DIFFERS,
    ONLY_A,
    ONLY_B,
    PARTLY,
    TERMS_ONLY,
    divergence,
)
from govatlas.analytics.parameter_quality import (
    ALL_PARAMETERS,
    GOLD_PROVISIONS,
    GOLD_TEXTS,
    THRESHOLDS,
    THRESHOLDS_PROVISIONS,
)
from govatlas.cli import app
from govatlas.reports import white_paper
from govatlas.reports.briefs import build_compare_brief
from govatlas.reports.frameworks import load_settings
from govatlas.reports.render import render_html
from govatlas.store.models import Instrument, Provision
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from govatlas.vocabulary import RelationshipType
from tests.judgements import add_judgement
from tests.stored_texts import store_articles

ALPHA = [
    ("art.1", "'AI system' means a machine-based system that infers outputs from inputs."),
    (
        "art.2",
        "A general-purpose AI model shall be presumed to have high impact capabilities when "
        "the cumulative amount of computation used for its training measured in floating "
        "point operations is greater than 1025.",
    ),
    (
        "art.3",
        "Providers shall report any serious incident to the authority not later than 15 days "
        "after becoming aware of it. Where the incident led to a death, the report shall be "
        "made not later than 10 days after the provider becomes aware of the serious incident.",
    ),
    (
        "art.4",
        "Non-compliance shall be subject to administrative fines of up to EUR 35 000 000 or, if "
        "the offender is an undertaking, up to 7 % of its total worldwide annual turnover, "
        "whichever is higher.",
    ),
    ("art.5", "Providers shall keep the technical documentation for a period of ten years."),
]
BETA = [
    (
        "sec.1",
        '"Artificial intelligence model" means an engineered system that infers how to '
        'generate outputs. "Frontier model" means a foundation model trained using a quantity '
        "of computing power greater than 10^26 integer or floating-point operations.",
    ),
    (
        "sec.2",
        "A frontier developer shall report any critical safety incident within 15 days of "
        "discovering it, and shall disclose an incident posing an imminent risk of death "
        "within 24 hours.",
    ),
    (
        "sec.3",
        "A developer that fails to report an incident shall be subject to a civil penalty that "
        "does not exceed one million dollars ($1,000,000) per violation.",
    ),
    ("sec.4", "A developer shall keep its records for ten years."),
]


def _store(session: Session, instrument: str, rows: list[tuple[str, str]]) -> None:
    store_articles(session, instrument, rows)


def _provision(session: Session, path: str) -> int:
    ids = [p.id for p in session.query(Provision).filter(Provision.path == path)]
    assert len(ids) == 1
    return ids[0]


@pytest.fixture
def pair(built: Engine) -> Engine:
    """Alpha Act and Beta Bill with their incident-reporting articles aligned."""
    with transaction(built) as session:
        _store(session, "alpha-act", ALPHA)
        _store(session, "beta-bill", BETA)
        session.flush()
        add_judgement(
            session,
            _provision(session, "art.3"),
            _provision(session, "sec.2"),
            RelationshipType.EQUAL,
        )
    return built


def test_rows_by_kind_with_both_sides_as_evidence(pair: Engine) -> None:
    with Session(pair) as session:
        result = divergence(compare_instruments(session, "alpha-act", "beta-bill"))
    rows = {r.kind: r for r in result.rows}
    compute = rows["compute"]
    assert compute.status == DIFFERS and not compute.aligned
    assert [(f.parameter.label, f.provision.path) for f in compute.a] == [
        ("greater than 10^25 FLOP", "art.2")
    ]
    assert [(f.parameter.label, f.provision.path) for f in compute.b] == [
        ("greater than 10^26 FLOP", "sec.1")
    ]
    assert compute.a[0].evidence == "floating point operations is greater than 1025"
    assert "cumulative amount of computation" in compute.a[0].context
    incident = rows["incident-reporting"]
    assert incident.status == PARTLY and incident.aligned  # 15 days on both, not the rest
    assert [f.parameter.label for f in incident.a] == ["15 days", "10 days"]
    assert [f.parameter.label for f in incident.b] == ["15 days", "24 hours"]
    fine = rows["fine"]
    assert fine.status == DIFFERS
    assert fine.a[0].parameter.label == "EUR 35,000,000 or 7 % of turnover, whichever is higher"
    assert fine.b[0].parameter.label == "$1,000,000 per violation"
    assert rows["retention"].status == "same"
    # both define "AI system": the row names the terms; the definitions table compares them
    assert rows["ai-system"].status == TERMS_ONLY and not rows["ai-system"].diverges
    assert rows["frontier-model"].status == ONLY_B
    assert {r.kind for r in result.differing} >= {"compute", "incident-reporting", "fine"}
    assert all(r.status != ONLY_A for r in result.compared)
    assert result.contrary == []


def test_compare_command_has_a_divergence_section(pair: Engine, env_db: str) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["compare", "alpha-act", "beta-bill"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Divergence" in table.output and "Alpha Act" in table.output  # names, not ids
    assert "greater than 10^25 FLOP (Art. 2)" in table.output
    # a kind only one side has: the other's rules read none, which is not "not set"
    assert "none read" in table.output and "not set" not in table.output
    assert (  # what the rules were measured to read, beside what they read
        f"they read {ALL_PARAMETERS.right} of the {ALL_PARAMETERS.listed} parameters"
        in " ".join(table.output.split())
    )
    rows = json.loads(
        runner.invoke(app, ["compare", "alpha-act", "beta-bill", "-f", "json"]).output
    )
    compute = next(r for r in rows if r.get("parameter") == "threshold:compute")
    assert compute["section"] == "divergence" and compute["status"] == "differs"
    assert (compute["a_value"], compute["b_value"]) == (
        "greater than 10^25 FLOP",
        "greater than 10^26 FLOP",
    )
    assert compute["b_evidence"] == "greater than 10^26 integer or floating-point operations"


def test_api_and_page_show_the_divergence(pair: Engine) -> None:
    from fastapi.testclient import TestClient

    from govatlas.web import create_app

    with transaction(pair) as session:  # an AGORA document: outside the form's catalog list
        session.get(Instrument, "beta-bill").origin = "agora"  # type: ignore[union-attr]
    with TestClient(create_app(pair)) as client:
        body = client.get("/api/v1/compare", params={"a": "alpha-act", "b": "beta-bill"}).json()
        page = client.get("/compare", params={"a": "alpha-act", "b": "beta-bill"}).text
    assert (body["a_name"], body["b_name"]) == ("Alpha Act", "Beta Bill")
    rows = {r["kind"]: r for r in body["divergence"]["rows"]}
    fine = rows["fine"]["a"][0]
    assert fine["parameter"] == {
        "amount": 35e6,
        "currency": "EUR",
        "turnover_percent": 7.0,
        "per": None,
        "combine": "higher",
        "multiple": None,
        "multiple_of": None,
    }
    assert fine["provision"]["path"] == "art.4" and fine["evidence"].startswith("EUR 35 000 000")
    assert rows["incident-reporting"]["aligned"] is True
    assert body["divergence"]["contrary_proposals"] == []
    quality = body["divergence"]["quality"]  # the rules' measured figures, whatever the pair
    assert (quality["found"], quality["listed"]) == (ALL_PARAMETERS.right, ALL_PARAMETERS.listed)
    assert quality["recall"] == round(ALL_PARAMETERS.recall, 3)
    assert quality["precision"] == round(ALL_PARAMETERS.precision, 3)
    assert quality["gold_texts"] == GOLD_TEXTS  # the page says which texts were measured
    # per family, thresholds on the fewer provisions drawn after their rules last changed
    thresholds = quality["families"]["threshold"]
    assert (thresholds["right"], thresholds["reported"]) == (THRESHOLDS.right, THRESHOLDS.reported)
    assert thresholds["provisions"] == THRESHOLDS_PROVISIONS and thresholds["headline"] is False
    assert quality["families"]["penalty"]["headline"] is True
    # deadlines are read well, but their kinds are below the floor (347 of 416)
    assert quality["families"]["deadline"]["headline"] is False
    assert (
        f"Of the {THRESHOLDS.reported} thresholds (compute, harm, and the revenue, users and "
        f"employees of a scope) they read on {THRESHOLDS_PROVISIONS:,} provisions" in page
    )
    assert (
        f"Measured on {GOLD_PROVISIONS:,} provisions of {GOLD_TEXTS} the rules were not written on"
        in page
    )
    assert (
        f"they read {ALL_PARAMETERS.right:,} of the {ALL_PARAMETERS.listed:,} parameters people "
        "listed there" in page
    )
    assert 'id="divergence"' in page and "Training compute" in page
    assert "greater than 10^26 FLOP" in page and "only in Beta Bill" in page
    # a definition's evidence opens with the text's own quotation mark: no second one
    assert "&#34;Frontier model&#34; means" in page or '"Frontier model" means' in page
    assert "“&#34;" not in page and '“"' not in page
    # both compared instruments stay selected in the form, in the catalog or not
    assert 'value="alpha-act" selected' in page and 'value="beta-bill" selected' in page


def test_white_paper_has_a_divergence_table(
    pair: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with transaction(pair) as session:
        create_release(session)
    settings = load_settings()
    monkeypatch.setattr(
        white_paper,
        "load_settings",
        lambda: type(settings)(
            settings.major_frameworks,
            settings.definition_instruments,
            settings.key_terms,
            settings.heatmap_rows,
            (("alpha-act", "beta-bill"), ("alpha-act", "no-such-act")),
        ),
    )
    document = white_paper.build_white_paper(pair, mirror=tmp_path)
    [table] = document.context["divergence"]
    assert (table["a_name"], table["b_name"]) == ("Alpha Act", "Beta Bill")
    assert "Frontier model" in table["only_b"]
    summary = " ".join(s["text"] for s in document.context["summary"])
    # thresholds are below the precision floor, so the fine is the summary's example; the
    # table still sets both thresholds side by side
    assert "among them maximum fine: EUR 35,000,000" in summary and "FLOP" not in summary
    html = render_html(document, "test")
    assert "greater than 10^26 FLOP" in html
    assert "Parameters set by both Alpha Act and Beta Bill" in html
    assert "$1,000,000 per violation" in html


def test_comparison_brief_has_a_divergence_section(pair: Engine) -> None:
    with transaction(pair) as session:
        create_release(session)
    document = build_compare_brief(pair, "alpha-act", "beta-bill")
    [table] = document.context["divergence"]
    assert table["differ"] >= 1
    [said] = [s for s in document.context["summary"] if " both set that rules" in s["text"]]
    assert said["cite"] and "rules" in said["sure"]
    # the fine counts; thresholds and deadlines (below the floor) are named as left out
    assert said["text"].startswith("Of 1 parameter both set that rules measured")
    assert "below the floor (thresholds, deadlines)" in said["text"]
    assert [a.slug for a in document.context["annexes"]] == ["instruments", "parameters"]
    html = render_html(document, "test")
    section = html.split('id="divergence"', 1)[1].split("</section>", 1)[0]
    assert "Parameters set by both Alpha Act and Beta Bill" in section and "Annex B" in section
    assert "$1,000,000 per violation" in section
