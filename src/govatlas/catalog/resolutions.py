"""Facts about individual source documents that their own metadata gets wrong or omits.

A source may file a document under "Other authorities", type a bill as a
policy or give no country at all. ``data/resolutions.yaml`` records, per
document (by its id in the source: ``agora`` 1802), the jurisdiction, type or
binding force that the document itself shows, with the reason. Ingest applies
them before linking, so the stored instrument is right from the start and
``govatlas quality`` lists only what nobody has resolved yet.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govatlas.errors import InvalidInputError
from govatlas.vocabulary import Binding, InstrumentType

if TYPE_CHECKING:
    from govatlas.records import InstrumentDraft

RESOLUTIONS_FILE = "resolutions.yaml"


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    scheme: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    value: str = Field(min_length=1)
    jurisdiction: str | None = None
    type: InstrumentType | None = None
    binding: Binding | None = None
    reason: str = Field(min_length=10)


def read_resolutions(text: str) -> dict[tuple[str, str], Resolution]:
    """Parse the file's text; a problem names the entry."""
    try:
        raw = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise InvalidInputError(f"{RESOLUTIONS_FILE}: cannot parse ({exc})") from exc
    found: dict[tuple[str, str], Resolution] = {}
    for index, item in enumerate(raw, 1):
        try:
            resolution = Resolution.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise InvalidInputError(
                f"{RESOLUTIONS_FILE} entry #{index}: {where}: {error['msg']}",
                "fix the entry",
            ) from exc
        key = (resolution.scheme, resolution.value)
        if key in found:
            raise InvalidInputError(f"{RESOLUTIONS_FILE} entry #{index}: {key} is listed twice")
        found[key] = resolution
    return found


@cache
def source_resolutions() -> dict[tuple[str, str], Resolution]:
    path = resources.files("govatlas.catalog").joinpath(f"data/{RESOLUTIONS_FILE}")
    return read_resolutions(path.read_text(encoding="utf-8"))


def resolve(draft: InstrumentDraft) -> InstrumentDraft:
    """The draft with the facts recorded for any of its external ids applied."""
    for scheme, value in draft.external_ids.items():
        found = source_resolutions().get((scheme, str(value)))
        if found is None:
            continue
        type_ = found.type or draft.type
        binding = found.binding or draft.binding
        return replace(
            draft,
            jurisdiction=found.jurisdiction or draft.jurisdiction,
            type=type_,
            binding=binding,
        )
    return draft
