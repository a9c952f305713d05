"""Pages in the six UN languages: chosen by URL, remembered, negotiated, cached apart."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from govatlas.i18n import gettext, speaking
from govatlas.i18n.catalogs import translations_for
from govatlas.web.localization import LANGUAGE_COOKIE, split_prefix

# Choosing and rendering a language is decided in Python, the same on every engine.
pytestmark = pytest.mark.engine_neutral


def _html_tag(body: str) -> str:
    found = re.search(r"<html[^>]*>", body)
    assert found
    return found.group(0)


def test_a_prefix_is_taken_off_the_path() -> None:
    assert split_prefix("/fr/search") == ("fr", "/search")
    assert split_prefix("/ar") == ("ar", "/")
    assert split_prefix("/search") == (None, "/search")
    assert split_prefix("/franchise") == (None, "/franchise")
    assert split_prefix("/static/style.css") == (None, "/static/style.css")


def test_the_url_chooses_the_language_and_links_keep_it(client: TestClient) -> None:
    page = client.get("/fr/search")
    assert page.status_code == 200
    assert 'lang="fr"' in _html_tag(page.text)
    assert 'href="/fr/compare"' in page.text
    assert page.headers["content-language"] == "fr"
    assert f"{LANGUAGE_COOKIE}=fr" in page.headers["set-cookie"]
    with speaking("fr"):
        search = translations_for("fr").gettext("Search")
    assert f">{search}</a>" in page.text


def test_arabic_pages_run_right_to_left(client: TestClient) -> None:
    page = client.get("/ar/")
    assert page.status_code == 200
    assert 'dir="rtl"' in _html_tag(page.text)
    assert 'dir="ltr"' in _html_tag(client.get("/zh/").text)


def test_the_switcher_links_to_this_page_in_every_language(client: TestClient) -> None:
    page = client.get("/es/search?q=risk")
    for code in ("ar", "zh", "en", "fr", "ru", "es"):
        assert f'href="/{code}/search?q=risk"' in page.text
    assert re.search(r'href="/es/search\?q=risk"[^>]*aria-current="true"', page.text)


def test_accept_language_and_the_remembered_choice(client: TestClient) -> None:
    negotiated = client.get("/search", headers={"Accept-Language": "ru-RU, ru;q=0.9, en;q=0.5"})
    assert 'lang="ru"' in _html_tag(negotiated.text)
    assert "Accept-Language" in negotiated.headers["vary"]
    assert 'lang="en"' in _html_tag(client.get("/search", headers={"Accept-Language": "de"}).text)
    client.cookies.set(LANGUAGE_COOKIE, "zh")
    remembered = client.get("/search", headers={"Accept-Language": "fr"})
    assert 'lang="zh-Hans"' in _html_tag(remembered.text)


def test_the_cache_keeps_each_language_apart(client: TestClient) -> None:
    english = client.get("/taxonomies").text
    french = client.get("/fr/taxonomies").text
    remembered = client.get("/taxonomies").text  # the visit to /fr/ set the cookie
    client.cookies.clear()
    again = client.get("/taxonomies").text
    assert 'lang="fr"' in _html_tag(remembered)
    assert 'lang="en"' in _html_tag(english) and 'lang="en"' in _html_tag(again)
    assert 'lang="fr"' in _html_tag(french)


def test_an_unknown_page_answers_in_the_language_asked(client: TestClient) -> None:
    page = client.get("/fr/nowhere-at-all")
    assert page.status_code == 404
    assert 'lang="fr"' in _html_tag(page.text)


@pytest.mark.parametrize("code", ["ar", "zh", "fr", "ru", "es"])
def test_an_error_says_what_it_means_in_the_readers_language(client: TestClient, code: str) -> None:
    """The precise message (ids, figures) stays English, marked so, after what the error
    means in the reader's language."""
    from govatlas.web.app import ERROR_MEANINGS

    page = client.get(f"/{code}/instruments/eu-ai-akt")
    assert page.status_code == 404
    with speaking(code):
        meaning = gettext(ERROR_MEANINGS[404])
    assert meaning != ERROR_MEANINGS[404]
    assert f"<p>{escape(meaning)}</p>" in page.text
    assert '<p lang="en" dir="ltr">' in page.text and "eu-ai-akt" in page.text
    english = client.get("/en/instruments/eu-ai-akt")
    assert ERROR_MEANINGS[404] not in english.text and "eu-ai-akt" in english.text


def test_forms_post_through_the_prefix(client: TestClient) -> None:
    page = client.post("/fr/login", data={"name": "nobody", "password": "x", "csrf": "x"})
    assert page.status_code != 404


def test_the_api_has_no_language(client: TestClient) -> None:
    assert client.get("/fr/api/v1/instruments").status_code == 404
    assert client.get("/api/v1/instruments", headers={"Accept-Language": "fr"}).status_code == 200


def test_concepts_are_shown_in_the_language_with_who_translated_them(client: TestClient) -> None:
    from govatlas.taxonomy.translations import language_file

    french = language_file("fr")
    assert french is not None
    label = french.taxonomies["fli-blocks"].concepts["red-lines"].label
    page = client.get("/fr/taxonomies/fli-blocks")
    assert page.status_code == 200
    assert label in page.text
    assert "translation-note" in page.text
    concept = client.get("/fr/concepts/fli-blocks:red-lines")
    assert label in concept.text and "translation-note" in concept.text
    english = client.get("/en/taxonomies/fli-blocks")
    assert label not in english.text and "translation-note" not in english.text


def test_the_data_page_says_who_translated_each_language(client: TestClient) -> None:
    from govatlas.i18n.catalogs import provenance_counts

    page = client.get("/data")
    assert page.status_code == 200 and 'id="languages"' in page.text
    machine = provenance_counts("ar")["machine"]
    assert f'<td lang="ar">العربية</td><td class="num">{provenance_counts("ar")["messages"]:,}' in (
        page.text
    )
    assert f"{machine:,}" in page.text
