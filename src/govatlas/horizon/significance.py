"""How much a change matters: the governance concepts it touches, and a score.

The words a change adds or removes (the whole text of an added or removed
provision, the changed words of an edit) are matched against the FLI building
blocks and risks with the zero-shot ``ConceptMatcher``. The score is the number
of changed words times one plus the number of concepts touched, so "adds a
red-line provision" outranks a reworded heading and a plain renumbering scores
0; ``govatlas diff --significant N`` leads with the highest scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.horizon.diff import ProvisionChange, VersionDiff
from govatlas.taxonomy import load_taxonomies

TAXONOMIES = ("fli-blocks", "fli-risks")


@dataclass(frozen=True)
class Significance:
    change: ProvisionChange
    concepts: tuple[str, ...]
    score: int
    summary: str


class SignificanceModel:
    """The concept matcher over ``TAXONOMIES`` with the concepts' labels, loaded once."""

    def __init__(self) -> None:
        concepts = concepts_of(load_taxonomies(), list(TAXONOMIES))
        self.matcher = ConceptMatcher(concepts)
        self.labels = {cid: spec.label for cid, spec in concepts}

    def rank(self, diff: VersionDiff) -> list[Significance]:
        return rank_changes(diff, self.matcher, self.labels)


def changed_text(change: ProvisionChange) -> str:
    if change.kind == "added" and change.new:
        return change.new.text
    if change.kind == "removed" and change.old:
        return change.old.text
    return " ".join(
        part for w in change.words if w.op != "equal" for part in (w.old, w.new) if part
    )


def _summary(change: ProvisionChange, labels: list[str]) -> str:
    verb = {"added": "adds", "removed": "removes", "modified": "amends", "moved": "moves"}[
        change.kind
    ]
    where = (change.new or change.old).path  # type: ignore[union-attr]
    topic = f" on {', '.join(labels)}" if labels else ""
    return f"{verb} {where}{topic}"


def rank_changes(
    diff: VersionDiff, matcher: ConceptMatcher, labels: dict[str, str]
) -> list[Significance]:
    """Every change but the unchanged ones, most significant first."""
    changes = [c for c in diff.changes if c.kind != "unchanged"]
    texts = [changed_text(c) for c in changes]
    matches = matcher.match(texts) if changes else []
    ranked = []
    for change, text, found in zip(changes, texts, matches, strict=True):
        concepts = tuple(m.concept for m in found)
        # a whole provision added or removed counts all its words; an edit (or a
        # renumbering, which has no word changes) counts only the words it changes
        words = len(text.split()) if change.kind in ("added", "removed") else change.changed_words
        score = words * (1 + len(concepts))
        ranked.append(
            Significance(change, concepts, score, _summary(change, [labels[c] for c in concepts]))
        )
    ranked.sort(key=lambda s: -s.score)
    return ranked
