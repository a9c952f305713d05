"""On the real corpus: the Hiroshima code of conduct's actions, as the registry records
them, point at the paragraphs of the code that state them; the Seoul commitments show
the frontier safety frameworks the catalog holds beside the registry's own state."""

from __future__ import annotations

from pathlib import Path

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


def test_five_seoul_signatories_have_a_framework_in_the_catalog(corpus_store: CorpusStore) -> None:
    from govatlas.registry.compliance import commitment_statuses, summarise
    from govatlas.registry.visibility import PUBLIC

    with transaction(corpus_store.engine) as session:
        statuses = [
            s
            for s in commitment_statuses(session, PUBLIC)
            if s.commitment.instrument_id == "frontier-ai-safety-commitments"
        ]
        (line,) = summarise(statuses)
    assert line.organisations == 16
    with_framework = sorted(s.organisation for s in statuses if s.evidence)
    assert with_framework == ["Anthropic", "Google", "Meta Platforms", "Microsoft", "OpenAI"]
    assert (line.elsewhere, line.elsewhere_by_due) == (5, 5)


def test_a_company_page_shows_its_commitments_and_its_framework(
    corpus_store: CorpusStore, corpus_dir: Path
) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import func

    from govatlas.industry.refresh import refresh_industry
    from govatlas.store.models import Assessment
    from govatlas.web.app import create_app

    with transaction(corpus_store.engine) as session:  # company pages need the FMTI data
        if not session.scalar(select(func.count()).select_from(Assessment)):
            refresh_industry(session, corpus_dir)  # unless an earlier test imported it
    with TestClient(create_app(corpus_store.engine)) as client:
        page = client.get("/companies/anthropic")
        assert page.status_code == 200
        assert "Commitments in the transparency registry" in page.text
        assert "Frontier AI Safety Commitments" in page.text
        assert "published elsewhere" in page.text and "Anthropic RSP" in page.text
        mistral = client.get("/companies/mistral").text  # the registry's mistral-ai
        assert "Commitments in the transparency registry" in mistral
