"""Dataset releases are content-hashed and reused while the data is unchanged."""

from __future__ import annotations

from sqlalchemy import Engine

from govatlas.store.instruments import add_version
from govatlas.store.releases import create_release, list_releases
from govatlas.store.session import transaction


def test_release_is_idempotent_and_tracks_changes(ingested: Engine) -> None:
    with transaction(ingested) as session:
        first, created = create_release(session, tag="r1", note="first")
    assert created and first.counts["versions"] > 0 and len(first.content_hash) == 64
    with transaction(ingested) as session:
        same, created_again = create_release(session, tag="r1-again")
    assert not created_again and same.id == first.id
    with transaction(ingested) as session:
        add_version(session, "alpha-act", "A new consolidated text.", format="txt")
    with transaction(ingested) as session:
        second, created_new = create_release(session)
        assert created_new and second.content_hash != first.content_hash
        assert next(r.id for r in list_releases(session)) in {first.id, second.id}
