"""Which units of a comparison speak to each concept of a taxonomy, as the product's
measured readings say: a person's label, or the provision classifier's, on the unit or a
provision nested in it (``store.unit_labels``), counted by coverage's own rule
(``coverage.label_counts``) except that a concept below the precision floor keeps its
classifier labels and is marked experimental. The per-concept interoperability index
(``interop.interoperability``) is computed over these units, and each concept carries the
classifier's measured precision and recall, so that no figure rests on an unmeasured
reading (the zero-shot matcher it replaces reaches precision 0.36 on the building blocks).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.analytics.compare import Comparison
from govatlas.analytics.coverage import label_counts
from govatlas.classify.measured.shipped import MeasuredConcept, reaches_floor, shipped_quality
from govatlas.store.coverage_rows import concept_children, concepts_by_notation
from govatlas.store.unit_labels import labels_under_units


@dataclass(frozen=True)
class ConceptUnits:
    """The units of each side that speak to one concept, and how well that is read."""

    concept: str  # global id, e.g. fli-blocks:red-lines
    label: str
    quality: MeasuredConcept | None  # the shipped classifier's figures; None: none shipped
    a_units: list[int]  # indices into comparison.a_units
    b_units: list[int]

    @property
    def measured(self) -> bool:
        """Whether the readings behind it reach the precision floor (not experimental)."""
        return reaches_floor(self.quality)

    @property
    def note(self) -> str:
        """The classifier's figures on the test split, or why the concept is experimental."""
        if self.quality is None:
            return "experimental: no provision classifier for this concept (too few gold positives)"
        return f"provision classifier: {self.quality.note}"


def concept_units(session: Session, comparison: Comparison, taxonomy: str) -> list[ConceptUnits]:
    """Per concept of ``taxonomy``, the units of either side it is read in (module docstring)."""
    quality = shipped_quality(taxonomy)
    parents = concept_children(session)
    concepts = [  # a parent without a classifier of its own (OECD's 1 and 2) is left out
        c
        for c in concepts_by_notation(session, taxonomy)
        if c.notation in quality or c.id not in parents
    ]
    ids = [c.id for c in concepts]
    units = [u.id for u in comparison.a_units] + [u.id for u in comparison.b_units]
    labels = labels_under_units(session, units, ids)
    found = []
    for concept in concepts:
        measured = quality.get(concept.notation)

        def speaks(unit: int, concept_id: str = concept.id) -> bool:
            return any(
                label.concept == concept_id
                and label_counts(label.method, label.model, label.status, measured=True)
                for label in labels.get(unit, [])
            )

        found.append(
            ConceptUnits(
                concept.id,
                concept.pref_label,
                measured,
                [i for i, u in enumerate(comparison.a_units) if speaks(u.id)],
                [i for i, u in enumerate(comparison.b_units) if speaks(u.id)],
            )
        )
    return found
