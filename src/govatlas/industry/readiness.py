"""Regulatory readiness: which legal obligations a company's disclosed practice already evidences.

A regulation's obligations are the innermost provisions under named roots of
its reading text (for the EU AI Act's duties of general-purpose AI model
providers: Article 53(1), Article 55(1), Annexes XI and XII; for the NIST AI RMF,
its subcategories as NIST publishes them). Each obligation is
linked to the indicators of an edition that speak to it, with the crosswalk
aligner (BM25 and MiniLM fused; the best ``LINKS`` indicators whose MiniLM
cosine reaches ``MIN_COSINE``), stored as automated ``related`` mappings a
reviewer can accept or reject. An obligation is *evidenced* for a company when
one of its linked indicators (not rejected) scored 1 in the company's
assessment, with that indicator's justification as the evidence, unless that
justification says the practice is absent (``disclosure_absence``: "No data
augmentation is performed" earns a transparency point but evidences no practice);
*disclosed absent* when every such justification says so; *unevidenced* when linked
indicators all scored 0; *not covered* when no indicator speaks to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.crosswalk.align import VectorCache, align
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.industry.disclosure_absence import states_absence
from govatlas.industry.mappings import clear_suggested
from govatlas.industry.profiles import get_organisation, latest_edition
from govatlas.records import Passage
from govatlas.store.industry import (
    framework_indicators,
    frameworks_with_indicators,
    provision_mappings,
)
from govatlas.store.industry_assessments import accepted_human_assessments
from govatlas.store.instruments import reading_version
from govatlas.store.models import Indicator, IndicatorMapping, Provision
from govatlas.store.versions import newest_version_from
from govatlas.vocabulary import (
    MappingType,
    RelationshipMethod,
    ReviewStatus,
)

LINKS = 3
MIN_COSINE = 0.35


@dataclass(frozen=True)
class Regulation:
    id: str
    instrument: str
    roots: tuple[str, ...]
    title: str
    source: str | None = None  # read the text this source brought (default: the reading text)


REGULATIONS = {
    "eu-ai-act-gpai": Regulation(
        "eu-ai-act-gpai",
        "eu-ai-act",
        ("art.53.1", "art.55.1", "annex.xi", "annex.xii"),
        "EU AI Act: obligations of providers of general-purpose AI models "
        "(Art. 53(1), 55(1), Annexes XI and XII)",
    ),
    "nist-ai-rmf": Regulation(
        "nist-ai-rmf",
        "nist-ai-rmf-1-0",
        ("govern", "map", "measure", "manage"),
        "NIST AI Risk Management Framework 1.0: its subcategories",
        source="nist",
    ),
}


def get_regulation(regulation: str) -> Regulation:
    if regulation not in REGULATIONS:
        raise NotFoundError(
            f"no regulation {regulation!r}", f"known: {', '.join(sorted(REGULATIONS))}"
        )
    return REGULATIONS[regulation]


def obligations(session: Session, regulation: Regulation) -> list[Provision]:
    if regulation.source is not None:
        version = newest_version_from(session, regulation.instrument, regulation.source)
    else:
        version = reading_version(session, regulation.instrument)
    if version is None:
        raise InvalidInputError(
            f"{regulation.instrument} has no stored text", "ingest it first (`govatlas build`)"
        )
    provisions = list(version.provisions)
    parents = {p.parent_id for p in provisions if p.parent_id is not None}
    found = [
        p
        for p in provisions
        if p.id not in parents
        and any(p.path == root or p.path.startswith(root + ".") for root in regulation.roots)
    ]
    if not found:
        raise InvalidInputError(
            f"no provision of {regulation.instrument} under {', '.join(regulation.roots)}",
            "the stored text is not segmented into articles and annexes",
        )
    return found


def link_obligations(
    session: Session, regulation: Regulation, edition: str, cache: VectorCache | None = None
) -> int:
    """(Re)compute the automated links of an edition's indicators to the obligations
    (``cache`` keeps the embeddings of texts already read, e.g. by another edition)."""
    duties = obligations(session, regulation)
    indicators = framework_indicators(session, edition)
    if not indicators:
        raise NotFoundError(
            f"edition {edition} has no indicators", "run `govatlas industry import`"
        )
    ids = [p.id for p in duties]
    decided = clear_suggested(
        session,
        IndicatorMapping.provision_id,
        IndicatorMapping.provision_id.in_(ids),
        IndicatorMapping.indicator_id.in_([i.id for i in indicators]),
    )
    candidates = align(
        [Passage(str(p.id), " ".join(p.text.split())) for p in duties],
        [Passage(i.id, " ".join(x for x in (i.name, i.definition) if x)) for i in indicators],
        top=LINKS,
        cache=cache,
        with_cosine=True,
    )
    added = 0
    for candidate in candidates:
        cosine = candidate.cosine or 0.0  # always computed here (with_cosine)
        if cosine < MIN_COSINE or (candidate.target_id, int(candidate.source_id)) in decided:
            continue  # too weak, or a reviewer already decided on this link
        session.add(
            IndicatorMapping(
                indicator_id=candidate.target_id,
                provision_id=int(candidate.source_id),
                type=MappingType.RELATED,
                method=RelationshipMethod.AUTOMATED,
                review_status=ReviewStatus.UNREVIEWED,
                confidence=round(cosine, 3),
                rationale=f"aligner rank {candidate.rank} (MiniLM cosine {cosine:.2f})",
            )
        )
        added += 1
    session.flush()
    return added


@dataclass
class LinkedScore:
    indicator: Indicator
    score: float | None
    justification: str | None
    confidence: float | None

    @property
    def disclosed(self) -> bool:
        """The company earned the indicator's point: it disclosed something."""
        return (self.score or 0) >= 1

    @property
    def says_absent(self) -> bool:
        """Disclosed, but what it disclosed is that the practice is absent."""
        return self.disclosed and states_absence(self.justification)

    @property
    def evidences(self) -> bool:
        """Disclosed, and the justification does not say the practice is absent."""
        return self.disclosed and not self.says_absent


STATUSES = ("evidenced", "disclosed absent", "unevidenced", "not covered")


@dataclass
class ObligationRow:
    provision: Provision
    status: str  # one of STATUSES
    links: list[LinkedScore] = field(default_factory=list)

    @property
    def evidence(self) -> LinkedScore | None:
        """The link whose justification is shown: the first that evidences the
        obligation, else the first that says the practice is absent."""
        return next((x for x in self.links if x.evidences), None) or next(
            (x for x in self.links if x.says_absent), None
        )


@dataclass
class Readiness:
    regulation: Regulation
    organisation: str
    edition: str
    rows: list[ObligationRow]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def readiness(
    session: Session, organisation: str, regulation_id: str, edition: str | None = None
) -> Readiness:
    regulation = get_regulation(regulation_id)
    org = get_organisation(session, organisation)
    wanted = edition or latest_edition(session, org.id)
    duties = obligations(session, regulation)
    ids = [p.id for p in duties]
    mappings = provision_mappings(session, ids, wanted)
    if not mappings:  # first use for this edition: link, once
        link_obligations(session, regulation, wanted)
        mappings = provision_mappings(session, ids, wanted)
    scores = {a.indicator_id: a for a in accepted_human_assessments(session, org.id)}
    indicators = {i.id: i for i in framework_indicators(session, wanted)}
    by_provision: dict[int, list[IndicatorMapping]] = {}
    for mapping in mappings:
        if mapping.review_status is not ReviewStatus.REJECTED and mapping.provision_id is not None:
            by_provision.setdefault(mapping.provision_id, []).append(mapping)
    rows = []
    for duty in duties:
        links = []
        for mapping in sorted(by_provision.get(duty.id, []), key=lambda m: -(m.confidence or 0)):
            assessment = scores.get(mapping.indicator_id)
            links.append(
                LinkedScore(
                    indicators[mapping.indicator_id],
                    assessment.score if assessment else None,
                    assessment.justification if assessment else None,
                    mapping.confidence,
                )
            )
        if not links:
            status = "not covered"
        elif any(link.evidences for link in links):
            status = "evidenced"
        elif any(link.says_absent for link in links):
            status = "disclosed absent"
        else:
            status = "unevidenced"
        rows.append(ObligationRow(duty, status, links))
    return Readiness(regulation, org.name, wanted, rows)


def link_all(session: Session) -> int:
    """Link every edition's indicators to every known regulation whose text is stored.
    The editions share most indicators and each regulation is read once per edition, so
    one cache embeds each text once (a third of the time, measured on the corpus)."""
    editions = frameworks_with_indicators(session)
    added = 0
    cache = VectorCache()
    for regulation in REGULATIONS.values():
        for edition in sorted(editions):
            try:
                added += link_obligations(session, regulation, edition, cache)
            except (InvalidInputError, NotFoundError):
                break  # the regulation's text is not in the store
    return added
