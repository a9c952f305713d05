"""Complete texts on the real corpus: inserted code sections are units, texts are read whole,
one law in several files is one version, and one document in two datasets is one instrument."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from govatlas.classify.provisions.labelling import reading_share
from govatlas.horizon.diff import diff_versions, versions_of
from govatlas.ingest.renderings import same_rendering
from govatlas.store.instruments import REFERENCE_FORMAT, reading_version
from govatlas.store.models import ExternalId, InstrumentVersion
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_sb_53_sections_are_units_and_its_text_is_read_whole(corpus_store: CorpusStore) -> None:
    with transaction(corpus_store.engine) as session:
        units = unit_provisions(session, "california-sb-53")
        headings = " ".join(u.heading or "" for u in units)
        for title in ("Frontier AI Framework", "Critical Safety Incident", "Civil Penalties"):
            assert title in headings, headings
        version = reading_version(session, "california-sb-53")
        assert version is not None and reading_share(session, version.id) >= 0.95


def test_colorado_is_compared_by_its_code_sections(corpus_store: CorpusStore) -> None:
    with transaction(corpus_store.engine) as session:
        paths = {u.path for u in unit_provisions(session, "colorado-sb24-205")}
    assert {f"sec.6-1-{n}" for n in range(1701, 1708)} <= paths


@pytest.mark.parametrize("instrument", ["eu-ai-act", "colorado-sb24-205"])
def test_texts_are_read_whole(corpus_store: CorpusStore, instrument: str) -> None:
    with transaction(corpus_store.engine) as session:
        version = reading_version(session, instrument)
        assert version is not None
        assert reading_share(session, version.id) >= 0.95


@pytest.mark.parametrize("instrument", ["australia-ai-action-plan", "singapore-ai-verify"])
def test_saved_web_pages_are_not_texts(corpus_store: CorpusStore, instrument: str) -> None:
    """Their menus and links are not provisions (``ingest.web_pages``)."""
    with transaction(corpus_store.engine) as session:
        pages = session.scalar(
            select(func.count())
            .select_from(InstrumentVersion)
            .where(
                InstrumentVersion.instrument_id == instrument, InstrumentVersion.source == "laws"
            )
        )
    assert pages == 0


def test_one_law_in_several_files_is_one_version(corpus_store: CorpusStore) -> None:
    with transaction(corpus_store.engine) as session:
        laws_versions = session.scalar(
            select(func.count())
            .select_from(InstrumentVersion)
            .where(
                InstrumentVersion.instrument_id == "california-sb-53",
                InstrumentVersion.source == "laws",
                InstrumentVersion.format != REFERENCE_FORMAT,
            )
        )
    assert laws_versions == 1  # md, txt and JSON sections of one text


def test_twins_across_datasets_are_one_instrument(corpus_store: CorpusStore) -> None:
    with transaction(corpus_store.engine) as session:
        owners = dict(
            session.execute(
                select(ExternalId.value, ExternalId.instrument_id).where(
                    ExternalId.scheme == "worldwide_ai_ethics", ExternalId.value.in_(["141", "25"])
                )
            ).all()
        )
    assert owners == {"141": "agora-1125", "25": "agora-35"}


def test_sb_53_renderings_are_one_version_and_the_default_diff_compares_texts(
    corpus_store: CorpusStore,
) -> None:
    """AGORA's enacted SB 53 and laws/ca_sb53.md (the same law with its Legislative
    Counsel's Digest and headings) are one version; the bill of March 2025 stays one."""
    with transaction(corpus_store.engine) as session:
        versions = versions_of(session, "california-sb-53")
        assert [(v.source, v.source_key) for v in versions] == [
            ("agora", "2041"),  # March 2025: CalCompute and whistleblowers
            ("laws", "ca_sb53.md"),  # as enacted, replacing AGORA's rendering of it (2666)
        ]
        [older, newer] = versions
        assert not same_rendering(older.text, newer.text)
        replaced = session.get_one(InstrumentVersion, newer.replaces_id)
        assert replaced.source_key == "2666"
        result = diff_versions(session, "california-sb-53", older.id, newer.id)
        assert result.counts["added"] > 100  # the Transparency in Frontier AI Act
