"""Every page renders in-process, readable without JavaScript, and bad input is answered."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.store.decisions import history
from govatlas.store.models import Label
from govatlas.store.search_quality import SEARCH_QUALITY
from govatlas.web import label_views
from govatlas.web.rendering import counted
from tests.web.conftest import PASSWORD, TOKEN, sign_in

PAGES = [
    ("/", "AI-governance atlas"),
    ("/jurisdictions/USA", "United States"),
    ("/jurisdictions/FRA", "Building blocks of global AI governance"),
    ("/instruments/nist-ai-rmf-1-0", "Why this label"),
    ("/instruments/alpha-act", "Lifecycle"),
    ("/search?q=legal+requirements", "Refine"),
    ("/compare?a=nist-ai-rmf-1-0&b=iso-iec-42001", "Overlaps (4)"),
    ("/taxonomies", "Taxonomies"),
    ("/taxonomies/fli-blocks", "Red lines"),
    ("/taxonomies/agora", "<small>in Strategies: Disclosure</small>"),
    ("/concepts/fli-risks:bias", "Mappings to other taxonomies"),
    ("/data", "How to cite"),
    ("/whats-new", "Lifecycle events"),
    ("/companies", "Foundation Model Transparency Index"),
    ("/instruments/law-xx-test-act/changes", "What changed in Test Act<"),
]


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_pages_render(client: TestClient, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert text in response.text
    assert '<main id="main"' in response.text and "<h1>" in response.text.replace("<h1 ", "<h1>")


def test_atlas_filters_and_map(client: TestClient) -> None:
    page = client.get("/", params={"binding": "binding"}).text
    assert (
        "alpha-act" in page
        and "gamma-guidance" not in page.split('<h2 id="instruments">Instruments</h2>')[1]
    )
    bad = client.get("/", params={"year_from": "abc", "type": "spaceship"})
    assert bad.status_code == 200
    assert "not a year" in bad.text or "not a valid" in bad.text


def test_search_page_semantic_model_choice(client: TestClient) -> None:
    query = {"q": "hiring bias", "mode": "semantic"}
    page = client.get("/search", params=query | {"model": "e5-small"}).text
    assert '<option value="e5-small" selected>' in page  # the choice is kept
    assert "no provision vectors for multilingual-e5-small yet" in page
    assert "govatlas embed --model e5-small" in page
    bad = client.get("/search", params=query | {"model": "gpt"}).text
    assert "&#39;gpt&#39; is not a valid embedding model" in bad and "minilm, e5-small" in bad


def test_instrument_page_shows_relations_and_citation(client: TestClient) -> None:
    page = client.get("/instruments/nist-ai-rmf-1-0").text
    assert "iso-iec-42001" in page  # related provisions through the crosswalk
    assert "How to cite" in page and "dataset release" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/instruments/no-such-act", 404),
        ("/jurisdictions/XXX", 404),
        ("/concepts/nope:nope", 404),
        ("/instruments/alpha-act?version=999999", 404),
        ("/search?page=0", 422),
    ],
)
def test_bad_pages_answer_with_a_page(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert "text/html" in response.headers["content-type"]
    assert "Traceback" not in response.text


def test_compare_with_an_unknown_instrument_says_so(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "alpha-act", "b": "nope"})
    assert page.status_code == 200 and "no instrument with id &#39;nope&#39;" in page.text


def test_reviewers_sign_in_and_review_with_csrf(client: TestClient, web_store: Engine) -> None:
    page = client.get("/instruments/nist-ai-rmf-1-0")
    assert "Sign in</a> to review" in page.text and 'name="csrf"' not in page.text
    wrong = sign_in(client, password="nope nope nope")
    assert wrong.status_code == 403 and "unknown name or wrong password" in wrong.text
    token_as_password = sign_in(client, password=TOKEN)  # the machine token signs nobody in
    assert token_as_password.status_code == 403
    signed = sign_in(client)
    assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=strict" in signed.headers["set-cookie"].lower()
    assert "secure" not in signed.headers["set-cookie"].lower()  # plain http, no proxy said https
    page = client.get("/instruments/nist-ai-rmf-1-0")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert csrf is not None
    label = re.search(r'action="/reviews/labels/(\d+)"', page.text)
    assert label is not None
    url = f"/reviews/labels/{label.group(1)}"
    forged = client.post(url, data={"decision": "accept", "reviewer": "eve"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    done = client.post(
        url,
        data={"decision": "accept", "reviewer": "eve", "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith(
        "/instruments/nist-ai-rmf-1-0/provisions/"
    )
    assert client.post("/logout").status_code == 403  # no CSRF value: still signed in
    assert client.post("/logout", data={"csrf": csrf.group(1)}).status_code == 200
    assert "Sign in</a> to review" not in client.get("/instruments/nist-ai-rmf-1-0").text
    assert client.post(url, data={"decision": "reject", "csrf": csrf.group(1)}).status_code == 403
    client.cookies.clear()
    after = client.get("/api/v1/instruments/nist-ai-rmf-1-0").json()
    assert after["labels"][0]["review_status"] == "accepted"
    assert "accepted" in client.get("/instruments/nist-ai-rmf-1-0").text
    with Session(web_store) as session:
        label_row = session.get_one(Label, int(label.group(1)))
        [decision] = history(session, label_row)
        assert decision.reviewer == "ana" and decision.account_id is not None  # not "eve"


def test_login_redirects_only_within_the_site(client: TestClient) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert csrf is not None
    form = {"name": "ana", "password": PASSWORD, "csrf": csrf.group(1)}
    response = client.post(
        "/login", data=form | {"next": "https://evil.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
    without = client.post("/login", data=form | {"csrf": "0" * 64})
    assert without.status_code == 403 and "CSRF" in without.text


def test_labels_on_weakly_measured_concepts_are_flagged_experimental(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.experimental import ConceptQuality
    from govatlas.web import label_views

    quality = ConceptQuality("fli-blocks", {}, "test-model")  # no dev figure for any concept
    monkeypatch.setattr(label_views, "label_qualities", lambda: {"fli-blocks": quality})
    html = client.get("/instruments/nist-ai-rmf-1-0").text
    assert html.count("(experimental)") == 2  # the instrument's chip and the provision's
    assert "experimental: too few validated examples to measure" in html
    [label] = client.get("/api/v1/labels?instrument=nist-ai-rmf-1-0&method=model").json()["items"]
    assert label["experimental"] == "experimental: too few validated examples to measure"


def test_taxonomy_pages_say_how_machine_labels_are_measured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.experimental import ConceptQuality

    figures = {"Red lines": 0.81, "Safety standards": 0.2, "Emergency response": None}
    quality = ConceptQuality("fli-blocks", figures, "test-model", "F1 on coded texts")
    monkeypatch.setattr(label_views, "label_qualities", lambda: {"fli-blocks": quality})
    # as for a taxonomy with no shipped provision classifier (AGORA's, MIT's)
    monkeypatch.setattr("govatlas.web.taxonomy_pages.shipped_quality", lambda taxonomy: {})
    html = client.get("/taxonomies/fli-blocks").text
    assert "come from <code>test-model</code>" in html and "Machine-label F1 on coded texts" in html
    assert ">0.81<" in html and "0.20 (experimental)" in html and "not measurable" in html
    assert "not labelled by the model" in html  # a concept the figures do not cover
    unmeasured = client.get("/taxonomies/fli-risks").text
    assert "have not been measured against labels people gave" in unmeasured


def test_search_results_name_their_places(client: TestClient) -> None:
    """Names for readers, codes in the links (issue 22: names, not ids)."""
    page = client.get("/search", params={"q": "legal requirements"}).text
    hits = page.split('<ol class="hits"', 1)[1]
    assert '<a href="/jurisdictions/USA">United States</a>' in hits
    assert ">USA<" not in hits
    facets = page.split('id="facets-title"', 1)[1].split("</aside>", 1)[0]
    assert ">United States</a>" in facets and "jurisdiction=USA" in facets


def test_compare_tables_name_the_instruments(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "nist-ai-rmf-1-0", "b": "iso-iec-42001"}).text
    body = page.split('<p class="lead">', 1)[1]
    assert '<th scope="col">NIST AI RMF 1.0</th>' in body
    assert '<th scope="col">ISO/IEC 42001</th>' in body
    assert "Only in NIST AI RMF 1.0" in body and "Only in ISO/IEC 42001" in body
    assert '<a href="/instruments/nist-ai-rmf-1-0">NIST AI RMF 1.0</a>' in body
    assert ">nist-ai-rmf-1-0<" not in body and "Only in iso-iec-42001" not in body


def test_instrument_page_names_its_place_and_related_instruments(client: TestClient) -> None:
    """Issue 22: names in the breadcrumbs, the facts, the related provisions and the
    citation; the ids stay in the links."""
    page = client.get("/instruments/nist-ai-rmf-1-0").text
    assert page.count('<a href="/jurisdictions/USA">United States</a>') == 2  # crumbs, facts
    assert ">USA<" not in page
    related = page.split('class="relations"', 1)[1]
    assert re.search(r'href="/instruments/iso-iec-42001/provisions/\d+">ISO/IEC 42001 ', related)
    assert ">iso-iec-42001 " not in page
    cite = page.split('id="cite"', 1)[1]
    assert "Artificial Intelligence Risk Management Framework" in cite
    assert ". United States" in cite and ". USA" not in cite


def test_jurisdiction_and_concept_pages_name_places_and_instruments(client: TestClient) -> None:
    california = client.get("/jurisdictions/US-CA").text
    assert 'part of <a href="/jurisdictions/USA">United States</a>' in california
    union = client.get("/jurisdictions/EU").text.split("members</summary>", 1)[1]
    assert '<a href="/jurisdictions/FRA">France</a>' in union and ">FRA<" not in union
    concept = client.get("/concepts/fli-risks:bias").text
    mappings = concept.split('id="maps"', 1)[1].split("</section>", 1)[0]
    assert ">Harms: Discrimination</a>" in mappings and ">agora:harms" not in mappings
    covering = client.get("/concepts/agora:harms-harm-to-health-safety").text
    # the paged instrument table: each covering instrument with its place
    assert (
        '<a href="/instruments/agora-1">Model Safety Act</a></td>'
        '<td><a href="/jurisdictions/US-CA">California</a>' in covering
    )
    assert "Instruments 1–" in covering  # the pager says which rows are shown
    found = client.get("/concepts/agora:harms-harm-to-health-safety?q=model").text
    assert "Model Safety Act" in found and "Show all" in found
    evidence = client.get("/concepts/fli-blocks:safety-standards").text.split('id="provs"')[1]
    assert re.search(r'nist-ai-rmf-1-0/provisions/\d+">NIST AI RMF 1.0 GOVERN 1.1<', evidence)


def test_whats_new_and_diff_pages_name_places_and_instruments(client: TestClient) -> None:
    events = client.get("/whats-new", params={"days": "3650"}).text.split("Lifecycle events")[1]
    assert '<a href="/jurisdictions/FRA">France</a>' in events and ">FRA<" not in events
    diff = client.get("/instruments/law-xx-test-act/changes").text
    assert "<title>Changes in Test Act" in diff
    assert '<a href="/instruments/law-xx-test-act">Test Act</a>' in diff


def test_the_data_page_names_each_jurisdiction_count(client: TestClient) -> None:
    page = " ".join(client.get("/data").text.split())
    found = re.search(r"(\d+) instruments from (\d+) jurisdictions \(those with at least", page)
    known = re.search(r"The atlas knows (\d+) jurisdictions in all", page)
    assert found is not None and known is not None
    instruments, with_instruments = map(int, found.groups())
    assert 0 < with_instruments <= instruments and with_instruments < int(known.group(1))
    for name in ("jurisdictions known", "jurisdictions with an instrument", "in scope"):
        assert name in page


def test_counts_agree_with_their_nouns(client: TestClient) -> None:
    assert [counted(n, "instrument") for n in (0, 1, 2, None)] == [
        "0 instruments",
        "1 instrument",
        "2 instruments",
        "0 instruments",
    ]
    assert counted(1, "country", "countries") == "1 country"
    assert counted(3, "country", "countries") == "3 countries"
    page = client.get("/").text
    assert ": 1 instruments" not in page
    assert re.search(r'aria-label="[^"]+: \d+ instruments?"', page)


def test_search_by_meaning_is_offered_only_once_embedded(client: TestClient) -> None:
    page = client.get("/search", params={"q": "risk management"}).text
    assert 'name="mode"' not in page and "appears once the provisions are embedded" in page
    assert 'href="/data#search-quality"' in page
    data = client.get("/data").text.split('id="search-quality"', 1)[1]
    assert (
        f"{SEARCH_QUALITY[0].mrr:.2f}" in data
        and "fulltext (default)" in data
        and "not embedded yet" in data
    )


def test_a_pair_with_no_relationship_is_not_assessed_not_zero(client: TestClient) -> None:
    """Two texts nobody has crosswalked: the page never says "0 of N have a counterpart"."""
    page = client.get("/compare?a=agora-1&b=agora-2").text
    assert "not assessed" in page and " units have a counterpart" not in page
    assert 'id="only-a">What only one side covers' in page
    view = client.get("/api/v1/compare?a=agora-1&b=agora-2").json()
    assert view["linked"] is False
