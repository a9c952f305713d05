"""A fixture store with texts read by the technology classifier: Alpha Act in English and
Gamma Guidance in French; generative AI (measured) labelled by the model on both, compute
(unmeasured) by the model on Gamma and by a person on Alpha."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.provision_quality import PROVISION_MODEL, shipped_quality
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.sources.records import SourceDocument
from govatlas.store.models import Label, LabelEvidence, LabellingRun, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus

MEASURED = "generative-ai-and-synthetic-media"
UNMEASURED = "compute-chips-and-data-centres"
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


def add_technology_texts(built: Engine) -> Engine:
    """Store the two texts with their labels and labelling runs in ``built``."""
    assert shipped_quality("technology")[MEASURED].assessable
    assert not shipped_quality("technology")[UNMEASURED].assessable
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
