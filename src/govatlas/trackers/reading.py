"""Reading one instrument for every tracker: each provision in its own words, in context.

Each provision is read in its own words (the text before its first point and after its
last; a point's whole text), with the heading of the nearest headed provision above it
and the words that introduce its list, so "The following AI practices shall be
prohibited:" reaches each practice listed under it, and a fine stated once is one fact.
Provisions that are not operative (recitals, findings, purposes, a legislative digest,
a table of contents, a "sense of Congress") are never evidence. A point stored flat,
as a sibling of the paragraphs around it (as AGORA's texts often are), takes as its
introducing words the nearest sibling above that introduces a list ("... means a
technology with respect to which a covered foreign person—"), so that a point of a
definition is read as one, not as a point under its section's heading. A red line
carries the fine its instrument sets for breaching a prohibition; an incident-reporting
deadline whose sentence names no recipient carries the one named nearest above it in
the same article, and says where it came from. Offsets are into the provision's stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govatlas.store.reading_texts import ReadingProvision
from govatlas.store.tracker_facts import NewFact
from govatlas.trackers.extract import facts_of
from govatlas.trackers.facts import (
    INCIDENT_REPORTING,
    PENALTIES,
    RED_LINES,
    TRACKERS,
    Context,
    Fact,
)
from govatlas.trackers.red_lines import INTRODUCES, POINT_LABEL

NON_OPERATIVE = re.compile(
    r"(?<![-\w])(?:findings?|purposes?|short title|digest|table of contents|whereas|recitals?"
    r"|severability|legislative intent|declarations?|preamble"
    r"|sense\s+of\s+(?:the\s+)?(?:congress|senate|house|legislature))\b",
    re.IGNORECASE,
)
# How far above a flat point its introducing words are looked for, in siblings
LEAD_REACH = 60
NON_OPERATIVE_KINDS = frozenset({"recital", "preamble"})
PROHIBITION_PENALTY = re.compile(r"prohibit", re.IGNORECASE)


@dataclass(frozen=True)
class OwnWords:
    """A provision's own words, with where its tail (after its last point) starts."""

    provision: ReadingProvision
    text: str
    head_length: int  # characters of ``text`` that are the provision's head
    tail_offset: int  # where the tail starts in the provision's text
    lead: str  # the words that introduce the list the provision is a point of
    heading: str
    operative: bool
    article: int  # id of its top-level ancestor: facts of one article share recipients

    def offset(self, position: int) -> int:
        """A position in ``text`` as a position in the provision's stored text."""
        if position <= self.head_length:
            return position
        return self.tail_offset + position - self.head_length - 1


def own_words(provisions: list[ReadingProvision]) -> list[OwnWords]:
    by_id = {p.id: p for p in provisions}
    children: dict[int, list[ReadingProvision]] = {}
    for p in provisions:
        if p.parent_id is not None and p.parent_id in by_id:
            children.setdefault(p.parent_id, []).append(p)
    place = {kid.id: n for kids in children.values() for n, kid in enumerate(kids)}
    heads: dict[int, str] = {}
    found = []
    for p in provisions:
        kids = children.get(p.id)
        if kids:
            first = max(min(k.start for k in kids) - p.start, 0)
            last = max(max(k.end for k in kids) - p.start, first)
            head, tail = p.text[:first], p.text[last:]
            heads[p.id] = head.strip()
            text = head + ("\n" + tail if tail.strip() else "")
        else:
            text, first, last = p.text, len(p.text), len(p.text)
        found.append((p, text, first, last))
    result = []
    for p, text, first, last in found:
        heading, operative, top = "", p.kind not in NON_OPERATIVE_KINDS, p.id
        node: ReadingProvision | None = p
        while node is not None:
            if node.heading and not heading:
                heading = node.heading
            if node.heading and NON_OPERATIVE.search(node.heading):
                operative = False
            top = node.id
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        lead = heads.get(p.parent_id, "") if p.parent_id is not None else ""
        if not lead.strip() and p.id in place and p.parent_id is not None:
            lead = _flat_lead(p, children[p.parent_id], place[p.id])
        result.append(OwnWords(p, text, first, last, lead, heading, operative, top))
    return result


def _flat_lead(point: ReadingProvision, siblings: list[ReadingProvision], index: int) -> str:
    """The words that introduce a point stored flat among its siblings (it is the
    ``index``-th): the nearest sibling above that ends introducing a list, if only
    points lie between them."""
    if not POINT_LABEL.match(point.text):
        return ""
    for sibling in siblings[max(index - LEAD_REACH, 0) : index][::-1]:
        words = sibling.text.rstrip()
        if words.endswith(INTRODUCES):
            return words
        if not POINT_LABEL.match(sibling.text):
            return ""
    return ""


def instrument_facts(jurisdiction: str, provisions: list[ReadingProvision]) -> list[NewFact]:
    """Every tracker's facts in one instrument's reading provisions."""
    words = own_words(provisions)
    found: dict[str, list[tuple[OwnWords, Fact]]] = {t: [] for t in TRACKERS}
    for own in words:
        if not own.operative or not own.text.strip():
            continue
        context = Context(own.heading, own.lead, jurisdiction)
        for tracker in TRACKERS:
            for fact in facts_of(tracker, own.text, context):
                found[tracker].append((own, fact))
    _inherit_recipients(found[INCIDENT_REPORTING])
    _attach_penalty(found[RED_LINES], found[PENALTIES])
    facts: dict[tuple[str, int, str], NewFact] = {}
    for tracker, pairs in found.items():
        for own, fact in pairs:
            key = (tracker, own.provision.id, fact.key)
            if key in facts:
                continue
            start, end = own.offset(fact.start), own.offset(fact.end)
            facts[key] = NewFact(
                tracker,
                own.provision.id,
                fact.key,
                dict(fact.fields),
                min(start, end),
                max(start, end),
                " ".join(fact.evidence.split()),
                fact.method,
            )
    return list(facts.values())


def _inherit_recipients(pairs: list[tuple[OwnWords, Fact]]) -> None:
    named: dict[int, tuple[str, str]] = {}
    for own, fact in pairs:
        who = fact.fields.get("recipient")
        if who:
            named.setdefault(own.article, (str(who), own.provision.path))
        elif own.article in named:
            fact.fields["recipient"], fact.fields["recipient_provision"] = named[own.article]


def _attach_penalty(
    red_lines: list[tuple[OwnWords, Fact]], penalties: list[tuple[OwnWords, Fact]]
) -> None:
    fine = next(
        (
            f"{' '.join(fact.evidence.split())} ({own.provision.path})"
            for own, fact in penalties
            if PROHIBITION_PENALTY.search(own.text)
        ),
        None,
    )
    for _, fact in red_lines:
        fact.fields["penalty"] = fine
