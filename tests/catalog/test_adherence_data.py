"""Invariants of the packaged adherence facts (``adherence-*.yaml``).

Each fact is (party, instrument, act) with a date (or a note saying why it has
none) and a citable source. The counts below are the ones checked against the
sources named in the data; they are floors, so later facts can be added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pytest

from govatlas.catalog import load_catalog
from govatlas.catalog.jurisdictions import all_jurisdictions, jurisdiction_ids
from govatlas.catalog.model import Catalog
from govatlas.catalog.schema import Adherence
from govatlas.vocabulary import AdherenceAct, InstrumentType

COE_AI = "coe-framework-convention-ai"
PARIS = "paris-statement-inclusive-sustainable-ai"
OPENING_DAY = dt.date(2024, 9, 5)
# Signed in Vilnius on the day the Convention opened for signature.
VILNIUS = {"AND", "EU", "GBR", "GEO", "ISL", "ISR", "MDA", "NOR", "SMR", "USA"}
# Signed later, each on its own day (Council of Europe and national releases).
LATER = {"MNE", "CAN", "JPN", "LIE", "CHE", "UKR", "URY", "BIH", "ARM"}
TREATY_ACTS = {AdherenceAct.SIGNED, AdherenceAct.RATIFIED}


@cache
def _catalog() -> Catalog:
    return load_catalog()


def _facts(instrument: str, act: AdherenceAct) -> list[tuple[str, Adherence]]:
    return [
        (party, record)
        for record in _catalog().adherence
        if record.instrument == instrument and record.act is act
        for party in record.parties
    ]


def _start(record: Adherence) -> dt.date:
    """The first day the record's date can stand for, given its precision."""
    assert record.date is not None
    if record.precision == "year":
        return record.date.replace(month=1, day=1)
    if record.precision == "month":
        return record.date.replace(day=1)
    return record.date


def test_every_fact_has_a_source_and_a_date_or_a_reason() -> None:
    for record in _catalog().adherence:
        assert str(record.source).startswith(("https://", "http://")), record
        assert record.date is not None or record.note, record
        assert record.parties, record


def test_dates_are_valid_for_their_precision_and_instrument() -> None:
    entries = {e.id: e for e in _catalog().entries}
    today = dt.date.today()
    for record in _catalog().adherence:
        if record.date is None:
            continue
        assert record.date <= today, record
        # A partial date is written as the first day of its month or year.
        if record.precision == "month":
            assert record.date.day == 1, record
        if record.precision == "year":
            assert (record.date.month, record.date.day) == (1, 1), record
        # Nobody adheres to an instrument before it exists.
        first_event = min(e.date for e in entries[record.instrument].events)
        assert _start(record) >= first_event.replace(day=1), record


def test_no_fact_is_recorded_twice() -> None:
    counts = Counter(
        (party, record.instrument, record.act)
        for record in _catalog().adherence
        for party in record.parties
    )
    assert [key for key, n in counts.items() if n > 1] == []


def test_every_party_is_a_known_jurisdiction_or_actor() -> None:
    known = jurisdiction_ids() | set(_catalog().actors)
    unknown = {p for record in _catalog().adherence for p in record.parties} - known
    assert unknown == set()


def test_treaty_acts_only_on_treaties() -> None:
    entries = {e.id: e for e in _catalog().entries}
    for record in _catalog().adherence:
        if record.act in TREATY_ACTS:
            assert entries[record.instrument].type is InstrumentType.TREATY, record


def test_coe_convention_has_its_later_signatures() -> None:
    facts = _facts(COE_AI, AdherenceAct.SIGNED)
    parties = {party for party, _ in facts}
    assert parties >= VILNIUS | LATER
    assert len(parties) >= 19 > len(VILNIUS)
    for party, record in facts:
        if party in VILNIUS:
            assert record.date == OPENING_DAY, party
        elif record.date is not None:
            assert _start(record) > OPENING_DAY.replace(day=1), party
    # Nothing ratified before signing.
    signed = {p: r.date for p, r in facts if r.date}
    for party, record in _facts(COE_AI, AdherenceAct.RATIFIED):
        assert record.date is None or party not in signed or record.date >= signed[party]


def test_paris_statement_signatories_checked_so_far() -> None:
    facts = _facts(PARIS, AdherenceAct.ENDORSED)
    parties = {party for party, _ in facts}
    eu = next(j for j in all_jurisdictions() if j.id == "EU")
    # Named by EFE (all 27 EU members), HRD (NZL, SGP) and CAJ News (the African states).
    assert set(eu.members) <= parties
    assert {"AUS", "BRA", "CAN", "CHL", "CHN", "IND", "JPN", "VAT", "NZL", "SGP"} <= parties
    assert {"DJI", "KEN", "NGA", "RWA", "SEN", "ZAF"} <= parties
    assert {"EU", "AU"} <= parties
    # 43 of the 58 states verified so far, plus the EU and the African Union Commission;
    # the list stays marked partial until the official one is read.
    assert len(parties - {"EU", "AU"}) >= 43
    assert all(record.note and "partial" in record.note.lower() for _, record in facts)
    # The United States and the United Kingdom did not sign.
    assert not parties & {"USA", "GBR"}


def test_g20_principles_are_the_2019_members() -> None:
    g20 = next(j for j in all_jurisdictions() if j.id == "G20")
    parties = {party for party, _ in _facts("g20-ai-principles", AdherenceAct.MEMBER)}
    # The African Union joined the G20 in 2023, after the principles (2019).
    assert parties == set(g20.members) - {"AU"}


@pytest.mark.parametrize(
    ("instrument", "act", "floor"),
    [
        ("oecd-ai-principles-2019", AdherenceAct.ADHERED, 48),
        ("bletchley-declaration", AdherenceAct.ENDORSED, 29),
        ("seoul-declaration", AdherenceAct.ENDORSED, 11),
        ("paris-statement-inclusive-sustainable-ai", AdherenceAct.ENDORSED, 45),
        ("international-network-ai-safety-institutes", AdherenceAct.MEMBER, 10),
        ("unga-res-78-265", AdherenceAct.ADOPTED, 193),
    ],
)
def test_counts_checked_against_sources(instrument: str, act: AdherenceAct, floor: int) -> None:
    assert len(_facts(instrument, act)) >= floor
