"""The instruments a report covers, and the landscape figures drawn from them.

Each instrument is placed in its country (a US state's law counts for the United
States) and its UN M49 continent; supranational and international bodies (EU,
OECD, UN, G7...) form their own group. Instruments are dated by their first
lifecycle event. A scope (``--jurisdictions``) keeps the instruments of the
named jurisdictions and of everything beneath them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from govatlas.dates import dated
from govatlas.errors import NotFoundError
from govatlas.i18n import N_, gettext
from govatlas.reports.annexes import Annex
from govatlas.store.instrument_lists import first_date_precisions
from govatlas.store.instruments import instruments_in_order, instruments_with_text
from govatlas.store.jurisdictions import jurisdiction_facts, memberships
from govatlas.vocabulary import (
    LEGAL_EFFECT_LABELS,
    TYPE_LABELS,
    Binding,
    JurisdictionKind,
    LegalEffect,
    Topic,
    legal_effect,
)

# groups beside the continents (translated when a row is made: a row's region is shown)
INTERNATIONAL = N_("International and supranational")
UNPLACED = N_("Not recorded")


@dataclass(frozen=True)
class InstrumentRow:
    id: str
    title: str
    short_name: str
    jurisdiction: str
    place: str  # the country, or the body itself
    place_name: str
    region: str  # the continent's name, or INTERNATIONAL or UNPLACED in the report's language
    type: str
    binding: bool  # binding legal form (a bill is one; see ``effect`` for what it does today)
    status: str
    first_date: date | None
    urls: tuple[str, ...]
    has_text: bool
    effect: str = LegalEffect.NON_BINDING.value
    public: bool = True  # issued by a public authority
    first_precision: str = "day"
    jurisdiction_name: str = ""
    topic: str = Topic.AI.value  # about AI itself, or a wider law with AI rules (data protection)

    @property
    def when(self) -> str:
        """The first date as precisely as it is known: 2021, 2021-05 or 2021-05-04."""
        return dated(self.first_date, self.first_precision)

    @property
    def effect_label(self) -> str:
        """What the instrument does today, in the current language."""
        return gettext(LEGAL_EFFECT_LABELS[LegalEffect(self.effect)])


@dataclass(frozen=True)
class Places:
    """Jurisdictions with their country, continent and name."""

    names: dict[str, str]
    countries: dict[str, str]  # jurisdiction -> country (or itself when not beneath one)
    regions: dict[str, str]  # country -> continent name
    kinds: dict[str, JurisdictionKind]
    numeric: dict[str, str]  # country -> ISO numeric


def load_places(session: Session) -> Places:
    facts = jurisdiction_facts(session)  # (id, name, kind, ISO numeric, parent)
    names = {i: name for i, name, _, _, _ in facts}
    kinds = {i: kind for i, _, kind, _, _ in facts}
    parents = {i: parent for i, _, _, _, parent in facts}
    continents = {
        i: name
        for i, name, kind, _, parent in facts
        if kind is JurisdictionKind.REGION and parent is None and i != "M49-010"
    }
    regions: dict[str, str] = {}
    for group, member in memberships(session):
        if group in continents:
            regions[member] = continents[group]

    def country(jurisdiction: str) -> str:
        current: str | None = jurisdiction
        seen = set()
        while current is not None and current not in seen:
            if kinds.get(current) is JurisdictionKind.COUNTRY:
                return current
            seen.add(current)
            current = parents.get(current)
        return jurisdiction

    numeric = {i: code for i, _, _, code, _ in facts if code}
    return Places(names, {j: country(j) for j in names}, regions, kinds, numeric)


def scope_members(places: Places, wanted: Sequence[str] | None) -> set[str] | None:
    """The jurisdictions a scope names and everything beneath them (None: everything)."""
    if not wanted:
        return None
    unknown = [j for j in wanted if j not in places.names]
    if unknown:
        raise NotFoundError(
            f"unknown jurisdiction(s): {', '.join(unknown)}", "use ISO 3166 alpha-3 ids or EU, OECD"
        )
    return {j for j, country in places.countries.items() if j in wanted or country in wanted}


def instrument_rows(
    session: Session, places: Places, scope: set[str] | None, only: set[str] | None = None
) -> list[InstrumentRow]:
    """A row per instrument (of the jurisdictions in ``scope``, or only the instruments
    in ``only``), by id."""
    first = first_date_precisions(session, only)
    with_text = set(instruments_with_text(session))
    rows = []
    for instrument in instruments_in_order(session, only):
        if scope is not None and instrument.jurisdiction_id not in scope:
            continue
        place = places.countries.get(instrument.jurisdiction_id, instrument.jurisdiction_id)
        if places.kinds.get(place) is JurisdictionKind.COUNTRY:
            # a continent's name is marked in catalog.jurisdictions
            region = gettext(places.regions.get(place, UNPLACED))
        elif instrument.jurisdiction_id == "UNSPECIFIED":
            region = gettext(UNPLACED)
        else:
            region = gettext(INTERNATIONAL)
        rows.append(
            InstrumentRow(
                instrument.id,
                instrument.title,
                instrument.short_name,
                instrument.jurisdiction_id,
                place,
                places.names.get(place, place),
                region,
                instrument.type.value,
                instrument.binding is Binding.BINDING,
                instrument.status.value,
                first[instrument.id][0] if instrument.id in first else None,
                tuple(instrument.official_urls),
                instrument.id in with_text,
                legal_effect(instrument.binding, instrument.status).value,
                instrument.public_authority,
                first[instrument.id][1] if instrument.id in first else "day",
                places.names.get(instrument.jurisdiction_id, instrument.jurisdiction_id),
                instrument.topic.value,
            )
        )
    return rows


# The groups a landscape figure counts apart, in this order: what each instrument
# does today (legal form x stage). Failed and repealed ones are counted, not hidden.
EFFECTS: tuple[LegalEffect, ...] = (
    LegalEffect.BINDING_IN_FORCE,
    LegalEffect.BINDING_ADOPTED,
    LegalEffect.BINDING_PROPOSED,
    LegalEffect.NON_BINDING,
    LegalEffect.LAPSED,
)


def split_counts(rows: Sequence[InstrumentRow], key: str) -> list[tuple[str, list[int]]]:
    """[(group, [count per effect in ``EFFECTS`` order])], largest group first."""
    order = [e.value for e in EFFECTS]
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(EFFECTS))
    for row in rows:
        counts[str(getattr(row, key))][order.index(row.effect)] += 1
    return sorted(counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))


def growth(rows: Sequence[InstrumentRow]) -> tuple[list[int], list[list[int]]]:
    """Years, and per effect the cumulative instruments first dated by then."""
    years = Counter((r.first_date.year, r.effect) for r in rows if r.first_date)
    if not years:
        return [], [[] for _ in EFFECTS]
    span = list(range(min(y for y, _ in years), max(y for y, _ in years) + 1))
    series: list[list[int]] = []
    for effect in EFFECTS:
        running, values = 0, []
        for year in span:
            running += years[(year, effect.value)]
            values.append(running)
        series.append(values)
    return span, series


def instrument_annex(rows: Sequence[InstrumentRow], letter: str = "A") -> Annex:
    """Every instrument in the report's scope, by jurisdiction: the annex the citations
    and the instrument names in the text link to (``#inst-{id}``)."""
    ordered = sorted(rows, key=lambda r: (r.jurisdiction_name or r.jurisdiction, r.title))
    yes, no = gettext("yes"), gettext("no")
    return Annex(
        "instruments",
        letter,
        gettext("Instruments"),
        gettext(
            "Every instrument in the report's scope, by jurisdiction: its type, what it does "
            "today (binding force is legal form × stage: a bill is a proposal, never law), "
            "its first recorded date at the precision known, whether its text is stored, and "
            "its address as recorded: the official one where the catalog holds it, else the "
            "one its source dataset gives, which may be a secondary page. Frameworks of "
            "companies, industry, civil society and academia are marked; they never count as "
            "a jurisdiction's rules."
        ),
        (
            N_("Id"),
            N_("Instrument"),
            N_("Short title"),
            N_("Jurisdiction"),
            N_("Type"),
            N_("What it does today"),
            N_("First date"),
            N_("Text stored"),
            N_("Issued by a public authority"),
            N_("URL (official, or as the source gives it)"),
        ),
        [
            (
                r.id,
                r.title,
                r.short_name,
                r.jurisdiction_name or r.jurisdiction,
                gettext(TYPE_LABELS.get(r.type, r.type.replace("_", " "))),
                r.effect_label,
                r.when or None,
                yes if r.has_text else no,
                yes if r.public else no,
                r.urls[0] if r.urls else None,
            )
            for r in ordered
        ],
        anchor_column=0,
        anchor_prefix="inst-",
    )
