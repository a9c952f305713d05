"""Reviewing a language's texts: what a delegation can correct, and recording its
corrections (issue 33: translations are data with provenance).

The texts are the interface's messages (the catalogs, ``i18n.catalogs``) and the
labels, definitions, names and descriptions of the taxonomies govatlas translates
(``taxonomy.translations``). A reviewer either rewrites a text (provenance
``human``) or confirms it as it stands (``reviewed``); either way the store keeps a
new row (``store.translation_corrections``), and ``i18n.corrections`` shows it from
then on. A correction must keep the English's placeholders and markup
(``i18n.checks``); English itself is the source and is not corrected here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError, NotFoundError
from govatlas.i18n.catalogs import (
    CatalogEntry,
    catalog_entries,
    catalog_path,
    plural_index,
    read_catalog,
    signed,
)
from govatlas.i18n.checks import translation_problem
from govatlas.i18n.corrections import CONCEPT, MESSAGE, TAXONOMY, Correction
from govatlas.i18n.extraction import write as write_catalog
from govatlas.i18n.languages import BY_CODE, DEFAULT
from govatlas.store.translation_corrections import add_corrections
from govatlas.store.translation_models import TranslationCorrection
from govatlas.taxonomy import translations
from govatlas.taxonomy.loader import load_taxonomies
from govatlas.taxonomy.schema import TaxonomyFile

SHOW_CHOICES = ("all", "machine", "corrected")


@dataclass(frozen=True)
class ReviewText:
    """One text a reviewer can correct, as it is shown now.

    ``parts`` name its texts ("" for a message; "0", "1"... for a plural's forms;
    "label" and "definition" of a concept; "name" and "description" of a taxonomy);
    ``english``, ``shipped`` and ``current`` give each part's English, shipped
    translation and the text in force (a correction, else the shipped one).
    """

    language: str
    subject: str
    key: str
    title: str
    parts: tuple[str, ...]
    english: tuple[str, ...]
    shipped: tuple[str, ...]
    current: tuple[str, ...]
    provenance: str
    reviewer: str | None = None
    decided_at: datetime | None = None
    example_numbers: tuple[int | None, ...] = ()
    # what each part is checked against: a message's English forms, else the part's
    source: tuple[str, ...] = ()
    # the newest correction's id (0: none), so a form shown before another reviewer's
    # correction cannot overwrite it unseen
    version: int = 0

    def english_for_check(self, part: str) -> tuple[str, ...]:
        if self.subject == MESSAGE:
            return self.source
        return (self.english[self.parts.index(part)],)

    def matches(self, words: str) -> bool:
        """Whether ``words`` occur in the English, the translation or the key."""
        needle = words.casefold()
        return any(needle in t.casefold() for t in (self.key, *self.english, *self.current))


def require_language(code: str) -> str:
    """A language whose texts can be corrected: one of the five besides English."""
    if code == DEFAULT:
        raise InvalidInputError(
            "English is the source of every translation; it is corrected in the code",
            "choose ar, zh, fr, ru or es",
        )
    if code not in BY_CODE:
        raise InvalidInputError(f"unknown language {code!r}", "choose ar, zh, fr, ru or es")
    return code


def _example_number(code: str, form: int) -> int | None:
    """The smallest count that takes a plural form (for the reviewer: "as in 3")."""
    return next((n for n in range(0, 1001) if plural_index(code, n) == form), None)


def _fixes(corrections: Sequence[Correction]) -> dict[tuple[str, str, str], Correction]:
    return {(c.subject, c.key, c.part): c for c in corrections}


def _provenance(shipped: str, fixes: Sequence[Correction | None]) -> str:
    """``human`` once a person rewrote any part; ``reviewed`` once people confirmed
    every part; else who made the shipped text."""
    done = [f for f in fixes if f is not None]
    if any(f.provenance == "human" for f in done):
        return "human"
    return "reviewed" if done and len(done) == len(fixes) else shipped


def _newest(fixes: Sequence[Correction | None]) -> Correction | None:
    done = [f for f in fixes if f is not None]
    return max(done, key=lambda f: f.id) if done else None


def _message_text(
    code: str, entry: CatalogEntry, fixes: Mapping[tuple[str, str, str], Correction]
) -> ReviewText:
    parts = tuple(str(i) for i in range(len(entry.shipped))) if entry.plural else ("",)
    numbers = tuple(_example_number(code, i) for i in range(len(parts))) if entry.plural else ()
    english = (
        tuple(entry.english[0] if n == 1 else entry.english[1] for n in numbers)
        if entry.plural
        else entry.english
    )
    found = [fixes.get((MESSAGE, entry.key, part)) for part in parts]
    newest = _newest(found)
    return ReviewText(
        language=code,
        subject=MESSAGE,
        key=entry.key,
        title="",
        parts=parts,
        english=english,
        shipped=entry.shipped,
        current=tuple(f.text if f else s for f, s in zip(found, entry.shipped, strict=True)),
        provenance=_provenance(entry.provenance, found),
        reviewer=newest.reviewer if newest else None,
        decided_at=newest.decided_at if newest else None,
        version=newest.id if newest else 0,
        example_numbers=numbers,
        source=entry.english,
    )


@cache
def _packaged_taxonomies() -> dict[str, TaxonomyFile]:
    """The taxonomies govatlas ships (read once: their English does not change while
    the process runs)."""
    return load_taxonomies()


def _taxonomy_texts(
    code: str, fixes: Mapping[tuple[str, str, str], Correction]
) -> list[ReviewText]:
    shipped_file = translations.language_file(code)
    if shipped_file is None:
        return []
    found: list[ReviewText] = []
    taxonomies = _packaged_taxonomies()
    for taxonomy_id in translations.TRANSLATED_TAXONOMIES:
        taxonomy = taxonomies.get(taxonomy_id)
        text = shipped_file.taxonomies.get(taxonomy_id)
        if taxonomy is None or text is None:
            continue
        found.append(
            _review_text(
                code,
                TAXONOMY,
                taxonomy_id,
                taxonomy.name,
                {
                    "name": (taxonomy.name, text.name),
                    "description": (taxonomy.description, text.description),
                },
                shipped_file.provenance(taxonomy_id),
                fixes,
            )
        )
        for concept in taxonomy.concepts:
            words = text.concepts.get(concept.id)
            if words is None:
                continue
            parts = {"label": (concept.label or concept.id, words.label)}
            if concept.definition:
                parts["definition"] = (concept.definition, words.definition or "")
            found.append(
                _review_text(
                    code,
                    CONCEPT,
                    f"{taxonomy_id}:{concept.id}",
                    f"{concept.label or concept.id} ({taxonomy.name})",
                    parts,
                    shipped_file.provenance(taxonomy_id, concept.id),
                    fixes,
                )
            )
    return found


def _review_text(
    code: str,
    subject: str,
    key: str,
    title: str,
    parts: Mapping[str, tuple[str, str]],
    shipped_provenance: str,
    fixes: Mapping[tuple[str, str, str], Correction],
) -> ReviewText:
    found = [fixes.get((subject, key, part)) for part in parts]
    newest = _newest(found)
    shipped = tuple(text for _, text in parts.values())
    return ReviewText(
        language=code,
        subject=subject,
        key=key,
        title=title,
        parts=tuple(parts),
        english=tuple(english for english, _ in parts.values()),
        shipped=shipped,
        current=tuple(f.text if f else s for f, s in zip(found, shipped, strict=True)),
        provenance=_provenance(shipped_provenance, found),
        reviewer=newest.reviewer if newest else None,
        decided_at=newest.decided_at if newest else None,
        version=newest.id if newest else 0,
    )


def review_texts(
    code: str,
    corrections: Sequence[Correction],
    *,
    subject: str = MESSAGE,
    words: str | None = None,
    show: str = "all",
) -> list[ReviewText]:
    """The texts of one language a reviewer can correct: the interface's messages
    (``subject="message"``) or the taxonomies' texts (``"concept"``, which lists
    taxonomies and their concepts), with ``words`` in them, and ``show``: ``all``,
    ``machine`` (no person has checked them) or ``corrected``."""
    require_language(code)
    if show not in SHOW_CHOICES:
        raise InvalidInputError(f"unknown choice {show!r}", "show all, machine or corrected")
    fixes = _fixes([c for c in corrections if c.language == code])
    if subject == MESSAGE:
        found = [_message_text(code, entry, fixes) for entry in catalog_entries(code)]
    elif subject in (CONCEPT, TAXONOMY):
        found = _taxonomy_texts(code, fixes)
    else:
        raise InvalidInputError(f"unknown kind of text {subject!r}", "message or concept")
    if words:
        found = [t for t in found if t.matches(words)]
    if show == "machine":
        found = [t for t in found if t.provenance == "machine"]
    elif show == "corrected":
        found = [t for t in found if t.reviewer is not None]
    return found


def find_text(code: str, subject: str, key: str, corrections: Sequence[Correction]) -> ReviewText:
    """The one text ``key`` names (a message's English, a concept's global id, a
    taxonomy's id), as it is shown now."""
    listed = CONCEPT if subject in (CONCEPT, TAXONOMY) else subject
    for text in review_texts(code, corrections, subject=listed):
        if text.subject == subject and text.key == key:
            return text
    raise NotFoundError(
        f"no {subject} {key[:80]!r} to correct in the {code} texts",
        "copy the English exactly as the review page shows it",
    )


@dataclass(frozen=True)
class CorrectionResult:
    text: ReviewText
    provenance: str
    rows: list[TranslationCorrection]


def correct_text(
    session: Session,
    code: str,
    subject: str,
    key: str,
    texts: Mapping[str, str],
    reviewer: str,
    corrections: Sequence[Correction],
    note: str | None = None,
    seen_version: int | None = None,
) -> CorrectionResult:
    """Record a reviewer's decision on one text: each part in ``texts`` as written.

    A part whose text is the one shown now is confirmed (``reviewed``); a part that
    changes is rewritten (``human``, and the whole decision counts as human). A part
    left out keeps what it has. Nothing is written if a part breaks its English's
    placeholders or markup (the error names the part and why), or if ``seen_version``
    (the version the reviewer's form showed) is older than the text's.
    """
    require_language(code)
    shown = find_text(code, subject, key, corrections)
    if seen_version is not None and seen_version != shown.version:
        raise ConflictError(
            "someone corrected this text after your page was shown",
            "reload the page to see their correction, then decide again",
        )
    unknown_parts = sorted(set(texts) - set(shown.parts))
    if unknown_parts:
        raise InvalidInputError(
            f"{subject} {key[:60]!r} has no part {unknown_parts[0]!r}",
            "parts: " + ", ".join(repr(p) for p in shown.parts),
        )
    if not texts:
        raise InvalidInputError("no text given", "give the corrected text")
    cleaned = {part: text.strip().replace("\r\n", "\n") for part, text in texts.items()}
    for part, text in cleaned.items():
        problem = translation_problem(shown.english_for_check(part), text, exact_markup=True)
        if problem:
            raise InvalidInputError(
                f"the correction{_naming(shown, part)} cannot be kept: {problem}"
            )
    rewritten = any(cleaned[p] != shown.current[shown.parts.index(p)] for p in cleaned)
    provenance = "human" if rewritten else "reviewed"
    rows = add_corrections(
        session,
        code,
        subject,
        key,
        cleaned,
        provenance=provenance,
        reviewer=reviewer,
        note=note,
    )
    return CorrectionResult(shown, provenance, rows)


def _naming(shown: ReviewText, part: str) -> str:
    """ " (form for 3)", " (definition)" or nothing: which part an error is about."""
    if shown.example_numbers:
        return f" (the form for {shown.example_numbers[shown.parts.index(part)]})"
    return f" ({part})" if part else ""


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    texts: int


def export_messages(code: str, corrections: Sequence[Correction], to: Path) -> ExportedFile:
    """Write ``code``'s catalog with the corrections in force applied (each corrected
    message signed ``human`` or ``reviewed``) to ``to``."""
    catalog = read_catalog(code)
    fixes = _fixes([c for c in corrections if c.language == code])
    done = 0
    for entry in catalog_entries(code):
        text = _message_text(code, entry, fixes)
        if text.reviewer is None:
            continue
        message = catalog.get(entry.key)
        if message is None:  # the catalog changed under the corrections: leave it
            continue
        message.string = text.current if entry.plural else text.current[0]
        message.user_comments = signed(message.user_comments, text.provenance)
        done += 1
    write_catalog(catalog, to)  # as `make messages` writes it
    return ExportedFile(to, done)


def export_concepts(code: str, corrections: Sequence[Correction], to: Path) -> ExportedFile:
    """Write ``code``'s concept translations with the corrections in force applied
    (each corrected taxonomy or concept given its own ``translated_by``) to ``to``."""
    source = translations.translation_path(code)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    fixes = _fixes([c for c in corrections if c.language == code])
    done = 0
    for text in _taxonomy_texts(code, fixes):
        if text.reviewer is None:
            continue
        taxonomy_id, _, concept_id = text.key.partition(":")
        node = data["taxonomies"][taxonomy_id]
        if text.subject == CONCEPT:
            node = node["concepts"][concept_id]
        for part, value in zip(text.parts, text.current, strict=True):
            node[part] = value
        node["translated_by"] = text.provenance
        done += 1
    to.parent.mkdir(parents=True, exist_ok=True)
    to.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000),
        encoding="utf-8",
    )
    return ExportedFile(to, done)


def export_corrections(
    code: str, corrections: Sequence[Correction], folder: Path | None = None
) -> list[ExportedFile]:
    """The language's catalog and concept file with its corrections in force, written
    into ``folder`` (``<code>/LC_MESSAGES/messages.po`` and ``<code>.yaml``) or, without
    one, over the files govatlas ships (in a source checkout: ready to commit)."""
    require_language(code)
    messages = folder / code / "LC_MESSAGES" / "messages.po" if folder else catalog_path(code)
    concepts = folder / f"{code}.yaml" if folder else translations.translation_path(code)
    written = [export_messages(code, corrections, messages)]
    if translations.translation_path(code).is_file():
        written.append(export_concepts(code, corrections, concepts))
    return written
