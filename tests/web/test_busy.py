"""The web app under contention: a write that finds the store locked is retried
briefly, then answered 503 with a clear message (never a 500)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from govatlas.store.engine import make_engine
from govatlas.web import create_app, label_views
from tests.conftest import TEST_DB
from tests.store.test_contention import a_label, write_lock
from tests.web.conftest import TOKEN

pytestmark = pytest.mark.skipif(bool(TEST_DB), reason="SQLite's single-writer lock")


def test_the_web_retries_then_answers_503(
    web_store: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(label_views, "label_qualities", dict)
    engine = make_engine(db_url, busy_timeout=0.2)
    with a_label(web_store) as label_id:
        url = f"/api/v1/labels/{label_id}/review?decision=reject"
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with TestClient(create_app(engine), raise_server_exceptions=False) as client:
            with write_lock(db_url):
                busy = client.post(url, headers=headers)
            assert busy.status_code == 503 and busy.headers["retry-after"]
            assert "the database is busy" in busy.json()["error"]["message"]
            # a lock released while the web retries: the review goes through
            holder = sqlite3.connect(
                make_url(db_url).database or "", isolation_level=None, check_same_thread=False
            )
            holder.execute("BEGIN IMMEDIATE")
            threading.Timer(0.3, lambda: holder.execute("ROLLBACK")).start()
            done = client.post(url, headers=headers)
            holder.close()
            assert done.status_code == 200, done.text
    engine.dispose()
