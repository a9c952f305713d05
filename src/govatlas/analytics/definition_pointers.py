"""Definitions that only point to another text the store holds, read as that text's.

Many definitions only point elsewhere: "the term 'AI model' has the meaning provided in
Section 3(c) of Executive Order 14110", "an AI system as defined in Article 3(1) of the
AI Act". Where the text pointed to is in the store and defines the same term in words,
the pointer says what that definition says: ``resolve_pointers`` reads it so (its
wording replaced by the definition pointed to, ``Definition.points_to`` naming the
instrument, ``Definition.pointer`` keeping the words that point), following a pointer
that leads to another pointer (an OMB memorandum citing the executive order) up to
``MAX_HOPS``. Pointers to the statutes of ``definition_verdicts.KNOWN_SOURCES`` keep
their own reading (the statutes' words are known without the store).

The texts a pointer is recognised to cite (``CITED_TEXTS``) are those the store's
pointers cite most and that the store holds: executive orders by number, OMB memoranda
by number, and Article 3 of the EU AI Act. In the store built from the shared corpus,
about 670 of the 3,260 sides of pairs that could not be compared pointed to one of them
(Executive Order 14110 sections 3(c), (k) and (p); Article 3(1) and 3(2) of the AI Act).
A cited text with no text of its own is read where a source filed its document (OMB
M-24-10, which AGORA holds as a document of its own).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from govatlas.analytics.definition_verdicts import by_reference, cut_off, known_sources
from govatlas.store.instruments import (
    instrument_titles,
    instruments_by_ids,
    instruments_holding_documents,
    reading_version,
)

if TYPE_CHECKING:
    from govatlas.analytics.definitions import Definition

# Measured on round 13 (37 pairs with such a side, drawn after this reading was frozen,
# judged with the text pointed to shown): agree right in 15 of 18, differ in 15 of 18,
# every resolution the definition the pointer names. The 10 pairs of earlier rounds it
# turned (people had said "cannot tell" of the pointer alone) were judged again with the
# text shown: all 10 partly or wholly different, as the rule now says.
RESOLVE_POINTERS = True
MAX_HOPS = 3
AI_ACT = "eu-ai-act"
# (what a pointer cites, how the store's titles name that text); the AI Act by its
# catalog id, as its title does not say "AI Act" in every language of the catalog
CITED_TEXTS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"\bExecutive Order (?:No\.\s*)?(\d{5})\b", re.IGNORECASE),
        lambda m: rf"\bExecutive Order {m.group(1)}\b",
    ),
    (
        re.compile(r"\bOMB Memorandum (M-\d{2}-\d{2})\b", re.IGNORECASE),
        lambda m: rf"\b{m.group(1)}\b",
    ),
    (
        re.compile(
            r"\bArticle\s*3\s*\(\s*\d+\s*\)\s*of (?:the )?(?:EU )?"
            r"(?:AI Act|Artificial Intelligence Act|Regulation \(EU\) 2024/1689)\b",
            re.IGNORECASE,
        ),
        lambda m: AI_ACT,
    ),
)
Extract = Callable[[Session, str], list["Definition"]]


def cited_instruments(session: Session, wording: str) -> list[str]:
    """The stored instruments a pointer's wording cites (``CITED_TEXTS``), by id. A cited
    instrument with no text of its own is read where a source filed its document
    (``instruments_holding_documents``: AGORA holds OMB memorandum M-24-10's text as a
    document of its own, under the memorandum's own address)."""
    for cited, named in CITED_TEXTS:
        match = cited.search(wording)
        if match is None:
            continue
        name = named(match)
        if name == AI_ACT:
            found = instruments_by_ids(session, [AI_ACT])
        else:
            pattern = re.compile(name, re.IGNORECASE)
            titled = [
                ident
                for ident, title, _ in instrument_titles(session)
                if title and pattern.search(title)
            ]
            found = instruments_by_ids(session, titled)
        cited_ids: list[str] = []
        for instrument in found:
            if reading_version(session, instrument.id) is not None:
                cited_ids.append(instrument.id)
                continue
            holders = instruments_holding_documents(session, instrument.official_urls or [])
            cited_ids.extend(h for h in holders if h not in cited_ids)
        return cited_ids
    return []


def points_elsewhere(definition: Definition) -> bool:
    """Whether a definition only points to another text this module may resolve."""
    wording = definition.wording
    return by_reference(wording) and not known_sources(wording)


def resolve_pointers(
    session: Session, definitions: Sequence[Definition], extract: Extract
) -> list[Definition]:
    """The definitions, each pointer to a stored text that defines the same term in words
    read as that definition (module docstring); the others as they are. Each text
    pointed to is read once however many definitions point to it."""
    if not any(points_elsewhere(d) for d in definitions):
        return list(definitions)
    read: dict[str, list[Definition]] = {}

    def extract_once(session: Session, instrument: str) -> list[Definition]:
        if instrument not in read:
            read[instrument] = extract(session, instrument)
        return read[instrument]

    return [_resolved(session, d, extract_once, MAX_HOPS) for d in definitions]


def _resolved(session: Session, definition: Definition, extract: Extract, hops: int) -> Definition:
    if hops == 0 or not points_elsewhere(definition):
        return definition
    for instrument in cited_instruments(session, definition.wording):
        if instrument == definition.instrument:
            continue
        target = next((d for d in extract(session, instrument) if d.term == definition.term), None)
        if target is None:
            continue
        if points_elsewhere(target):
            target = _resolved(session, target, extract, hops - 1)
        # words of its own, or a pointer to a statute whose words are known (however its
        # quotation of the statute is cut: the statute decides)
        if by_reference(target.wording):
            if not known_sources(target.wording):
                continue
        elif cut_off(target.wording):
            continue
        return dataclasses.replace(
            definition,
            wording=target.wording,
            points_to=target.points_to or target.instrument,
            pointer=definition.pointer or definition.wording,
        )
    return definition
