"""What the store does not know well yet: the list a maintainer works through.

* **Unresolved jurisdiction**: instruments filed under "unspecified".
* **Unknown stage**: instruments with no dated lifecycle event at all.
* **Low text coverage**: instruments with a text of which the provision
  classifiers read less than ``READ_SHARE`` of the characters (the reason is
  given: no provisions cut, or most of the text in passages too short to read).
* **Probable duplicates**: two instruments of one place whose titles share most
  of their words (``ingest.linking.similar_titles``) and that the linker did not
  merge (same dataset, or years far apart): worth a look, not a verdict. Also a
  catalogued instrument with no text of its own whose official address is where
  another instrument's text was read (a dataset filed the same document under another
  title: AGORA's copies of OMB M-24-10 and California AB 2013 were found so, and
  the catalog now names their AGORA ids).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import UNSPECIFIED
from govatlas.classify.provisions.labelling import reading_share
from govatlas.ingest.linking import similar_titles
from govatlas.store.coverage_rows import newest_text_versions
from govatlas.store.instruments import (
    catalog_instruments,
    instrument_titles,
    instruments_holding_documents,
    instruments_with_events,
)

READ_SHARE = 0.95


@dataclass
class DataQuality:
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    unknown_stage: list[tuple[str, str]] = field(default_factory=list)
    low_coverage: list[tuple[str, float]] = field(default_factory=list)  # (id, share read)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    with_text: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "unresolved jurisdiction": len(self.unresolved),
            "unknown stage": len(self.unknown_stage),
            f"text read below {READ_SHARE:.0%}": len(self.low_coverage),
            "probable duplicates": len(self.duplicates),
            "instruments with text": self.with_text,
        }


def data_quality(session: Session) -> DataQuality:
    found = DataQuality()
    titles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    dated = instruments_with_events(session)
    for ident, title, place in instrument_titles(session):
        if place == UNSPECIFIED:
            found.unresolved.append((ident, title))
        if ident not in dated:
            found.unknown_stage.append((ident, title))
        titles[place].append((ident, title))
    for place, items in titles.items():
        if place == UNSPECIFIED or len(items) > 2000:
            continue
        for i, (first, first_title) in enumerate(items):
            for second, second_title in items[i + 1 :]:
                if similar_titles(first_title, second_title):
                    found.duplicates.append((first, second))
    reading = newest_text_versions(session)
    for catalogued in catalog_instruments(session):
        if catalogued.id in reading or not catalogued.official_urls:
            continue
        for holder in instruments_holding_documents(session, catalogued.official_urls):
            if holder != catalogued.id and (catalogued.id, holder) not in found.duplicates:
                found.duplicates.append((catalogued.id, holder))
    found.with_text = len(reading)
    for instrument, version in reading.items():
        share = reading_share(session, version)
        if share < READ_SHARE:
            found.low_coverage.append((instrument, share))
    found.low_coverage.sort(key=lambda item: item[1])
    return found
