"""Worldwide AI Ethics: 200 guidelines coded against 17 principles.

Each guideline becomes a non-binding instrument (jurisdiction from its country)
with its principles as human labels on the ``ethics-principles`` taxonomy.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from govatlas.catalog.countries import country_code
from govatlas.ingest.formats import DocumentError
from govatlas.records import (
    ConceptDraft,
    EventDraft,
    InstrumentDraft,
    LabelDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
    web_urls,
)
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.tables import keyed_rows, read_csv
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    LabelMethod,
    LifecycleKind,
    ReviewStatus,
)

FILE = "worldwide_ai_ethics_guidelines.csv"
PRINCIPLES_FILE = "guideline_principles_long.csv"
REQUIRED = frozenset({"row_id", "document_name", "country", "year_of_publication", "principles"})
SPECIAL_COUNTRIES = {
    "International": "INTL",
    "European Union": "EU",
    "United Nations": "UN",
    "G7": "G7",
    "G20": "G20",
    "Vatican City State": "VAT",
    "Unspecified": "UNSPECIFIED",
}
PUBLIC_INSTITUTIONS = ("Governmental Institution", "International Organization")


def country_id(name: str) -> str:
    """One place for the study's country field; several different places are "INTL"."""
    places = {p.strip() for p in name.split(",") if p.strip()}
    codes = {SPECIAL_COUNTRIES.get(p) or country_code(p) or "UNSPECIFIED" for p in places}
    if len(codes) > 1:
        return "INTL"
    return codes.pop() if codes else "UNSPECIFIED"


def kind_of(institution_type: str) -> tuple[InstrumentType, bool]:
    """A company's guideline is its own framework; only public institutions issue guidance
    that speaks for a jurisdiction."""
    if institution_type.strip() == "Private Corporation":
        return InstrumentType.COMPANY_FRAMEWORK, False
    public = any(kind in institution_type for kind in PUBLIC_INSTITUTIONS)
    return InstrumentType.GUIDANCE, public


class EthicsGuidelinesConnector:
    name = "ethics-guidelines"
    description = "Worldwide AI Ethics: 200 guidelines coded against 17 principles"
    folder = "ethics_guidelines"

    def _rows(self, root: Path) -> dict[str, dict[str, str]]:
        path = require_file(source_folder(root, self.folder) / FILE)
        return keyed_rows(path, "row_id", REQUIRED)

    def _principles(self, root: Path) -> dict[str, list[str]]:
        path = require_file(source_folder(root, self.folder) / PRINCIPLES_FILE)
        return _principles_by_guideline(path, path.stat().st_mtime_ns)

    def scan(self, root: Path) -> list[str]:
        return list(self._rows(root))

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        names = sorted({p for values in self._principles(root).values() for p in values if p})
        return [
            TaxonomyDraft(
                "ethics-principles",
                "Worldwide AI Ethics principles",
                "The principles that the Worldwide AI Ethics study coded in AI ethics guidelines.",
                tuple(ConceptDraft(name, name) for name in names),
            )
        ]

    def load(self, root: Path, key: str) -> SourceDocument:
        row = self._rows(root).get(key)
        if row is None:
            raise DocumentError(f"{FILE} has no row_id {key}", "check the id")
        year = row["year_of_publication"].strip()
        events = (
            (
                EventDraft(
                    LifecycleKind.PUBLISHED, date(int(year), 1, 1), "year of publication", "year"
                ),
            )
            if year.isdigit()
            else ()
        )
        title = " ".join(row["document_name"].split())
        kind, public = kind_of(row.get("institution_type", ""))
        labels = tuple(
            LabelDraft(
                "ethics-principles",
                principle,
                LabelMethod.HUMAN,
                ReviewStatus.ACCEPTED,
                f"{self.name}:{key} coded by the study",
            )
            for principle in self._principles(root).get(key, [])
            if principle
        )
        return SourceDocument(
            source=self.name,
            key=key,
            name=f"ethics guideline {key}",
            instrument=InstrumentDraft(
                key=f"ethics-guideline-{key}",
                title=title,
                short_name=title[:200],
                type=kind,
                binding=Binding.NON_BINDING,
                jurisdiction=country_id(row["country"]),
                public_authority=public,
                external_ids={"worldwide_ai_ethics": key},
                events=events,
                urls=web_urls(row.get("document_url")),
                summary=row.get("abstract") or None,
            ),
            labels=labels,
            records=(RecordDraft("guideline", key, row),),
        )


@cache
def _principles_by_guideline(path: Path, _mtime: int) -> dict[str, list[str]]:
    coded: dict[str, list[str]] = {}
    for row in read_csv(path, {"row_id", "principle"}):
        coded.setdefault(row["row_id"].strip(), []).append(row["principle"].strip())
    return coded
