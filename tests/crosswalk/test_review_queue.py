"""Suggestions between stored instruments and the review queue."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.crosswalk.review_queue import (
    apply_sheet,
    queue_instruments,
    queue_size,
    review_queue,
    review_suggestion,
    sheet_rows,
)
from govatlas.crosswalk.reviewed_tasks import decisions_between
from govatlas.crosswalk.suggest import suggest_again, suggest_crosswalk
from govatlas.errors import ConflictError, InvalidInputError, NotFoundError
from govatlas.review_sheets import CELL_CHARS, read_sheet, write_sheet
from govatlas.store.models import Provision, Relationship
from govatlas.store.relationships import standing
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus
from tests.judgements import record_judgement, waiting_pairs


def _count(engine: Engine, method: RelationshipMethod) -> int:
    with Session(engine) as session:
        return (
            session.scalar(
                select(func.count()).select_from(Relationship).where(Relationship.method == method)
            )
            or 0
        )


def test_suggestions_are_automated_unreviewed_and_replaced_on_rerun(suggested: Engine) -> None:
    first = _count(suggested, RelationshipMethod.AUTOMATED)
    again = suggest_crosswalk(suggested, "eu-ai-act", "nist-ai-rmf-1-0", top=3)
    assert again.replaced == first
    assert _count(suggested, RelationshipMethod.AUTOMATED) == first
    with Session(suggested) as session:
        queue = review_queue(session, "eu-ai-act")
    assert len(queue) == first
    assert all(q.source_instrument == "eu-ai-act" for q in queue)
    confidences = [q.confidence or 0 for q in queue]
    assert confidences == sorted(confidences, reverse=True)


def test_accept_correct_and_reject_record_decisions(suggested: Engine) -> None:
    humans = _count(suggested, RelationshipMethod.HUMAN)
    with Session(suggested) as session:
        first, second, third = [q.id for q in review_queue(session)][:3]
    with transaction(suggested) as session:
        accepted = review_suggestion(session, first, "accept", "ana")
        corrected = review_suggestion(
            session, second, "correct", "ana", RelationshipType.SUBSET, "narrower duty"
        )
        assert review_suggestion(session, third, "reject", "ana") is None
    assert accepted is not None and accepted.method is RelationshipMethod.HUMAN
    assert corrected is not None and corrected.type is RelationshipType.SUBSET
    assert corrected.rationale == "narrower duty"
    assert _count(suggested, RelationshipMethod.HUMAN) == humans + 2
    with Session(suggested) as session:
        statuses = {
            rid: session.get(Relationship, rid).review_status  # type: ignore[union-attr]
            for rid in (first, second, third)
        }
    assert statuses == {
        first: ReviewStatus.ACCEPTED,
        second: ReviewStatus.REJECTED,
        third: ReviewStatus.REJECTED,
    }


def test_accepting_as_another_type_is_a_correction(suggested: Engine) -> None:
    with Session(suggested) as session:
        first, second = review_queue(session)[:2]
    with transaction(suggested) as session:
        same = review_suggestion(session, first.id, "accept", "ana", RelationshipType(first.type))
        other = next(t for t in RelationshipType if t.value != second.type)
        changed = review_suggestion(session, second.id, "accept", "ana", other)
    assert same is not None and same.type.value == first.type
    assert changed is not None and changed.type is other
    with Session(suggested) as session:
        statuses = [session.get(Relationship, q.id).review_status for q in (first, second)]  # type: ignore[union-attr]
    assert statuses == [ReviewStatus.ACCEPTED, ReviewStatus.REJECTED]


def test_queue_filters_pages_and_counts(suggested: Engine) -> None:
    with Session(suggested) as session:
        total = queue_size(session)
        everything = review_queue(session, limit=1000)
        assert len(everything) == total > 3
        assert queue_instruments(session) == [("eu-ai-act", total), ("nist-ai-rmf-1-0", total)]
        pair = review_queue(session, "nist-ai-rmf-1-0", 1000, counterpart="eu-ai-act")
        assert [q.id for q in pair] == [q.id for q in everything]
        assert queue_size(session, "eu-ai-act", "iso-iec-42001") == 0
        assert queue_size(session, "eu-ai-act", "eu-ai-act") == 0  # no pair inside the Act
        second_page = review_queue(session, limit=2, offset=2)
        assert [q.id for q in second_page] == [q.id for q in everything[2:4]]
        item = everything[0]
        source = session.get(Provision, item.source_provision)
        assert source is not None and source.path == item.source_path
        assert item.source_excerpt == " ".join(source.text.split())[:300] + (
            "…" if len(" ".join(source.text.split())) > 300 else ""
        )


def test_a_reviewed_suggestion_gives_way_to_the_human_record(suggested: Engine) -> None:
    with Session(suggested) as session:
        first, second = [q.id for q in review_queue(session)][:2]
    with transaction(suggested) as session:
        human = review_suggestion(session, first, "accept", "ana")
        review_suggestion(session, second, "reject", "ana")
    assert human is not None
    with Session(suggested) as session:
        counted = set(session.scalars(select(Relationship.id).where(standing())))
    assert human.id in counted and first not in counted and second not in counted
    with Session(suggested) as session:
        waiting = set(
            session.scalars(
                select(Relationship.id).where(
                    Relationship.method == RelationshipMethod.AUTOMATED,
                    Relationship.review_status == ReviewStatus.UNREVIEWED,
                )
            )
        )
    assert waiting <= counted


def test_review_errors_are_clear(suggested: Engine) -> None:
    with Session(suggested) as session:
        first = review_queue(session)[0].id
        human = session.scalars(
            select(Relationship.id).where(Relationship.method == RelationshipMethod.HUMAN)
        ).first()
    with transaction(suggested) as session:
        review_suggestion(session, first, "reject", "ana")
    with pytest.raises(ConflictError, match="already rejected by ana"), transaction(suggested) as s:
        review_suggestion(s, first, "accept", "ana")
    with pytest.raises(NotFoundError), transaction(suggested) as s:
        review_suggestion(s, 10**9, "accept", "ana")
    with pytest.raises(InvalidInputError, match="not suggested"), transaction(suggested) as s:
        review_suggestion(s, human or 0, "accept", "ana")
    with (
        pytest.raises(InvalidInputError, match="needs the right type"),
        transaction(suggested) as s,
    ):
        review_suggestion(s, review_queue(s)[0].id, "correct", "ana")
    for name, problem in (("  ", "needs the reviewer's name"), ("a" * 201, "over 200 characters")):
        with pytest.raises(InvalidInputError, match=problem), transaction(suggested) as s:
            review_suggestion(s, review_queue(s)[0].id, "accept", name)


def test_suggesting_an_instrument_against_itself_is_refused(crosswalked: Engine) -> None:
    with pytest.raises(InvalidInputError):
        suggest_crosswalk(crosswalked, "nist-ai-rmf-1-0", "nist-ai-rmf-1-0")
    with pytest.raises(NotFoundError):
        suggest_crosswalk(crosswalked, "nist-ai-rmf-1-0", "no-such-instrument")


def test_a_review_sheet_is_applied_whole_or_not_at_all(suggested: Engine, tmp_path: Path) -> None:
    with Session(suggested) as session:
        items = review_queue(session, limit=4, excerpt_chars=CELL_CHARS)
    path = tmp_path / "todo.csv"
    write_sheet(path, sheet_rows(items), with_type=True)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [q.id for q in items]
    assert rows[0]["source text"] == items[0].source_excerpt  # full texts, for reading there
    rows[0] |= {"decision": "accept", "reviewer": "ana"}
    rows[1] |= {"decision": "accept", "type": "contrary", "reviewer": "ana", "note": "clash"}
    rows[2] |= {"decision": "reject", "reviewer": "bo"}
    rows[3] |= {"decision": "correct", "reviewer": "bo"}  # no type: cannot be applied
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    humans = _count(suggested, RelationshipMethod.HUMAN)
    decided = read_sheet(path, ("accept", "correct", "reject"), [t.value for t in RelationshipType])
    with transaction(suggested) as session, pytest.raises(InvalidInputError, match="line 5"):
        apply_sheet(session, path, decided)
    assert _count(suggested, RelationshipMethod.HUMAN) == humans  # nothing was stored
    with Session(suggested) as session:
        assert len(review_queue(session, limit=1000)) >= 4
    with transaction(suggested) as session:
        done = apply_sheet(session, path, decided[:3])
    assert done == {"accepted": 1, "corrected": 1, "rejected": 1}
    assert _count(suggested, RelationshipMethod.HUMAN) == humans + 2
    with Session(suggested) as session:
        corrected = session.scalars(
            select(Relationship).where(Relationship.citation == f"review:{items[1].id}")
        ).one()
    assert corrected.type is RelationshipType.CONTRARY and corrected.author == "ana"
    assert corrected.rationale == "clash"
    with transaction(suggested) as session:  # the same sheet again changes nothing
        assert apply_sheet(session, path, decided[:3]) == {"unchanged": 3}
    assert _count(suggested, RelationshipMethod.HUMAN) == humans + 2
    otherwise = [replace(decided[0], decision="reject"), replace(decided[1], type="subset")]
    with transaction(suggested) as session, pytest.raises(ConflictError) as caught:
        apply_sheet(session, path, otherwise)
    suggested_type = items[0].type
    assert f"line 2: suggestion {items[0].id} was already decided otherwise (accepted as " in (
        caught.value.message
    )
    assert suggested_type in caught.value.message
    assert "line 3: " in caught.value.message and "(corrected as contrary)" in caught.value.message


def test_a_rerun_learns_from_the_decisions_and_never_asks_again(suggested: Engine) -> None:
    with Session(suggested) as session:
        first, second = review_queue(session)[:2]
    with transaction(suggested) as session:
        review_suggestion(session, first.id, "accept", "ana", RelationshipType.INTERSECTS)
        review_suggestion(session, second.id, "reject", "ana")
    again = suggest_crosswalk(suggested, "eu-ai-act", "nist-ai-rmf-1-0", top=3)
    assert again.guided_by >= 1 and again.decided >= 2
    waiting = waiting_pairs(suggested)
    for decided in (first, second):
        assert (decided.source_provision, decided.target_provision) not in waiting
    # every source unit still gets its three best undecided targets
    with Session(suggested) as session:
        assert queue_size(session) == again.suggestions


def test_decisions_are_read_in_either_direction(suggested: Engine) -> None:
    with Session(suggested) as session:
        item = review_queue(session)[0]
    source, target = item.source_provision, item.target_provision
    # recorded from the framework on the other side
    record_judgement(suggested, target, source, RelationshipType.INTERSECTS)
    with Session(suggested) as session:
        reviewed = decisions_between(session, [source], [target])
    assert reviewed.linked == {0: {0}} and reviewed.decided == {0: {0}}
    record_judgement(suggested, source, target, RelationshipType.NONE)
    with Session(suggested) as session:
        reviewed = decisions_between(session, [source], [target])
    assert reviewed.linked == {0: set()} and reviewed.decided == {0: {0}}  # last word: unrelated
    assert reviewed.sources == 0


def test_suggesting_again_keeps_the_direction(crosswalked: Engine) -> None:
    first = suggest_crosswalk(crosswalked, "nist-ai-rmf-1-0", "eu-ai-act", top=2)
    [(source, target, again)] = suggest_again(crosswalked, "eu-ai-act", "nist-ai-rmf-1-0", top=2)
    assert (source, target) == ("nist-ai-rmf-1-0", "eu-ai-act")
    assert again.suggestions == first.suggestions and again.replaced == first.suggestions
    with Session(crosswalked) as session:
        rmf_units = {p.id for p in unit_provisions(session, "nist-ai-rmf-1-0")}
    assert {s for s, _ in waiting_pairs(crosswalked)} <= rmf_units  # never the other way
    with pytest.raises(InvalidInputError, match="same instrument"):
        suggest_again(crosswalked, "eu-ai-act", "eu-ai-act")
