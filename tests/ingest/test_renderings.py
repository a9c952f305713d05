"""Renderings of one text are one version; amendments, however small, are versions."""

from __future__ import annotations

from sqlalchemy import Engine, select

from govatlas.horizon.diff import versions_of
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import StoredDocument, store_document
from govatlas.ingest.renderings import fuller, operative_words, same_rendering
from govatlas.records import InstrumentDraft, SourceDocument
from govatlas.store.instruments import reading_version
from govatlas.store.models import InstrumentVersion
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType

SECTIONS = "\n".join(
    f"SEC. {n}. (a) A large developer shall keep record {n} of its “frontier model” "
    f"for {n + 2} years. (b) The Office may inspect record {n} on request."
    for n in range(1, 40)
)
BILL = f"The people of the State of California do enact as follows:\n\n{SECTIONS}\n"
DIGEST = (
    "# Senate Bill No. 99\n\n**CHAPTER 7**\n\n## LEGISLATIVE COUNSEL'S DIGEST\n\n"
    "This bill would require a large developer to keep records, as specified. "
    "Existing law regulates artificial intelligence. This bill would also authorise "
    "the Office to inspect those records, and would make related findings.\n\n---\n\n"
)
# The same law as another dataset renders it: digest first, Markdown headings,
# "SECTION" spelt out, straight quotes.
RENDERED = (
    DIGEST
    + "### "
    + BILL.replace("SEC.", "## SECTION")
    .replace("“", '"')
    .replace("”", '"')
    .replace("(b) The Office", "**(b) Inspection**\n\n(b) The Office", 3)
)


def test_a_digest_headings_and_quotes_do_not_make_a_new_text() -> None:
    assert same_rendering(BILL, RENDERED)
    assert same_rendering(RENDERED, BILL)
    assert fuller(RENDERED, BILL) and not fuller(BILL, RENDERED)
    assert operative_words(RENDERED)[:3] == ["do", "enact", "as"]  # digest set aside


def test_amendments_are_new_texts() -> None:
    one_word = BILL.replace("record 7 of", "record 7 or a summary of", 1)
    assert not same_rendering(BILL, BILL.replace("for 9 years", "for 10 years"))
    assert not same_rendering(BILL, one_word)
    added = (
        BILL
        + "SEC. 40. (a) A large developer shall publish a transparency report every "
        + (
            "year on the safety of each frontier model it deploys in this state and on its "
            "assessments of catastrophic risk, as specified by the Office."
        )
    )
    assert not same_rendering(BILL, added)  # a new provision, not a heading
    assert not same_rendering(BILL, "Something else entirely. " * 300)


def _draft(key: str) -> InstrumentDraft:
    return InstrumentDraft(
        key=key,
        title="California Senate Bill 99",
        short_name="SB 99",
        type=InstrumentType.LAW,
        binding=Binding.BINDING,
        jurisdiction="US-CA",
    )


def _store(engine: Engine, source: str, key: str, text: str) -> StoredDocument:
    document = SourceDocument(
        source=source, key=key, name=f"{source} {key}", instrument=_draft("sb-99"), text=text
    )
    with transaction(engine) as session:
        return store_document(session, Linker(session), document)


def test_a_fuller_rendering_replaces_the_stored_one(built: Engine) -> None:
    first = _store(built, "agora", "1", BILL)
    second = _store(built, "laws", "sb99.md", RENDERED)
    assert second.version_created and second.rendering_of == first.version_id
    again = _store(built, "agora", "1", BILL)  # re-ingesting changes nothing
    assert not again.version_created
    with transaction(built) as session:
        assert [v.id for v in versions_of(session, "sb-99")] == [second.version_id]
        version = reading_version(session, "sb-99")
        assert version is not None and version.id == second.version_id
        stored = session.scalars(select(InstrumentVersion.id)).all()
        assert first.version_id in stored  # kept, only no longer a version of its own


def test_a_leaner_rendering_is_not_stored(built: Engine) -> None:
    first = _store(built, "laws", "sb99.md", RENDERED)
    second = _store(built, "agora", "1", BILL)
    assert not second.version_created
    assert second.version_id == second.rendering_of == first.version_id
    with transaction(built) as session:
        assert [v.id for v in versions_of(session, "sb-99")] == [first.version_id]


def test_an_amended_text_is_a_new_version(built: Engine) -> None:
    first = _store(built, "agora", "1", BILL)
    amended = _store(built, "agora", "2", BILL.replace("for 9 years", "for 10 years"))
    assert amended.version_created and amended.rendering_of is None
    with transaction(built) as session:
        ids = [v.id for v in versions_of(session, "sb-99")]
    assert ids == [first.version_id, amended.version_id]
