"""A fixture store with texts read by the technology classifier: Alpha Act in English and
Gamma Guidance in French; generative AI (measured) labelled by the model on both, compute
(unmeasured) by the model on Gamma and by a person on Alpha.

Which technologies are measured is fixed here (``fix_technology_figures``), not read from
the shipped model, whose figures change with every retraining."""

from __future__ import annotations

from types import ModuleType

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics import coverage as coverage_module
from govatlas.analytics import technology as technology_module
from govatlas.classify.labels import queue as label_queue
from govatlas.classify.measured import experimental as quality
from govatlas.classify.measured import shipped as provision_quality
from govatlas.classify.measured.shipped import PROVISION_MODEL, MeasuredConcept
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import SourceDocument
from govatlas.reports import coverage as report_coverage
from govatlas.reports import methodology
from govatlas.store.models import Label, LabelEvidence, LabellingRun, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web import taxonomy_pages

MEASURED = "generative-ai-and-synthetic-media"
UNMEASURED = "compute-chips-and-data-centres"
VEHICLES = "autonomous-vehicles-and-robotics"
FIGURES = {
    # 6 of 7 predicted right: at the floor, yet a machine-only label may well be wrong
    MEASURED: MeasuredConcept("technology", MEASURED, 0.5, 0.857, 0.6, 0.706, 10, None, None, 7),
    VEHICLES: MeasuredConcept("technology", VEHICLES, 0.5, 0.9, 0.9, 0.9, 10, None, None, 10),
    UNMEASURED: MeasuredConcept("technology", UNMEASURED, 0.5, 0.6, 0.7, 0.646, 27, None, None, 32),
}
USERS: tuple[ModuleType, ...] = (
    coverage_module,
    technology_module,
    label_queue,
    quality,
    report_coverage,
    methodology,
    taxonomy_pages,
)
ENGLISH = (
    "Article 1. Scope. This Act applies to providers of generative artificial intelligence "
    "systems that produce synthetic images, audio or text for the public.\n\n"
    "Article 2. Labelling. Providers shall mark synthetic content in a machine-readable "
    "format so that it can be detected as artificially generated.\n"
)
FRENCH = (
    "Article 1. Champ d'application. La présente recommandation s'applique aux "
    "fournisseurs de systèmes d'intelligence artificielle générative et aux centres de "
    "données qui les hébergent.\n\n"
    "Article 2. Marquage. Les fournisseurs signalent les contenus synthétiques de manière "
    "lisible par machine afin qu'ils puissent être détectés.\n"
)


def _label(session: Session, provision: int, notation: str, method: LabelMethod) -> None:
    label = Label(
        concept_id=f"technology:{notation}",
        provision_id=provision,
        method=method,
        model_id=PROVISION_MODEL if method is LabelMethod.MODEL else None,
        review_status=ReviewStatus.UNREVIEWED,
        score=0.9,
    )
    label.evidence.append(
        LabelEvidence(provision_id=provision, start_offset=0, end_offset=20, score=0.9)
    )
    session.add(label)


def fix_technology_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The technology classifier's test figures as ``FIGURES`` says, for every module
    that reads them; other taxonomies keep the shipped figures."""
    shipped = provision_quality.shipped_quality

    def fixed(taxonomy: str) -> dict[str, MeasuredConcept]:
        found = dict(shipped(taxonomy))
        if taxonomy == "technology":
            found.update(FIGURES)
        return found

    for module in USERS:
        if hasattr(module, "shipped_quality"):
            monkeypatch.setattr(module, "shipped_quality", fixed)


def add_technology_texts(built: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """Store the two texts with their labels and labelling runs in ``built``, with the
    technology figures fixed (``fix_technology_figures``)."""
    fix_technology_figures(monkeypatch)
    assert FIGURES[MEASURED].assessable and FIGURES[VEHICLES].assessable
    assert not FIGURES[UNMEASURED].assessable
    with transaction(built) as session:
        linker = Linker(session)
        firsts = {}
        for instrument, text, language in (
            ("alpha-act", ENGLISH, "en"),
            ("gamma-guidance", FRENCH, "fr"),
        ):
            stored = store_document(
                session,
                linker,
                SourceDocument(
                    "test", instrument, instrument, text=text, known_instrument=instrument
                ),
            )
            assert stored.version_id is not None
            provision = session.scalars(
                select(Provision)
                .where(Provision.version_id == stored.version_id)
                .order_by(Provision.ordinal)
            ).first()
            assert provision is not None and provision.language in (language, None)
            firsts[instrument] = provision.id
            session.add(
                LabellingRun(
                    version_id=stored.version_id,
                    taxonomy_id="technology",
                    model_id=PROVISION_MODEL,
                    model_version="test",
                    units=2,
                )
            )
        _label(session, firsts["alpha-act"], MEASURED, LabelMethod.MODEL)
        _label(session, firsts["gamma-guidance"], MEASURED, LabelMethod.MODEL)
        _label(session, firsts["gamma-guidance"], UNMEASURED, LabelMethod.MODEL)
        _label(session, firsts["alpha-act"], UNMEASURED, LabelMethod.HUMAN)
    return built
