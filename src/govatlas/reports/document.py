"""A computed report before rendering: its context, its citations, and the release it cites.

Reports cite a dataset release. Without ``--release`` the release whose content
hash equals the store's current data is used; a named release is accepted only
if the store still holds exactly its data (otherwise the figures would not be
the release's), and either way a clear error says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.excerpts import excerpt
from govatlas.provision_labels import provision_label
from govatlas.reports.citations import Citations, ReleaseRef
from govatlas.store.provision_refs import provision_headings, provision_places
from govatlas.store.releases import data_hash, release_named, release_of_data


def release_for(session: Session, wanted: str | None) -> ReleaseRef:
    current = data_hash(session)
    if wanted is not None:
        release = release_named(session, wanted)
        if release is None:
            raise NotFoundError(
                f"no dataset release {wanted!r}", "list them with `govatlas release list`"
            )
        if release.content_hash != current:
            raise InvalidInputError(
                f"the store no longer holds the data of release {release.tag}",
                "report on the current data (omit --release) after `govatlas release create`",
            )
    else:
        release = release_of_data(session, current)
        if release is None:
            raise InvalidInputError(
                "the store's current data has no dataset release to cite",
                "run `govatlas release create` (or `govatlas build`) first",
            )
    return ReleaseRef(release.id, release.tag, release.content_hash)


@dataclass
class ReportDocument:
    kind: str
    context: dict[str, Any]
    citations: Citations
    provisions: dict[int, tuple[str, str]]  # provision id -> (instrument, path)

    @classmethod
    def make(
        cls, kind: str, context: dict[str, Any], citations: Citations, session: Session
    ) -> ReportDocument:
        wanted = sorted({p for c in citations.entries.values() for p in c.provisions})
        return cls(kind, context, citations, provision_places(session, wanted))


HEADING_CHARS = 48  # a provision's heading beside its label in a policy option


def provision_labeller(
    session: Session, names: Mapping[str, str]
) -> Callable[[Sequence[int]], list[str]]:
    """A function giving provisions their citation labels: "EU AI Act Art. 73(1)"."""

    def label(ids: Sequence[int]) -> list[str]:
        places = provision_places(session, ids)
        headings = provision_headings(session, set(ids))
        labels = []
        for i in ids:
            if i not in places:
                continue
            instrument, path = places[i]
            text = f"{names.get(instrument, instrument)} {provision_label(path)}"
            heading = (headings.get(i) or "").strip()
            if heading and heading.lower() not in text.lower():
                text += f" ({excerpt(heading, HEADING_CHARS)})"
            labels.append(text)
        return labels

    return label
