"""Who is present and who is missing: participation in a convening against the 193 UN
Member States, by UN region, UN regional group, least developed, landlocked and small
island developing states, and World Bank income group; and the non-state participants
by stakeholder group.

Every share is ``present / members of the group`` among Member States, so a convening of
11 states is not compared with the General Assembly as if both were 100 %. A convening
whose sources name fewer participants than were reported is *incomplete*: its figures
are of the named participants, and every view says so (a lower bound, never 0 for "not
named"). Where no income classification is available, income is "not assessed".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.i18n import N_, gettext
from govatlas.network.convenings import (
    Participant,
    all_convenings,
    participants,
    participants_recorded,
)
from govatlas.network.groups import (
    Grouping,
    income_groups,
    regional_groups,
    regions,
    vulnerable_groups,
)
from govatlas.store.convenings import convening_series
from govatlas.store.models import Actor, Jurisdiction
from govatlas.store.network_models import Convening

# the stakeholder groups written here are marked for the catalogs (pages translate them)
STATE_GROUP = N_("UN Member States")
HEADLINE = {
    "africa": "Africa",
    "ldc": "least developed countries",
    "sids": "small island developing states",
}


@dataclass(frozen=True)
class GroupShare:
    group: str
    members: int  # Member States in the group
    present: int

    @property
    def share(self) -> float:
        return self.present / self.members if self.members else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "members": self.members,
            "present": self.present,
            "share": round(self.share, 3),
        }


@dataclass
class Participation:
    convening: Convening
    participants: list[Participant]
    states: list[str]
    others: dict[str, list[str]]  # stakeholder group -> party ids
    missing: list[str]
    by_region: list[GroupShare]
    by_regional_group: list[GroupShare]
    vulnerable: list[GroupShare]
    by_income: list[GroupShare] | None
    income_source: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        reported = self.convening.reported_participants
        return reported is None or len(self.participants) >= reported

    @property
    def member_share(self) -> float:
        return len(self.states) / len(un_member_states())

    def headline(self) -> dict[str, GroupShare]:
        """The shares every view leads with: Africa, LDC and SIDS (present / members)."""
        found = {}
        for key, group in HEADLINE.items():
            share = self.share_of(group)
            if share is not None:
                found[key] = share
        return found

    def share_of(self, group: str) -> GroupShare | None:
        for found in (*self.by_region, *self.by_regional_group, *self.vulnerable):
            if found.group == group:
                return found
        return None

    def as_dict(self) -> dict[str, Any]:
        c = self.convening
        return {
            "convening": c.id,
            "participants": len(self.participants),
            "complete": self.complete,
            "reported_participants": c.reported_participants,
            "reported_source": c.reported_source,
            "member_states": len(self.states),
            "member_share": round(self.member_share, 3),
            "others": self.others,
            "missing_member_states": self.missing,
            "by_region": [g.as_dict() for g in self.by_region],
            "by_regional_group": [g.as_dict() for g in self.by_regional_group],
            "vulnerable": [g.as_dict() for g in self.vulnerable],
            "by_income": [g.as_dict() for g in self.by_income]
            if self.by_income is not None
            else "not assessed",
            "income_source": self.income_source,
        }


def _shares(grouping: Grouping, present: set[str]) -> list[GroupShare]:
    return [
        GroupShare(name, len(members), len(members & present))
        for name, members in grouping.groups.items()
    ]


# The words of the stakeholder groups built from a kind, marked for the catalogs: a
# jurisdiction's kind before "bodies" ("supranational bodies"), an actor's kind (its id,
# underscores as spaces). The groups stay English in the API and the exports.
BODY_KINDS: dict[str, str] = {
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "subdivision": N_("subdivision"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "locality": N_("locality"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "region": N_("region"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "supranational": N_("supranational"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "intergovernmental": N_("intergovernmental"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "forum": N_("forum"),
    # Translators: a kind of jurisdiction, shown in "%(kind)s bodies" (stakeholder groups)
    "global": N_("global"),
}
ACTOR_KINDS: dict[str, str] = {
    "legislature": N_("legislature"),
    "executive": N_("executive"),
    "ministry": N_("ministry"),
    "regulator": N_("regulator"),
    "court": N_("court"),
    "standards_body": N_("standards body"),
    "intergovernmental_organisation": N_("intergovernmental organisation"),
    "company": N_("company"),
    "institute": N_("institute"),
    "civil_society": N_("civil society"),
    "multistakeholder": N_("multistakeholder"),
}
_BODIES = {f"{kind} bodies": word for kind, word in BODY_KINDS.items()}


def group_label(group: str) -> str:
    """A participant's group as ``stakeholder_group`` or a region names it, in the language
    of the page being rendered: "supranational bodies" through "%(kind)s bodies", the
    other groups' own marked words; a group no catalog knows is shown as it is."""
    if group in _BODIES:
        return gettext("%(kind)s bodies", kind=gettext(_BODIES[group]))
    return gettext(group)


def stakeholder_group(session: Session, party: str) -> str:
    """A participant's stakeholder group: a Member State, another state or body (from
    the jurisdictions), or an actor's kind (company, civil society...)."""
    if party in un_member_states():
        return STATE_GROUP
    place = session.get(Jurisdiction, party)
    if place is not None:
        kind = place.kind.value if hasattr(place.kind, "value") else str(place.kind)
        return {"country": N_("other states and observers")}.get(kind, f"{kind} bodies")
    actor = session.get(Actor, party)
    if actor is not None:
        kind = actor.kind.value if hasattr(actor.kind, "value") else str(actor.kind)
        return kind.replace("_", " ")
    return N_("not identified")


def participation(session: Session, convening: Convening) -> Participation:
    found = participants(session, convening)
    members = un_member_states()
    present = {p.party for p in found} & members
    others: dict[str, list[str]] = {}
    for participant in found:
        group = stakeholder_group(session, participant.party)
        if group != STATE_GROUP:
            others.setdefault(group, []).append(participant.party)
    vulnerable = [
        GroupShare(name, len(codes), len(codes & present))
        for name, codes in vulnerable_groups().items()
    ]
    income = income_groups()
    result = Participation(
        convening,
        found,
        sorted(present),
        others,
        sorted(members - present),
        _shares(regions(), present),
        _shares(regional_groups(), present),
        vulnerable,
        _shares(income, present) if income is not None else None,
        income.name if income is not None else None,
    )
    if not result.complete:  # English (API, CLI); convening.html writes it translated
        result.notes.append(
            f"the sources name {len(found)} of the {convening.reported_participants} "
            "participants reported: these figures are a lower bound"
        )
    return result


def all_participation(session: Session, series: str | None = None) -> list[Participation]:
    """Every convening's participation, oldest first (one series, if given); a convening
    whose participants are not recorded has none (``unrecorded_convenings``)."""
    return [
        participation(session, c)
        for c in all_convenings(session)
        if (series is None or c.series == series) and participants_recorded(session, c.id)
    ]


def unrecorded_convenings(session: Session, series: str | None = None) -> list[Convening]:
    """The convenings whose participants are not recorded, oldest first: no outcome in
    the catalog to read them from (a dialogue, a summit whose signatories are not
    published). Shown as "not recorded", never as 0 participants."""
    return [
        c
        for c in all_convenings(session)
        if (series is None or c.series == series) and not participants_recorded(session, c.id)
    ]


def series_names(session: Session) -> list[str]:
    return convening_series(session)
