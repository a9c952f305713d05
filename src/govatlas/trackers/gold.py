"""The trackers' gold, read back and scored: what ``govatlas gold trackers`` measures.

The gold (``eval/gold/trackers/``) holds no text: the manifest locates each passage in
its corpus file (path, offsets, a hash of the text), and ``gold.jsonl`` holds the facts
people read in it. The texts come from the mirror; the heading and the sentence that
introduces a point's list (which the annotators saw) come from segmenting the file
again with the segmenter that drew them, so the rules read exactly what people read.
A passage whose text no longer hashes the same is an error, not a silent mismatch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.ingest.segment import segment
from govatlas.jsonl import read_jsonl
from govatlas.trackers.extract import passage_facts
from govatlas.trackers.facts import Context
from govatlas.trackers.quality import GOLD_KEYS, Record, Score, by_id, combine, score
from govatlas.trackers.quality_figures import forget, quality_file

MANIFESTS = "passages*.jsonl"  # one per round: passages.jsonl, passages-2.jsonl...
GOLD = "gold.jsonl"
RULES_STRATUM = "rules:"  # passages drawn because the rules read a fact in them
LEAD_CHARS = 400


@dataclass(frozen=True)
class GoldPassage:
    id: str
    split: str
    text: str
    context: Context
    drawn: str = ""  # the stratum it was drawn from (never shown to annotators)

    @property
    def counts_for_recall(self) -> bool:
        """A passage drawn because the rules read something in it would flatter recall."""
        return not self.drawn.startswith(RULES_STRATUM)


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise NotFoundError(f"no {path.name} in {path.parent}", "give --gold eval/gold/trackers")
    return read_jsonl(path)


def _context_of(text: str, start: int, end: int, jurisdiction: str) -> Context:
    """The heading and list-introducing words the annotators saw beside a passage."""
    segments = segment(text)
    by_path = {s.path: s for s in segments}
    first_child: dict[str, int] = {}
    for s in segments:
        if s.parent and s.parent not in first_child:
            first_child[s.parent] = s.start
    for s in segments:
        if (s.start, s.end) != (start, end) or s.path in first_child:
            continue
        lead = ""
        if s.parent and s.parent in by_path:
            parent = by_path[s.parent]
            lead = " ".join(text[parent.start : first_child[s.parent]].split())[-LEAD_CHARS:]
        return Context(s.heading or "", lead, jurisdiction)
    return Context("", "", jurisdiction)


def read_gold(
    folder: Path, mirror: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[list[GoldPassage], dict[str, Record]]:
    """The gold's passages with their texts and contexts, and its facts by passage id.
    The split is the gold's (a round read to improve the rules becomes ``dev``)."""
    names = sorted(folder.glob(MANIFESTS))
    if not names:
        raise NotFoundError(f"no passages*.jsonl in {folder}", "give --gold eval/gold/trackers")
    manifest = [ref for name in names for ref in _read_jsonl(name)]
    facts = by_id(_read_jsonl(folder / GOLD))
    missing = sorted({str(r["id"]) for r in manifest} - set(facts))
    if missing:
        raise InvalidInputError(
            f"{folder / GOLD}: no facts for {len(missing)} passage(s), e.g. {missing[0]}",
            "run scripts/gold/merge_trackers.py after the adjudication",
        )
    files: dict[str, list[dict[str, object]]] = {}
    for ref in manifest:
        files.setdefault(str(ref["path"]), []).append(ref)
    passages = []
    for n, (rel, refs) in enumerate(sorted(files.items()), 1):
        path = mirror / rel
        if not path.is_file():
            raise NotFoundError(f"the mirror has no {rel}", "set GOVATLAS_MIRROR to the corpus")
        text = path.read_text(encoding="utf-8")
        for ref in refs:
            start, end = int(str(ref["start"])), int(str(ref["end"]))
            body = text[start:end]
            if hashlib.sha256(body.encode()).hexdigest()[:16] != ref["sha"]:
                raise InvalidInputError(
                    f"{rel}[{start}:{end}] (passage {ref['id']}) is not the text annotated",
                    "the mirror's file changed since the gold was drawn",
                )
            context = _context_of(text, start, end, str(ref["jurisdiction"]))
            split = str(facts[str(ref["id"])].get("split") or ref["split"])
            passages.append(
                GoldPassage(str(ref["id"]), split, body, context, str(ref.get("drawn", "")))
            )
        if progress is not None:
            progress(n, len(files))
    return sorted(passages, key=lambda p: p.id), facts


def rule_facts(passages: Iterable[GoldPassage]) -> dict[str, Record]:
    """What the shipped rules read in each passage, in the gold's shape."""
    found: dict[str, Record] = {}
    for passage in passages:
        read = passage_facts(passage.text, passage.context)
        found[passage.id] = {
            "id": passage.id,
            **{GOLD_KEYS[t]: [dict(f.fields) for f in facts] for t, facts in read.items()},
        }
    return found


def measure(
    passages: list[GoldPassage], facts: dict[str, Record], split: str, bootstrap: int = 1000
) -> list[Score]:
    """Precision over every passage of ``split``; recall over those not drawn for what
    the rules read (they would flatter it). Intervals are Jeffreys intervals on the
    counts; ``bootstrap`` (the command line's rounds, from when they were resampled)
    only turns them off at 0."""
    chosen = [p for p in passages if p.split == split]
    if not chosen:
        raise InvalidInputError(f"the gold has no passage in the {split!r} split", "dev or test")
    predicted = rule_facts(chosen)
    every = score(predicted, {p.id: facts[p.id] for p in chosen}, intervals=bootstrap > 0)
    fair = {p.id: facts[p.id] for p in chosen if p.counts_for_recall}
    if len(fair) == len(chosen):
        return every
    recalled = score(predicted, fair, intervals=bootstrap > 0)
    return [combine(p, r) for p, r in zip(every, recalled, strict=True)]


def quality_record(scores: list[Score], split: str, passages: int) -> dict[str, object]:
    trackers: dict[str, dict[str, object]] = {}
    for s in scores:
        trackers.setdefault(s.tracker, {})[s.field] = {
            k: v for k, v in s.as_dict().items() if k not in ("tracker", "field")
        }
    return {
        "gold": "eval/gold/trackers",
        "split": split,
        "passages": passages,
        "measured_on": date.today().isoformat(),
        "trackers": trackers,
    }


def write_quality(record: dict[str, object]) -> Path:
    """Ship the figures with the package: every tracker row's ``confidence``."""
    path = quality_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    forget()
    return path
