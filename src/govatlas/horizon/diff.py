"""Provision-level diff between two versions of an instrument.

Provisions are compared by their own words (``search_text``: the text without
their sub-provisions). They are aligned in two passes:

1. by path (``art.5.1`` against ``art.5.1``): same text is *unchanged*, similar
   text *modified* (a reused number with other words goes to the second pass);
2. the rest by similarity (tf-idf cosine of word unigrams and bigrams, best pairs
   first, at least ``MOVE_SIMILARITY``): a renumbered article is *moved* (with its
   changes), not reported as one deletion and one addition.

What is left is *added* or *removed*. Modified and moved provisions carry a
word-level diff (``difflib`` over words), so a reader sees exactly what changed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.instruments import get_instrument, text_versions
from govatlas.store.models import InstrumentVersion
from govatlas.store.versions import shown_provisions

MOVE_SIMILARITY = 0.35
SAME_PATH_SIMILARITY = 0.4  # below this, a same-path pair is a replacement, not an edit
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Side:
    path: str
    heading: str | None
    text: str


@dataclass(frozen=True)
class WordOp:
    """``equal``, ``insert``, ``delete`` or ``replace`` with the old and new words."""

    op: str
    old: str
    new: str


@dataclass
class ProvisionChange:
    kind: str  # added, removed, modified, moved, unchanged
    old: Side | None
    new: Side | None
    similarity: float = 1.0
    words: list[WordOp] = field(default_factory=list)

    @property
    def changed_words(self) -> int:
        return sum(
            max(len(w.old.split()), len(w.new.split())) for w in self.words if w.op != "equal"
        )


@dataclass
class VersionDiff:
    instrument: str
    old_version: int | None  # None: the instrument's first text
    new_version: int
    changes: list[ProvisionChange]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(c.kind for c in self.changes)
        return {k: found.get(k, 0) for k in ("added", "removed", "modified", "moved", "unchanged")}


def word_diff(old: str, new: str) -> list[WordOp]:
    a, b = WORD.findall(old), WORD.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        WordOp(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def provision_sides(session: Session, version_id: int) -> list[Side]:
    sides = []
    for provision in shown_provisions(session, version_id):
        own = provision.search_text
        text = " ".join((own if own is not None else provision.text).split())
        if text or provision.heading:
            sides.append(Side(provision.path, provision.heading, text))
    return sides


def first_version_diff(session: Session, instrument_id: str, version_id: int) -> VersionDiff:
    """The first text of an instrument as a diff against nothing: every provision added."""
    changes = [ProvisionChange("added", None, s) for s in provision_sides(session, version_id)]
    return VersionDiff(instrument_id, None, version_id, changes)


def versions_of(session: Session, instrument_id: str) -> list[InstrumentVersion]:
    """Full-text versions, oldest first; a rendering that a fuller one of the same text
    replaced is not a version of its own."""
    get_instrument(session, instrument_id)
    return text_versions(session, instrument_id)


def pick_version(versions: list[InstrumentVersion], wanted: str) -> InstrumentVersion:
    """A version by id or by a prefix of its content hash (at least 6 characters)."""
    for version in versions:
        if wanted.isdigit() and version.id == int(wanted):
            return version
        if len(wanted) >= 6 and version.content_hash.startswith(wanted.lower()):
            return version
    raise NotFoundError(
        f"no version {wanted!r} of this instrument",
        "give a version id or a hash prefix from `govatlas diff INSTRUMENT --list`",
    )


def diff_versions(session: Session, instrument_id: str, old_id: int, new_id: int) -> VersionDiff:
    if old_id == new_id:
        raise InvalidInputError("both sides are the same version", "pick two different versions")
    old, new = provision_sides(session, old_id), provision_sides(session, new_id)
    return VersionDiff(instrument_id, old_id, new_id, align(old, new))


def align(old: list[Side], new: list[Side]) -> list[ProvisionChange]:
    """Pair two texts' provisions (by path, then by similarity) and say what changed,
    in the new text's order (a removed provision where it stood in the old)."""
    changes: list[ProvisionChange] = []
    new_by_path = {s.path: s for s in new}
    matched_new: set[str] = set()
    unmatched_old = []
    for side in old:
        partner = new_by_path.get(side.path)
        if partner is None:
            unmatched_old.append(side)
            continue
        if partner.text == side.text:
            matched_new.add(partner.path)
            changes.append(ProvisionChange("unchanged", side, partner))
            continue
        words = word_diff(side.text, partner.text)
        kept = sum(len(w.old.split()) for w in words if w.op == "equal")
        similarity = 2 * kept / max(1, len(side.text.split()) + len(partner.text.split()))
        if similarity < SAME_PATH_SIMILARITY:  # the number was reused for other words
            unmatched_old.append(side)
            continue
        matched_new.add(partner.path)
        changes.append(ProvisionChange("modified", side, partner, similarity, words))
    unmatched_new = [s for s in new if s.path not in matched_new]
    changes.extend(_moves(unmatched_old, unmatched_new))
    order = {s.path: i for i, s in enumerate(new)}
    old_order = {s.path: i for i, s in enumerate(old)}
    changes.sort(
        key=lambda c: (
            order.get(c.new.path, 10**6) if c.new else old_order.get(c.old.path, 0) if c.old else 0
        )
    )
    return changes


def _moves(old: list[Side], new: list[Side]) -> list[ProvisionChange]:
    """Pair leftovers by similarity (best first); the rest are removed or added."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not old or not new:
        return [ProvisionChange("removed", s, None) for s in old] + [
            ProvisionChange("added", None, s) for s in new
        ]
    texts = [s.text or (s.heading or "") for s in (*old, *new)]
    try:
        matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words or empty texts
        return [ProvisionChange("removed", s, None) for s in old] + [
            ProvisionChange("added", None, s) for s in new
        ]
    similarity = (matrix[: len(old)] @ matrix[len(old) :].T).toarray()
    pairs = np.argwhere(similarity >= MOVE_SIMILARITY)
    ranked = sorted(pairs.tolist(), key=lambda ij: -similarity[ij[0], ij[1]])
    used_old: set[int] = set()
    used_new: set[int] = set()
    changes = []
    for i, j in ranked:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        a, b = old[i], new[j]
        changes.append(
            ProvisionChange(
                "moved",
                a,
                b,
                float(similarity[i, j]),
                word_diff(a.text, b.text) if a.text != b.text else [],
            )
        )
    changes += [ProvisionChange("removed", s, None) for i, s in enumerate(old) if i not in used_old]
    changes += [ProvisionChange("added", None, s) for j, s in enumerate(new) if j not in used_new]
    return changes
