"""Facts about source documents are applied before linking, and checked."""

from __future__ import annotations

import pytest

from govatlas.catalog.resolutions import read_resolutions, resolve, source_resolutions
from govatlas.errors import InvalidInputError
from govatlas.records import InstrumentDraft
from govatlas.vocabulary import Binding, InstrumentType


def test_packaged_resolutions_apply_to_the_documents_they_name() -> None:
    assert ("agora", "1802") in source_resolutions()
    draft = InstrumentDraft(
        key="agora-1802",
        title="AI Safety Governance Framework v1.0",
        short_name="TC260 framework",
        type=InstrumentType.POLICY,
        binding=Binding.NON_BINDING,
        jurisdiction="UNSPECIFIED",
        external_ids={"agora": "1802"},
    )
    resolved = resolve(draft)
    assert (resolved.jurisdiction, resolved.type) == ("CHN", InstrumentType.STANDARD)
    other = InstrumentDraft("x", "A title", "A", InstrumentType.LAW, Binding.BINDING, "USA")
    assert resolve(other) is other


def test_bad_entries_are_named() -> None:
    with pytest.raises(InvalidInputError, match="entry #1"):
        read_resolutions("- {scheme: agora, value: '1', reason: short}")
    with pytest.raises(InvalidInputError, match="twice"):
        read_resolutions(
            "- {scheme: agora, value: '1', reason: 'a long enough reason'}\n"
            "- {scheme: agora, value: '1', reason: 'a long enough reason'}\n"
        )
