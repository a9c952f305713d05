"""The dataset release outputs cite."""

from __future__ import annotations

from pydantic import Field

from govatlas.web.schemas.common import ApiModel, StoredTime


class Release(ApiModel):
    """A frozen, content-hashed state of the data."""

    id: str
    tag: str
    content_hash: str = Field(description="SHA-256 over every version, label and record.")
    created_at: StoredTime = Field(
        description="ISO 8601, in UTC; without an offset on an SQLite store."
    )
    counts: dict[str, int] = Field(
        description="What it holds: instruments, versions, provisions, labels, records."
    )
    note: str | None
