"""A catalogued instrument without a text, whose document a dataset filed under another
title, is listed as a probable duplicate of the instrument holding that text."""

from __future__ import annotations

from sqlalchemy import Engine

from govatlas.analytics.data_quality import data_quality
from govatlas.store.session import transaction
from tests.filed_documents import catalogue_without_text, file_document

ADDRESS = "https://example.gov/memoranda/m-31-02.pdf"
OTHER = "https://example.gov/memoranda/m-31-03.pdf"


def test_a_document_filed_under_another_title_is_a_probable_duplicate(built: Engine) -> None:
    with transaction(built) as session:
        catalogue_without_text(session, "omb-m-31-02", "OMB Memorandum M-31-02: Models", ADDRESS)
        catalogue_without_text(session, "omb-m-31-03", "OMB Memorandum M-31-03: Data", OTHER)
        text = "Agency Use of Models\n\nSec. 1. Agencies shall act."
        filed = file_document(session, "doc-17", "Agency Use of Models", text, ADDRESS)
    with transaction(built) as session:
        found = data_quality(session)
    assert filed != "omb-m-31-02"
    assert ("omb-m-31-02", filed) in found.duplicates
    # a catalogued instrument whose address no stored text was read from is not listed
    assert not [pair for pair in found.duplicates if "omb-m-31-03" in pair]
