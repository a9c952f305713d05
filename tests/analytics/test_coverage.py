"""Coverage states on hand-made cases: membership, legal effect, assessed vs not assessed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics import coverage as coverage_module
from govatlas.analytics.coverage import ABSENT, NOT_ASSESSED, coverage
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.classify.measured.shipped import PROVISION_MODEL, MeasuredConcept
from govatlas.errors import NotFoundError
from govatlas.store.models import (
    Adherence,
    Instrument,
    InstrumentVersion,
    Label,
    LabellingRun,
    Provision,
    content_hash,
)
from govatlas.store.models import Relationship as Link
from govatlas.store.session import transaction
from govatlas.vocabulary import (
    AdherenceAct,
    Binding,
    InstrumentType,
    LabelMethod,
    RelationshipMethod,
    RelationshipType,
    ReviewStatus,
    Status,
)

BLOCK = "fli-blocks:emergency-response"


def _instrument(
    session: Session,
    ident: str,
    jurisdiction: str,
    type_: InstrumentType,
    binding: Binding,
    status: Status,
    *,
    public: bool = True,
) -> None:
    session.add(
        Instrument(
            id=ident,
            title=ident,
            short_name=ident.title(),
            type=type_,
            binding=binding,
            status=status,
            jurisdiction_id=jurisdiction,
            public_authority=public,
        )
    )
    session.flush()


def _label(session: Session, instrument: str, concept: str = BLOCK) -> None:
    session.add(Label(concept_id=concept, instrument_id=instrument, method=LabelMethod.HUMAN))


def _with_text(
    session: Session, instrument: str, text: str = "Article 1. Text.", language: str | None = None
) -> int:
    version = InstrumentVersion(
        instrument_id=instrument,
        content_hash=content_hash(text),
        text=text,
        format="txt",
        language=language,
    )
    session.add(version)
    session.flush()
    provision = Provision(
        version_id=version.id,
        path="art.1",
        kind="article",
        start_offset=0,
        end_offset=len(text),
        ordinal=0,
        text=text,
    )
    session.add(provision)
    session.flush()
    return provision.id


def _measure_emergency_response(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the shipped classifier were measured above the floor on emergency response."""
    measured = MeasuredConcept("fli-blocks", "emergency-response", 0.5, 0.9, 0.6, 0.72, 40)
    monkeypatch.setattr(
        coverage_module,
        "shipped_quality",
        lambda taxonomy: {"emergency-response": measured} if taxonomy == "fli-blocks" else {},
    )


def _read_by_the_model(session: Session, instrument: str, language: str | None = None) -> None:
    """A text for the instrument, read whole by the provision classifier (no label found)."""
    provision = _with_text(session, instrument, language=language)
    version = session.get(Provision, provision).version_id  # type: ignore[union-attr]
    session.add(
        LabellingRun(
            version_id=version,
            taxonomy_id="fli-blocks",
            model_id=PROVISION_MODEL,
            model_version="t",
            units=1,
        )
    )


def test_eu_law_applies_in_member_states_and_bills_are_never_law(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(
            session, "eu-reg", "EU", InstrumentType.REGULATION, Binding.BINDING, Status.IN_FORCE
        )
        _label(session, "eu-reg")
        _instrument(
            session, "fra-bill", "FRA", InstrumentType.BILL, Binding.BINDING, Status.PROPOSED
        )
        _label(session, "fra-bill", "fli-blocks:red-lines")
        _instrument(
            session, "dead-bill", "ITA", InstrumentType.BILL, Binding.BINDING, Status.DEFUNCT
        )
        _label(session, "dead-bill", "fli-blocks:red-lines")
        _instrument(
            session,
            "firm-code",
            "BRA",
            InstrumentType.COMPANY_FRAMEWORK,
            Binding.NON_BINDING,
            Status.ADOPTED,
            public=False,
        )
        _label(session, "firm-code", "fli-blocks:red-lines")
    with Session(built) as session:
        result = coverage(session, "fli-blocks")
    germany = result.cell("DEU", "emergency-response")
    assert germany.state == "binding-in-force"
    assert germany.instruments == ["eu-reg"] and germany.via == ["eu-reg"]
    assert result.cell("USA", "emergency-response").state == NOT_ASSESSED
    # a pending bill is a binding proposal, not binding law; a failed one counts nowhere
    assert result.cell("FRA", "red-lines").state == "binding-proposed"
    assert result.cell("ITA", "red-lines").state == NOT_ASSESSED
    # a company's framework never speaks for its country
    assert result.cell("BRA", "red-lines").state == NOT_ASSESSED
    # every UN Member State has a row, first, and bodies follow
    assert result.rows[: len(un_member_states())] == sorted(un_member_states())


def test_not_assessed_is_not_absent(built: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _measure_emergency_response(monkeypatch)
    with transaction(built) as session:
        _instrument(session, "nor-law", "NOR", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _read_by_the_model(session, "nor-law")
        _instrument(session, "swe-law", "SWE", InstrumentType.LAW, Binding.BINDING, Status.ADOPTED)
        other = _with_text(session, "swe-law", "Article 1. Incidents shall be reported.")
        session.add(
            Label(
                concept_id=BLOCK,
                provision_id=other,
                method=LabelMethod.MODEL,
                model_id=PROVISION_MODEL,
                score=0.9,
            )
        )
        _instrument(session, "che-law", "CHE", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _with_text(session, "che-law")  # text, but never read by a measured method
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["NOR", "SWE", "CHE"])
    assert result.cell("NOR", "emergency-response").state == ABSENT
    assert result.cell("NOR", "emergency-response").instruments == ["nor-law"]
    assert result.cell("NOR", "red-lines").state == NOT_ASSESSED  # no measured method
    adopted = result.cell("SWE", "emergency-response")
    assert adopted.state == "binding-adopted" and adopted.evidence == {"swe-law": [other]}
    assert result.cell("CHE", "emergency-response").state == NOT_ASSESSED


def test_a_text_in_a_language_the_classifier_was_not_measured_on_is_not_assessed(
    built: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _measure_emergency_response(monkeypatch)  # measured on English (the shipped default)
    with transaction(built) as session:
        for ident, jurisdiction, language in (
            ("chn-rule", "CHN", "zh"),
            ("irl-law", "IRL", "en"),
            ("mlt-law", "MLT", None),
        ):
            _instrument(
                session, ident, jurisdiction, InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE
            )
            _read_by_the_model(session, ident, language)
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["CHN", "IRL", "MLT"])
    # silence of an English-measured classifier on a Chinese text is not "absent"
    assert result.cell("CHN", "emergency-response").state == NOT_ASSESSED
    assert result.cell("IRL", "emergency-response").state == ABSENT
    assert result.cell("MLT", "emergency-response").state == ABSENT  # language unknown


def test_unmeasured_and_rejected_labels_are_not_evidence(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(session, "aut-law", "AUT", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        provision = _with_text(session, "aut-law")
        session.add(
            Label(
                concept_id=BLOCK,
                provision_id=provision,
                method=LabelMethod.MODEL,
                model_id="concept-match-minilm",
                score=0.9,
            )
        )
        session.add(
            Label(
                concept_id="fli-blocks:red-lines",
                instrument_id="aut-law",
                method=LabelMethod.HUMAN,
                review_status=ReviewStatus.REJECTED,
            )
        )
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["AUT"])
    assert result.cell("AUT", "emergency-response").state == NOT_ASSESSED
    assert result.cell("AUT", "red-lines").state == NOT_ASSESSED


def test_only_exact_or_narrower_mappings_count(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(session, "pol-law", "POL", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        # fli-blocks:red-lines maps to AGORA's privacy harms only as "related": not evidence
        _label(
            session, "pol-law", "agora:harms-violation-of-civil-or-human-rights-including-privacy"
        )
        _instrument(session, "prt-law", "PRT", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        # AGORA's fines tag is narrower than compliance mechanisms: a label on it counts
        _label(session, "prt-law", "agora:incentives-fines")
    with Session(built) as session:
        found = {
            (s, t, k)
            for s, t, k in session.query(
                Link.source_concept_id, Link.target_concept_id, Link.type
            ).filter(Link.source_concept_id == "fli-blocks:compliance-mechanisms")
        }
        assert (
            "fli-blocks:compliance-mechanisms",
            "agora:incentives-fines",
            RelationshipType.SUPERSET,
        ) in found
        result = coverage(session, "fli-blocks", rows=["POL", "PRT"])
    assert result.cell("POL", "red-lines").state == NOT_ASSESSED
    assert result.cell("PRT", "compliance-mechanisms").state == "binding-in-force"


def test_treaties_bind_parties_by_what_they_did(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(
            session, "a-treaty", "COE", InstrumentType.TREATY, Binding.BINDING, Status.IN_FORCE
        )
        _label(session, "a-treaty")
        for party, act in (("FIN", AdherenceAct.RATIFIED), ("GEO", AdherenceAct.SIGNED)):
            session.add(
                Adherence(
                    instrument_id="a-treaty",
                    party=party,
                    act=act,
                    date=date(2025, 1, 1),
                    source_url="https://example.org/treaty",
                )
            )
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["FIN", "GEO", "AND"])
    assert result.cell("FIN", "emergency-response").state == "binding-in-force"
    assert result.cell("GEO", "emergency-response").state == "binding-proposed"
    # a Council of Europe member that did nothing is not bound by a treaty
    assert result.cell("AND", "emergency-response").state == NOT_ASSESSED


def test_by_instrument_and_unknown_taxonomy(built: Engine) -> None:
    with transaction(built) as session:
        session.add(
            Link(
                source_concept_id=BLOCK,
                target_concept_id="fli-blocks:red-lines",
                type=RelationshipType.RELATED,
                method=RelationshipMethod.HUMAN,
            )
        )
        _label(session, "alpha-act")
    with Session(built) as session:
        result = coverage(session, "fli-blocks", by="instrument")
        with pytest.raises(NotFoundError):
            coverage(session, "no-such-taxonomy")
    assert result.cell("alpha-act", "emergency-response").state == "binding-in-force"
    assert result.cell("alpha-act", "red-lines").state == NOT_ASSESSED
    assert "beta-bill" not in result.rows  # vetoed: counts nowhere


def test_an_international_text_read_for_its_parties_does_not_make_national_law_absent(
    built: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _measure_emergency_response(monkeypatch)
    with transaction(built) as session:
        _instrument(
            session, "un-text", "UN", InstrumentType.RESOLUTION, Binding.NON_BINDING, Status.ADOPTED
        )
        _read_by_the_model(session, "un-text")
        # Kenya has a law of its own that nobody has read; Tuvalu has none
        _instrument(session, "ken-law", "KEN", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["KEN", "TUV"])
    assert result.cell("KEN", "emergency-response").state == NOT_ASSESSED
    tuvalu = result.cell("TUV", "emergency-response")
    assert tuvalu.state == ABSENT and tuvalu.via == ["un-text"]


def test_unread_binding_law_makes_a_weaker_state_a_lower_bound(built: Engine) -> None:
    """A declaration covers the concept, but the state's own law in force was never
    read: "non-binding" is then what is known, not what is so, and not counted as
    assessed where binding law in force is counted."""
    with transaction(built) as session:
        _instrument(session, "kaz-law", "KAZ", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _instrument(
            session,
            "kaz-plan",
            "KAZ",
            InstrumentType.STRATEGY,
            Binding.NON_BINDING,
            Status.ADOPTED,
        )
        _label(session, "kaz-plan")
        _instrument(session, "uzb-law", "UZB", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _label(session, "uzb-law")
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=["KAZ", "UZB"])
    kaz, uzb = result.cell("KAZ", "emergency-response"), result.cell("UZB", "emergency-response")
    assert kaz.state == "non-binding" and kaz.unread == ["kaz-law"] and not kaz.assessed
    assert kaz.as_json()["unread_binding_law"] == ["kaz-law"]
    assert uzb.state == "binding-in-force" and uzb.unread == [] and uzb.assessed


def test_a_company_party_to_a_commitment_is_no_row_of_places(built: Engine) -> None:
    with transaction(built) as session:
        _instrument(
            session,
            "seoul-commitments",
            "COE",
            InstrumentType.COMMITMENT,
            Binding.NON_BINDING,
            Status.ADOPTED,
        )
        _label(session, "seoul-commitments")
        for party in ("FRA", "examplecorp"):
            session.add(
                Adherence(
                    instrument_id="seoul-commitments",
                    party=party,
                    act=AdherenceAct.COMMITTED,
                    date=date(2024, 5, 21),
                    source_url="https://example.org/commitments",
                )
            )
    with Session(built) as session:
        result = coverage(session, "fli-blocks")
    assert "examplecorp" not in result.rows and "FRA" in result.rows
