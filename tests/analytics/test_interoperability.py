"""compare, the interoperability index, coverage and definition divergence on hand-made cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.compare import ProvisionRef, compare_instruments
from govatlas.analytics.concept_units import concept_units
from govatlas.analytics.definitions import compare_definitions, extract_definitions
from govatlas.analytics.interop import UnitFlags, index_value, interoperability
from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.classify.measured.shipped import PROVISION_MODEL
from govatlas.crosswalk.known_tables import draft_note
from govatlas.store.models import Label, Provision, Relationship
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import LabelMethod, RelationshipMethod, RelationshipType, ReviewStatus
from tests.judgements import add_judgement

A, B = "eu-ai-act", "nist-ai-rmf-1-0"


@pytest.fixture
def linked(crosswalked: Engine) -> tuple[Engine, list[int], list[int]]:
    """A0 = B0 (equal), B1 subset of A1 (stored B -> A), A2 contrary to B1."""
    with transaction(crosswalked) as session:
        a = [p.id for p in unit_provisions(session, A)]
        b = [p.id for p in unit_provisions(session, B)]
        add_judgement(session, a[0], b[0], RelationshipType.EQUAL)
        add_judgement(session, b[1], a[1], RelationshipType.SUBSET)
        add_judgement(session, a[2], b[1], RelationshipType.CONTRARY)
    return crosswalked, a, b


def test_compare_reads_every_pair_from_a_to_b(linked: tuple[Engine, list[int], list[int]]) -> None:
    engine, a, b = linked
    with Session(engine) as session:
        result = compare_instruments(session, A, B)
    kinds = {(p.a.id, p.b.id): p.type for p in result.overlaps}
    assert kinds == {(a[0], b[0]): RelationshipType.EQUAL, (a[1], b[1]): RelationshipType.SUPERSET}
    assert [(p.a.id, p.b.id) for p in result.conflicts] == [(a[2], b[1])]
    assert result.matched_a == {a[0], a[1]}
    assert {u.id for u in result.only_a} == set(a) - {a[0], a[1]}
    assert {u.id for u in result.only_b} == set(b) - {b[0], b[1]}


def test_human_only_ignores_suggestions(linked: tuple[Engine, list[int], list[int]]) -> None:
    engine, a, b = linked
    with transaction(engine) as session:
        for target, confidence in ((b[2], 0.9), (b[0], 0.4)):  # the weak one is never listed
            session.add(
                Relationship(
                    source_provision_id=a[3],
                    target_provision_id=target,
                    type=RelationshipType.INTERSECTS,
                    method=RelationshipMethod.AUTOMATED,
                    review_status=ReviewStatus.UNREVIEWED,
                    confidence=confidence,
                )
            )
    with Session(engine) as session:
        assert len(compare_instruments(session, A, B).overlaps) == 3
        assert len(compare_instruments(session, A, B, human_only=True).overlaps) == 2


def test_interoperability_index_by_hand(linked: tuple[Engine, list[int], list[int]]) -> None:
    engine, a, b = linked
    with Session(engine) as session:
        result = interoperability(compare_instruments(session, A, B))
    overall = result.overall
    assert overall is not None
    # a unit scores match x (1 - conflict): A: a0, a1 aligned, a2 only in conflict (0);
    # B: b0 aligned, b1 aligned but in conflict (0)
    expected = (1 + 1 + 0 + 1 + 0) / (len(a) + len(b))
    assert overall.value == pytest.approx(expected, abs=1e-4)
    assert overall.low is not None and overall.high is not None
    assert overall.low < overall.value < overall.high
    assert (overall.a_matched, overall.b_matched, overall.conflicts) == (2, 2, 2)
    assert overall.basis == "units" and overall.concept_links == 0


def _flags(matched: list[int], conflicted: list[int]) -> UnitFlags:
    return UnitFlags(np.array(matched, dtype=float), np.array(conflicted, dtype=float))


def test_index_value_edges() -> None:
    assert index_value(_flags([], []), _flags([], [])) is None
    full = index_value(_flags([1] * 4, [0] * 4), _flags([1] * 3, [0] * 3))
    assert full is not None and full.value == 1.0 and full.high == 1.0
    assert full.low is not None and full.low < 1.0  # all aligned is no proof of 1
    none = index_value(_flags([0, 0], [1, 1]), _flags([0, 0], [0, 0]))
    assert none is not None and none.value == 0.0 and none.low == 0.0
    assert none.high is not None and none.high > 0.0
    half = index_value(_flags([1, 0], [0, 0]), _flags([1, 0], [0, 0]))
    assert half is not None and half.value == 0.5
    assert half.low is not None and half.high is not None and half.low < 0.5 < half.high


SAFETY = "fli-blocks:safety-standards"


def _label(provision: int, concept: str, method: LabelMethod, status: ReviewStatus) -> Label:
    model = PROVISION_MODEL if method is LabelMethod.MODEL else None
    return Label(
        concept_id=concept,
        provision_id=provision,
        method=method,
        model_id=model,
        model_version="test" if model else None,
        review_status=status,
    )


def test_per_concept_index_reads_the_stored_labels_under_each_unit(
    linked: tuple[Engine, list[int], list[int]],
) -> None:
    engine, a, b = linked
    red_lines = "fli-blocks:red-lines"
    with transaction(engine) as session:
        children = {
            parent: child
            for child, parent in session.execute(
                select(Provision.id, Provision.parent_id).where(Provision.parent_id.in_(a))
            )
        }
        nested = next(i for i, unit in enumerate(a) if unit in children and i not in (3, 4))
        child = children[a[nested]]
        session.add_all(
            [
                # the classifier's label on a paragraph of an article speaks for the article
                _label(child, red_lines, LabelMethod.MODEL, ReviewStatus.UNREVIEWED),
                _label(b[0], red_lines, LabelMethod.HUMAN, ReviewStatus.UNREVIEWED),
                _label(a[3], red_lines, LabelMethod.MODEL, ReviewStatus.REJECTED),  # no
                _label(
                    a[4], "fli-blocks:safety-standards", LabelMethod.HUMAN, ReviewStatus.ACCEPTED
                ),
            ]
        )
    with Session(engine) as session:
        comparison = compare_instruments(session, A, B)
        readings = {r.concept: r for r in concept_units(session, comparison, "fli-blocks")}
        result = interoperability(comparison, list(readings.values()))
    assert len(readings) == 7
    assert (readings[red_lines].a_units, readings[red_lines].b_units) == ([nested], [0])
    assert readings[SAFETY].a_units == [4]
    assert readings["fli-blocks:emergency-response"].a_units == []
    # B0 = A0 is aligned; the article is aligned when it is A0 or A1
    value = result.by_concept[red_lines]
    assert value is not None and value.value == (1 + (nested in (0, 1))) / 2
    assert result.by_concept["fli-blocks:emergency-response"] is None
    quality = readings[red_lines].quality
    assert quality is not None and readings[red_lines].measured == quality.assessable
    assert readings[red_lines].note.startswith("provision classifier: ")


def test_concept_matching_by_name_and_negative_labels() -> None:
    matcher = ConceptMatcher(concepts_of(load_taxonomies(), ["fli-blocks"]))
    found = matcher.match(
        [
            "Providers shall report any serious incident to the authority within 15 days.",
            "The budget of the ministry for 2025.",
        ]
    )
    assert "fli-blocks:emergency-response" in {m.concept for m in found[0]}
    assert found[1] == [] or all(m.reason == "meaning" for m in found[1])


def test_definitions_are_extracted_and_compared(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        found = extract_definitions(session, "law-xx-test-act")
    terms = {d.term: d for d in found}
    assert "automated decision" in terms
    assert terms["automated decision"].wording.startswith("a decision made without human")
    assert terms["automated decision"].provision_path is not None
    other = terms["automated decision"].__class__(
        "automated decision", "alpha-act", "a decision taken by a machine alone", None, None
    )
    (pair,) = compare_definitions([terms["automated decision"], other])
    assert pair.verdict in {"agree", "differ", "not comparable"}
    assert "human" in pair.only_a


def test_the_stated_verdict_rule_is_the_one_applied() -> None:
    from govatlas.analytics.definition_verdicts import AGREE, verdict
    from govatlas.analytics.definitions import VERDICT_RULE

    assert f"{AGREE} or more agree" in VERDICT_RULE and "differ in part or in whole" in VERDICT_RULE
    own = "a machine-based system that infers from its input how to generate outputs"
    other = "software that makes predictions for objectives people set"
    assert verdict(own, other, AGREE - 0.001) == "differ"
    assert verdict(own, other, AGREE) == "agree"


def test_a_crosswalk_item_is_cited_by_its_own_id_never_by_a_slug(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        result = compare_instruments(session, B, "iso-iec-42001")
    ends = [p.b for p in result.overlaps]
    assert ends and all(e.reference for e in ends)
    assert all(e.label and any(c.isdigit() for c in e.label) for e in ends)  # "4.1", not a slug
    assert all(
        not p.a.reference and p.a.label.startswith(("GOVERN", "MAP", "MEASURE", "MANAGE"))
        for p in result.overlaps
    )


def test_an_item_named_by_its_words_for_a_draft_says_so() -> None:
    note = draft_note("crosswalk:rmf-oecd-euaia-eo-bor", "eu-ai-act")
    assert "as proposed" in note
    assert draft_note("crosswalk:rmf-oecd-euaia-eo-bor", "oecd-ai-principles-2019") == ""
    assert draft_note(None, "eu-ai-act") == ""
    item = ProvisionRef(
        1, "eu-ai-act", "safety", "Safety", "Safety", "Safety", True, "Safety", note
    )
    assert item.label == ""  # its words are no id; the excerpt shows them
    assert item.excerpt.startswith(f"[{note}]") and item.excerpt.endswith("Safety")


def test_a_definition_that_opens_a_list_takes_the_list_to_the_next_definition() -> None:
    from types import SimpleNamespace

    from govatlas.analytics.definitions import DEFINITION, _wording

    text = (
        '"Foundation model" means an AI model that is all of the following:\n'
        "(1) Trained on a broad data set.\n(2) Designed for generality of output.\n"
        '"Frontier model" means a foundation model trained with more than 10^26 operations.\n'
    )
    first, second = list(DEFINITION.finditer(text))
    where: Any = SimpleNamespace(end_offset=len(text))
    wording = _wording(text, first, where, second.start())
    assert wording.startswith("an AI model that is all of the following: (1) Trained")
    assert wording.endswith("(2) Designed for generality of output.")
    # a definition in one sentence is left as it is
    assert _wording(text, second, where, None) == (
        "a foundation model trained with more than 10^26 operations"
    )
