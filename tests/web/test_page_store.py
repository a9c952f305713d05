"""The page store every worker shares: a page one app renders, another app serves without
rendering; a write to the store makes it render again; pre-rendering fills it once per
revision; a damaged file turns it off, never a page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.translation_review import correct_text
from govatlas.vocabulary import ReviewStatus
from govatlas.web import label_views, queries
from govatlas.web.app import create_app
from govatlas.web.page_store import PageStore, StoredPage, page_key, shared
from govatlas.web.prerender import missing_paths, page_paths, prerender

PAGE = "/instruments/nist-ai-rmf-1-0"


def worker(engine: Engine, store: Path) -> TestClient:
    """An app as one worker process of `govatlas serve` runs it."""
    app = create_app(engine)
    app.state.govatlas.responses.pages = PageStore(store)
    return TestClient(app, raise_server_exceptions=False)


def test_a_page_one_worker_renders_another_serves_from_the_store(
    web_store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(label_views, "label_qualities", dict)
    store = tmp_path / "pages.db"
    first = worker(web_store, store).get(PAGE)
    assert first.status_code == 200
    assert page_key(PAGE, "", None) in {k for (k,) in _keys(store)}

    def refuse(*_: object) -> None:
        raise AssertionError("rendered, not read from the page store")

    original = queries.instrument_detail
    monkeypatch.setattr(queries, "instrument_detail", refuse)
    second = worker(web_store, store).get(PAGE)  # a second worker, its memory empty
    assert second.status_code == 200
    assert second.text == first.text
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]

    with transaction(web_store) as session:  # a review elsewhere (the CLI): a new revision
        label = session.scalars(select(Label).where(Label.instrument_id.is_not(None))).first()
        assert label is not None
        label.review_status = ReviewStatus.REJECTED
    third = worker(web_store, store).get(PAGE)
    assert third.status_code == 500  # rendered again (and refused): nothing stale served
    monkeypatch.setattr(queries, "instrument_detail", original)
    fresh = worker(web_store, store).get(PAGE)
    assert fresh.status_code == 200
    revisions = {r for (r,) in _revisions(store)}
    assert len(revisions) == 1  # the older revision's pages are gone


def test_searches_and_signed_in_pages_are_not_shared(
    web_store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(label_views, "label_qualities", dict)
    store = tmp_path / "pages.db"
    client = worker(web_store, store)
    assert client.get("/search?q=risk").status_code == 200
    assert client.get("/jurisdictions/USA").status_code == 200
    assert {k for (k,) in _keys(store)} == {page_key("/jurisdictions/USA", "", None)}
    assert shared("/instruments/x") and shared("/compare") and not shared("/search")


def test_the_store_keeps_pages_of_one_revision_and_survives_a_damaged_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = PageStore(tmp_path / "pages.db")
    page = StoredPage([(b"content-type", b"text/html")], "<p>é</p>".encode())
    store.put("r1", "/a?", page)
    assert store.get("r1", "/a?") == page
    assert store.get("r2", "/a?") is None
    store.put("r2", "/b?", page)
    assert store.get("r1", "/a?") is None  # the first page of r2 removed r1's
    assert store.keys("r2") == {"/b?"}
    assert PageStore(None).get("r2", "/b?") is None  # no file: no store

    assert missing_paths(create_engine("sqlite://"), [PAGE]) is None  # nothing to fill
    unwritable = PageStore(Path("/proc/govatlas-no-such-folder/pages.db"))
    assert unwritable.keys("r1") == set() and not unwritable.enabled

    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database" * 100)
    broken = PageStore(damaged)
    assert broken.get("r1", "/a?") is None
    broken.put("r1", "/a?", page)  # no exception: the store turns itself off
    assert not broken.enabled
    assert "turned off" in caplog.text


def test_prerender_renders_each_page_once_per_revision(
    web_store: Engine, env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if web_store.dialect.name != "sqlite":
        pytest.skip("the page file of a PostgreSQL store lives in the user data folder")
    monkeypatch.setenv("GOVATLAS_PAGE_STORE", "1")
    with Session(web_store) as session:
        paths = page_paths(session)
    assert PAGE in paths and "/jurisdictions/USA" in paths
    seen: list[tuple[int, int]] = []
    result = prerender(web_store, 1, lambda done, total: seen.append((done, total)))
    assert result.failed == []
    assert (result.pages, result.kept, result.rendered) == (len(paths), 0, len(paths))
    assert seen[-1] == (len(paths), len(paths))
    # a write held up for longer than BUSY_MS is skipped by design (a loaded machine can
    # hold one up): the next run renders exactly those, and nothing it already holds
    skipped = missing_paths(web_store, paths)
    assert skipped is not None and len(skipped) < len(paths)
    again = prerender(web_store, 1)
    assert (again.kept, again.rendered) == (len(paths) - len(skipped), len(skipped))


def _keys(store: Path) -> list[tuple[str]]:
    with sqlite3.connect(store) as connection:
        return list(connection.execute("SELECT key FROM page"))


def _revisions(store: Path) -> list[tuple[str]]:
    with sqlite3.connect(store) as connection:
        return list(connection.execute("SELECT DISTINCT revision FROM page"))


def test_each_language_has_its_own_stored_page_and_a_correction_renders_it_again(
    web_store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(label_views, "label_qualities", dict)
    store = tmp_path / "pages.db"
    english = worker(web_store, store).get(PAGE)
    french = worker(web_store, store).get("/fr" + PAGE)
    assert french.status_code == 200 and 'lang="fr"' in french.text
    keys = {k for (k,) in _keys(store)}
    assert {page_key(PAGE, "", None), page_key(PAGE, "", None, "fr")} <= keys

    def refuse(*_: object) -> None:
        raise AssertionError("rendered, not read from the page store")

    original = queries.instrument_detail
    monkeypatch.setattr(queries, "instrument_detail", refuse)
    again = worker(web_store, store).get("/fr" + PAGE)
    assert again.status_code == 200 and again.text == french.text != english.text
    # a translation corrected elsewhere (the CLI): the French page is rendered again
    with transaction(web_store) as session:
        correct_text(session, "fr", "message", "Compare", {"": "Mettre en regard"}, "ana", [])
    assert worker(web_store, store).get("/fr" + PAGE).status_code == 500
    monkeypatch.setattr(queries, "instrument_detail", original)
    fresh = worker(web_store, store).get("/fr" + PAGE)
    assert fresh.status_code == 200 and "Mettre en regard" in fresh.text
