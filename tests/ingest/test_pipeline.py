"""Storing documents: linking, versions by content hash, labels, records, and
nothing half-stored when a document fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from govatlas.ingest.linking import Linker, normalise_title
from govatlas.ingest.pipeline import own_texts, store_document
from govatlas.ingest.runner import Reporter, SourceSummary, ingest_documents, run_connector
from govatlas.records import (
    ConceptDraft,
    InstrumentDraft,
    LabelDraft,
    ProvisionDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.store.models import (
    ExternalId,
    Instrument,
    InstrumentVersion,
    Label,
    Provision,
    SourceRecord,
)
from govatlas.store.session import transaction
from govatlas.store.taxonomies import sync_taxonomy
from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, ReviewStatus


def draft(key: str = "doc-x", title: str = "An Entirely New Act", **ids: str) -> InstrumentDraft:
    return InstrumentDraft(
        key=key,
        title=title,
        short_name=title,
        type=InstrumentType.LAW,
        binding=Binding.BINDING,
        jurisdiction="FRA",
        external_ids=ids,
    )


TEXT = "Article 1: Scope\n\n1. This Act applies to every provider of AI systems in the territory.\n"


def document(text: str | None = TEXT, **kwargs: object) -> SourceDocument:
    fields: dict[str, object] = {
        "source": "test",
        "key": "k1",
        "name": "test k1",
        "instrument": draft(),
        "text": text,
    }
    fields.update(kwargs)
    return SourceDocument(**fields)  # type: ignore[arg-type]


def store(engine: Engine, doc: SourceDocument):  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return store_document(session, Linker(session), doc)


def count(engine: Engine, model: type) -> int:  # type: ignore[type-arg]
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_new_document_creates_instrument_version_and_provisions(built: Engine) -> None:
    result = store(built, document())
    assert (result.instrument_created, result.version_created, result.provisions) == (True, True, 2)
    with transaction(built) as session:
        version = session.scalars(
            select(InstrumentVersion).where(InstrumentVersion.instrument_id == "doc-x")
        ).one()
        assert version.language == "en"
        [article, paragraph] = version.provisions
        assert (article.path, paragraph.path, paragraph.parent_id) == (
            "art.1",
            "art.1.1",
            article.id,
        )
        assert (
            version.text[paragraph.start_offset : paragraph.end_offset]
            == TEXT.strip().split("\n")[-1]
        )
        assert article.search_text == "Article 1: Scope"


def test_same_text_again_changes_nothing_and_new_text_adds_a_version(built: Engine) -> None:
    store(built, document())
    again = store(built, document())
    assert not (again.instrument_created or again.version_created)
    changed = store(built, document(text=TEXT.replace("every", "each")))
    assert changed.version_created and not changed.instrument_created
    assert count(built, InstrumentVersion) == 2


def test_linking_by_external_id_then_title(built: Engine) -> None:
    by_id = store(built, document(instrument=draft(key="other", title="Unrelated", agora="9001")))
    assert by_id.instrument_id == "alpha-act"
    by_title = store(
        built,
        document(key="k2", instrument=draft(key="t", title="The Gamma Guidance on Responsible AI")),
    )
    assert by_title.instrument_id == "gamma-guidance"
    with transaction(built) as session:
        assert (
            session.get_one(Instrument, "alpha-act").title == "Alpha Act on Automated Systems"
        )  # catalog kept


def test_same_title_but_other_id_in_scheme_is_a_new_instrument(built: Engine) -> None:
    store(
        built,
        document(key="a", instrument=draft(key="sec-a", title="Defense Act, Section", agora="1")),
    )
    second = store(
        built,
        document(key="b", instrument=draft(key="sec-b", title="Defense Act, Section", agora="2")),
    )
    assert second.instrument_created and second.instrument_id == "sec-b"


def test_normalised_titles() -> None:
    assert normalise_title("The Fair Hiring Act") == normalise_title("fair hiring act")
    assert normalise_title("Artificial Intelligence Act (France)") != normalise_title(
        "Artificial Intelligence Act (Italy)"
    )


def test_titles_differing_in_parentheses_never_merge(built: Engine) -> None:
    """Finding 9: two countries' laws of the same name stay two instruments."""
    france = store(
        built,
        document(
            key="fr", instrument=draft(key="ai-fr", title="Artificial Intelligence Act (France)")
        ),
    )
    italy = store(
        built,
        document(
            key="it",
            text=TEXT + "Article 2: Italy\n\nA different text.\n",
            instrument=draft(key="ai-it", title="Artificial Intelligence Act (Italy)"),
        ),
    )
    assert france.instrument_created and italy.instrument_created
    assert france.instrument_id != italy.instrument_id
    same = store(
        built,
        document(
            key="fr2", instrument=draft(key="ai-fr2", title="Artificial Intelligence Act (France)")
        ),
    )
    assert same.instrument_id == france.instrument_id


def test_labels_replaced_only_when_changed(built: Engine) -> None:
    with transaction(built) as session:
        sync_taxonomy(
            session,
            TaxonomyDraft("t", "T", "test", (ConceptDraft("A", "A"), ConceptDraft("B", "B"))),
        )
    label = LabelDraft("t", "A", LabelMethod.HUMAN, ReviewStatus.ACCEPTED, "test:k1 validated")
    assert store(built, document(labels=(label,))).labels == 1
    assert store(built, document(labels=(label,))).labels == 0
    other = LabelDraft("t", "B", LabelMethod.HUMAN, ReviewStatus.ACCEPTED, "test:k1 validated")
    assert store(built, document(labels=(other,))).labels == 2  # B added, A removed
    with transaction(built) as session:
        assert session.scalars(select(Label.concept_id)).all() == ["t:b"]


def test_reingest_keeps_a_reviewed_label_and_its_decision(built: Engine) -> None:
    """Finding 2: re-storing unchanged input after a review keeps the reviewed row."""
    from govatlas.classify.labels.instrument_labels import review
    from govatlas.store.decisions import Reviewer, history
    from govatlas.vocabulary import ReviewChannel

    with transaction(built) as session:
        sync_taxonomy(
            session,
            TaxonomyDraft("t", "T", "test", (ConceptDraft("A", "A"), ConceptDraft("B", "B"))),
        )
    tags = (
        LabelDraft("t", "A", LabelMethod.MODEL, ReviewStatus.UNREVIEWED, "test:k1 machine"),
        LabelDraft("t", "B", LabelMethod.MODEL, ReviewStatus.UNREVIEWED, "test:k1 machine"),
    )
    store(built, document(labels=tags))
    with transaction(built) as session:
        first = session.scalars(select(Label).where(Label.concept_id == "t:a")).one()
        review(session, first.id, False, Reviewer("ana", ReviewChannel.API))
    assert store(built, document(labels=tags)).labels == 0  # unchanged input changes nothing
    gone = LabelDraft("t", "A", LabelMethod.MODEL, ReviewStatus.UNREVIEWED, "test:k1 again", 0.5)
    store(built, document(labels=(gone, tags[1])))  # the source rescored the reviewed tag
    store(built, document(labels=(tags[1],)))  # and then dropped it
    with transaction(built) as session:
        kept = session.get_one(Label, first.id)
        assert kept.review_status is ReviewStatus.REJECTED and kept.review_version == 1
        assert [d.reviewer for d in history(session, kept)] == ["ana"]
        assert session.scalar(select(func.count()).select_from(Label)) == 2


def test_records_are_upserted(built: Engine) -> None:
    first = store(
        built, document(text=None, instrument=None, records=(RecordDraft("row", "1", {"a": 1}),))
    )
    assert first.records == 1
    assert (
        store(
            built,
            document(text=None, instrument=None, records=(RecordDraft("row", "1", {"a": 1}),)),
        ).records
        == 0
    )
    assert (
        store(
            built,
            document(text=None, instrument=None, records=(RecordDraft("row", "1", {"a": 2}),)),
        ).records
        == 1
    )
    assert count(built, SourceRecord) == 1


def test_failing_document_stores_nothing(built: Engine) -> None:
    bad = document(provisions=(ProvisionDraft("x", "article", None, 0, 10_000),))
    with pytest.raises(ValueError, match="offsets outside the text"):
        store(built, bad)
    assert count(built, InstrumentVersion) == 0
    with transaction(built) as session:
        assert session.get(Instrument, "doc-x") is None
        assert (
            session.scalars(select(ExternalId).where(ExternalId.instrument_id == "doc-x")).all()
            == []
        )


def test_batch_goes_on_after_a_failure(built: Engine) -> None:
    def boom() -> SourceDocument:
        raise ValueError("cannot parse row 7")

    summary = SourceSummary("test")
    loads = [
        lambda: document(),
        boom,
        lambda: document(key="k3", instrument=draft(key="z", title="Zeta Act")),
    ]
    ingest_documents(built, "test", loads, ["one", "two", "three"], Reporter(), summary)
    assert summary.documents == 2
    assert [(f.document, f.reason) for f in summary.failures] == [
        ("two", "ValueError: cannot parse row 7")
    ]
    assert count(built, InstrumentVersion) == 2


def test_own_texts_remove_children() -> None:
    text = "Article 1\nintro\n(a) one\n(b) two\ntail"
    drafts = [
        ProvisionDraft("art.1", "article", None, 0, len(text)),
        ProvisionDraft("art.1.a", "point", None, 16, 23, "art.1"),
        ProvisionDraft("art.1.b", "point", None, 24, 31, "art.1"),
    ]
    assert own_texts(text, drafts) == {"art.1": "Article 1\nintro\ntail"}


def test_interrupted_run_resumes(built: Engine, tmp_path: Path) -> None:
    from govatlas.sources import get_connector
    from tests.conftest import FIXTURE_MIRROR

    first = run_connector(built, get_connector("agora"), FIXTURE_MIRROR, Reporter(), limit=2)
    assert first.documents == 2
    rest = run_connector(built, get_connector("agora"), FIXTURE_MIRROR, Reporter())
    assert (rest.unchanged, rest.versions_created) == (2, 3)  # docs 3, 5 and 6 are new
    assert count(built, Provision) > 0


def test_interruption_keeps_what_was_stored(built: Engine) -> None:
    def interrupt() -> SourceDocument:
        raise KeyboardInterrupt

    summary = SourceSummary("test")
    loads = [lambda: document(), interrupt, lambda: document(key="k3")]
    ingest_documents(built, "test", loads, ["one", "two", "three"], Reporter(), summary)
    assert summary.interrupted and summary.documents == 1
    assert count(built, InstrumentVersion) == 1
