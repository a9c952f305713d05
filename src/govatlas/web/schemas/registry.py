"""The registry's answers: its records, their attachments and editions, the signed
export and the compliance view (``/api/v1/registry/...``).

A record's ``author`` and ``comment`` are given to registry members only: for anyone
else the keys are absent (not null). The markings, kinds, statuses and roles are the
registry's own fixed sets (``store.registry_models``), written out so that the
description lists them; tests/web/test_api_shapes.py fails when they drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from govatlas.web.schemas.common import ApiModel

RecordKind = Literal["commitment", "measure", "report"]
TlpLevel = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
RecordStatus = Literal["draft", "submitted", "under-review", "published", "returned"]
Role = Literal["administrator", "officer", "submitter", "participant"]
ComplianceState = Literal[
    "reported",
    "reported late",
    "report under review",
    "no report in the registry by the due date",
    "no report in the registry yet",
]
ChangeKind = Literal["added", "removed", "modified", "moved", "unchanged"]
ExportFormat = Literal["govatlas-registry-export/1"]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def members_only(description: str) -> Any:
    """A key only registry members get: absent for anyone else, so not required, and
    never null when its type says so."""
    return Field(default=None, json_schema_extra=_no_default, description=description)


# records


class RegistryRecordOrganisation(ApiModel):
    """The organisation a record is from."""

    id: str
    name: str | None = Field(description="Null when the organisation has no registry entry.")


class RegistryAttachmentInfo(ApiModel):
    """A file attached to a record, described (its bytes: /registry/attachments/{id})."""

    id: int
    filename: str
    media_type: str = Field(description="As stored; only PDFs are accepted.")
    size: int = Field(description="In bytes.")
    sha256: str = Field(description="The file's SHA-256, hex.")
    has_text: bool = Field(description="Whether text was read from it (a scan has none).")


class RegistryRecordDocument(ApiModel):
    """A registry record as the caller may see it, with its TLP marking."""

    id: int
    kind: RecordKind
    title: str
    body: str
    organisation: RegistryRecordOrganisation
    tlp: TlpLevel
    status: RecordStatus
    answers: int | None = Field(description="The commitment a report answers (its id).")
    theme: str | None
    nil_report: bool = Field(description="A report saying there is nothing to report.")
    concepts: list[str]
    provisions: list[str] = Field(description="INSTRUMENT:PATH, e.g. eu-ai-act:art.73.1")
    published_at: datetime | None = Field(description="Null until published (UTC).")
    version: int = Field(description="1, and one more for each edit or file change.")
    edition: int = Field(description="1 for a first publication, 2 for its first revision…")
    revises: int | None = Field(
        description="The edition it revises; null for a first edition or one the caller "
        "may not see."
    )
    attachments: list[RegistryAttachmentInfo]
    author: str = members_only("Its author's account name (registry members only).")
    comment: str | None = members_only(
        "The officer's comment when it was last returned; null if never (registry members only)."
    )


class RegistryRecordList(ApiModel):
    """The registry records the caller may see, newest first."""

    items: list[RegistryRecordDocument]
    total: int = Field(description="How many the caller may see (all are listed).")


class RegistryAttachmentAdded(RegistryAttachmentInfo):
    """A file just attached, with the record it belongs to."""

    record: int


# the signed export


class RegistryExportViewer(ApiModel):
    """The registry member an export was made for."""

    role: Role
    organisation: str | None = Field(description="Null for a member of no organisation.")


class RegistryAuditHead(ApiModel):
    """The audit log's newest entry when the export was made."""

    last_id: int
    last_hash: str


class RegistryExport(ApiModel):
    """The records the caller may see, signed with the registry's Ed25519 key."""

    format: ExportFormat
    exported_at: datetime
    viewer: RegistryExportViewer | Literal["public"] = Field(
        description='Whom it was made for: "public", or a member\'s role and organisation.'
    )
    records: list[RegistryRecordDocument]
    audit_head: RegistryAuditHead | None = Field(description="Null before the first write.")
    key_id: str = Field(description="SHA-256 of the public key, hex.")
    signature: str = Field(
        description="Ed25519, hex, of the canonical JSON of the rest (sorted keys, no "
        "spaces, UTF-8); check it with /api/v1/registry/public-key."
    )


# what changed between two editions


class EditionTitleChange(ApiModel):
    """The title changed."""

    field: Literal["title"]
    old: str
    new: str


class EditionTlpChange(ApiModel):
    """The TLP marking changed."""

    field: Literal["tlp"]
    old: TlpLevel
    new: TlpLevel


class EditionThemeChange(ApiModel):
    """The theme changed."""

    field: Literal["theme"]
    old: str | None
    new: str | None


class EditionNilReportChange(ApiModel):
    """Whether it is a nil report changed."""

    field: Literal["nil_report"]
    old: bool
    new: bool


class EditionAnswersChange(ApiModel):
    """The commitment it answers changed."""

    field: Literal["answers"]
    old: int | None
    new: int | None


class EditionNamedChange(ApiModel):
    """Whom it names changed: organisations (AMBER) or people's account names (RED)."""

    field: Literal["parties", "people"]
    old: list[str]
    new: list[str]


EditionFieldChange = Annotated[
    EditionTitleChange
    | EditionTlpChange
    | EditionThemeChange
    | EditionNilReportChange
    | EditionAnswersChange
    | EditionNamedChange,
    Field(discriminator="field"),
]


class EditionRef(ApiModel):
    """An edition of a record."""

    record: int
    edition: int


class EditionLinks(ApiModel):
    """Links added and removed."""

    added: list[str]
    removed: list[str]


class EditionChangeCounts(ApiModel):
    """Paragraphs and attachments' provisions, by kind of change."""

    added: int
    removed: int
    modified: int
    moved: int
    unchanged: int


class EditionSide(ApiModel):
    """A paragraph (``para.N``) or an attachment's provision, on one side."""

    path: str
    text: str


class EditionWordChange(ApiModel):
    """Words that changed."""

    op: Literal["insert", "delete", "replace"]
    old: str
    new: str


class EditionProvisionChange(ApiModel):
    """A paragraph or provision that changed (unchanged ones are left out)."""

    change: Literal["added", "removed", "modified", "moved"] = Field(
        description="The record's text is never 'moved' (a moved paragraph is unchanged "
        "or modified); an attachment's provisions may be."
    )
    old: EditionSide | None = Field(description="Null when added.")
    new: EditionSide | None = Field(description="Null when removed.")
    words: list[EditionWordChange] = Field(description="The word-level diff, without equal runs.")


class EditionAttachmentChange(ApiModel):
    """One file across the two editions, by name."""

    filename: str
    change: Literal["added", "removed", "changed", "unchanged"]
    old_sha256: str | None = Field(description="Null when added.")
    new_sha256: str | None = Field(description="Null when removed.")
    provisions: list[EditionProvisionChange] = Field(description="Its text compared, when changed.")


class EditionDiff(ApiModel):
    """What changed from the edition a record revises to it."""

    record: int
    edition: int
    earlier: EditionRef
    fields: list[EditionFieldChange]
    provisions: EditionLinks
    concepts: EditionLinks
    counts: EditionChangeCounts
    text: list[EditionProvisionChange]
    attachments: list[EditionAttachmentChange]


# compliance


class ComplianceOrganisation(ApiModel):
    """An organisation by id and name."""

    id: str
    name: str


class ComplianceEvidenceVersion(ApiModel):
    """A dated version of an instrument (published, adopted or amended)."""

    date: date
    note: str | None


class ComplianceEvidence(ApiModel):
    """A catalog instrument that answers the commitment, outside the registry."""

    instrument: str = Field(description="The instrument's id (see /instruments).")
    name: str
    versions: list[ComplianceEvidenceVersion] = Field(description="Oldest first.")
    by_due_date: bool | None = Field(
        description="Whether a version is dated by the due date; null without a due date "
        "or a dated version."
    )


class ComplianceReport(ApiModel):
    """A published report answering a commitment."""

    id: int
    title: str
    tlp: TlpLevel
    published_on: date | None
    nil_report: bool


class ComplianceItem(ApiModel):
    """A published commitment and where it stands, as far as the caller may see."""

    commitment: int = Field(description="The commitment's record id.")
    title: str
    organisation: ComplianceOrganisation
    instrument: str | None = Field(description="The catalog instrument it is, if any.")
    due_on: date | None = Field(description="When its report is due; null: never late.")
    state: ComplianceState
    open_to_all: bool = Field(
        description="Issued by an intergovernmental body for any organisation to follow."
    )
    evidence_outside_registry: list[ComplianceEvidence]
    reports: list[ComplianceReport] = Field(
        description="Published reports answering it, oldest first."
    )
    pending: list[int] = Field(description="Reports not yet published (ids).")


class ComplianceEvidenceCounts(ApiModel):
    """Organisations with evidence outside the registry."""

    organisations: int
    by_due_date: int = Field(description="Of these, with a version dated by the due date.")


class ComplianceStateCounts(ApiModel):
    """Commitments in each state."""

    reported: int
    reported_late: int = Field(alias="reported late")
    report_under_review: int = Field(alias="report under review")
    overdue: int = Field(alias="no report in the registry by the due date")
    waiting: int = Field(alias="no report in the registry yet")


class ComplianceSummary(ApiModel):
    """One commitment (by title and instrument) across the organisations that made it."""

    title: str
    instrument: str | None
    due_on: date | None
    organisations: int = Field(
        description="Organisations that made it; for an open commitment, that reported."
    )
    actions: int = Field(description="For an open commitment: its actions; else 0.")
    evidence_outside_registry: ComplianceEvidenceCounts
    states: ComplianceStateCounts


class ComplianceStateOrganisation(ApiModel):
    """A public body in the registry and its point of contact."""

    id: str
    name: str
    kind: Literal["state", "agency", "safety-institute"]
    contact_point: str | None = Field(description="A role, never a person.")


class ComplianceMeasure(ApiModel):
    """A published measure."""

    id: int
    title: str
    tlp: TlpLevel


class ComplianceStateView(ApiModel):
    """A state's public bodies in the registry and the measures the caller may see."""

    jurisdiction: str = Field(description="The jurisdiction's id (see /jurisdictions).")
    organisations: list[ComplianceStateOrganisation]
    measures: list[ComplianceMeasure]


class Compliance(ApiModel):
    """Where each published commitment stands, summed up, and the states' bodies."""

    summary: list[ComplianceSummary]
    items: list[ComplianceItem]
    states: list[ComplianceStateView]


# the files the registry answers

PUBLIC_KEY_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/x-pem-file": {"schema": {"type": "string"}}},
        "description": "The registry's Ed25519 public key, PEM.",
    }
}
ATTACHMENT_BYTES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The file's bytes, sent with its stored media type (a PDF) as a "
        "download (Content-Disposition: attachment).",
    }
}
ATTACHMENT_TEXT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/plain": {"schema": {"type": "string"}}},
        "description": "The text read from the file; empty for a PDF without a text layer.",
    }
}
