"""The parameters a provision sets - deadlines, thresholds, penalties, definitions - read
from its text by rules, each with the exact characters it was read from.

Where two frameworks agree that incidents must be reported, what divides them is
the number: 15 days or 24 hours, 10^25 or 10^26 FLOP, EUR 35 million or 7 % of
turnover against USD 1 million per violation. The rules read those numbers
sentence by sentence and classify them by the words of the sentence they sit in.
They are written for precision: a figure whose sentence does not say what it
measures is left out rather than guessed (see docs/divergence.md for what is
read, how, and the known misses).

This module cuts a text into sentences and hands each to the rules of each family:
``deadline_rules``, ``threshold_rules``, ``penalty_rules`` and ``definition_rules``; the
parameters they return are the dataclasses of ``parameter_types``, which it re-exports.

Every parameter carries a ``Span`` (the project's one evidence type) into the
text it was read from, whose ``concept`` is ``family:kind``.
"""

from __future__ import annotations

import re

from govatlas.analytics.deadline_rules import DEADLINE_LEAD, LIST_OPENS, read_deadlines
from govatlas.analytics.definition_rules import read_definitions
from govatlas.analytics.duties import MODAL, sentence_holder
from govatlas.analytics.parameter_types import (
    DEADLINE,
    DEFINITION_FAMILY,
    FAMILIES,
    KIND_LABELS,
    PENALTY,
    SCOPE,
    SCOPE_KINDS,
    THRESHOLD,
    Deadline,
    Definition,
    Parameter,
    Penalty,
    Threshold,
)
from govatlas.analytics.penalty_rules import AMENDED_FINE_REACH, read_amended_fines, read_penalties
from govatlas.analytics.threshold_rules import read_thresholds
from govatlas.classify.gold.passages import Span

# A sentence that opens a list of fines ("shall forfeit to the United States—",
# "PENALTIES.— ... shall be liable for an amount equal to the greater of—"), never one
# about damages (a court awards them to a person: no fine), and the items of that list
# that open with an amount
FINE_INTRO = re.compile(r"\bfine[sd]?\b|\bpenalt|\bforfeit\b", re.IGNORECASE)
DAMAGES = re.compile(r"\bdamages\b|\binjured party\b", re.IGNORECASE)
ITEM_OPENS = re.compile(r"^[\s\"“‘]*\(\w{1,4}\)")
LIST_ITEM_START = re.compile(
    r"^[\s\"“‘]*\(\w{1,4}\)\s*(?:[$€£]|USD\b|EUR\b|GBP\b|an amount\b)", re.IGNORECASE
)
# A sentence ends at . ; or : followed by a new sentence or list item (quoted, as amending
# bills quote them: "``(C) Not later than"), at a full stop run on into an item
# ("personnel.(d) Not later than"), or at a blank line or a new line that opens an item.
SENTENCE_END = re.compile(
    r"(?<=[.;:])\s+(?=[\"“‘'`(\[A-Z0-9-])"
    r"|(?<=[a-z0-9)]\.)(?=\([a-z0-9]{1,4}\)\s*[A-Z]|SEC\.\s)"
    r"|\n\s*\n|\n(?=[ \t]*(?:[-*]\s|\(\w{1,4}\)|\d+\.\s|#))"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence (or list item) of ``text``."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def extract_parameters(text: str) -> list[Parameter]:
    """Every parameter the rules read in ``text``, in reading order."""
    found: list[Parameter] = []
    holder = None  # whom the last sentence naming someone bound (for passive ones after)
    fines_listed = False  # the items after "shall be liable for ... the greater of—"
    opener = None  # "The notice ... shall be submitted—", while its list items go on
    spans = sentences(text)
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        following = text[slice(*spans[index + 1])] if index + 1 < len(spans) else None
        in_fine_list = fines_listed and bool(LIST_ITEM_START.match(sentence))
        if opener is not None and not ITEM_OPENS.match(sentence):
            opener = None
        for parameter in (
            *read_deadlines(sentence, holder, following, opener),
            *read_thresholds(sentence),
            *read_penalties(sentence, in_fine_list),
            *read_amended_fines(sentence, text[max(0, start - AMENDED_FINE_REACH) : start]),
        ):
            found.append(_shift(parameter, start, text))
        holder = sentence_holder(sentence) or holder
        opens_fines = bool(
            FINE_INTRO.search(sentence)
            and LIST_OPENS.search(sentence)
            and not DAMAGES.search(sentence)
        )
        fines_listed = opens_fines or in_fine_list
        if LIST_OPENS.search(sentence) and MODAL.search(sentence):
            opener = sentence
    found += read_definitions(text)
    return sorted(found, key=lambda p: (p.span.start, p.family))


def _shift(parameter: Parameter, offset: int, text: str) -> Parameter:
    span = parameter.span
    moved = Span(span.concept, span.start + offset, span.end + offset)
    assert text[moved.start : moved.end] == parameter.text
    fields = dict(parameter.__dict__)
    fields["span"] = moved
    return type(parameter)(**fields)


__all__ = [
    "DEADLINE",
    "DEADLINE_LEAD",
    "DEFINITION_FAMILY",
    "FAMILIES",
    "KIND_LABELS",
    "PENALTY",
    "SCOPE",
    "SCOPE_KINDS",
    "THRESHOLD",
    "Deadline",
    "Definition",
    "Parameter",
    "Penalty",
    "Threshold",
    "extract_parameters",
    "sentences",
]
