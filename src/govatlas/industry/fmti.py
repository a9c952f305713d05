"""Importing the Foundation Model Transparency Index (Stanford CRFM) from the mirror.

Three editions: October 2023 and May 2024 share one indicator set
(``fmti-indicators.csv``), December 2025 has its own. Scores are 0/1 per
developer and indicator; the 2024 and 2025 per-company reports add the
disclosure, the justification and the references (2023's justifications exist
only as PDFs, which the assessment cites). Developer names differ between files
("Stability" and "Stability AI"); ``ORGANISATION_NAMES`` maps them to one
organisation. Scores are human assessments by the FMTI team, accepted as
published. Re-importing replaces the edition's rows, so it is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.tables import read_csv
from govatlas.store.models import Assessment, Indicator, IndicatorFramework, Organisation
from govatlas.vocabulary import AssessmentMethod, ReviewStatus

FOLDER = "fmti"
ASSESSOR = "FMTI team (Stanford CRFM)"
SOURCE = "https://github.com/stanford-crfm/fmti"


@dataclass(frozen=True)
class Edition:
    id: str
    name: str
    published: date
    indicators: str  # file with Domain, Subdomain, Indicator, Definition, Notes
    scores: str
    reports: str | None  # glob of per-company reports
    pdfs: str | None = None  # 2023: justifications only as PDFs


EDITIONS = (
    Edition(
        "fmti-2023",
        "FMTI October 2023",
        date(2023, 10, 18),
        "fmti-indicators.csv",
        "2023/October2023_scores.csv",
        None,
        "2023/scoring_pdfs",
    ),
    Edition(
        "fmti-2024",
        "FMTI May 2024",
        date(2024, 5, 21),
        "fmti-indicators.csv",
        "2024/May2024_scores.csv",
        "2024/reports/*.csv",
    ),
    Edition(
        "fmti-2025",
        "FMTI December 2025",
        date(2025, 12, 9),
        "2025/Dec2025_indicators.csv",
        "2025/Dec2025_scores.csv",
        "2025/reports/*.csv",
    ),
)
# Developer names as the files spell them -> one organisation name.
ORGANISATION_NAMES = {"Stability": "Stability AI", "BigCode": "BigCode/Hugging Face/ServiceNow"}
NOT_DEVELOPERS = {"Domain", "Subdomain", "Indicator", "Total", ""}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def indicator_id(edition: str, name: str) -> str:
    return f"{edition}:{slug(name)}"[:200]


@dataclass
class EditionCounts:
    edition: str
    indicators: int = 0
    organisations: int = 0
    scores: int = 0
    justifications: int = 0


@dataclass
class ImportResult:
    editions: list[EditionCounts] = field(default_factory=list)


def _organisation(session: Session, written: str) -> Organisation:
    name = ORGANISATION_NAMES.get(written.strip(), written.strip())
    org = session.get(Organisation, slug(name))
    if org is None:
        org = Organisation(id=slug(name), name=name, aliases=[])
        session.add(org)
        session.flush()  # before assessments that refer to it
    if written.strip() != name and written.strip() not in org.aliases:
        org.aliases = [*org.aliases, written.strip()]
    return org


def _report_company(path: Path) -> str:
    """``Stability_AI_fmtransparencyreport_May2024.csv`` -> ``Stability AI``."""
    stem = re.split(r"_fmtransparencyreport|-fmtransparencyreport", path.stem)[0]
    return stem.replace("_", " ").replace("BigCode Hugging Face ServiceNow", "BigCode")


def _reports(folder: Path, pattern: str) -> dict[tuple[str, str | int], dict[str, str]]:
    """(organisation id, indicator name or row position) -> the report row."""
    rows: dict[tuple[str, str | int], dict[str, str]] = {}
    for path in sorted(folder.glob(pattern)):
        company = ORGANISATION_NAMES.get(_report_company(path), _report_company(path))
        for position, row in enumerate(read_csv(path, frozenset({"Score"}))):
            name = (row.get("Indicator") or next(iter(row.values()), "")).strip()
            if name:
                rows[(slug(company), name.lower())] = row
                rows[(slug(company), position)] = row
    return rows


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def import_edition(session: Session, mirror: Path, edition: Edition) -> EditionCounts:
    folder = source_folder(mirror, FOLDER)
    counts = EditionCounts(edition.id)
    # replace FMTI's own scores; indicators are updated in place, so assessments by others
    # (assisted suggestions, analysts' scores) and reviewed mappings survive a re-import
    session.execute(
        delete(Assessment).where(
            Assessment.indicator_id.startswith(f"{edition.id}:"), Assessment.assessor == ASSESSOR
        )
    )
    framework = session.get(IndicatorFramework, edition.id) or IndicatorFramework(id=edition.id)
    framework.family, framework.name = "fmti", edition.name
    framework.edition, framework.published = edition.id.split("-")[1], edition.published
    framework.source = SOURCE
    session.add(framework)
    session.flush()
    names: dict[str, Indicator] = {}
    for ordinal, row in enumerate(
        read_csv(require_file(folder / edition.indicators), frozenset({"Indicator"})), 1
    ):
        name = row["Indicator"].strip()
        if not name or name.lower() in names:
            continue
        indicator = session.get(Indicator, indicator_id(edition.id, name)) or Indicator(
            id=indicator_id(edition.id, name), framework_id=edition.id
        )
        indicator.domain = row.get("Domain", "").strip()
        indicator.subdomain = row.get("Subdomain", "").strip()
        indicator.name = name
        indicator.definition = _text(row.get("Definition"))
        indicator.notes = _text(row.get("Notes"))
        indicator.ordinal = ordinal
        session.add(indicator)
        names[name.lower()] = indicator
    counts.indicators = len(names)
    session.flush()
    reports = _reports(folder, edition.reports) if edition.reports else {}
    organisations = set()
    score_rows = [
        row
        for row in read_csv(require_file(folder / edition.scores), frozenset({"Indicator"}))
        if row["Indicator"].strip() != "Total"
    ]
    # The score files list the indicators in the indicator file's order, a few under a
    # reworded name ("Data copyright status" for "Copyrighted data"): match by name,
    # else by position when both lists have the same length.
    in_order = list(names.values()) if len(score_rows) == len(names) else []
    for position, row in enumerate(score_rows):
        scored = names.get(row["Indicator"].strip().lower())
        if scored is None and in_order:
            scored = in_order[position]
        if scored is None:
            continue
        for developer, value in row.items():
            if developer is None or developer.strip() in NOT_DEVELOPERS or not value.strip():
                continue
            try:
                score = float(value)
            except ValueError as exc:
                raise InvalidInputError(
                    f"{edition.scores}: score {value!r} of {developer} on {scored.name} "
                    "is not a number"
                ) from exc
            org = _organisation(session, developer)
            organisations.add(org.id)
            report = reports.get((org.id, scored.name.lower())) or reports.get(
                (org.id, scored.ordinal - 1), {}
            )
            justification = _text(report.get("Justification"))
            if edition.pdfs:
                justification = f"see {edition.pdfs}/ (the {org.name} scoring PDF)"
            session.add(
                Assessment(
                    organisation_id=org.id,
                    indicator_id=scored.id,
                    score=score,
                    justification=justification,
                    disclosure=_text(report.get("Disclosure")),
                    references=_text(report.get("References")),
                    evidence=[],
                    assessor=ASSESSOR,
                    method=AssessmentMethod.HUMAN,
                    review_status=ReviewStatus.ACCEPTED,
                    assessed_on=edition.published,
                )
            )
            counts.scores += 1
            counts.justifications += bool(_text(report.get("Justification")))
        session.flush()
    counts.organisations = len(organisations)
    return counts


def import_fmti(
    session: Session, mirror: Path, editions: Iterable[Edition] = EDITIONS
) -> ImportResult:
    result = ImportResult()
    for edition in editions:
        result.editions.append(import_edition(session, mirror, edition))
    return result
