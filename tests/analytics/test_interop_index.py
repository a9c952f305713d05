"""The interoperability index on fixtures with known answers (docs/interoperability-index.md).

Pure cases build the per-unit strengths by hand; store cases go through compare, so
that what counts as a unit-level, concept-level or reference-only link is tested
where it is decided.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.interop import Evidence, UnitFlags, index_value, interoperability
from govatlas.ingest.pipeline import store_provisions
from govatlas.proportions import jeffreys_interval
from govatlas.records import ProvisionDraft
from govatlas.store.instruments import REFERENCE_FORMAT, add_version
from govatlas.store.models import Provision
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions
from govatlas.vocabulary import RelationshipType
from tests.judgements import add_judgement, add_suggestion

A, B, ISO = "eu-ai-act", "nist-ai-rmf-1-0", "iso-iec-42001"


def _side(matched: list[float], conflicted: list[float] | None = None) -> UnitFlags:
    return UnitFlags(
        np.array(matched, dtype=float), np.array(conflicted or [0.0] * len(matched), dtype=float)
    )


def _reference_side(matched: list[float]) -> UnitFlags:
    return UnitFlags(
        np.array(matched, dtype=float),
        np.zeros(len(matched)),
        np.ones(len(matched), dtype=bool),
    )


# --- pure: the definition ---------------------------------------------------------


def test_index_rises_with_every_aligned_unit() -> None:
    values = []
    for aligned in range(11):  # 6 units of A and 4 of B, aligned one at a time
        a = [1.0] * min(aligned, 6) + [0.0] * (6 - min(aligned, 6))
        b = [1.0] * max(aligned - 6, 0) + [0.0] * (4 - max(aligned - 6, 0))
        value = index_value(_side(a), _side(b))
        assert value is not None and value.value is not None
        assert value.value == pytest.approx(aligned / 10)
        values.append(value.value)
    assert all(later > earlier for earlier, later in itertools.pairwise(values))


def test_a_machine_link_counts_by_its_probability() -> None:
    value = index_value(_side([0.3, 0, 0, 0]), _side([0.3, 0, 0, 0]))
    assert value is not None and value.value == pytest.approx(0.6 / 8)
    assert (value.a_matched, value.b_matched) == (0.3, 0.3)
    stronger = index_value(_side([0.9, 0, 0, 0]), _side([0.9, 0, 0, 0]))
    assert stronger is not None and stronger.value == pytest.approx(1.8 / 8)


def test_a_conflict_takes_back_what_it_is_likely_to_be() -> None:
    # unit score = match strength x (1 - conflict strength)
    value = index_value(_side([1.0, 1.0, 0.0], [1.0, 0.5, 1.0]), _side([1.0], [0.0]))
    assert value is not None and value.value == pytest.approx((0 + 0.5 + 0 + 1) / 4)
    assert value.conflicts == pytest.approx(2.5)


def test_a_reference_only_side_is_left_out_and_flagged_not_one() -> None:
    # B is known only by the 4 items its crosswalk cites: all matched by construction
    value = index_value(_side([1, 1, 0, 0, 0, 0]), _reference_side([1, 1, 1, 1]))
    assert value is not None
    assert value.basis == "reference-only" and value.measured_on == "a"
    assert value.value == pytest.approx(2 / 6, abs=1e-4)  # A's units only, never (2 + 4) / 10
    assert not value.comparable
    assert value.describe("X", "ISO").startswith("0.33 [")
    assert "reference-only" in value.describe("X", "ISO")
    assert "4 items of ISO" in value.describe("X", "ISO")
    both = index_value(_reference_side([1, 1]), _reference_side([1]))
    assert both is not None and both.value is None and both.basis == "reference-only"


def test_concept_level_only_is_not_zero() -> None:
    value = index_value(_side([0] * 5), _side([0] * 3), evidence=Evidence(0, 7))
    assert value is not None
    assert value.value is None and value.low is None and value.high is None
    assert value.basis == "concept-level" and value.concept_links == 7
    assert value.describe().startswith("no unit-level alignment measured; 7 concept-level link")
    unlinked = index_value(_side([0] * 5), _side([0] * 3), evidence=Evidence(0, 0))
    assert unlinked is not None and unlinked.value is None and unlinked.basis == "unlinked"
    # a link between units, however weak, makes it a measurement
    measured = index_value(_side([0.1] + [0] * 4), _side([0] * 3), evidence=Evidence(1, 7))
    assert measured is not None and measured.value == pytest.approx(0.1 / 8)
    assert measured.basis == "units" and measured.concept_links == 7


# --- pure: the interval -----------------------------------------------------------


def test_jeffreys_interval_matches_published_values() -> None:
    # Brown, Cai and DasGupta (2001): n = 10
    assert jeffreys_interval(0, 10) == pytest.approx((0.0, 0.2172), abs=1e-4)
    assert jeffreys_interval(10, 10) == pytest.approx((0.7828, 1.0), abs=1e-4)
    assert jeffreys_interval(5, 10) == pytest.approx((0.2235, 0.7765), abs=1e-4)
    with pytest.raises(ValueError):
        jeffreys_interval(0, 0)


def test_intervals_never_collapse_to_a_point() -> None:
    none = index_value(_side([0] * 6), _side([0] * 4))
    assert none is not None and none.value == 0.0
    assert none.low == 0.0 and none.high is not None and none.high > 0.1
    assert none.interval == "jeffreys"
    full = index_value(_side([1] * 6), _side([1] * 4))
    assert full is not None and full.value == 1.0
    assert full.high == 1.0 and full.low is not None and full.low < 0.9
    # one side all aligned, the other none: every resample gives 6/10, still an interval
    split = index_value(_side([1] * 6), _side([0] * 4))
    assert split is not None and split.value == pytest.approx(0.6)
    assert split.low is not None and split.high is not None
    assert split.low < 0.6 < split.high
    mixed = index_value(_side([1, 0, 0.5, 1, 0, 0.2]), _side([0.9, 0, 1, 0]))
    assert mixed is not None and mixed.interval == "bootstrap"
    assert mixed.low is not None and mixed.high is not None and mixed.value is not None
    assert mixed.low < mixed.value < mixed.high


def test_intervals_are_deterministic_with_a_seed() -> None:
    a, b = _side([1, 0, 0.5, 1, 0, 0.2, 0.7]), _side([0.9, 0, 1, 0, 0.4])
    first, again = index_value(a, b, seed=3), index_value(a, b, seed=3)
    assert first == again
    other = index_value(a, b, seed=4)
    assert other is not None and first is not None and other.value == first.value


# --- through compare: what a link counts for --------------------------------------


def _units(engine: Engine, instrument: str) -> list[int]:
    with Session(engine) as session:
        return [p.id for p in unit_provisions(session, instrument)]


def _reference_item(session: Session, instrument: str, ref: str) -> int:
    """A concept or reference item filed on ``instrument``, as a crosswalk import makes."""
    line = f"{ref}: named by a concept crosswalk"
    version, _ = add_version(
        session,
        instrument,
        line,
        format=REFERENCE_FORMAT,
        language="en",
        source="crosswalk",
        source_key=f"test-{ref}",
    )
    store_provisions(session, version, [ProvisionDraft(ref, "reference", ref, 0, len(line))])
    found = session.scalar(select(Provision.id).where(Provision.version_id == version.id))
    assert found is not None
    return found


def test_suggestions_count_by_probability_and_the_strongest_link_wins(
    crosswalked: Engine,
) -> None:
    a, b = _units(crosswalked, A), _units(crosswalked, B)
    with transaction(crosswalked) as session:
        add_suggestion(session, a[0], b[0], 0.6)  # listed (more likely linked than not)
        add_suggestion(session, a[0], b[1], 0.3)  # under the listing threshold: still counts
        add_suggestion(session, a[1], b[1], None)  # no probability: counts for nothing
    with Session(crosswalked) as session:
        comparison = compare_instruments(session, A, B)
        human_only = compare_instruments(session, A, B, human_only=True)
    assert [p.confidence for p in comparison.overlaps] == [0.6]
    assert comparison.unlisted_suggestions == 2
    overall = interoperability(comparison).overall
    assert overall is not None and overall.basis == "units"
    assert overall.a_matched == pytest.approx(0.6)
    assert overall.b_matched == pytest.approx(0.6 + 0.3)
    assert overall.value == pytest.approx((0.6 + 0.6 + 0.3) / (len(a) + len(b)), abs=1e-4)
    assert overall.low is not None and overall.high is not None
    assert overall.low < overall.value < overall.high
    assert overall.human_value == 0.0  # says how much rests on machine suggestions
    assert "0.00 from human links alone; the rest machine-suggested" in overall.describe()
    unlinked = interoperability(human_only).overall
    assert unlinked is not None and unlinked.value is None and unlinked.basis == "unlinked"

    with transaction(crosswalked) as session:
        add_judgement(session, a[0], b[2], RelationshipType.EQUAL)  # a human link counts 1
    with Session(crosswalked) as session:
        after = interoperability(compare_instruments(session, A, B)).overall
    assert after is not None and after.value is not None and after.value > overall.value
    assert after.a_matched == pytest.approx(1.0)
    assert after.human_value == pytest.approx(2 / (len(a) + len(b)), abs=1e-4)


def test_concept_level_links_are_counted_apart(crosswalked: Engine) -> None:
    a = _units(crosswalked, A)
    with transaction(crosswalked) as session:
        stub = _reference_item(session, B, "Valid and reliable")  # NIST has a stored text
        add_judgement(session, a[0], stub, RelationshipType.RELATED)
        add_judgement(session, a[1], stub, RelationshipType.RELATED)
    with Session(crosswalked) as session:
        comparison = compare_instruments(session, A, B)
    assert len(comparison.overlaps) == 2 and len(comparison.concept_level) == 2
    assert comparison.matched_a == set() and comparison.unit_links == 0
    overall = interoperability(comparison).overall
    assert overall is not None and overall.value is None
    assert overall.basis == "concept-level" and overall.concept_links == 2
    assert overall.a_concept_units == 2
    assert overall.describe(A, B).startswith(
        "no unit-level alignment measured; 2 concept-level links, reaching 2 of"
    )


def test_a_framework_without_public_text_gives_a_one_sided_value(crosswalked: Engine) -> None:
    a = _units(crosswalked, A)
    with Session(crosswalked) as session:
        cited = [p.id for p in unit_provisions(session, ISO)]  # ISO's reference items
    with transaction(crosswalked) as session:
        add_judgement(session, a[0], cited[0], RelationshipType.RELATED)
        add_judgement(session, a[1], cited[1], RelationshipType.RELATED)
    with Session(crosswalked) as session:
        comparison = compare_instruments(session, A, ISO)
    assert comparison.reference_b == set(cited)
    overall = interoperability(comparison).overall
    assert overall is not None and overall.basis == "reference-only"
    assert overall.measured_on == "a" and overall.b_reference_units == len(cited)
    assert overall.value == pytest.approx(2 / len(a), abs=1e-4)  # ISO's items left out
    assert overall.low is not None and overall.high is not None
    assert overall.low < overall.value < overall.high


def test_a_link_to_a_provision_holding_units_is_spread_over_them(crosswalked: Engine) -> None:
    a = _units(crosswalked, A)
    with Session(crosswalked) as session:
        units = unit_provisions(session, B)
        parents = {u.parent_id for u in units} - {None}
        holder = next((p for p in parents if sum(u.parent_id == p for u in units) >= 2), None)
        if holder is None:
            pytest.skip("the fixture AI RMF has no provision holding two units")
        held = [u.id for u in units if u.parent_id == holder]
    with transaction(crosswalked) as session:
        add_judgement(session, a[0], holder, RelationshipType.RELATED)
    with Session(crosswalked) as session:
        comparison = compare_instruments(session, A, B)
    assert comparison.unit_links == 1 and comparison.concept_links == 0
    assert comparison.b_weights == {u: pytest.approx(1 / len(held)) for u in held}
    assert comparison.a_weights == {a[0]: 1.0}


def test_a_small_value_from_machine_links_alone_still_says_so() -> None:
    from govatlas.analytics.interop import IndexValue

    machine = IndexValue(0.0033, 0.0027, 0.004, 150, 9462, 21.0, 11.0, 0.0, human_value=0.0)
    assert "machine-suggested" in machine.machine_note
    human = IndexValue(0.2, 0.1, 0.3, 10, 10, 2.0, 2.0, 0.0, human_value=0.2)
    assert human.machine_note == ""
