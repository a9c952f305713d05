"""The Hiroshima code of conduct's actions, as the registry records them, point at the
paragraphs of the code that state them (checked on the real corpus's text)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from govatlas.registry.seed import code_actions
from govatlas.store.instruments import reading_version
from govatlas.store.models import Provision
from govatlas.store.registry_models import RegistryRecord
from govatlas.store.session import transaction
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_every_action_links_the_paragraphs_that_state_it(corpus_store: CorpusStore) -> None:
    actions = code_actions()
    with transaction(corpus_store.engine) as session:
        version = reading_version(session, actions["instrument"])
        assert version is not None, "the code of conduct's text is not in the corpus store"
        texts = dict(
            session.execute(
                select(Provision.path, Provision.text).where(Provision.version_id == version.id)
            ).all()
        )
        records = list(
            session.scalars(
                select(RegistryRecord)
                .where(RegistryRecord.instrument_id == actions["instrument"])
                .order_by(RegistryRecord.id)
            )
        )
    assert len(records) == len(actions["actions"]) == 11
    for action, record in zip(actions["actions"], records, strict=True):
        paths = [ref.split(":", 1)[1] for ref in record.provisions]
        assert all(path in texts for path in paths), (action["number"], paths)
        # the first paragraph is the action's own: it opens with its number
        assert texts[paths[0]].split()[0] == str(action["number"]), texts[paths[0]][:80]
        # and the paragraph after the last one is the next action's (or the end)
        following = f"p.{int(paths[-1].split('.')[1]) + 1}"
        if following in texts:
            assert texts[following].split()[0] == str(action["number"] + 1)
