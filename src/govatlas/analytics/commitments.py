"""International commitments: who adheres to which international instrument.

Adherence facts (``catalog/data/adherence-*.yaml``) record a party's acts towards
an international instrument: signed, ratified, adhered, endorsed, adopted,
sponsored, joined (member) or, for companies, committed. From them:

* **Shared commitments of two states.** The international instruments both have
  a recorded act towards, those only one has, and an index, the Jaccard
  similarity ``|shared| / |union|`` over the two sets of instruments: 1 when the
  two have records for exactly the same instruments, 0 when they share none, and
  no value when neither has any record. Any recorded act counts (signing a
  treaty counts as much as ratifying it); the acts and dates of each side are
  listed beside every instrument so that a reader can see the difference.
* **A world matrix**: every UN Member State × every international instrument
  with at least one state party, one cell per pair holding the acts recorded, or
  nothing. An empty cell is *no record*: nobody recorded an act, which is not a
  checked absence (lists marked partial in the data miss parties).
* **A summary per instrument**: how many of the 193 Member States have a record,
  the share, and the same by UN M49 continent, with the spread between the
  continents' shares (max - min): near-universal commitments have a high share
  and a low spread; commitments that split the regions have a high spread.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.dates import dated
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.i18n import N_, gettext
from govatlas.store.adherence import adherence_facts
from govatlas.store.instruments import instrument_names, jurisdiction_names
from govatlas.store.jurisdictions import memberships, states_named, top_regions
from govatlas.store.models import Adherence, Jurisdiction
from govatlas.vocabulary import TYPE_LABELS, AdherenceAct

# When a party has several acts towards one instrument, the first in this order is
# the one a cell is coloured by (a ratification over a signature, a co-sponsorship
# over the vote); every act stays listed.
ACT_ORDER: tuple[AdherenceAct, ...] = (
    AdherenceAct.RATIFIED,
    AdherenceAct.ADHERED,
    AdherenceAct.SPONSORED,
    AdherenceAct.ADOPTED,
    AdherenceAct.ENDORSED,
    AdherenceAct.MEMBER,
    AdherenceAct.SIGNED,
    AdherenceAct.COMMITTED,
)
NO_RECORD = "no-record"
NO_RECORD_LABEL = N_("no record")
NO_RECORD_NOTE = N_(
    "no record means that no act is recorded in the atlas's adherence data; it is not a "
    "checked absence (some lists are partial and say so)"
)
ANTARCTICA = "M49-010"
UNPLACED = N_("Not recorded")


def _english(message: str, **values: object) -> str:
    """``message`` as written, its placeholders filled (what spreadsheets and the API show)."""
    return message % values if values else message


@dataclass(frozen=True)
class PartyAct:
    """One party's recorded acts towards one instrument, the leading act first."""

    instrument: str
    acts: tuple[AdherenceAct, ...]
    date: str  # of the leading act, as precisely as known ("" when not recorded)
    sources: tuple[str, ...]

    @property
    def act(self) -> AdherenceAct:
        return self.acts[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "act": self.act.value,
            "acts": [a.value for a in self.acts],
            "date": self.date or None,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class AdherenceFacts:
    """Every recorded act, by party and instrument, with the instruments' names."""

    by_party: dict[str, dict[str, PartyAct]]
    instrument_names: dict[str, str]
    sources: dict[str, tuple[str, ...]]  # instrument -> the source URLs of its facts
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # e.g. "Partial list"

    def name(self, instrument: str) -> str:
        return self.instrument_names.get(instrument) or instrument

    def of(self, party: str) -> dict[str, PartyAct]:
        return self.by_party.get(party, {})

    def parties(self, instrument: str) -> set[str]:
        return {p for p, acts in self.by_party.items() if instrument in acts}

    def partial(self, instrument: str) -> bool:
        """Whether a note of the instrument's facts says its list of parties is partial."""
        return any("partial" in note.lower() for note in self.notes.get(instrument, ()))


def load_adherence(session: Session) -> AdherenceFacts:
    rows: dict[tuple[str, str], list[Adherence]] = defaultdict(list)
    sources: dict[str, set[str]] = defaultdict(set)
    notes: dict[str, set[str]] = defaultdict(set)
    for row in adherence_facts(session):
        rows[(row.party, row.instrument_id)].append(row)
        sources[row.instrument_id].add(row.source_url)
        if row.note:
            notes[row.instrument_id].add(row.note)
    by_party: dict[str, dict[str, PartyAct]] = defaultdict(dict)
    for (party, instrument), found in rows.items():
        found.sort(key=lambda r: ACT_ORDER.index(r.act))
        lead = found[0]
        by_party[party][instrument] = PartyAct(
            instrument,
            tuple(r.act for r in found),
            dated(lead.date, lead.precision),
            tuple(sorted({r.source_url for r in found})),
        )
    names = {ident: name or ident for ident, name in instrument_names(session, sources).items()}
    return AdherenceFacts(
        dict(by_party),
        names,
        {i: tuple(sorted(urls)) for i, urls in sources.items()},
        {i: tuple(sorted(found)) for i, found in notes.items()},
    )


def jaccard(a: Iterable[str], b: Iterable[str]) -> float | None:
    """``|A ∩ B| / |A ∪ B|``; None when both are empty (nothing to compare)."""
    first, second = set(a), set(b)
    union = first | second
    return len(first & second) / len(union) if union else None


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    un_member: bool


def resolve_place(session: Session, text: str) -> Place:
    """A jurisdiction named by its id (any case) or its exact name (any case)."""
    wanted = text.strip()
    found = session.get(Jurisdiction, wanted) or session.get(Jurisdiction, wanted.upper())
    if found is None and wanted:
        matches = states_named(session, wanted)
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise NotFoundError(
            f"no jurisdiction {text[:60]!r}",
            "use an ISO 3166 alpha-3 code such as FRA or KEN, EU, or a country's name; "
            "`govatlas jurisdictions` lists them",
        )
    return Place(found.id, found.name, bool(found.un_member))


@dataclass(frozen=True)
class SharedInstrument:
    instrument: str
    name: str
    a: PartyAct
    b: PartyAct


@dataclass(frozen=True)
class SharedCommitments:
    """Two parties' international commitments side by side, and their Jaccard index."""

    a: Place
    b: Place
    shared: list[SharedInstrument]
    only_a: list[PartyAct]
    only_b: list[PartyAct]
    names: dict[str, str] = field(default_factory=dict)
    # instruments whose list of parties the data marks partial: that one side has no
    # record there says nothing, so such a row counts in neither part of the index
    partial: frozenset[str] = frozenset()

    @property
    def union(self) -> int:
        return len(self.shared) + len(self.only_a) + len(self.only_b)

    @property
    def uncounted(self) -> list[PartyAct]:
        """Rows held by one side on a partial list: the other side is not known."""
        return [x for x in self.only_a + self.only_b if x.instrument in self.partial]

    @property
    def sole_a(self) -> list[PartyAct]:
        """Held by A only, on lists that are not known to be partial."""
        return [x for x in self.only_a if x.instrument not in self.partial]

    @property
    def sole_b(self) -> list[PartyAct]:
        return [x for x in self.only_b if x.instrument not in self.partial]

    @property
    def counted(self) -> int:
        return self.union - len(self.uncounted)

    @property
    def index(self) -> float | None:
        """Jaccard: shared / union of the instruments either has a record for, less those
        one side holds on a list of parties known to be partial."""
        return len(self.shared) / self.counted if self.counted else None

    def describe(self) -> str:
        if self.index is None:
            return f"Neither {self.a.name} nor {self.b.name} has a recorded act towards an " + (
                "international instrument: nothing to compare (no record, not a checked absence)."
            )
        uncounted = (
            f" {len(self.uncounted)} more held by one side on a list of parties known to "
            "be partial are not counted: whether the other holds them is not recorded."
            if self.uncounted
            else ""
        )
        return (
            f"{self.a.name} and {self.b.name} share {len(self.shared)} of the {self.counted} "
            f"international instruments either has a recorded act towards "
            f"(index {self.index:.2f}); {len(self.sole_a)} only {self.a.name}, "
            f"{len(self.sole_b)} only {self.b.name}.{uncounted}"
        )

    def rows(self, in_reader_language: bool = False) -> list[dict[str, str]]:
        """One row per instrument either holds, with names, not ids (tables, spreadsheets):
        the instrument, who holds it, and each side's acts and date ("no record").

        The keys stay English; ``in_reader_language`` writes the values (who holds it,
        the acts) in the current language, for pages (spreadsheets keep English)."""
        words = gettext if in_reader_language else _english
        a, b = self.a.name, self.b.name
        none = PartyAct("", (), "", ())
        pairs = [(s.name, words(N_("both")), s.a, s.b) for s in self.shared]

        def held(side: str, act: PartyAct) -> str:
            if act.instrument in self.partial:
                return words(
                    N_("%(party)s on record (partial list: the other not known)"), party=side
                )
            return words(N_("%(party)s only"), party=side)

        def acts(act: PartyAct) -> str:
            named = [words(TYPE_LABELS.get(x.value, x.value)) for x in act.acts]
            return ", ".join(named) or words(NO_RECORD_LABEL)

        pairs += [(self.name(x), held(a, x), x, none) for x in self.only_a]
        pairs += [(self.name(x), held(b, x), none, x) for x in self.only_b]
        return [
            {
                "instrument": name,
                "held by": held_by,
                f"{a} act": acts(left),
                f"{a} date": left.date,
                f"{b} act": acts(right),
                f"{b} date": right.date,
            }
            for name, held_by, left, right in pairs
        ]

    def name(self, act: PartyAct) -> str:
        return self.names.get(act.instrument) or act.instrument

    def as_dict(self) -> dict[str, object]:
        def one(act: PartyAct) -> dict[str, object]:
            return {"instrument": act.instrument, "name": self.names.get(act.instrument)} | (
                act.as_dict()
            )

        return {
            "a": {"id": self.a.id, "name": self.a.name, "un_member": self.a.un_member},
            "b": {"id": self.b.id, "name": self.b.name, "un_member": self.b.un_member},
            "index": None if self.index is None else round(self.index, 4),
            "definition": "Jaccard index: instruments both have a recorded act towards, "
            "divided by the instruments either has one towards (any act counts), less those "
            "one side holds on a list of parties known to be partial (uncounted_partial)",
            "shared_count": len(self.shared),
            "union_count": self.counted,
            "uncounted_partial": [one(x) for x in self.uncounted],
            "shared": [
                {
                    "instrument": s.instrument,
                    "name": s.name,
                    "a": s.a.as_dict(),
                    "b": s.b.as_dict(),
                }
                for s in self.shared
            ],
            "only_a": [one(x) for x in self.only_a],
            "only_b": [one(x) for x in self.only_b],
            "note": NO_RECORD_NOTE,
        }


def shared_commitments(session: Session, a: str, b: str) -> SharedCommitments:
    first, second = resolve_place(session, a), resolve_place(session, b)
    if first.id == second.id:
        raise InvalidInputError(
            f"{first.name} was named twice", "name two different jurisdictions, e.g. FRA KEN"
        )
    facts = load_adherence(session)
    return compare_parties(facts, first, second)


def compare_parties(facts: AdherenceFacts, a: Place, b: Place) -> SharedCommitments:
    names = facts.instrument_names
    of_a, of_b = facts.of(a.id), facts.of(b.id)

    def order(ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=lambda i: (facts.name(i).lower(), i))

    shared = [
        SharedInstrument(i, facts.name(i), of_a[i], of_b[i]) for i in order(of_a.keys() & of_b)
    ]
    return SharedCommitments(
        a,
        b,
        shared,
        [of_a[i] for i in order(of_a.keys() - of_b.keys())],
        [of_b[i] for i in order(of_b.keys() - of_a.keys())],
        dict(names),
        frozenset(i for i in facts.notes if facts.partial(i)),
    )


def member_regions(session: Session) -> dict[str, str]:
    """Each UN Member State's UN M49 continent (Africa, Americas, Asia, Europe, Oceania)."""
    continents = top_regions(session, leaving_out=(ANTARCTICA,))
    members = un_member_states()
    found: dict[str, str] = {}
    for group, member in memberships(session):
        if group in continents and member in members:
            found[member] = continents[group]
    return {m: found.get(m, UNPLACED) for m in members}


@dataclass(frozen=True)
class WorldMatrix:
    """UN Member States × international instruments; a missing cell is no record."""

    states: list[tuple[str, str]]  # (id, name), by name
    regions: dict[str, str]
    instruments: list[tuple[str, str]]  # (id, name), most Member States first
    cells: dict[tuple[str, str], PartyAct]

    def cell(self, state: str, instrument: str) -> PartyAct | None:
        return self.cells.get((state, instrument))

    def records(self) -> list[dict[str, object]]:
        """One record per Member State, its cells keyed by instrument id (None: no record)."""
        return [
            {
                "id": state,
                "name": name,
                "region": self.regions.get(state, UNPLACED),
                "cells": {
                    i: (cell.as_dict() if (cell := self.cell(state, i)) else None)
                    for i, _ in self.instruments
                },
            }
            for state, name in self.states
        ]

    def table_rows(self) -> list[dict[str, object]]:
        """For spreadsheets: one row per Member State, one column per instrument, headed
        by its name, holding the leading act ("" = no record)."""
        rows: list[dict[str, object]] = []
        for state, name in self.states:
            row: dict[str, object] = {
                "id": state,
                "name": name,
                "region": self.regions.get(state, UNPLACED),
            }
            for instrument, label in self.instruments:
                cell = self.cell(state, instrument)
                row[label] = cell.act.value if cell else ""
            rows.append(row)
        return rows


def international_instruments(facts: AdherenceFacts, members: Iterable[str]) -> list[str]:
    """Instruments with a recorded act by at least one UN Member State, most first."""
    counts: Counter[str] = Counter()
    for state in members:
        counts.update(facts.of(state).keys())
    return sorted(counts, key=lambda i: (-counts[i], facts.name(i).lower(), i))


def world_matrix(session: Session, facts: AdherenceFacts | None = None) -> WorldMatrix:
    facts = facts or load_adherence(session)
    members = un_member_states()
    names = jurisdiction_names(session, members)
    states = sorted(((m, names.get(m, m)) for m in members), key=lambda s: (s[1], s[0]))
    instruments = international_instruments(facts, members)
    cells = {
        (state, instrument): act
        for state in members
        for instrument, act in facts.of(state).items()
        if instrument in instruments
    }
    return WorldMatrix(
        states,
        member_regions(session),
        [(i, facts.name(i)) for i in instruments],
        cells,
    )


@dataclass(frozen=True)
class RegionShare:
    region: str
    adhering: int
    members: int

    @property
    def share(self) -> float:
        return self.adhering / self.members if self.members else 0.0


@dataclass(frozen=True)
class InstrumentSummary:
    instrument: str
    name: str
    adhering: int  # UN Member States with a recorded act
    members: int
    acts: dict[str, int]  # leading act -> Member States
    regions: list[RegionShare]
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.adhering / self.members if self.members else 0.0

    @property
    def partial(self) -> bool:
        """Whether a note of its facts says the list of parties is partial."""
        return any("partial" in note.lower() for note in self.notes)

    @property
    def spread(self) -> float:
        """Highest minus lowest continental share: how far the regions split."""
        shares = [r.share for r in self.regions if r.members]
        return max(shares) - min(shares) if shares else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "instrument": self.instrument,
            "name": self.name,
            "member_states": self.adhering,
            "of": self.members,
            "share": round(self.share, 4),
            "acts": self.acts,
            "by_region": {
                r.region: {"member_states": r.adhering, "of": r.members, "share": round(r.share, 4)}
                for r in self.regions
            },
            "spread": round(self.spread, 4),
            "sources": list(self.sources),
            "notes": list(self.notes),
            "partial": self.partial,
        }


def region_order(regions: Mapping[str, str]) -> list[str]:
    return sorted(set(regions.values()), key=lambda r: (r == UNPLACED, r))


def summarise(matrix: WorldMatrix, facts: AdherenceFacts) -> list[InstrumentSummary]:
    """Per instrument: Member States with a record, overall and per continent."""
    regions = region_order(matrix.regions)
    per_region = Counter(matrix.regions.values())
    found = []
    for instrument, name in matrix.instruments:
        acts: Counter[str] = Counter()
        by_region: Counter[str] = Counter()
        for state, _ in matrix.states:
            cell = matrix.cell(state, instrument)
            if cell is not None:
                acts[cell.act.value] += 1
                by_region[matrix.regions.get(state, UNPLACED)] += 1
        found.append(
            InstrumentSummary(
                instrument,
                name,
                sum(acts.values()),
                len(matrix.states),
                dict(acts.most_common()),
                [RegionShare(r, by_region[r], per_region[r]) for r in regions],
                facts.sources.get(instrument, ()),
                facts.notes.get(instrument, ()),
            )
        )
    return found


def instrument_summary(session: Session) -> list[InstrumentSummary]:
    facts = load_adherence(session)
    return summarise(world_matrix(session, facts), facts)


@dataclass(frozen=True)
class AdherenceMap:
    """What a map of "adherence to X" colours each Member State by, with counts."""

    instrument: str
    name: str
    classes: dict[str, str]  # state -> act value or NO_RECORD, for every party on record
    counts: dict[str, int]  # over the UN Member States only: act value or NO_RECORD -> n
    members: int


def adherence_map(session: Session, instrument: str) -> AdherenceMap:
    facts = load_adherence(session)
    if instrument not in facts.sources:
        raise NotFoundError(
            f"no adherence recorded for {instrument[:80]!r}",
            "choose an international instrument from the list on the map",
        )
    members = un_member_states()
    classes = {
        party: acts[instrument].act.value
        for party, acts in facts.by_party.items()
        if instrument in acts
    }
    counts: Counter[str] = Counter(classes.get(m, NO_RECORD) for m in members)
    ordered = {a.value: counts[a.value] for a in ACT_ORDER if counts[a.value]}
    ordered[NO_RECORD] = counts[NO_RECORD]
    return AdherenceMap(
        instrument,
        facts.name(instrument),
        classes,
        ordered,
        len(members),
    )
