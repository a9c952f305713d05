"""Proposed ``contrary`` pairs: one side requires what the other prohibits.

Deliberately narrow. A provision *requires* an action when a sentence says an
actor "shall" or "must" do it, and *prohibits* it when it says "shall not", "must
not", "may not" or "is prohibited from" doing it. Two provisions of different
sides are proposed as contrary only when the verb is the same, the verb is a
real action (not "apply", "affect", "be construed"...), and the objects share at
least ``MIN_SHARED`` content words with a Jaccard overlap of at least
``MIN_OVERLAP``. Proposals are never stored: they are listed for a person to
review, with both sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from govatlas.analytics.compare import ProvisionRef
from govatlas.analytics.parameters import sentences

MIN_SHARED = 3
MIN_OVERLAP = 0.5
OBJECT_WORDS = 10
DEONTIC = re.compile(
    r"\b(?P<modal>shall not|must not|may not|shall|must|(?:is|are) prohibited from"
    r"|(?:is|are) required to)\s+(?:also\s+|directly or indirectly\s+|(?:knowingly|"
    r"intentionally|illegally|unlawfully|directly|indirectly|promptly|clearly)\s+)?"
    r"(?P<be>be\s+)?(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
NEGATIVE = frozenset(
    {"shall not", "must not", "may not", "is prohibited from", "are prohibited from"}
)
# Verbs of scope, construction and effect: "shall not apply" is a carve-out, not a ban.
NOT_ACTIONS = frozenset(
    {
        "apply", "applies", "affect", "prejudice", "construed", "interpreted", "deemed",
        "considered", "exceed", "include", "be", "have", "has", "constitute", "preclude",
        "limit", "restrict", "require", "required", "entitled", "subject", "liable",
        "take", "ensure", "lead", "result", "extend", "cover", "mean", "remain", "become",
        "presumed", "used", "exempt", "exempted", "permitted", "allowed", "able",
        "necessary", "responsible", "obliged", "make", "made",
    }
)  # fmt: skip
STOP = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from",
        "any", "its", "their", "his", "her", "such", "that", "this", "these", "those", "which",
        "who", "whom", "as", "at", "be", "is", "are", "was", "were", "under", "all", "each",
        "other", "than", "into", "upon", "within", "without", "where", "when", "if", "not",
        "no", "shall", "must", "may", "been", "being", "has", "have", "it", "they", "them",
        "provider", "providers", "developer", "developers", "deployer", "deployers", "person",
        "persons",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Deontic:
    """One sentence's duty or prohibition: ``verb`` and the content words after it."""

    required: bool
    verb: str
    objects: frozenset[str]
    sentence: str
    start: int  # of the sentence in the provision text


@dataclass(frozen=True)
class ContraryProposal:
    """A for-review proposal that ``a`` and ``b`` conflict; ``a_requires`` says which way."""

    a: ProvisionRef
    b: ProvisionRef
    a_sentence: str
    b_sentence: str
    verb: str
    shared: tuple[str, ...]
    a_requires: bool


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def deontics(text: str) -> list[Deontic]:
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        for match in DEONTIC.finditer(sentence):
            verb = match["verb"].lower()
            if verb in NOT_ACTIONS or (match["be"] and verb in ("not",)):
                continue
            after = re.split(r"[;:.]|\bunless\b|\bexcept\b", sentence[match.end() :])[0]
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", after) if w.lower() not in STOP]
            objects = frozenset(_stem(w) for w in words[:OBJECT_WORDS])
            required = " ".join(match["modal"].lower().split()) not in NEGATIVE
            if objects:
                found.append(Deontic(required, _stem(verb), objects, sentence, start))
    return found


def propose_contrary(
    a_units: Sequence[ProvisionRef], b_units: Sequence[ProvisionRef]
) -> list[ContraryProposal]:
    """Pairs of provisions where one side requires an action the other prohibits."""
    index: dict[tuple[str, bool], list[tuple[ProvisionRef, Deontic]]] = defaultdict(list)
    for unit in b_units:
        for statement in deontics(unit.text):
            index[(statement.verb, statement.required)].append((unit, statement))
    proposals: dict[tuple[int, int, str], ContraryProposal] = {}
    for unit in a_units:
        for mine in deontics(unit.text):
            for other, theirs in index.get((mine.verb, not mine.required), []):
                shared = mine.objects & theirs.objects
                union = mine.objects | theirs.objects
                if len(shared) < MIN_SHARED or len(shared) / len(union) < MIN_OVERLAP:
                    continue
                key = (unit.id, other.id, mine.verb)
                proposals.setdefault(
                    key,
                    ContraryProposal(
                        unit,
                        other,
                        " ".join(mine.sentence.split()),
                        " ".join(theirs.sentence.split()),
                        mine.verb,
                        tuple(sorted(shared)),
                        mine.required,
                    ),
                )
    return list(proposals.values())
