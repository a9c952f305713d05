"""A catalogued instrument without a text, whose document a dataset filed under another
title, is listed as a probable duplicate of the instrument holding that text."""

from __future__ import annotations

from sqlalchemy import Engine

from govatlas.analytics.data_quality import data_quality
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import InstrumentDraft, SourceDocument
from govatlas.store.models import Instrument
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, Status

ADDRESS = "https://example.gov/memoranda/m-31-02.pdf"
OTHER = "https://example.gov/memoranda/m-31-03.pdf"


def _catalogued(ident: str, title: str, url: str) -> Instrument:
    return Instrument(
        id=ident,
        title=title,
        short_name=ident,
        type=InstrumentType.POLICY,
        binding=Binding.BINDING,
        status=Status.IN_FORCE,
        jurisdiction_id="USA",
        official_urls=[url],
        origin="catalog",
    )


def _filed(key: str, title: str, url: str) -> SourceDocument:
    draft = InstrumentDraft(
        key=key,
        title=title,
        short_name=title,
        type=InstrumentType.POLICY,
        binding=Binding.BINDING,
        jurisdiction="USA",
    )
    return SourceDocument(
        "dataset", key, key, draft, f"{title}\n\nSec. 1. Agencies shall act.", source_url=url
    )


def test_a_document_filed_under_another_title_is_a_probable_duplicate(built: Engine) -> None:
    with transaction(built) as session:
        session.add(_catalogued("omb-m-31-02", "OMB Memorandum M-31-02: Agency Models", ADDRESS))
        session.add(_catalogued("omb-m-31-03", "OMB Memorandum M-31-03: Agency Data", OTHER))
        session.flush()
        filed = store_document(
            session, Linker(session), _filed("doc-17", "Agency Use of Models", ADDRESS)
        ).instrument_id
    with transaction(built) as session:
        found = data_quality(session)
    assert filed is not None and filed != "omb-m-31-02"
    assert ("omb-m-31-02", filed) in found.duplicates
    # a catalogued instrument whose address no stored text was read from is not listed
    assert not [pair for pair in found.duplicates if "omb-m-31-03" in pair]
