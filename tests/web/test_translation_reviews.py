"""A delegation corrects its language's texts on the review pages (issue 33): the page
lists them beside the English, a signed-in reviewer rewrites or confirms one, and every
page in that language shows the correction from the next request on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.i18n import gettext, speaking
from govatlas.store.translation_models import TranslationCorrection
from govatlas.web import create_app, label_views
from tests.web.conftest import TOKEN, sign_in


@pytest.fixture
def reviewer(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(label_views, "label_qualities", dict)
    with TestClient(create_app(web_store), raise_server_exceptions=False) as client:
        assert sign_in(client).is_redirect
        yield client


def _form(page: str, key: str) -> dict[str, str | list[str]]:
    """The fields of the correction form of the text ``key`` on a review page."""
    for form in re.findall(
        r'<form method="post" action="[^"]*/reviews/translations".*?</form>', page, re.S
    ):
        fields = {
            name: unescape(value)
            for name, value in re.findall(
                r'<input type="hidden" name="(\w+)" value="([^"]*)"', form
            )
        }
        if fields.get("key") == key:
            return {
                **fields,
                "part": re.findall(r'name="part" value="([^"]*)"', form),
                "text": [
                    unescape(t) for t in re.findall(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
                ],
            }
    raise AssertionError(f"no form for {key!r}")


def _french(message: str) -> str:
    with speaking("fr"):
        return gettext(message)


@pytest.mark.engine_neutral  # reads no correction: the same on every engine
def test_the_page_lists_texts_beside_the_english_and_asks_readers_to_sign_in(
    client: TestClient,
) -> None:
    page = client.get("/fr/reviews/translations?q=Compare")
    assert page.status_code == 200
    assert _french("Compare") in page.text and "Compare" in page.text
    assert 'href="/fr/login?' in page.text and 'name="text"' not in page.text
    assert 'hreflang="en"' in page.text  # the switcher still offers every language
    english = client.get("/en/reviews/translations")
    assert english.status_code == 200 and 'name="language"' in english.text
    assert 'class="side-by-side queue translations"' not in english.text  # asks for a language
    arabic = client.get("/reviews/translations?language=ar&q=Compare")
    assert 'lang="ar" dir="rtl"' in arabic.text


def test_a_correction_shows_on_every_page_of_the_language(
    reviewer: TestClient, web_store: Engine
) -> None:
    shipped = _french("Search")
    page = reviewer.get("/fr/reviews/translations?q=Search&show=all")
    form = _form(page.text, "Search")
    assert form["text"] == [shipped] and form["version"] == "0"
    done = reviewer.post(
        "/fr/reviews/translations",
        data={**form, "text": ["Chercher (corrigé)"], "note": "plus courant"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert "saved=human" in done.headers["location"]
    assert done.headers["location"].startswith("/fr/reviews/translations?")
    home = reviewer.get("/fr/")
    assert "Chercher (corrigé)" in home.text and shipped not in home.text.split("<main")[0]
    assert "Chercher (corrigé)" not in reviewer.get("/es/").text
    listed = reviewer.get("/fr/reviews/translations?q=Search&show=corrected")
    assert "Chercher (corrigé)" in listed.text and "Your translation is saved" not in listed.text
    data = reviewer.get("/data")
    assert data.status_code == 200
    with Session(web_store) as session:
        row = session.scalars(select(TranslationCorrection)).one()
    assert (row.language, row.key, row.provenance, row.note) == (
        "fr",
        "Search",
        "human",
        "plus courant",
    )


def test_confirming_a_text_records_a_review_and_a_stale_form_is_refused(
    reviewer: TestClient, web_store: Engine
) -> None:
    page = reviewer.get("/fr/reviews/translations?q=Compare&show=all")
    form = _form(page.text, "Compare")
    confirmed = reviewer.post("/fr/reviews/translations", data=form, follow_redirects=False)
    assert confirmed.status_code == 303 and "saved=reviewed" in confirmed.headers["location"]
    stale = reviewer.post(
        "/fr/reviews/translations", data={**form, "text": ["Confronter"]}, follow_redirects=False
    )
    assert stale.status_code == 409, stale.text
    with Session(web_store) as session:
        assert session.scalar(select(func.count()).select_from(TranslationCorrection)) == 1


def test_a_correction_that_breaks_the_english_is_refused(
    reviewer: TestClient, web_store: Engine
) -> None:
    key = "Review sheet applied: %(counts)s."
    page = reviewer.get("/fr/reviews/translations", params={"q": key, "show": "all"})
    form = _form(page.text, key)
    broken = reviewer.post(
        "/fr/reviews/translations",
        data={**form, "text": ["sans valeur"] * len(form["part"])},
        follow_redirects=False,
    )
    assert broken.status_code == 400 and "leaves out" in broken.text
    with Session(web_store) as session:
        assert session.scalar(select(func.count()).select_from(TranslationCorrection)) == 0


@pytest.mark.engine_neutral  # refused before the store is reached
def test_writing_needs_a_signed_in_reviewer(client: TestClient) -> None:
    refused = client.post(
        "/fr/reviews/translations",
        data={"language": "fr", "subject": "message", "key": "Search", "part": "", "text": "x"},
        follow_redirects=False,
    )
    assert refused.status_code == 403


def test_a_concept_correction_shows_on_its_page(reviewer: TestClient) -> None:
    page = reviewer.get("/fr/reviews/translations?kind=concept&q=red-lines&show=all")
    form = _form(page.text, "fli-blocks:red-lines")
    assert form["part"] == ["label", "definition"]
    done = reviewer.post(
        "/fr/reviews/translations",
        data={**form, "text": ["Limites à ne pas franchir", form["text"][1]]},
        follow_redirects=False,
    )
    assert done.status_code == 303
    concept = reviewer.get("/fr/concepts/fli-blocks:red-lines")
    assert "Limites à ne pas franchir" in concept.text
    assert "translation-note" not in concept.text  # a person has worked on it


@pytest.mark.engine_neutral
@pytest.mark.parametrize(("language", "words"), [("de", "unknown language"), ("en", "English")])
def test_a_language_that_cannot_be_reviewed_is_named(
    client: TestClient, language: str, words: str
) -> None:
    page = client.get(f"/reviews/translations?language={language}")
    assert page.status_code == 200
    assert 'role="alert"' in page.text and words in page.text
