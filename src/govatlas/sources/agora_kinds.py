"""What kind of instrument an AGORA document is, where it applies, and how far it got.

AGORA records an issuing authority, a name and a "most recent activity"
(Enacted, Proposed, Defunct); it has no field for legal form. This module turns
those fields into govatlas's instrument type, binding force, jurisdiction and
lifecycle events with rules that are written down here and tested on the
documents that earlier versions got wrong (docs/legal-status.md lists them):

* statements of a government's view (position papers, remarks, speeches,
  concept papers) are ``statement``: never regulation, never binding;
* resolutions of one chamber, concurrent resolutions and state joint
  resolutions are ``resolution`` and non-binding; executive orders are
  ``executive_order``; agency policies and memoranda are ``policy``;
* a legislature's text is a ``law`` once enacted and a ``bill`` otherwise; a state or
  local government's advisory, guidance, guidelines, framework, report, inventory or
  standard (an attorney general's legal advisory, a city's guidelines) is ``guidance``,
  and a code of practice or conduct is a ``code_of_conduct``: neither is binding, whatever
  AGORA's "Enacted" says;
* a state agency's regulations are a ``regulation`` (a draft of them is a proposal);
* a proposed EU directive or regulation is a ``bill`` (a binding proposal) until it is
  adopted, and a US agency's proposed rule is a draft ``regulation`` (a binding proposal);
* a text that names scholars, academics, a university or an industry body as its author,
  filed under "Other authorities", is not a public authority's: never a bill, never
  binding, and not counted as a jurisdiction's rules;
* Chinese measures, provisions and regulations are ``regulation``; opinions,
  plans, guides, norms and principles are ``policy``; a technical committee's
  documentation is a ``standard``; a text marked "draft" is a proposal;
* a US federal statute or an executive order with no later effective date is
  in force from enactment (the default rule of US law), so AGORA's "Enacted"
  yields an in-force event for them; for other enacted texts the in-force date
  is unknown and the stage stays "adopted".

Where AGORA names no jurisdiction ("Other authorities"), the title is read for
the country it names; what the title cannot tell is resolved by the catalog's
``resolutions.yaml`` (facts about individual documents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from govatlas.catalog.countries import country_in_text
from govatlas.records import EventDraft
from govatlas.vocabulary import Binding, InstrumentType, LifecycleKind

STATEMENT = re.compile(
    r"\bposition paper\b|\bremarks\b|\bspeech\b|\bstatement by\b|\baddress by\b|"
    r"\bconcept paper\b|\bworking paper\b|\bsubmitted by the .* delegation\b",
    re.IGNORECASE,
)
NON_BINDING_RESOLUTION = re.compile(
    r"\bconcurrent resolution\b|\b(?:house|senate|assembly) resolution\b|"
    r"\bjoint resolution\b|^.*\bresolution (?:no\.? )?\d+|\bsenate resolution\b",
    re.IGNORECASE,
)
EXECUTIVE_ORDER = re.compile(r"\bexecutive (?:order|directive)\b", re.IGNORECASE)
AGENCY_POLICY = re.compile(
    r"\bpolicy\b|\bmemorandum\b|\bpolicies and procedures\b|\bstandards? of conduct\b",
    re.IGNORECASE,
)
CHINESE_BINDING = re.compile(
    r"\bmeasures\b|\bprovisions\b|\bregulations?\b|\brules\b|\blaw\b", re.IGNORECASE
)
CHINESE_STANDARD = re.compile(r"technical committee|\bTC ?260\b|\bstandard\b", re.IGNORECASE)
TECHNICAL_COMMITTEE = re.compile(r"technical committee|\bTC ?260\b", re.IGNORECASE)
DRAFT = re.compile(r"\bdraft\b", re.IGNORECASE)
LAW_NAME = re.compile(r"\b(?:act|law|bill)\b|\bcode\b(?! of (?:practice|conduct))", re.IGNORECASE)
CODE_OF_PRACTICE = re.compile(r"\bcode of (?:practice|conduct)\b", re.IGNORECASE)
# A state or local government's document that says it advises, guides, frames or reports
# (an attorney general's legal advisory, a city's guidelines, an agency's AI inventory
# report) is not legislation, whatever AGORA's "Enacted" says; a bill's name says Act or
# Bill, or gives its number (SB 2687)
NOT_LEGISLATION = re.compile(
    r"\badvisory\b(?! (?:council|committee|board|group|task force))|\bguidance\b"
    r"|\bguidelines?\b|\bguide\b|\bframework\b|\breport\b|\binventory\b|\bstandards?\b",
    re.IGNORECASE,
)
BILL_NAME = re.compile(r"\b(?:act|bill)\b|\b(?:[HS]\.?\s?[BFR]|AB|SB|HB)\.?\s?\d", re.IGNORECASE)
PLAN_NAME = re.compile(r"\bstrategy\b|\baction plan\b|\bplan\b", re.IGNORECASE)
FEDERAL_RULE = re.compile(r"\bfinal rule\b|\brule\b|\bregulation\b", re.IGNORECASE)
GUIDANCE_NAME = re.compile(r"\bguidance\b|\bguidelines?\b|\bframework\b|\bprinciples\b", re.I)
# A state agency's regulations (California's privacy agency's draft ADMT regulations) are
# rules, not a bill of the legislature, unless the name is a bill's.
STATE_RULES = re.compile(r"\bregulations\b", re.IGNORECASE)
PROPOSED_RULE = re.compile(r"\bproposed rule\b|\bnotice of proposed rulemaking\b|\bNPRM\b", re.I)
EU_LEGISLATION = re.compile(r"\bdirective\b|\bregulation\b|\bact\b|\blaw\b", re.IGNORECASE)
# Authors that are no public authority, named in the title of a text AGORA files under
# "Other authorities" (China's AI law "Draft for Suggestions from Scholars", the China AI
# Industry Alliance's commitments).
NOT_PUBLIC_AUTHOR = re.compile(
    r"\bscholars?\b|\bacademics?\b|\bacademia\b|\buniversit(?:y|ies)\b"
    r"|\bindustry (?:alliance|association)\b",
    re.IGNORECASE,
)
COMMITMENT_NAME = re.compile(r"\bcommitments?\b|\bpledge\b", re.IGNORECASE)

BINDING_TYPES = frozenset(
    {
        InstrumentType.LAW,
        InstrumentType.BILL,
        InstrumentType.REGULATION,
        InstrumentType.EXECUTIVE_ORDER,
        InstrumentType.TREATY,
    }
)

# Municipal and provincial Chinese documents, by the place their name gives.
CHINESE_PLACES = {"Shanghai": "CN-SH", "Beijing": "CN-BJ", "Shenzhen": "CN-GD"}


@dataclass(frozen=True)
class Kind:
    type: InstrumentType
    binding: Binding
    draft: bool = False  # the text is a draft: a proposal whatever AGORA's activity says
    public: bool = True  # issued by a public authority (not a company, academia, industry)


def _kind(type_: InstrumentType, draft: bool = False) -> Kind:
    binding = Binding.BINDING if type_ in BINDING_TYPES else Binding.NON_BINDING
    return Kind(type_, binding, draft)


def _not_public(name: str) -> Kind:
    """A text of scholars or of an industry body: its commitments, or its proposal
    (a model law drafted by scholars is a framework of ideas, not a bill)."""
    type_ = InstrumentType.COMMITMENT if COMMITMENT_NAME.search(name) else InstrumentType.FRAMEWORK
    return Kind(type_, Binding.NON_BINDING, bool(DRAFT.search(name)), public=False)


def _agency_rules(name: str) -> bool:
    """A state agency's regulations, not a bill (whose name is an Act's or a number)."""
    return bool(STATE_RULES.search(name)) and not BILL_NAME.search(name)


def _eu_kind(name: str, activity: str, draft: bool) -> Kind:
    """An EU directive, regulation or act binds once adopted; before that it is a proposal."""
    if not EU_LEGISLATION.search(name):
        return _kind(InstrumentType.POLICY)
    if activity == "Enacted" and not draft:
        return _kind(InstrumentType.REGULATION)
    return _kind(InstrumentType.BILL, draft)


def _federal_agency_kind(name: str, casual_name: str, draft: bool) -> Kind:
    """A US agency's rule binds; its proposed rule is a binding proposal (a draft)."""
    if PROPOSED_RULE.search(name) or PROPOSED_RULE.search(casual_name):
        return _kind(InstrumentType.REGULATION, draft=True)
    if FEDERAL_RULE.search(name) and "proposed" not in name.lower():
        return _kind(InstrumentType.REGULATION, draft)
    if PLAN_NAME.search(name):
        return _kind(InstrumentType.STRATEGY)
    if GUIDANCE_NAME.search(name):
        return _kind(InstrumentType.GUIDANCE)
    return _kind(InstrumentType.POLICY)


def instrument_kind(
    authority: str, parent: str, name: str, activity: str, casual_name: str = ""
) -> Kind:
    """Type and binding force of an AGORA document, by the rules in the module docstring.

    ``casual_name`` is read where AGORA's official name is a register's number (a proposed
    rule is "Federal Register Doc. No. 2024-01580", casually "AI Cloud KYC Proposed Rule").
    """
    draft = bool(DRAFT.search(name))
    if authority == "Private-sector companies":
        return Kind(InstrumentType.COMPANY_FRAMEWORK, Binding.NON_BINDING, public=False)
    if authority == "Other authorities" and NOT_PUBLIC_AUTHOR.search(name):
        return _not_public(name)
    if STATEMENT.search(name):
        return _kind(InstrumentType.STATEMENT)
    if TECHNICAL_COMMITTEE.search(name):
        return _kind(InstrumentType.STANDARD, draft)
    legislative = authority == "United States Congress" or parent == "State governments"
    if EXECUTIVE_ORDER.search(name):
        return _kind(InstrumentType.EXECUTIVE_ORDER)
    if CODE_OF_PRACTICE.search(name):
        return _kind(InstrumentType.CODE_OF_CONDUCT, draft)
    if (
        parent == "State governments"
        and NOT_LEGISLATION.search(name)
        and not BILL_NAME.search(name)
        and not NON_BINDING_RESOLUTION.search(name)
    ):
        return _kind(InstrumentType.GUIDANCE, draft)
    if legislative:
        if authority == "United States Congress" and "joint resolution" in name.lower():
            pass  # a joint resolution of Congress becomes law like a bill
        elif NON_BINDING_RESOLUTION.search(name):
            return _kind(InstrumentType.RESOLUTION)
        elif parent == "State governments" and AGENCY_POLICY.search(name):
            return _kind(InstrumentType.POLICY)
        elif parent == "State governments" and _agency_rules(name):
            return _kind(InstrumentType.REGULATION, draft)
        enacted = activity == "Enacted" and not draft
        return _kind(InstrumentType.LAW if enacted else InstrumentType.BILL, draft)
    if authority in ("Chinese central government", "Chinese provincial and local governments"):
        if CHINESE_STANDARD.search(name):
            return _kind(InstrumentType.STANDARD, draft)
        if CHINESE_BINDING.search(name):
            return _kind(InstrumentType.REGULATION, draft)
        return _kind(InstrumentType.POLICY, draft)
    if authority == "European Union":
        return _eu_kind(name, activity, draft)
    if authority == "United Nations":
        return _kind(InstrumentType.RESOLUTION)
    if authority == "OECD":
        return _kind(InstrumentType.RECOMMENDATION)
    if authority == "Other multinational":
        return _kind(InstrumentType.DECLARATION)
    if parent == "Federal government":
        return _federal_agency_kind(name, casual_name, draft)
    if LAW_NAME.search(name) and not PLAN_NAME.search(name):
        enacted = activity == "Enacted" and not draft
        return _kind(InstrumentType.LAW if enacted else InstrumentType.BILL, draft)
    if PLAN_NAME.search(name):
        return _kind(InstrumentType.STRATEGY)
    return _kind(InstrumentType.POLICY, draft)


def in_force_on_enactment(authority: str, kind: Kind) -> bool:
    """US federal statutes and executive orders apply from enactment unless they say otherwise."""
    if kind.type is InstrumentType.EXECUTIVE_ORDER:
        return True
    return authority == "United States Congress" and kind.type is InstrumentType.LAW


def lifecycle(
    authority: str, kind: Kind, activity: str, proposed: date | None, recent: date | None
) -> tuple[EventDraft, ...]:
    """Events from AGORA's dates: proposed, then enacted (adopted) or defunct."""
    events: list[EventDraft] = []
    if proposed:
        events.append(EventDraft(LifecycleKind.PROPOSED, proposed))
    if recent is None or activity not in ("Enacted", "Defunct"):
        return tuple(events)
    if activity == "Defunct":
        events.append(EventDraft(LifecycleKind.DEFUNCT, recent, "died, expired or was withdrawn"))
        return tuple(events)
    if kind.draft:
        # A published draft is a proposal: AGORA's "Enacted" dates its publication.
        if not proposed:
            events.append(EventDraft(LifecycleKind.PROPOSED, recent, "draft published"))
        return tuple(events)
    events.append(EventDraft(LifecycleKind.ADOPTED, recent))
    if in_force_on_enactment(authority, kind):
        events.append(
            EventDraft(LifecycleKind.IN_FORCE, recent, "in force on enactment (default rule)")
        )
    return tuple(events)


def place_in_name(jurisdiction: str, name: str) -> str:
    """A Chinese municipality's or province's own document applies there, not nationwide."""
    if jurisdiction != "CHN":
        return jurisdiction
    for place, code in CHINESE_PLACES.items():
        if place in name:
            return code
    return jurisdiction


def jurisdiction_from_title(name: str) -> str | None:
    """The one country a title names, for documents AGORA files under "Other authorities"."""
    return country_in_text(name)
