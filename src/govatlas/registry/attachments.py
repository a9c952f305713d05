"""Files attached to registry records: PDFs, checked before anything is stored.

A file is attached to a draft or returned record by whoever may edit it. It is accepted
only when its first bytes say it is a PDF (the name and the declared type count for
nothing), it is at most ``MAX_ATTACHMENT_BYTES``, the record holds fewer than
``MAX_ATTACHMENTS``, and the ingest path can read it (``ingest.formats``: encrypted,
corrupt or over-long PDFs are refused in one line; a PDF without a text layer is kept
with no text, and says so). Its text is what a reader searches and what an edition's
diff compares, provision by provision (``ingest.segment``). Its bytes are stored, never
run nor shown inline: the atlas serves them as a download. Each attachment, and each
removal, is an edit of the record: it counts a version and is in the audit log with the
file's SHA-256, and a signed export names every attachment by its digest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from govatlas.ingest.formats import DocumentError, parse_bytes
from govatlas.registry.records import (
    EDITABLE,
    MAX_ID,
    Writer,
    grants_for,
    may_step,
    stored_record,
)
from govatlas.registry.visibility import Viewer, can_see
from govatlas.store.models import utcnow
from govatlas.store.registry_attachments import attachment_count, attachment_rows
from govatlas.store.registry_models import RegistryAttachment, RegistryRecord

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_PAGES = 500
PDF = "application/pdf"
NO_TEXT = "no text layer"
UNSAFE_NAME = re.compile(r"[^\w .()+,-]")


@dataclass(frozen=True)
class AttachmentInfo:
    """What is said about an attachment everywhere (never its bytes)."""

    id: int
    record_id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    has_text: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "filename": self.filename,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "has_text": self.has_text,
        }


def safe_filename(name: str) -> str:
    """The file's own name without any folder, control or markup characters (for the
    page and the download's header), at most 200 characters, never empty."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = UNSAFE_NAME.sub("_", base).strip(" .")
    if not base:
        base = "attachment.pdf"
    if not base.lower().endswith(".pdf"):
        base += ".pdf"
    return base[-200:]


def sniff(data: bytes) -> str:
    """The file's type from its first bytes: only a PDF is accepted."""
    if not data:
        raise InvalidInputError("the file is empty")
    # a PDF may have a little leading junk; readers look in the first kilobyte
    if b"%PDF-" not in data[:1024]:
        raise InvalidInputError(
            "only PDF files are attached, and this file is not a PDF",
            "its first bytes do not say %PDF-; export the document as PDF",
        )
    return PDF


def read_text(filename: str, data: bytes) -> str:
    """The PDF's text through the ingest path; '' for a PDF without a text layer."""
    try:
        return parse_bytes(filename, data, PDF, max_pdf_pages=MAX_ATTACHMENT_PAGES).text
    except DocumentError as exc:
        if NO_TEXT in str(exc):
            return ""
        if "-page limit" in str(exc):
            raise InvalidInputError(
                f"{filename}: an attachment has at most {MAX_ATTACHMENT_PAGES} pages",
                "attach the part the record needs, or link to the whole document in its text",
            ) from None
        raise


def _editable(writer: Writer, record_id: int) -> RegistryRecord:
    session, actor = writer.session, writer.actor
    record = stored_record(session, record_id)
    grants = grants_for(session, [record_id]).get(record_id)
    if record is None or grants is None or not can_see(record, actor, grants):
        raise NotFoundError(f"no registry record {record_id}")
    if record.status not in EDITABLE:
        raise ConflictError(
            f"record {record_id} is {record.status}: files are attached to a draft or "
            "a returned record",
            "revise a published record to attach to its next edition",
        )
    if not may_step(record, actor, "submit", grants):
        raise PermissionDeniedError(f"{writer.who} may not change record {record_id}")
    return record


def _edited(record: RegistryRecord) -> None:
    record.version += 1
    record.updated_at = utcnow()


def attach(writer: Writer, record_id: int, filename: str, data: bytes) -> RegistryAttachment:
    """Attach a PDF to a draft or returned record (checked first; nothing stored when
    it is refused)."""
    record = _editable(writer, record_id)
    session = writer.session
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInputError(
            f"the file is {len(data) / 1e6:.1f} MB, over the "
            f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB limit for an attachment",
            "attach a smaller file, or link to the document in the record's text",
        )
    if attachment_count(session, record_id) >= MAX_ATTACHMENTS:
        raise ConflictError(f"record {record_id} already holds {MAX_ATTACHMENTS} files")
    media_type = sniff(data)
    name = safe_filename(filename)
    text = read_text(name, data)
    digest = hashlib.sha256(data).hexdigest()
    attachment = RegistryAttachment(
        record_id=record.id,
        filename=name,
        media_type=media_type,
        size=len(data),
        sha256=digest,
        content=data,
        text=text,
        uploaded_by=writer.who,
    )
    session.add(attachment)
    _edited(record)
    session.flush()
    writer.log(
        "attachment.add",
        f"record:{record.id}",
        attachment=attachment.id,
        filename=name,
        size=len(data),
        sha256=digest,
        version=record.version,
    )
    return attachment


def remove_attachment(writer: Writer, attachment_id: int) -> RegistryRecord:
    """Take a file off a draft or returned record."""
    session = writer.session
    attachment = (
        session.get(RegistryAttachment, attachment_id) if 1 <= attachment_id <= MAX_ID else None
    )
    if attachment is None:
        raise NotFoundError(f"no attachment {attachment_id}")
    try:
        record = _editable(writer, attachment.record_id)
    except NotFoundError:
        raise NotFoundError(f"no attachment {attachment_id}") from None
    session.delete(attachment)
    _edited(record)
    session.flush()
    writer.log(
        "attachment.remove",
        f"record:{record.id}",
        attachment=attachment_id,
        filename=attachment.filename,
        sha256=attachment.sha256,
        version=record.version,
    )
    return record


def attachment_index(
    session: Session, record_ids: Iterable[int]
) -> dict[int, list[AttachmentInfo]]:
    """The attachments of each record, oldest first, without their bytes (the caller
    has already decided the viewer may see these records)."""
    ids = list(record_ids)
    found: dict[int, list[AttachmentInfo]] = {i: [] for i in ids}
    if not ids:
        return found
    for aid, rid, name, media, size, digest, has_text in attachment_rows(session, ids):
        found[rid].append(AttachmentInfo(aid, rid, name, media, size, digest, has_text))
    return found


def visible_attachment(session: Session, viewer: Viewer, attachment_id: int) -> RegistryAttachment:
    """An attachment whose record ``viewer`` may see; 404 otherwise, as for none."""
    attachment = (
        session.get(RegistryAttachment, attachment_id) if 1 <= attachment_id <= MAX_ID else None
    )
    if attachment is not None:
        record = session.get(RegistryRecord, attachment.record_id)
        grants = grants_for(session, [attachment.record_id])[attachment.record_id]
        if record is not None and can_see(record, viewer, grants):
            return attachment
    raise NotFoundError(f"no attachment {attachment_id}")
