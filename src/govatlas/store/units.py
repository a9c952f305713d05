"""The provisions an instrument is aligned and compared by: its main unit.

A law is compared article by article, the AI RMF subcategory by subcategory: the
first provision kind in ``UNIT_KINDS`` that one of the instrument's full-text
versions in the reading language has at least ``MIN_UNITS`` of (outermost ones
only, so units never overlap), taken from the version with the most of them -
sources segment the same law differently, and the best-cut edition wins;
failing that, the reading version's top-level provisions. Units must hold the
text: a kind whose units hold less than ``MIN_COVERAGE`` of the text of the
version's top-level provisions is passed over (an act whose only "sections" are
amendment instructions of a few hundred characters, beside a part that holds the
law, is compared by the part's points). A framework whose
text is not public is compared by the reference items its crosswalks cite.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.records import Passage
from govatlas.store.instruments import REFERENCE_FORMAT, get_instrument, reading_version
from govatlas.store.models import InstrumentVersion, Provision

UNIT_KINDS = ("article", "subcategory", "section", "clause", "point", "paragraph")
MIN_UNITS = 3
MIN_COVERAGE = 0.2


def unit_provisions(session: Session, instrument_id: str) -> list[Provision]:
    """The provisions an instrument is compared by (see module docstring)."""
    get_instrument(session, instrument_id)
    version = reading_version(session, instrument_id)
    if version is None:
        references = list(
            session.scalars(
                select(Provision)
                .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
                .where(
                    InstrumentVersion.instrument_id == instrument_id,
                    InstrumentVersion.format == REFERENCE_FORMAT,
                )
                .order_by(InstrumentVersion.id, Provision.ordinal)
            )
        )
        if references:
            return references
        raise InvalidInputError(
            f"{instrument_id} has no stored text to align",
            "ingest its text first (`govatlas ingest`)",
        )
    candidates = session.scalars(
        select(InstrumentVersion.id).where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.format != REFERENCE_FORMAT,
            InstrumentVersion.language == version.language,
        )
    ).all() or [version.id]
    by_version = {
        version_id: list(
            session.scalars(
                select(Provision)
                .where(Provision.version_id == version_id)
                .order_by(Provision.ordinal)
            )
        )
        for version_id in sorted(candidates, reverse=True)  # newest first on ties
    }
    for kind in UNIT_KINDS:
        best: list[Provision] = []
        for provisions in by_version.values():
            units = _outermost(
                [p for p in provisions if p.kind == kind and p.text.strip()], provisions
            )
            if len(units) > len(best) and _covers(units, provisions):
                best = units
        if len(best) >= MIN_UNITS:
            return best
    provisions = by_version.get(version.id, [])
    return [p for p in provisions if p.parent_id is None and p.text.strip()] or provisions


def _covers(units: list[Provision], provisions: list[Provision]) -> bool:
    """The units hold ``MIN_COVERAGE`` or more of the text of the top-level provisions."""
    whole = sum(len(p.text) for p in provisions if p.parent_id is None)
    return sum(len(u.text) for u in units) >= MIN_COVERAGE * whole


def unit_passage(provision: Provision) -> Passage:
    """A unit as the aligner reads it: its heading, then its text."""
    heading = f"{provision.heading}. " if provision.heading else ""
    return Passage(str(provision.id), heading + provision.text)


def _outermost(units: list[Provision], provisions: list[Provision]) -> list[Provision]:
    """Drop units nested in another unit (a sub-point inside a point), so none overlap."""
    parent = {p.id: p.parent_id for p in provisions}
    chosen = {u.id for u in units}

    def nested(provision_id: int) -> bool:
        node = parent.get(provision_id)
        while node is not None:
            if node in chosen:
                return True
            node = parent.get(node)
        return False

    return [u for u in units if not nested(u.id)]
