"""Review sheets on the web: download the queue as CSV, upload the filled-in sheet."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.store.decisions import history
from govatlas.store.models import Label, Relationship
from govatlas.vocabulary import RelationshipMethod, ReviewStatus
from govatlas.web import review_sheet_pages
from tests.web.test_review_pages import _csrf, reviewer  # noqa: F401

pytestmark = pytest.mark.usefixtures("suggested_store")


def _sheet(client: TestClient, path: str, **params: str) -> list[dict[str, str]]:
    response = client.get(path, params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _upload(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _humans(engine: Engine) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(Relationship)
        return int(
            session.scalar(query.where(Relationship.method == RelationshipMethod.HUMAN)) or 0
        )


def test_download_the_suggestions_and_apply_them(
    suggested_store: Engine,
    reviewer: TestClient,  # noqa: F811
) -> None:
    page = reviewer.get("/reviews", params={"instrument": "eu-ai-act"}).text
    assert 'href="/reviews/suggestion-sheet.csv?instrument=eu-ai-act"' in page
    assert 'action="/reviews/suggestion-sheet"' in page  # signed in: the upload form
    rows = _sheet(reviewer, "/reviews/suggestion-sheet.csv", instrument="eu-ai-act")
    assert list(rows[0])[-5:] == ["version", "decision", "type", "reviewer", "note"]
    assert rows[0]["source"].startswith("EU AI Act ") and rows[0]["source text"]  # names
    rows[0] |= {"decision": "accept"}
    rows[1] |= {"decision": "reject", "reviewer": "bo"}
    rows[2] |= {"decision": "maybe"}
    form = {"csrf": _csrf(page), "reviewer": "ana"}
    humans = _humans(suggested_store)
    bad = reviewer.post(
        "/reviews/suggestion-sheet",
        data=form,
        files={"sheet": ("my sheet.csv", _upload(rows), "text/csv")},
        follow_redirects=False,
    )
    assert bad.status_code == 400
    assert "my_sheet.csv: 1 row(s) cannot be applied: line 4: decision" in bad.text
    assert "nothing was stored" in bad.text and _humans(suggested_store) == humans
    rows[2]["decision"] = ""
    done = reviewer.post(
        "/reviews/suggestion-sheet",
        data=form,
        files={"sheet": ("sheet.csv", _upload(rows), "text/csv")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/reviews?sheet=applied&accepted=1&rejected=1"
    shown = reviewer.get(done.headers["location"]).text
    assert "Review sheet applied: 1 accepted, 1 rejected." in shown
    assert _humans(suggested_store) == humans + 1
    with Session(suggested_store) as session:
        accepted = session.scalars(
            select(Relationship).where(Relationship.citation == f"review:{rows[0]['id']}")
        ).one()
        assert accepted.author == "ana"  # the signed-in account
        rejected = session.get_one(Relationship, int(rows[1]["id"]))
        # the sheet's reviewer cell ("bo") is not believed on the web: the account decided
        assert [(d.reviewer, d.channel.value) for d in history(session, rejected)] == [
            ("ana", "web")
        ]
    stale = reviewer.post(
        "/reviews/suggestion-sheet",
        data=form,
        files={"sheet": ("sheet.csv", _upload([rows[1] | {"decision": "accept"}]), "text/csv")},
    )
    assert stale.status_code == 409 and "already decided otherwise" in stale.text


def test_a_sheet_needs_a_signed_in_reviewer_and_a_sane_size(
    suggested_store: Engine,
    reviewer: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = _sheet(reviewer, "/reviews/suggestion-sheet.csv")
    rows[0] |= {"decision": "reject", "reviewer": "ana"}
    files = {"sheet": ("s.csv", _upload(rows), "text/csv")}
    forged = reviewer.post("/reviews/suggestion-sheet", data={"csrf": "0" * 64}, files=files)
    assert forged.status_code == 403
    monkeypatch.setattr(review_sheet_pages, "MAX_BYTES", 100)
    page = reviewer.get("/reviews").text
    big = reviewer.post("/reviews/suggestion-sheet", data={"csrf": _csrf(page)}, files=files)
    assert big.status_code == 400 and "s.csv: over the 100-byte limit" in big.text
    with Session(suggested_store) as session:
        status = session.get(Relationship, int(rows[0]["id"]))
        assert status is not None and status.review_status is ReviewStatus.UNREVIEWED
    unknown = reviewer.get("/reviews/suggestion-sheet.csv", params={"instrument": "nope"})
    assert unknown.status_code == 404
    other = reviewer.post("/reviews/other-sheet", data={"csrf": _csrf(page)}, files=files)
    assert other.status_code == 422 and "queue" in other.text


def test_download_the_labels_and_apply_them(
    suggested_store: Engine,
    reviewer: TestClient,  # noqa: F811
) -> None:
    page = reviewer.get("/reviews/labels").text
    assert 'href="/reviews/label-sheet.csv"' in page
    rows = _sheet(reviewer, "/reviews/label-sheet.csv", taxonomy="fli-blocks")
    assert len(rows) == 1 and rows[0]["concept"].startswith("fli-blocks:")
    rows[0] |= {"decision": "accept", "note": "clear"}
    done = reviewer.post(
        "/reviews/label-sheet",
        data={"csrf": _csrf(page), "reviewer": "ana"},
        files={"sheet": ("labels.csv", _upload(rows), "text/csv")},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/reviews/labels?sheet=applied&accepted=1"
    assert "Review sheet applied: 1 accepted." in reviewer.get(done.headers["location"]).text
    with Session(suggested_store) as session:
        label = session.get(Label, int(rows[0]["id"]))
        assert label is not None and label.review_status is ReviewStatus.ACCEPTED
        [decision] = history(session, label)
        assert (decision.reviewer, decision.note) == ("ana", "clear")
