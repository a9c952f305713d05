"""What changed between two editions of a registry record, provision by provision.

An edition's text is cut into its paragraphs (blank lines between them; a paragraph
whose first line starts with ``#`` takes that line as its heading), each attachment's
text into its provisions by the ingest segmenter, and both are compared with
``horizon.diff.align``, the diff the atlas uses between versions of an instrument:
pairs by place, then by similarity, with a word-level diff of what changed. Paragraph
numbers mean nothing in a record, so a paragraph that only moved is *unchanged* and one
that moved and changed is *modified*. Beside the text: the fields that changed (title,
marking, theme, nil report, whom it names), and the provisions and concepts it links
to that were added or dropped.

A diff is shown only to a viewer who may see both editions; otherwise it is as if the
earlier edition did not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.horizon.diff import ProvisionChange, Side, align
from govatlas.ingest.segment import segment
from govatlas.registry.records import grants_for, stored_record
from govatlas.registry.visibility import Grants, Viewer, can_see
from govatlas.store.accounts import account_names
from govatlas.store.registry_attachments import attachments_of
from govatlas.store.registry_models import RegistryAttachment, RegistryRecord

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
KINDS = ("added", "removed", "modified", "moved", "unchanged")


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: object
    new: object


@dataclass
class AttachmentChange:
    """One file across two editions, by name: added, removed, changed (its text compared
    provision by provision) or unchanged (same digest)."""

    filename: str
    kind: str
    old_sha256: str | None
    new_sha256: str | None
    changes: list[ProvisionChange] = field(default_factory=list)


@dataclass
class EditionDiff:
    old: RegistryRecord
    new: RegistryRecord
    fields: list[FieldChange]
    provisions_added: list[str]
    provisions_removed: list[str]
    concepts_added: list[str]
    concepts_removed: list[str]
    text: list[ProvisionChange]
    attachments: list[AttachmentChange]

    @property
    def counts(self) -> dict[str, int]:
        every = self.text + [c for a in self.attachments for c in a.changes]
        return {kind: sum(1 for c in every if c.kind == kind) for kind in KINDS}

    @property
    def unchanged(self) -> bool:
        quiet = all(c.kind == "unchanged" for c in self.text) and all(
            a.kind == "unchanged" for a in self.attachments
        )
        links = self.provisions_added or self.provisions_removed
        return quiet and not (self.fields or links or self.concepts_added or self.concepts_removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "record": self.new.id,
            "edition": self.new.edition,
            "earlier": {"record": self.old.id, "edition": self.old.edition},
            "fields": [{"field": f.name, "old": f.old, "new": f.new} for f in self.fields],
            "provisions": {"added": self.provisions_added, "removed": self.provisions_removed},
            "concepts": {"added": self.concepts_added, "removed": self.concepts_removed},
            "counts": self.counts,
            "text": [change_dict(c) for c in self.text if c.kind != "unchanged"],
            "attachments": [
                {
                    "filename": a.filename,
                    "change": a.kind,
                    "old_sha256": a.old_sha256,
                    "new_sha256": a.new_sha256,
                    "provisions": [change_dict(c) for c in a.changes if c.kind != "unchanged"],
                }
                for a in self.attachments
            ],
        }


def change_dict(change: ProvisionChange) -> dict[str, Any]:
    return {
        "change": change.kind,
        "old": {"path": change.old.path, "text": change.old.text} if change.old else None,
        "new": {"path": change.new.path, "text": change.new.text} if change.new else None,
        "words": [
            {"op": w.op, "old": w.old, "new": w.new} for w in change.words if w.op != "equal"
        ],
    }


def paragraphs(text: str) -> list[Side]:
    """A record's text as sides to compare: one per paragraph."""
    sides = []
    for number, block in enumerate(
        (b.strip() for b in PARAGRAPH_BREAK.split(text or "") if b.strip()), 1
    ):
        first, _, rest = block.partition("\n")
        heading = first.lstrip("#").strip() if first.startswith("#") else None
        words = " ".join((rest if heading is not None else block).split())
        sides.append(Side(f"para.{number}", heading, words))
    return sides


def provisions_of(text: str) -> list[Side]:
    """An attachment's text as the ingest segmenter cuts it."""
    sides = []
    for found in segment(text):
        words = " ".join(text[found.start : found.end].split())
        if words:
            sides.append(Side(found.path, found.heading, words))
    return sides


def settle(changes: list[ProvisionChange]) -> list[ProvisionChange]:
    """Paragraph numbers mean nothing: a paragraph that only moved is unchanged, one
    that moved and changed is modified."""
    for change in changes:
        if change.kind == "moved" and change.old is not None and change.new is not None:
            same = change.old.text == change.new.text and change.old.heading == change.new.heading
            change.kind = "unchanged" if same else "modified"
    return changes


def _named(session: Session, grants: Grants) -> tuple[list[str], list[str]]:
    people = account_names(session, grants.accounts)
    return sorted(grants.parties), sorted(people)


def _fields(session: Session, old: RegistryRecord, new: RegistryRecord) -> list[FieldChange]:
    grants = grants_for(session, [old.id, new.id])
    old_parties, old_people = _named(session, grants[old.id])
    new_parties, new_people = _named(session, grants[new.id])
    pairs = [
        ("title", old.title, new.title),
        ("tlp", old.tlp, new.tlp),
        ("theme", old.theme, new.theme),
        ("nil_report", old.nil_report, new.nil_report),
        ("answers", old.answers_id, new.answers_id),
        ("parties", old_parties, new_parties),
        ("people", old_people, new_people),
    ]
    return [FieldChange(name, a, b) for name, a, b in pairs if a != b]


def _attachments(
    session: Session, old: RegistryRecord, new: RegistryRecord
) -> list[AttachmentChange]:
    def files(record_id: int) -> dict[str, RegistryAttachment]:
        return {a.filename: a for a in attachments_of(session, record_id)}

    before, after = files(old.id), files(new.id)
    found = []
    for name in [*after, *(n for n in before if n not in after)]:
        a, b = before.get(name), after.get(name)
        if a is None and b is not None:
            found.append(AttachmentChange(name, "added", None, b.sha256))
        elif b is None and a is not None:
            found.append(AttachmentChange(name, "removed", a.sha256, None))
        elif a is not None and b is not None:
            if a.sha256 == b.sha256:
                found.append(AttachmentChange(name, "unchanged", a.sha256, b.sha256))
            else:
                changes = align(provisions_of(a.text), provisions_of(b.text))
                found.append(AttachmentChange(name, "changed", a.sha256, b.sha256, changes))
    return found


def _added(old: list[str] | None, new: list[str] | None) -> tuple[list[str], list[str]]:
    a, b = list(old or []), list(new or [])
    return [x for x in b if x not in a], [x for x in a if x not in b]


def edition_diff(session: Session, viewer: Viewer, record_id: int) -> EditionDiff:
    """What changed from the edition ``record_id`` revises to it, if ``viewer`` may see
    both (404 for a record the viewer may not see, as for none)."""
    new = stored_record(session, record_id)
    if new is None or not can_see(new, viewer, grants_for(session, [record_id])[record_id]):
        raise NotFoundError(f"no registry record {record_id}")
    old = stored_record(session, new.revises_id) if new.revises_id is not None else None
    if old is None:
        raise InvalidInputError(
            f"record {record_id} is a first edition: there is nothing to compare it with"
        )
    if not can_see(old, viewer, grants_for(session, [old.id])[old.id]):
        raise NotFoundError(
            f"the earlier edition of record {record_id} is not one you may see",
            "ask its organisation or a registry officer",
        )
    provisions_added, provisions_removed = _added(old.provisions, new.provisions)
    concepts_added, concepts_removed = _added(old.concepts, new.concepts)
    return EditionDiff(
        old,
        new,
        _fields(session, old, new),
        provisions_added,
        provisions_removed,
        concepts_added,
        concepts_removed,
        settle(align(paragraphs(old.body), paragraphs(new.body))),
        _attachments(session, old, new),
    )
