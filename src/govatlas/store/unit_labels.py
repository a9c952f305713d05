"""The labels under each unit of a comparison: on the unit itself or on any provision
nested in it (a paragraph or point of an article), for a set of concepts
(``analytics.concept_units``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import Label, Provision
from govatlas.vocabulary import LabelMethod, ReviewStatus


class UnitLabel(NamedTuple):
    concept: str
    method: LabelMethod
    model: str | None
    status: ReviewStatus


def labels_under_units(
    session: Session, unit_ids: Collection[int], concepts: Collection[str]
) -> dict[int, list[UnitLabel]]:
    """Unit id -> the provision-level labels of these concepts on it or on a provision
    nested in it. A label above a unit (on a chapter holding it) is no label of the unit."""
    units = set(unit_ids)
    if not units or not concepts:
        return {}
    versions = select(Provision.version_id).where(Provision.id.in_(units)).distinct()
    query = select(Provision.id, Provision.parent_id).where(Provision.version_id.in_(versions))
    parent: dict[int, int | None] = {child: up for child, up in session.execute(query)}

    def unit_of(provision: int) -> int | None:
        node: int | None = provision
        while node is not None:
            if node in units:
                return node
            node = parent.get(node)
        return None

    found: dict[int, list[UnitLabel]] = defaultdict(list)
    labels = (
        select(
            Label.provision_id, Label.concept_id, Label.method, Label.model_id, Label.review_status
        )
        .join(Provision, Provision.id == Label.provision_id)
        .where(Provision.version_id.in_(versions), Label.concept_id.in_(list(concepts)))
    )
    for provision, concept, method, model, status in session.execute(labels):
        unit = unit_of(provision) if provision is not None else None
        if unit is not None:
            found[unit].append(UnitLabel(concept, method, model, status))
    return dict(found)
