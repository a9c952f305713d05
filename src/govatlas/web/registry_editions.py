"""A registry record's editions and files on the API and the atlas.

Revising a published record (``POST /registry/records/{id}/revise``, the API's
``POST /api/v1/registry/records/{id}/revise``: 201 with the new edition's draft), what
changed from the edition before (``GET /api/v1/registry/records/{id}/diff``, and on the
record's page), and its attachments: upload a PDF to a draft or returned record
(``POST .../attachments``, multipart, field ``file``), take one off, download one
(``/registry/attachments/{id}``: always as a download, never shown inline, with a
sandboxing content policy) or read its text (``/api/v1/registry/attachments/{id}/text``).
Everything goes through the same visibility check as the records: a file or a diff the
viewer may not see answers 404, as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.registry.attachments import MAX_ATTACHMENT_BYTES, attach, remove_attachment
from govatlas.registry.attachments import visible_attachment as find_attachment
from govatlas.registry.editions import edition_diff
from govatlas.registry.export import record_documents
from govatlas.registry.revisions import revise_record
from govatlas.store.contention import retrying
from govatlas.store.registry_models import RegistryAttachment
from govatlas.web.api_answers import Id, respond
from govatlas.web.registry_pages import api_writer, form_writer, private_answer, request_viewer
from govatlas.web.schemas.common import ERROR_RESPONSES
from govatlas.web.schemas.registry import (
    ATTACHMENT_BYTES,
    ATTACHMENT_TEXT,
    EditionDiff,
    RegistryAttachmentAdded,
    RegistryRecordDocument,
)
from govatlas.web.state import app_state, db_session

api_router = APIRouter(prefix="/api/v1/registry", tags=["registry"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
CsrfForm = Annotated[str | None, Form(max_length=200)]
Upload = Annotated[UploadFile, File(description="A PDF, at most 10 MB.")]
ATTACHMENT_FORM_MARGIN = 64 * 1024  # the multipart form around the file


async def _read_upload(upload: UploadFile) -> tuple[str, bytes]:
    """The file's name and bytes, refused past the limit without reading further."""
    data = await upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInputError(
            f"the file is over the {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB limit for an "
            "attachment"
        )
    return upload.filename or "attachment.pdf", data


@router.post("/registry/records/{record_id}/revise")
def revise_from_page(request: Request, record_id: Id, csrf: CsrfForm = None) -> Response:
    """Draft the next edition of a published record and open it."""

    def work(session: Session) -> int:
        return revise_record(form_writer(request, session, csrf), record_id).id

    made = retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{made}", status_code=303)


@api_router.post(
    "/records/{record_id}/revise",
    summary="Draft a published record's next edition",
    status_code=201,
    response_model=RegistryRecordDocument,
)
def revise_api(request: Request, record_id: Id) -> Response:
    """A new draft copied from a published record (its author's or its organisation's
    submitters'), to edit and submit; the published edition stays until it is
    published. 201 with the new edition."""

    def work(session: Session) -> dict[str, Any]:
        writer = api_writer(request, session)
        return record_documents(session, [revise_record(writer, record_id)], writer.actor)[0]

    answer = respond(request, retrying(app_state(request).engine, work))
    answer.status_code = 201
    return private_answer(answer)


@api_router.get(
    "/records/{record_id}/diff",
    summary="What changed from the edition before",
    response_model=EditionDiff,
)
def edition_diff_api(request: Request, session: SessionDep, record_id: Id) -> Response:
    """The fields, linked provisions and concepts that changed, and the text and each
    attachment's text compared provision by provision (``horizon``'s diff), if the
    caller may see both editions."""
    viewer = request_viewer(request, session)
    return private_answer(respond(request, edition_diff(session, viewer, record_id).as_dict()))


@router.post("/registry/records/{record_id}/attachments")
async def attach_from_page(
    request: Request, record_id: Id, file: Upload, csrf: CsrfForm = None
) -> Response:
    """Attach a PDF to a draft or returned record, as one who may edit it."""
    name, data = await _read_upload(file)

    def work(session: Session) -> None:
        attach(form_writer(request, session, csrf), record_id, name, data)

    retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{record_id}#attachments", status_code=303)


@api_router.post(
    "/records/{record_id}/attachments",
    summary="Attach a PDF to a record",
    status_code=201,
    response_model=RegistryAttachmentAdded,
)
async def attach_api(request: Request, record_id: Id, file: Upload) -> Response:
    """Multipart, field ``file``: a PDF (its first bytes decide, not its name) of at
    most 10 MB, to a draft or returned record. 201 with the attachment (id, name, size,
    SHA-256, whether text was read from it)."""
    name, data = await _read_upload(file)

    def work(session: Session) -> dict[str, object]:
        writer = api_writer(request, session)
        made = attach(writer, record_id, name, data)
        return {"record": record_id, **_info(made)}

    answer = respond(request, retrying(app_state(request).engine, work))
    answer.status_code = 201
    return private_answer(answer)


def _info(attachment: RegistryAttachment) -> dict[str, object]:
    return {
        "id": attachment.id,
        "filename": attachment.filename,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "has_text": bool(attachment.text),
    }


@router.post("/registry/attachments/{attachment_id}/remove")
def remove_from_page(request: Request, attachment_id: Id, csrf: CsrfForm = None) -> Response:
    """Take a file off a draft or returned record."""

    def work(session: Session) -> int:
        return remove_attachment(form_writer(request, session, csrf), attachment_id).id

    record_id = retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{record_id}#attachments", status_code=303)


@api_router.delete(
    "/attachments/{attachment_id}",
    summary="Take a file off a record",
    response_model=RegistryRecordDocument,
)
def remove_api(request: Request, attachment_id: Id) -> Response:
    """Remove an attachment of a draft or returned record; answers the record."""

    def work(session: Session) -> dict[str, Any]:
        writer = api_writer(request, session)
        record = remove_attachment(writer, attachment_id)
        return record_documents(session, [record], writer.actor)[0]

    return private_answer(respond(request, retrying(app_state(request).engine, work)))


def _download(attachment: RegistryAttachment) -> Response:
    """The bytes as a download only: never rendered by the browser, sandboxed if it
    were, never kept by a shared cache."""
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace('"', "_")
    headers = {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename)}"
        ),
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
    }
    return private_answer(
        Response(attachment.content, media_type=attachment.media_type, headers=headers)
    )


@router.get("/registry/attachments/{attachment_id}")
def attachment_page(request: Request, session: SessionDep, attachment_id: Id) -> Response:
    viewer = request_viewer(request, session)
    return _download(find_attachment(session, viewer, attachment_id))


@api_router.get(
    "/attachments/{attachment_id}",
    summary="Download an attachment",
    response_class=Response,
    responses=ATTACHMENT_BYTES,
)
def attachment_api(request: Request, session: SessionDep, attachment_id: Id) -> Response:
    """The file, if the caller may see its record (as a download, never inline)."""
    viewer = request_viewer(request, session)
    return _download(find_attachment(session, viewer, attachment_id))


@api_router.get(
    "/attachments/{attachment_id}/text",
    summary="The text read from an attachment",
    response_class=Response,
    responses=ATTACHMENT_TEXT,
)
def attachment_text_api(request: Request, session: SessionDep, attachment_id: Id) -> Response:
    """The text the ingest path read from the file ('' for a PDF without a text layer)."""
    viewer = request_viewer(request, session)
    found = find_attachment(session, viewer, attachment_id)
    return private_answer(Response(found.text, media_type="text/plain; charset=utf-8"))
