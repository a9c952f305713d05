"""One document described by two datasets becomes one instrument; different ones never."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.ingest.linking import Linker, similar_titles
from govatlas.sources.records import EventDraft, InstrumentDraft
from govatlas.store.models import ExternalId
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, LifecycleKind


def _draft(key: str, title: str, place: str, scheme: str, year: int) -> InstrumentDraft:
    return InstrumentDraft(
        key=key,
        title=title,
        short_name=title[:40],
        type=InstrumentType.GUIDANCE,
        binding=Binding.NON_BINDING,
        jurisdiction=place,
        external_ids={scheme: key},
        events=(EventDraft(LifecycleKind.PUBLISHED, date(year, 9, 25)),),
    )


def test_titles_that_say_the_same() -> None:
    assert similar_titles(
        "Ethical Norms for the New Generation Artificial Intelligence",
        "The Ethical Norms for the New Generation Artificial Intelligence, China",
    )
    assert similar_titles(
        "Governance Principles for a New Generation of Artificial Intelligence: Develop "
        "Responsible Artificial Intelligence",
        "Next-Generation AI Governance Principles - Develop responsible artificial intelligence",
    )
    assert not similar_titles("AI Act of 2024", "AI Act of 2023")
    assert not similar_titles("Data Act", "Data Act")  # too few words to judge


def test_cross_dataset_twins_merge_and_keep_both_ids(built: Engine) -> None:
    with transaction(built) as session:
        linker = Linker(session)
        first, created = linker.link(
            session,
            _draft(
                "1125",
                "Ethical Norms for the New Generation Artificial Intelligence",
                "CHN",
                "agora",
                2021,
            ),
            "agora",
        )
        assert created
        twin, created = linker.link(
            session,
            _draft(
                "141",
                "The Ethical Norms for the New Generation Artificial Intelligence, China",
                "CHN",
                "worldwide_ai_ethics",
                2021,
            ),
            "ethics-guidelines",
        )
        assert not created and twin.id == first.id
        assert linker.merged == [("141", first.id)]
        # another place, another year, or the same dataset: never merged
        _other, created = linker.link(
            session,
            _draft(
                "142",
                "Ethical Norms for the New Generation Artificial Intelligence",
                "JPN",
                "worldwide_ai_ethics",
                2021,
            ),
            "ethics-guidelines",
        )
        assert created
        _later, created = linker.link(
            session,
            _draft(
                "1999",
                "The Ethical Norms for New Generation Artificial Intelligence",
                "CHN",
                "agora",
                2021,
            ),
            "agora",
        )
        assert created
    with Session(built) as session:
        ids = set(
            session.execute(
                select(ExternalId.scheme, ExternalId.value).where(
                    ExternalId.instrument_id == first.id
                )
            )
        )
    assert ids == {("agora", "1125"), ("worldwide_ai_ethics", "141")}
