"""One document described by two datasets becomes one instrument; different ones never."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.ingest.linking import Linker, similar_titles
from govatlas.records import EventDraft, InstrumentDraft
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


def test_a_namesake_in_another_country_is_another_instrument(built: Engine) -> None:
    """A US bill titled like Botswana's data-protection act is not filed as its text."""
    with transaction(built) as session:
        linker = Linker(session)
        botswana, created = linker.link(
            session, _draft("bw-dpa", "Data Protection Act, 2024", "BWA", "catalog", 2024), "t"
        )
        assert created
        us_bill, created = linker.link(
            session, _draft("1690", "Data Protection Act of 2024", "USA", "agora", 2024), "agora"
        )
        assert created and us_bill.id != botswana.id
        # the same title from a subdivision's country, or from an unplaced source, still links
        state, created = linker.link(
            session, _draft("ca-1", "California AI Transparency Act", "US-CA", "x", 2024), "t"
        )
        again, created_again = linker.link(
            session, _draft("9", "California AI Transparency Act", "USA", "agora", 2024), "agora"
        )
        assert not created_again and again.id == state.id
        unplaced, created = linker.link(
            session,
            _draft("10", "Data Protection Act, 2024", "UNSPECIFIED", "other", 2024),
            "other",
        )
        assert not created and unplaced.id in (botswana.id, us_bill.id)


def test_same_place() -> None:
    from govatlas.ingest.linking import same_place

    assert same_place("USA", "USA") and same_place("US-CA", "USA") and same_place("USA", "US-NY")
    assert same_place("BWA", "UNSPECIFIED") and same_place(None, "FRA") and same_place("INTL", "EU")
    assert same_place("OECD", "FRA") and same_place("EU", "DEU")  # a body's text filed by country
    assert not same_place("BWA", "USA") and not same_place("US-CA", "CAN")


def test_the_word_count_filter_never_drops_a_title_that_could_match() -> None:
    from govatlas.ingest.linking import SIMILAR_TITLE, _could_be_similar

    for count in range(1, 40):
        kept = set(_could_be_similar(count))
        for other in range(1, 60):
            best = min(count, other) / max(count, other)  # the best overlap two sizes allow
            assert (other in kept) == (best >= SIMILAR_TITLE), (count, other)


def test_title_keys_read_titles_as_similar_titles_does() -> None:
    from govatlas.ingest.linking import TitleKey, similar_keys, similar_titles

    pairs = [
        ("Artificial Intelligence Act (France)", "Artificial Intelligence Act (Italy)"),
        (
            "Ethical Norms for New Generation AI",
            "Ethical norms for new-generation artificial intelligence",
        ),
        ("Data Protection Act of 2024", "Data Protection Act 2024"),
        ("AI Act", "Artificial Intelligence Act"),
    ]
    for first, second in pairs:
        assert similar_keys(TitleKey.of(first), TitleKey.of(second)) == similar_titles(
            first, second
        )
    assert not similar_titles(*pairs[0]) and similar_titles(*pairs[1])
