"""The participation gap in the white paper: who took part in the convenings of global
AI governance, measured against the 193 UN Member States.

The body says it in a few sentences, cited: how many convenings nearly every Member State
took part in, and how many African, least developed and small island developing states
endorsed what the AI summits produced. The table travels as an annex (one line per
convening: participants named and reported, Member States present and their share, and
how many of Africa's 54, the 44 least developed countries and the 37 small island
developing states were among them; a convening whose sources name fewer participants
than were reported is marked as a lower bound), so the paper stays short. A sentence
follows on what the convenings asked to be done next: how many follow-up actions are
evidenced as done (on time or late), done in part, open, or without evidence after their
due date (``network.outcome_actions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from govatlas.i18n import N_, gettext
from govatlas.network.graph import UNIVERSAL_SHARE
from govatlas.network.groups import regions, vulnerable_groups
from govatlas.network.outcome_actions import all_follow_up, tally
from govatlas.network.participation import all_participation, unrecorded_convenings
from govatlas.reports.annexes import Annex
from govatlas.reports.citations import Citations
from govatlas.store.convenings import outcomes_of


@dataclass(frozen=True)
class ParticipationFindings:
    lines: list[dict[str, Any]]
    universal: list[str]  # names of the convenings (nearly) every Member State took part in
    summits: dict[str, tuple[int, int]]  # group -> (present at any AI summit, members)
    summit_count: int
    cite: str  # the body's sentences: every convening's outcomes and sources
    # follow-up actions by status (network.outcome_actions), and their citation
    actions: dict[str, int] = field(default_factory=dict)
    actions_cite: str | None = None
    # convenings whose participants are not recorded (no outcome in the catalog): named,
    # never counted as 0
    unrecorded: list[str] = field(default_factory=list)

    @property
    def actions_total(self) -> int:
        return sum(self.actions.values())

    def annex(self, letter: str) -> Annex:
        return Annex(
            "participation",
            letter,
            gettext("Participation in convenings of global AI governance"),
            gettext(
                "Who endorsed, signed or adopted what each convening produced (acts dated "
                "within its days, each with its source in the citation register), against the "
                "193 UN Member States: Member States present, and how many of Africa's 54, the "
                "44 least developed countries and the 37 small island developing states. Where "
                "the sources name fewer participants than were reported, the figures are a "
                "lower bound. Later endorsements are not counted here (the commitments table "
                "counts every act, whenever made)."
            ),
            (
                N_("Convening"),
                N_("Date"),
                N_("Participants named"),
                N_("Participants reported"),
                N_("Member States among them"),
                N_("Share of 193"),
                N_("Africa"),
                N_("Least developed"),
                N_("Small island developing"),
            ),
            [
                (
                    line["name"],
                    line["date"],
                    line["participants"],
                    line["reported"],
                    line["states"],
                    round(line["share"], 3),
                    line["africa"],
                    line["ldc"],
                    line["sids"],
                )
                for line in self.lines
            ],
        )


def participation_findings(session: Session, citations: Citations) -> ParticipationFindings | None:
    found = all_participation(session)
    if not found:
        return None
    lines, universal = [], []
    groups = {"Africa": regions().groups["Africa"], **vulnerable_groups()}
    at_summits: set[str] = set()
    summit_count = 0
    instruments: set[str] = set()
    sources: set[str] = set()
    for p in found:
        instruments |= {o.instrument_id for o in outcomes_of(session, p.convening.id)}
        sources |= {s for x in p.participants for s in x.sources}
        if p.convening.series == "ai-summits":
            at_summits |= set(p.states)
            summit_count += 1
        if p.member_share >= UNIVERSAL_SHARE:
            universal.append(p.convening.name)
        shares = {key: share.present for key, share in p.headline().items()}
        lines.append(
            {
                "name": p.convening.name,
                "date": p.convening.start_on.isoformat(),
                "participants": len(p.participants),
                "reported": p.convening.reported_participants,
                "complete": p.complete,
                "states": len(p.states),
                "share": p.member_share,
                "africa": shares.get("africa", 0),
                "ldc": shares.get("ldc", 0),
                "sids": shares.get("sids", 0),
            }
        )
    cite = citations.cite(
        gettext("convenings: who took part in each, against the 193 UN Member States"),
        instruments=sorted(instruments),
        sources=sorted(sources),
    )
    summits = {name: (len(members & at_summits), len(members)) for name, members in groups.items()}
    actions = all_follow_up(session)
    actions_cite = None
    if actions:
        actions_cite = citations.cite(
            gettext("follow-up actions of the convenings: where each is stated, and its evidence"),
            instruments=sorted({a.action.outcome_id for a in actions if a.action.outcome_id}),
            sources=sorted(
                {a.action.stated_in for a in actions}
                | {f.href for a in actions for f in a.found if f.kind == "source" and f.href}
            ),
        )
    return ParticipationFindings(
        lines,
        universal,
        summits,
        summit_count,
        cite,
        tally(actions),
        actions_cite,
        [c.name for c in unrecorded_convenings(session)],
    )
