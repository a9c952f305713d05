"""The industry run that the build and the CLI call: import the Foundation Model
Transparency Index editions from the mirror, map their indicators across editions, link
the indicators to concepts and to the regulatory obligations their disclosures evidence.
One session (the caller's transaction): an import that fails leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from govatlas.industry.concepts import link_concepts
from govatlas.industry.editions import MappingCounts, map_editions
from govatlas.industry.fmti import ImportResult, import_fmti
from govatlas.industry.readiness import link_all


@dataclass(frozen=True)
class IndustryRefresh:
    fmti: ImportResult
    editions: MappingCounts
    concept_links: int  # indicators linked to concepts
    obligation_links: int  # indicator-obligation links


def refresh_industry(session: Session, mirror: Path) -> IndustryRefresh:
    """Import every FMTI edition in ``mirror`` and link what it brings."""
    fmti = import_fmti(session, mirror)
    editions = map_editions(session)
    return IndustryRefresh(fmti, editions, link_concepts(session), link_all(session))
