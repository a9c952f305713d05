"""The participation gap in the white paper: who took part in the convenings of global
AI governance, measured against the 193 UN Member States.

One line per convening where participation is recorded (the General Assembly's
plenaries, where every Member State adopted the resolution, are summarised in the
sentence above the table rather than listed): participants named, Member States present
and their share, and how many of Africa's 54, the 44 least developed countries and the
37 small island developing states were among them. A convening whose sources name fewer
participants than were reported is marked as a lower bound. Each line cites the
convening's outcomes and the sources of who took part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.network.convenings import outcomes_of
from govatlas.network.graph import UNIVERSAL_SHARE
from govatlas.network.groups import regions
from govatlas.network.participation import all_participation
from govatlas.reports.citations import Citations


@dataclass(frozen=True)
class ParticipationFindings:
    lines: list[dict[str, Any]]
    universal: list[str]  # names of the convenings (nearly) every Member State took part in
    summits_africa: tuple[int, int]  # African states present across the AI summits, of 54


def participation_findings(session: Session, citations: Citations) -> ParticipationFindings | None:
    found = all_participation(session)
    if not found:
        return None
    lines, universal = [], []
    africa_at_summits: set[str] = set()
    for p in found:
        if p.member_share >= UNIVERSAL_SHARE:
            universal.append(p.convening.name)
            continue
        africa = p.share_of("Africa")
        ldc = p.share_of("least developed countries")
        sids = p.share_of("small island developing states")
        if p.convening.series == "ai-summits" and africa is not None:
            africa_at_summits |= {s for s in p.states if s in _africa()}
        cite = citations.cite(
            f"convening: who took part in {p.convening.name}",
            instruments=[o.instrument_id for o in outcomes_of(session, p.convening.id)],
            sources=sorted({s for x in p.participants for s in x.sources}),
        )
        lines.append(
            {
                "name": p.convening.name,
                "date": p.convening.start_on.isoformat(),
                "participants": len(p.participants),
                "reported": p.convening.reported_participants,
                "complete": p.complete,
                "states": len(p.states),
                "share": p.member_share,
                "africa": africa.present if africa else 0,
                "ldc": ldc.present if ldc else 0,
                "sids": sids.present if sids else 0,
                "cite": cite,
            }
        )
    return ParticipationFindings(lines, universal, (len(africa_at_summits), len(_africa())))


def _africa() -> frozenset[str]:
    return regions().groups["Africa"]
