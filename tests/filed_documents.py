"""A catalogued instrument without a text, and a dataset's document filed under another
title from the same official address: the shape of OMB M-24-10 and AGORA's copy of it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import InstrumentDraft, SourceDocument
from govatlas.store.models import Instrument
from govatlas.vocabulary import Binding, InstrumentType, Status


def catalogue_without_text(session: Session, ident: str, title: str, url: str) -> None:
    """Add a catalogued US policy ``ident`` whose only official address is ``url``."""
    session.add(
        Instrument(
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
    )
    session.flush()


def file_document(session: Session, key: str, title: str, text: str, url: str) -> str:
    """Store ``text`` as a dataset's document titled ``title``, read from ``url``; the id
    of the instrument it was filed as."""
    draft = InstrumentDraft(
        key=key,
        title=title,
        short_name=title,
        type=InstrumentType.POLICY,
        binding=Binding.BINDING,
        jurisdiction="USA",
    )
    document = SourceDocument("dataset", key, key, draft, text, source_url=url)
    filed = store_document(session, Linker(session), document).instrument_id
    assert filed is not None
    return filed
