"""The loaded catalog: look-up by id and the filters the CLI and web offer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from govatlas.catalog.jurisdictions import all_jurisdictions
from govatlas.catalog.schema import Actor, Adherence, CatalogEntry, ResearchNote
from govatlas.near_names import unknown
from govatlas.vocabulary import Binding, InstrumentType, Status


@dataclass(frozen=True)
class YearRange:
    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> YearRange:
        """``2024`` or ``2019-2024``."""
        parts = text.split("-")
        try:
            years = [int(p) for p in parts]
        except ValueError:
            raise ValueError(f"year must be YYYY or YYYY-YYYY, got {text!r}") from None
        if len(years) == 1:
            return cls(years[0], years[0])
        if len(years) == 2 and years[0] <= years[1]:
            return cls(years[0], years[1])
        raise ValueError(f"year must be YYYY or YYYY-YYYY, got {text!r}")

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year <= self.end


@cache
def _children() -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for record in all_jurisdictions():
        if record.parent_id:
            children.setdefault(record.parent_id, []).append(record.id)
    return children


def jurisdiction_with_descendants(jurisdiction: str) -> set[str]:
    """The jurisdiction and every subdivision or locality beneath it."""
    children = _children()
    found, todo = set(), [jurisdiction]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    actors: dict[str, Actor]
    adherence: tuple[Adherence, ...] = ()
    research: tuple[ResearchNote, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, instrument_id: str) -> CatalogEntry:
        for entry in self.entries:
            if entry.id == instrument_id:
                return entry
        raise unknown(
            "instrument",
            instrument_id,
            [e.id for e in self.entries],
            message=f"no catalog instrument with id {instrument_id!r}",
            listing="`govatlas catalog list` shows all ids",
        )

    def filter(
        self,
        *,
        jurisdiction: str | None = None,
        type: InstrumentType | None = None,
        binding: Binding | None = None,
        status: Status | None = None,
        years: YearRange | None = None,
        on: date | None = None,
    ) -> list[CatalogEntry]:
        """Entries matching every given filter; a jurisdiction includes its subdivisions."""
        tests: list[Callable[[CatalogEntry], bool]] = []
        if jurisdiction:
            scope = jurisdiction_with_descendants(jurisdiction)
            tests.append(lambda e: e.jurisdiction in scope)
        if type:
            tests.append(lambda e: e.type is type)
        if binding:
            tests.append(lambda e: e.binding is binding)
        if status:
            tests.append(lambda e: e.status(on) is status)
        if years:
            tests.append(lambda e: e.year in years)
        return _sorted(e for e in self.entries if all(test(e) for test in tests))


def _sorted(entries: Iterable[CatalogEntry]) -> list[CatalogEntry]:
    return sorted(entries, key=lambda e: (e.jurisdiction, e.year, e.id))
