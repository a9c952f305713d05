"""The project's own gold set: passages of real instruments, labelled by people.

Kept in the repository under ``eval/gold/`` as references and labels only (the
texts stay in the corpus): ``passages-N.jsonl`` (one file per round of drawing)
give each passage's corpus path, character offsets and the first 16 hex digits
of its SHA-256, its instrument, jurisdiction, type, heading and split (train,
dev or test, by instrument) and why it was drawn; ``labels.jsonl`` the adjudicated
labels and passage kind; ``passes/*.jsonl`` the two independent passes they
were adjudicated from. ``docs/guidelines/`` is the guideline all of them
followed. Reading the gold resolves every text from the mirror and checks its
hash, so a changed corpus file is an error, not a silently different gold.

``eval/silver/`` has the same two files for the silver passages: other passages of
the gold's train instruments, labelled in one pass from the same guidelines, split
``silver``; they train the classifiers and never choose or measure anything
(``provisions.training``; ``docs/guidelines/procedure.md`` §11).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.jsonl import read_jsonl

GOLD_FOLDER = "eval/gold"
SILVER_FOLDER = "eval/silver"
SILVER = "silver"  # the split of passages labelled in one pass, for training only
OPERATIVE_KINDS = frozenset({"operative", "definition"})


@dataclass(frozen=True)
class GoldPassage:
    id: str
    text: str
    heading: str
    instrument: str
    jurisdiction: str
    type: str
    split: str
    kind: str
    labels: frozenset[str]  # concept ids as taxonomy:notation

    @property
    def reading(self) -> str:
        """What a classifier reads: the heading, then the text."""
        return f"{self.heading}. {self.text}" if self.heading else self.text

    def of(self, taxonomy: str) -> frozenset[str]:
        """The passage's concepts of one taxonomy, by their id within it."""
        prefix = f"{taxonomy}:"
        return frozenset(c[len(prefix) :] for c in self.labels if c.startswith(prefix))


def _records(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise NotFoundError(f"{path} is missing", "the gold set lives in eval/gold/")
    return read_jsonl(path)


def read_gold(folder: Path, mirror: Path, labels_file: str = "labels.jsonl") -> list[GoldPassage]:
    """Every gold passage with its text from the mirror and its adjudicated labels."""
    labels = {str(r["id"]): r for r in _records(folder / labels_file)}
    texts: dict[str, str] = {}
    passages = []
    refs = [r for path in sorted(folder.glob("passages-*.jsonl")) for r in _records(path)]
    if not refs:
        raise NotFoundError(f"no passages-*.jsonl in {folder}", "the gold set lives in eval/gold/")
    for ref in refs:
        ident = str(ref["id"])
        if ident not in labels:
            continue
        rel = str(ref["path"])
        if rel not in texts:
            source = mirror / rel
            if not source.is_file():
                raise NotFoundError(
                    f"gold passage {ident}: {rel} is not in the mirror", str(mirror)
                )
            texts[rel] = source.read_text(encoding="utf-8")
        start, end = int(str(ref["start"])), int(str(ref["end"]))
        text = texts[rel][start:end]
        if not hashlib.sha256(text.encode()).hexdigest().startswith(str(ref["sha"])):
            raise InvalidInputError(
                f"gold passage {ident}: the text at {rel} {start}-{end} has changed",
                "the corpus file differs from the one the gold was drawn from",
            )
        label = labels[ident]
        raw_labels = label.get("labels") or []
        passages.append(
            GoldPassage(
                id=ident,
                text=text,
                heading=str(ref.get("heading") or ""),
                instrument=str(ref["instrument"]),
                jurisdiction=str(ref["jurisdiction"]),
                type=str(ref["type"]),
                split=str(ref["split"]),
                kind=str(label.get("kind", "operative")),
                labels=frozenset(str(c) for c in raw_labels),  # type: ignore[attr-defined]
            )
        )
    if not passages:
        raise InvalidInputError(f"{folder} holds no labelled passage")
    return passages
