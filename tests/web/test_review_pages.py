"""Reviewing suggested relationships from the review queue and the compare page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.labels.queue import provision_thresholds
from govatlas.classify.measured.shipped import PROVISION_MODEL
from govatlas.store.decisions import history
from govatlas.store.models import (
    Label,
    LabelEvidence,
    NearMiss,
    Provision,
    Relationship,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, RelationshipMethod, RelationshipType, ReviewStatus
from govatlas.web import create_app, label_views
from tests.judgements import waiting_pairs
from tests.web.conftest import TOKEN, plant_near_misses, sign_in


@pytest.fixture
def reviewer(suggested_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client signed in as the reviewer ana."""
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(label_views, "label_qualities", dict)
    app = create_app(suggested_store)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert sign_in(client).is_redirect
        yield client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


def _relationship(engine: Engine, relationship_id: int) -> Relationship:
    with Session(engine) as session:
        found = session.get(Relationship, relationship_id)
        assert found is not None
        session.expunge(found)
        return found


def _human_for(engine: Engine, suggestion: int) -> Relationship | None:
    with Session(engine) as session:
        return session.scalars(
            select(Relationship).where(Relationship.citation == f"review:{suggestion}")
        ).first()


def _waiting_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'action="/reviews/relationships/(\d+)"', html)]


def test_the_queue_reads_without_signing_in(suggested_store: Engine, client: TestClient) -> None:
    page = client.get("/reviews")
    assert page.status_code == 200
    total = int(re.search(r"(\d+) suggestions waiting", page.text).group(1))  # type: ignore[union-attr]
    assert total > 3
    assert "Sign in</a> to accept or reject" in page.text and 'name="csrf"' not in page.text
    assert "EU AI Act art." in page.text and "NIST AI RMF 1.0 " in page.text  # names shown,
    assert "eu-ai-act art." not in page.text and ">nist-ai-rmf-1-0 " not in page.text
    linked = r'href="/instruments/eu-ai-act/provisions/\d+">EU AI Act art'
    assert re.search(linked, page.text)  # ids linked
    assert re.search(r'<option value="eu-ai-act" >[^<(]+ \(\d+\)</option>', page.text)
    assert '<option value="eu-ai-act" >eu-ai-act' not in page.text  # named, not by id


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"instrument": "no-such-act"}, "no instrument with id &#39;no-such-act&#39;"),
        ({"instrument": "eu-ai-act", "counterpart": "iso-iec-42001"}, "Nothing waits for review"),
        ({"instrument": "x" * 121}, "at most 120 characters"),
        ({"page": "0"}, "greater than or equal to 1"),
        ({"instrument": "<script>alert(1)</script>"}, "&lt;script&gt;"),
    ],
)
def test_bad_queue_filters_are_answered_on_the_page(
    suggested_store: Engine, client: TestClient, params: dict[str, str], says: str
) -> None:
    page = client.get("/reviews", params=params)
    assert "text/html" in page.headers["content-type"]
    assert says in page.text and "<script>alert" not in page.text


def test_the_queue_pages_through_the_suggestions(reviewer: TestClient) -> None:
    first = reviewer.get("/reviews").text
    total = int(re.search(r"(\d+) suggestions waiting", first).group(1))  # type: ignore[union-attr]
    seen = _waiting_ids(first)
    page = 2
    while 'rel="next"' in reviewer.get("/reviews", params={"page": page - 1}).text:
        seen += _waiting_ids(reviewer.get("/reviews", params={"page": page}).text)
        page += 1
    assert len(seen) == len(set(seen)) == total


def test_accept_correct_and_reject_from_the_queue(
    suggested_store: Engine, reviewer: TestClient
) -> None:
    page = reviewer.get("/reviews", params={"instrument": "eu-ai-act"}).text
    assert "not learnt yet" not in page
    csrf = _csrf(page)
    first, second, third = _waiting_ids(page)[:3]
    suggested = _relationship(suggested_store, first).type.value
    form = {"csrf": csrf, "reviewer": "ana", "relationship": suggested}
    done = reviewer.post(
        f"/reviews/relationships/{first}",
        data=form | {"decision": "accept", "next": "/reviews?instrument=eu-ai-act#r9"},
        follow_redirects=False,
    )
    assert (
        done.status_code == 303 and done.headers["location"] == "/reviews?instrument=eu-ai-act#r9"
    )
    accepted = _human_for(suggested_store, first)
    assert accepted is not None and accepted.method is RelationshipMethod.HUMAN
    assert accepted.author == "ana" and accepted.type.value == suggested
    assert _relationship(suggested_store, first).review_status is ReviewStatus.ACCEPTED

    corrected = form | {"relationship": "contrary", "decision": "accept"}
    reviewer.post(f"/reviews/relationships/{second}", data=corrected, follow_redirects=False)
    human = _human_for(suggested_store, second)
    assert human is not None and human.type is RelationshipType.CONTRARY
    assert _relationship(suggested_store, second).review_status is ReviewStatus.REJECTED

    third_type = _relationship(suggested_store, third).type.value
    rejected = form | {"relationship": third_type, "decision": "reject"}
    reviewer.post(f"/reviews/relationships/{third}", data=rejected, follow_redirects=False)
    assert _human_for(suggested_store, third) is None
    assert _relationship(suggested_store, third).review_status is ReviewStatus.REJECTED

    after = reviewer.get("/reviews", params={"instrument": "eu-ai-act"}).text
    assert not {first, second, third} & set(_waiting_ids(after))
    assert "as ana" in after  # decisions are recorded under the signed-in account
    assert "<strong>3 not learnt yet</strong>" in after  # `crosswalk train` has not run


def test_bad_review_posts_change_nothing(suggested_store: Engine, reviewer: TestClient) -> None:
    page = reviewer.get("/reviews").text
    csrf, first = _csrf(page), _waiting_ids(page)[0]
    kind = _relationship(suggested_store, first).type.value
    form = {"csrf": csrf, "reviewer": "ana", "relationship": kind}
    url = f"/reviews/relationships/{first}"
    forged = reviewer.post(url, data=form | {"decision": "accept", "csrf": "0" * 64})
    assert forged.status_code == 403 and "CSRF" in forged.text
    unknown_type = reviewer.post(url, data=form | {"decision": "accept", "relationship": "same"})
    assert unknown_type.status_code == 422 and "relationship" in unknown_type.text
    unknown_decision = reviewer.post(url, data=form | {"decision": "maybe"})
    assert unknown_decision.status_code == 422
    stale = reviewer.post(url, data=form | {"decision": "accept", "version": "3"})
    assert stale.status_code == 409 and "you saw version 3" in stale.text
    missing = reviewer.post("/reviews/relationships/999999999", data=form | {"decision": "accept"})
    assert missing.status_code == 404 and "no relationship with id 999999999" in missing.text
    assert _relationship(suggested_store, first).review_status is ReviewStatus.UNREVIEWED
    assert _human_for(suggested_store, first) is None

    elsewhere = form | {"decision": "reject", "next": "//evil.example/"}
    assert reviewer.post(url, data=elsewhere, follow_redirects=False).headers["location"] == "/"
    twice = reviewer.post(url, data=form | {"decision": "accept"})
    assert twice.status_code == 409 and "already rejected by ana" in twice.text
    assert _human_for(suggested_store, first) is None


def test_correcting_on_the_compare_page_reads_the_pair_as_shown(
    suggested_store: Engine, reviewer: TestClient
) -> None:
    """The page shows B -> A pairs turned round, so a correction is turned back."""
    with transaction(suggested_store) as session:
        suggestion = session.scalars(
            select(Relationship).where(Relationship.method == RelationshipMethod.AUTOMATED)
        ).first()
        assert suggestion is not None
        suggestion.type, suggestion.confidence = RelationshipType.SUBSET, 0.99
        suggestion_id = suggestion.id
    page = reviewer.get("/compare", params={"a": "nist-ai-rmf-1-0", "b": "eu-ai-act"}).text
    assert "machine suggestions waiting for review" in page
    form = re.search(
        rf'action="/reviews/relationships/{suggestion_id}".*?</form>', page, flags=re.DOTALL
    )
    assert form is not None
    assert 'name="reversed" value="true"' in form.group(0)
    assert '<option value="superset" selected>' in form.group(0)  # NIST side covers more
    data = {
        "csrf": _csrf(page),
        "reviewer": "ana",
        "relationship": "subset",  # as shown: the NIST unit is narrower than the article
        "reversed": "true",
        "decision": "accept",
    }
    reviewer.post(f"/reviews/relationships/{suggestion_id}", data=data, follow_redirects=False)
    human = _human_for(suggested_store, suggestion_id)
    assert human is not None and human.type is RelationshipType.SUPERSET  # stored Act -> NIST
    after = reviewer.get("/compare", params={"a": "nist-ai-rmf-1-0", "b": "eu-ai-act"}).text
    row = re.search(rf'<tr id="r{human.id}">.*?</tr>', after, flags=re.DOTALL)
    assert row is not None and "subset" in row.group(0) and "human" in row.group(0)
    assert f'id="r{suggestion_id}"' not in after  # the reviewed suggestion gives way


def _waiting_labels(html: str) -> int:
    found = re.search(r"(\d+) labels? waiting", html)
    assert found is not None
    return int(found.group(1))


def test_the_label_queue_lists_machine_labels_with_their_evidence(client: TestClient) -> None:
    page = client.get("/reviews/labels")
    assert page.status_code == 200
    total = _waiting_labels(page.text)  # the test model's label and an AGORA machine tag
    assert total == 2 and f"Labels ({total})" in page.text
    assert 'href="/concepts/fli-blocks:safety-standards"' in page.text
    assert '<option value="agora" >agora (1)</option>' in page.text
    assert "govern.1.1" in page.text and "score 0.91" in page.text
    assert page.text.index("score 0.91") < page.text.index("Strategies: Disclosure")  # by score
    assert "Sign in</a> to accept or reject labels" in page.text
    fli = client.get("/reviews/labels", params={"taxonomy": "fli-blocks"}).text
    assert _waiting_labels(fli) == 1 and "Strategies: Disclosure" not in fli
    none = client.get("/reviews/labels", params={"taxonomy": "oecd"}).text
    assert _waiting_labels(none) == 0 and "No machine label waits" in none
    unknown = client.get("/reviews/labels", params={"instrument": "no-such-act"}).text
    assert "no instrument with id &#39;no-such-act&#39;" in unknown


def test_reviewing_a_label_from_the_queue(web_store: Engine, reviewer: TestClient) -> None:
    page = reviewer.get("/reviews/labels", params={"taxonomy": "fli-blocks"}).text
    label_id = int(re.search(r'action="/reviews/labels/(\d+)"', page).group(1))  # type: ignore[union-attr]
    form = {"csrf": _csrf(page), "reviewer": "ana", "decision": "reject"}
    done = reviewer.post(
        f"/reviews/labels/{label_id}",
        data=form | {"next": "/reviews/labels?taxonomy=fli-blocks"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/reviews/labels?taxonomy=fli-blocks"
    with Session(web_store) as session:
        label = session.get(Label, label_id)
        assert label is not None and label.review_status is ReviewStatus.REJECTED
        assert [d.reviewer for d in history(session, label)] == ["ana"]
    after = reviewer.get("/reviews/labels", params={"taxonomy": "fli-blocks"}).text
    assert _waiting_labels(after) == 0 and "Labels (1)" in after
    remaining = reviewer.get("/reviews/labels").text  # the AGORA tag still waits
    assert "as ana" in remaining
    again = reviewer.post(f"/reviews/labels/{label_id}", data=form | {"decision": "accept"})
    assert again.status_code == 409  # the page showed it waiting (version 0)


PAIR = {"instrument": "eu-ai-act", "counterpart": "nist-ai-rmf-1-0"}


def test_suggest_a_pair_again_with_the_decisions_so_far(
    suggested_store: Engine, reviewer: TestClient
) -> None:
    page = reviewer.get("/reviews", params=PAIR).text
    assert 'action="/reviews/rerank"' in page
    assert 'action="/reviews/rerank"' not in reviewer.get("/reviews").text  # a pair is needed
    csrf = _csrf(page)
    first, second = _waiting_ids(page)[:2]
    form = {"csrf": csrf, "reviewer": "ana"}
    reviewer.post(
        f"/reviews/relationships/{first}",
        data=form | {"decision": "accept", "relationship": "intersects"},
        follow_redirects=False,
    )
    kind = _relationship(suggested_store, second).type.value
    reviewer.post(
        f"/reviews/relationships/{second}",
        data=form | {"decision": "reject", "relationship": kind},
        follow_redirects=False,
    )
    decided = {
        (r.source_provision_id, r.target_provision_id)
        for r in (_relationship(suggested_store, first), _relationship(suggested_store, second))
    }
    done = reviewer.post("/reviews/rerank", data=PAIR | {"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith("/reviews?instrument=eu-ai-act&counterpart=")
    after = reviewer.get(done.headers["location"]).text
    waiting = int(re.search(r"(\d+) suggestions wait;", after).group(1))  # type: ignore[union-attr]
    assert "learnt from people&#39;s links on 1 unit;" in after
    assert f"{waiting} suggestions waiting" in after
    again = waiting_pairs(suggested_store)
    assert len(again) == waiting and not decided & again


@pytest.mark.parametrize(
    ("form", "status", "says"),
    [
        ({"csrf": "0" * 64}, 403, "CSRF"),
        ({"counterpart": "no-such-act"}, 404, "no instrument with id"),
        ({"counterpart": "eu-ai-act"}, 400, "the same instrument"),
        ({"counterpart": "iso-iec-42001"}, 404, "nothing was suggested between"),
        ({"counterpart": ""}, 422, "counterpart"),
        ({"top": "21"}, 422, "top"),
    ],
)
def test_bad_rerank_posts_are_named_and_change_nothing(
    suggested_store: Engine, reviewer: TestClient, form: dict[str, str], status: int, says: str
) -> None:
    csrf = _csrf(reviewer.get("/reviews", params=PAIR).text)
    with Session(suggested_store) as session:
        before = session.scalars(select(Relationship.id).order_by(Relationship.id)).all()
    answer = reviewer.post("/reviews/rerank", data=PAIR | {"csrf": csrf} | form)
    assert answer.status_code == status and says in answer.text
    with Session(suggested_store) as session:
        assert session.scalars(select(Relationship.id).order_by(Relationship.id)).all() == before


def test_the_label_queue_puts_the_least_certain_provision_label_first(
    web_store: Engine, client: TestClient
) -> None:
    threshold = provision_thresholds("fli-blocks")["fli-blocks:compliance-mechanisms"]
    with transaction(web_store) as session:
        provision = session.scalars(select(Provision).where(Provision.path == "govern.1.2")).one()
        label = Label(
            concept_id="fli-blocks:compliance-mechanisms",
            provision_id=provision.id,
            score=threshold + 0.01,  # just above the threshold: the least certain
            method=LabelMethod.MODEL,
            model_id=PROVISION_MODEL,
        )
        label.evidence.append(
            LabelEvidence(provision_id=provision.id, start_offset=0, end_offset=10, score=0.2)
        )
        session.add(label)
    page = client.get("/reviews/labels").text
    assert '<option value="uncertainty" selected>least certain first</option>' in page
    assert page.index("govern.1.2") < page.index("govern.1.1")  # before the 0.91 label
    assert f"(threshold {threshold:.2f})" in page
    assert 'href="/instruments/nist-ai-rmf-1-0/provisions/' in page  # a provision label's
    by_score = client.get("/reviews/labels", params={"order": "score"}).text
    assert '<option value="score" selected>' in by_score
    assert by_score.index("govern.1.1") < by_score.index("govern.1.2")
    assert "/reviews/label-sheet.csv?order=score" in by_score  # the sheet keeps the order
    sheet = client.get("/reviews/label-sheet.csv", params={"order": "score"})
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert ",threshold," in lines[0] and "govern.1.1" in lines[1] and "govern.1.2" in lines[2]
    default = client.get("/reviews/label-sheet.csv").content.decode("utf-8-sig").splitlines()
    assert "govern.1.2" in default[1]
    assert client.get("/reviews/labels", params={"order": "newest"}).status_code == 422


def test_the_near_miss_queue_lists_the_closest_first_and_counts_none(
    web_store: Engine, client: TestClient
) -> None:
    ids = plant_near_misses(web_store)
    page = client.get("/reviews/near-misses")
    assert page.status_code == 200
    assert "3 near misses waiting" in page.text and "Near misses (3)" in page.text
    assert "not labels" in page.text
    order = [page.text.index(f'id="n{i}"') for i in (ids[1], ids[0], ids[2])]
    assert order == sorted(order)  # 1.2x, then 2x, then 2.9x below the threshold
    assert "Sign in</a> to accept or reject near misses" in page.text
    assert "Near misses (3)" in client.get("/reviews/labels").text  # the tab on every queue
    none = client.get("/reviews/near-misses", params={"taxonomy": "oecd"}).text
    assert "0 near misses waiting" in none and "No near miss waits" in none
    unknown = client.get("/reviews/near-misses", params={"instrument": "no-such-act"}).text
    assert "no instrument with id &#39;no-such-act&#39;" in unknown


def test_deciding_a_near_miss_from_the_queue(web_store: Engine, reviewer: TestClient) -> None:
    ids = plant_near_misses(web_store)
    page = reviewer.get("/reviews/near-misses").text
    form = {"csrf": _csrf(page), "decision": "accept", "next": "/reviews/near-misses"}
    done = reviewer.post(f"/reviews/near-misses/{ids[1]}", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/reviews/near-misses"
    with Session(web_store) as session:
        assert session.get(NearMiss, ids[1]) is None
        label = session.scalars(
            select(Label).where(Label.concept_id == "fli-blocks:red-lines")
        ).one()
        assert label.review_status is ReviewStatus.ACCEPTED
    again = reviewer.post(f"/reviews/near-misses/{ids[1]}", data=form, follow_redirects=False)
    assert again.status_code == 404
    away = reviewer.post(
        f"/reviews/near-misses/{ids[0]}",
        data=form | {"decision": "reject", "next": "/\\evil.example"},
        follow_redirects=False,
    )
    assert away.headers["location"] == "/"


@pytest.mark.parametrize("path", ["/reviews", "/reviews/labels", "/reviews/near-misses"])
def test_review_pages_explain_themselves_without_commands(reviewer: TestClient, path: str) -> None:
    page = reviewer.get(path).text
    lead = page.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert "Accept" in lead and "govatlas" not in lead  # what to do, in words
    operators = page.split("For whoever runs the atlas", 1)[1].split("</details>", 1)[0]
    assert "govatlas " in operators  # the commands stay, folded away
