"""A comparison whose only unit links are weak machine suggestions says the correspondence
is not assessed, never "0 units with a counterpart", in the CLI and on the web page, with
what such suggestions were measured to be worth and where to review them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY
from govatlas.store.models import Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import RelationshipType
from tests.judgements import add_judgement, add_suggestion
from tests.stored_texts import store_articles

ALPHA = [
    ("art.1", "Providers shall keep logs of the system's operation for six months."),
    ("art.2", "Providers shall report serious incidents to the authority within 15 days."),
]
BETA = [
    ("sec.1", "A developer shall retain records of automated decisions for three years."),
    ("sec.2", "A developer shall notify the attorney general of a critical safety incident."),
]


@pytest.fixture
def weakly_linked(built: Engine) -> Engine:
    """Alpha Act and Beta Bill linked only by one machine suggestion of p = 0.4."""
    with transaction(built) as session:
        alpha = store_articles(session, "alpha-act", ALPHA)
        beta = store_articles(session, "beta-bill", BETA)
        add_suggestion(session, alpha["art.2"], beta["sec.2"], 0.4)
    return built


def test_the_cli_says_not_assessed_with_the_measured_worth_and_the_review_command(
    weakly_linked: Engine, env_db: str
) -> None:
    result = CliRunner().invoke(app, ["compare", "alpha-act", "beta-bill"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "which of their units correspond is not assessed (not 0)" in text
    assert "with a counterpart" not in text
    assert "1 machine suggestion(s) under the confidence shown here are not listed" in text
    assert (
        f"people link {FULL_TEXT_QUALITY.stored_linked} of {FULL_TEXT_QUALITY.stored} judged"
        in text
    )
    assert "govatlas crosswalk review --instrument alpha-act --counterpart beta-bill" in text
    assert "Only in" not in text  # no unit is "only" in one text when none was compared
    assert "What only one side covers: not assessed" in text


def test_a_reviewed_link_brings_back_the_counts(weakly_linked: Engine, env_db: str) -> None:
    with transaction(weakly_linked) as session:
        ids = {p.path: p.id for p in session.query(Provision)}
        add_judgement(session, ids["art.1"], ids["sec.1"], RelationshipType.INTERSECTS)
    result = CliRunner().invoke(app, ["compare", "alpha-act", "beta-bill"], env={"COLUMNS": "300"})
    text = " ".join(result.output.split())
    assert "(2 units, 1 with a counterpart)" in text and "not assessed (not 0)" not in text
    assert "Only in Alpha Act (1)" in text


def test_the_page_says_not_assessed_and_links_the_review_queue(weakly_linked: Engine) -> None:
    from fastapi.testclient import TestClient

    from govatlas.web import create_app

    with TestClient(create_app(weakly_linked)) as client:
        page = client.get("/compare", params={"a": "alpha-act", "b": "beta-bill"}).text
    text = " ".join(page.split())
    assert "<strong>not assessed</strong> (not 0)" in text
    assert "0 of 2 units have a counterpart" not in text
    assert (
        f"people link {FULL_TEXT_QUALITY.stored_linked} of {FULL_TEXT_QUALITY.stored} judged"
        in text
    )
    assert "/reviews?instrument=alpha-act&amp;counterpart=beta-bill" in text
    assert "Only in Alpha Act" not in text
    assert "no unit pair is linked by a person or suggested with confidence yet" in text


def test_the_brief_says_not_assessed_instead_of_no_counterpart(weakly_linked: Engine) -> None:
    from govatlas.reports.briefs import build_compare_brief
    from govatlas.reports.render import render_html
    from govatlas.store.releases import create_release

    with transaction(weakly_linked) as session:
        create_release(session)
    document = build_compare_brief(weakly_linked, "alpha-act", "beta-bill")
    texts = [s["text"] for s in document.context["summary"]]
    assert not [t for t in texts if "have no counterpart" in t]
    [said] = [s for s in document.context["summary"] if "is not assessed" in s["text"]]
    assert "1 weaker suggestion counts in the index" in said["text"]
    assert f"{FULL_TEXT_QUALITY.stored_linked} of {FULL_TEXT_QUALITY.stored}" in said["sure"]
    html = " ".join(render_html(document, "test").split())
    assert "no provision pair is listed, so which provisions correspond is not assessed" in html
    assert "without a counterpart (first" not in html


def test_the_api_says_whether_units_were_assessed(weakly_linked: Engine) -> None:
    from fastapi.testclient import TestClient

    from govatlas.web import create_app

    with TestClient(create_app(weakly_linked)) as client:
        weak = client.get("/api/v1/compare", params={"a": "alpha-act", "b": "beta-bill"}).json()
    assert weak["linked"] is True and weak["units_assessed"] is False
    assert weak["unlisted_suggestions"] == 1 and weak["a_matched"] == 0
    with transaction(weakly_linked) as session:
        ids = {p.path: p.id for p in session.query(Provision)}
        add_judgement(session, ids["art.1"], ids["sec.1"], RelationshipType.INTERSECTS)
    with TestClient(create_app(weakly_linked)) as client:
        body = client.get("/api/v1/compare", params={"a": "alpha-act", "b": "beta-bill"}).json()
    assert body["units_assessed"] is True and body["a_matched"] == 1


def test_a_pair_no_crosswalk_links_says_not_assessed_without_a_command(built: Engine) -> None:
    """A visitor is told the correspondence is not assessed; the CLI command that would
    suggest links is the operator's business (docs), not the public page's."""
    from fastapi.testclient import TestClient

    from govatlas.web import create_app

    with transaction(built) as session:
        store_articles(session, "alpha-act", ALPHA)
        store_articles(session, "beta-bill", BETA)
    with TestClient(create_app(built)) as client:
        page = client.get("/compare", params={"a": "alpha-act", "b": "beta-bill"}).text
    text = " ".join(page.split())
    assert "No relationship links these instruments yet" in text
    assert "is not assessed (which is not the same as 0)" in text
    assert "crosswalk suggest" not in text
    # nothing assessed is never counted as 0
    assert "Overlaps (not assessed)" in text and "Conflicts (not assessed)" in text
    assert "Overlaps (0)" not in text and "Conflicts (0)" not in text
