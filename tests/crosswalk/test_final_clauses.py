"""Final and commencement clauses are never a counterpart: not suggested, not listed,
not matched (audit: the only "agreement" between the EU AI Act and China's
generative-AI measures was Art. 113 "Entry into force" superset Art. 24 "This Measures
shall come into force on August 15, 2023", an unreviewed machine link)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.compare import ProvisionRef, compare_instruments
from govatlas.crosswalk.align import SHIPPED_RANKER, Candidate
from govatlas.crosswalk.final_clauses import is_final_clause
from govatlas.crosswalk.neighbour_votes import Reviewed
from govatlas.crosswalk.suggest import SuggestOptions, store_alignment
from govatlas.ingest.pipeline import store_provisions
from govatlas.records import ProvisionDraft
from govatlas.store.instruments import add_version
from govatlas.store.models import Provision, Relationship
from govatlas.store.session import transaction
from govatlas.vocabulary import RelationshipType
from tests.judgements import add_judgement

ALPHA = [
    ("art.1", "Transparency", "Providers shall mark synthetic images in a machine-readable way."),
    (
        "art.2",
        "Entry into force and application",
        "This Regulation shall enter into force on the twentieth day following its publication. "
        "It shall apply from 2 August 2026.",
    ),
]
BETA = [
    ("art.1", None, "Article 1 Providers shall label generated pictures and videos."),
    ("art.2", None, "Article 2 These Measures shall come into force on August 15, 2023."),
]


def test_final_clauses_by_heading_or_by_every_sentence() -> None:
    assert is_final_clause("Entry into force and application", "Article 113 ...")
    assert is_final_clause("Repeal", "Directive 2001/95 is repealed.")
    assert is_final_clause(None, "Article 24 This Measures shall come into force on 15 August.")
    assert is_final_clause(None, "**Article 24**: These measures take effect on August 15, 2023.")
    assert not is_final_clause(None, "Article 12 Providers shall mark the generated content.")
    assert not is_final_clause(
        "Obligations",
        "Providers shall keep logs. This obligation shall enter into force on 1 May 2026.",
    )


def _store(session: Session, instrument: str, rows: Sequence[tuple[str, str | None, str]]) -> None:
    text = "\n".join(body for _, _, body in rows)
    drafts, position = [], 0
    for path, heading, body in rows:
        drafts.append(ProvisionDraft(path, "article", heading, position, position + len(body)))
        position += len(body) + 1
    version, _ = add_version(session, instrument, text, format="txt", language="en")
    store_provisions(session, version, drafts)


def _ids(session: Session, instrument_rows: int) -> list[int]:
    ids = list(session.scalars(select(Provision.id).order_by(Provision.id)))
    return ids[-instrument_rows:]


def test_a_link_between_commencement_clauses_is_no_counterpart(built: Engine) -> None:
    with transaction(built) as session:
        _store(session, "alpha-act", ALPHA)
        _store(session, "beta-bill", BETA)
        session.flush()
        a1, a2, b1, b2 = _ids(session, 4)
        add_judgement(session, a2, b2, RelationshipType.SUPERSET)
        add_judgement(session, a1, b1, RelationshipType.EQUAL)
    with Session(built) as session:
        result = compare_instruments(session, "alpha-act", "beta-bill")
    assert [(p.a.path, p.b.path) for p in result.overlaps] == [("art.1", "art.1")]
    assert result.final_clause_links == 1
    assert len(result.matched_a) == len(result.matched_b) == 1
    assert result.units_without_text == []


def test_final_clauses_are_never_stored_as_suggestions(built: Engine) -> None:
    with transaction(built) as session:
        _store(session, "alpha-act", ALPHA)
        _store(session, "beta-bill", BETA)
        session.flush()
        a1, a2, b1, b2 = _ids(session, 4)
    candidates = [
        Candidate(str(a2), str(b2), 1, 3.0, RelationshipType.SUPERSET, None, 0.9),
        Candidate(str(a1), str(b1), 1, 2.0, RelationshipType.EQUAL, None, 0.8),
    ]
    stored = store_alignment(
        built, ([a1, a2], [b1, b2]), candidates, Reviewed(), SHIPPED_RANKER, SuggestOptions()
    )
    assert stored.suggestions == 1
    with Session(built) as session:
        linked = session.execute(
            select(Relationship.source_provision_id, Relationship.target_provision_id).where(
                Relationship.source_provision_id.in_([a1, a2])
            )
        ).all()
    assert [tuple(row) for row in linked] == [(a1, b1)]


def test_a_unit_stored_without_words_is_reported() -> None:
    empty = ProvisionRef(1, "x", "h.0.12", "Service Standards", "## 12 Service Standards", "")
    full = ProvisionRef(2, "x", "art.12", None, "Article 12 Providers shall mark content.", "")
    assert empty.without_text and not full.without_text
