"""Texts people coded with the MIT risk domains, read from the store's records.

Two sources code texts by hand against the MIT AI Risk Repository's domain
taxonomy (taxonomy ``mit-risk``: 7 domains, 24 subdomains):

- ``mit-repository``: the repository's own coded risks (a risk category or
  subcategory from a paper, with its description), each with a subdomain such
  as ``7.3 > Lack of capability or robustness``;
- ``aiid-incidents``: AI Incident Database incidents classified in the MIT
  namespace (``Risk Subdomain`` ``7.3. Lack of capability or robustness``),
  the incident's title and description being the text.

People's own decisions join them (``reviewed-labels``): each provision that is
evidence for an accepted (or human-made) label on an MIT subdomain is a text
coded with that subdomain, so reviewing labels teaches the risk-domain model.

A coded text's labels are its subdomain and that subdomain's domain, named by
their preferred labels (as the quality figures and the label views name
concepts). Rows coded as excluded (``X.1``), to a domain only (``4.0``), or
without text are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy.orm import Session

from govatlas.classify.gold.passages import LabelledPassage
from govatlas.errors import GovatlasError
from govatlas.store.source_records import record_data
from govatlas.store.taxonomy_labels import people_evidence
from govatlas.taxonomy.schema import TaxonomyFile

TAXONOMY = "mit-risk"
REPOSITORY = "mit-repository"
INCIDENTS = "aiid-incidents"
REVIEWS = "reviewed-labels"
SUBDOMAIN = re.compile(r"^\s*(\d+)\.(\d+)\b")


def subdomain_code(coding: str) -> str | None:
    """``"7.3"`` from ``"7.3 > Lack of..."`` or ``"7.3. Lack of..."``; None when the
    row is excluded, coded to a domain only, or not coded."""
    match = SUBDOMAIN.match(coding)
    if match is None or match.group(2) == "0":
        return None
    return f"{match.group(1)}.{match.group(2)}"


def _records(session: Session, source: str, kind: str) -> list[tuple[str, dict[str, str]]]:
    rows = record_data(session, source, kind)
    return [(key, {k: str(v or "") for k, v in data.items()}) for key, data in rows]


def _passage(
    key: str, text: str, coding: str, labels: Mapping[str, tuple[str, str]]
) -> LabelledPassage | None:
    code = subdomain_code(coding)
    text = " ".join(text.split())
    if code is None or code not in labels or not text:
        return None
    return LabelledPassage(key, text, frozenset(labels[code]))


def _label_pairs(taxonomy: TaxonomyFile) -> dict[str, tuple[str, str]]:
    """Subdomain code -> (subdomain label, domain label)."""
    names = {c.id: c.label for c in taxonomy.concepts}
    return {
        c.id: (c.label, names[c.parent])
        for c in taxonomy.concepts
        if c.parent is not None and c.parent in names
    }


def _reviewed(session: Session, taxonomy: TaxonomyFile) -> list[LabelledPassage]:
    """The evidence provisions of people's accepted or own labels on subdomains."""
    parents = dict(_label_pairs(taxonomy).values())  # subdomain label -> domain label
    rows = people_evidence(session, TAXONOMY)
    passages = []
    for label_id, subdomain, text, evidence in rows:
        span = " ".join(text[evidence.start_offset : evidence.end_offset].split())
        if subdomain in parents and span:
            labels = frozenset({subdomain, parents[subdomain]})
            passages.append(
                LabelledPassage(f"review:{label_id}:{evidence.provision_id}", span, labels)
            )
    return passages


def risk_gold(session: Session, taxonomy: TaxonomyFile) -> dict[str, list[LabelledPassage]]:
    """Each source's coded texts; raises when neither source has been ingested."""
    labels = _label_pairs(taxonomy)
    repository = [
        _passage(
            f"mit:{key}",
            ". ".join(
                part
                for part in (row.get("Risk category"), row.get("Risk subcategory"))
                if part and part.strip()
            )
            + ". "
            + row.get("Description", ""),
            row.get("Sub-domain", ""),
            labels,
        )
        for key, row in _records(session, "mit-risk", "risk")
        if row.get("Description", "").strip()
    ]
    incidents = dict(_records(session, "aiid", "incident"))
    classified = [
        _passage(
            f"aiid:{key}",
            f"{incidents[key].get('title', '')}. {incidents[key].get('description', '')}",
            row.get("Risk Subdomain", ""),
            labels,
        )
        for key, row in _records(session, "aiid", "classifications_MIT")
        if key in incidents
    ]
    gold = {
        REPOSITORY: [p for p in repository if p is not None],
        INCIDENTS: [p for p in classified if p is not None],
        REVIEWS: _reviewed(session, taxonomy),
    }
    gold = {source: passages for source, passages in gold.items() if passages}
    if not gold:
        raise GovatlasError(
            "no texts coded with the MIT risk domains in the store",
            "run `govatlas ingest --source mit-risk --source aiid` (or `govatlas build`) first",
        )
    return gold
