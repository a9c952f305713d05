"""The parameters a provision sets - deadlines, thresholds, penalties, definitions - read
from its text by rules, each with the exact characters it was read from.

Where two frameworks agree that incidents must be reported, what divides them is
the number: 15 days or 24 hours, 10^25 or 10^26 FLOP, EUR 35 million or 7 % of
turnover against USD 1 million per violation. The rules below read those numbers
sentence by sentence and classify them by the words of the sentence they sit in.
They are written for precision: a figure whose sentence does not say what it
measures is left out rather than guessed (see docs/divergence.md for what is
read, how, and the known misses).

Every parameter carries a ``Span`` (the project's one evidence type) into the
text it was read from, whose ``concept`` is ``family:kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govatlas.analytics.definitions import (
    COLON_DEFINITION,
    DEFINITION,
    DEFINITIONS_HEAD,
    LISTED_DEFINITION,
    TERM_KINDS,
    normalise_term,
)
from govatlas.analytics.duties import (
    APPOINTMENT,
    AUTHORITY,
    AUTHORITY_ACT,
    AUTHORITY_ACTS,
    MEETING,
    MODAL,
    PURPOSE_KINDS,
    clause_of,
    completed_by,
    heading_purpose,
    holder_in,
    object_of,
    purpose,
    sentence_holder,
)
from govatlas.analytics.quantities import (
    CURRENCY_CODES,
    Money,
    Quantity,
    counts,
    duration_label,
    durations,
    format_hours,
    format_number,
    money,
    money_label,
    parse_number,
    percents,
    powers_of_ten,
)
from govatlas.classify.gold.passages import Span

DEADLINE = "deadline"
THRESHOLD = "threshold"
PENALTY = "penalty"
DEFINITION_FAMILY = "definition"
SCOPE = "scope"
FAMILIES = (SCOPE, THRESHOLD, DEADLINE, PENALTY, DEFINITION_FAMILY)

KIND_LABELS = {
    # deadlines
    "incident-reporting": "Reporting an incident or harm",
    "notification": "Notifying an authority or person",
    "publication": "Publishing a document",
    "response": "Answering a request",
    "assessment": "Completing an assessment or review",
    "retention": "Keeping records",
    "authority": "Deadline for an authority",
    "other": "Other deadline",
    # thresholds
    "compute": "Training compute",
    "compute-cost": "Training compute cost",
    "compute-capacity": "Computing capacity",
    "parameters": "Model parameters",
    "casualties": "Harm: people killed or injured",
    "damage": "Harm: damage to property",
    "revenue": "Annual revenue or turnover",
    "users": "Users",
    "employees": "Employees",
    # penalties
    "fine": "Maximum fine",
    # definitions
    "ai-system": "AI system (or model)",
    "general-purpose-model": "General-purpose or foundation model",
    "frontier-model": "Frontier model",
    "severe-risk": "Systemic or catastrophic risk",
    "high-risk-ai-system": "High-risk AI system",
    "generative-ai": "Generative AI",
    "incident": "Serious or critical incident",
    "substantial-modification": "Substantial modification",
    "consequential-decision": "Consequential decision",
    "algorithmic-discrimination": "Algorithmic discrimination",
    "developer": "Provider or developer",
    "large-developer": "Large developer",
    "deployer": "Deployer",
}
SCOPE_KINDS = frozenset(
    {"developer", "large-developer", "deployer", "revenue", "users", "employees"}
)

FLOP_WORDS = re.compile(
    r"(?:integer or )?floating[- ]point operations|\bFLOPs?\b|\boperations\b(?= of computing)"
    r"|\bcomputational operations\b",
    re.IGNORECASE,
)
# What a cluster can compute in a second ("a theoretical maximum greater than 10^20
# computational operations (e.g., integer or floating-point operations) per second (OP/s)
# for AI training"): a power of ten followed, within a short reach, by operations and
# "per second"; a capacity, not the compute a model was trained with
CAPACITY_AFTER = re.compile(
    r"\s*(?:(?:integer\s+or\s+floating[- ]point|computational|floating[- ]point)\s+)?"
    r"(?:operations|FLOPs?)\b[^;]{0,70}?(?:per\s+second|\bOP/s\b|FLOP/s)"
    # "FLOP/s" and "OP/s" only: "FLOPs" (and "FLOPS", which texts use for both) is a count
    # of operations, the training compute
    r"|\s*(?:FLOP/s|OP/s)(?![A-Za-z])",
    re.IGNORECASE,
)
OPERATIONS_AFTER = re.compile(
    r"\s*(?:integer\s+or\s+floating[- ]point\s+)?(?:operations|FLOPs?)\b(?!\s*(?:per\s+second|/s))",
    re.IGNORECASE,
)
PER_SECOND = re.compile(r"per second|/s\b|FLOP/s", re.IGNORECASE)
PER_SECOND_REACH = 160  # characters after a power of ten that may say it is per second
COMPUTE_CONTEXT = re.compile(r"comput|train", re.IGNORECASE)
MORE = re.compile(
    # words may be split by a line break ("at least\none billion dollars")
    r"(?P<op>(?:not|no)\s+(?:fewer|less|more|greater)\s+than|not\s+exceeding|at\s+most"
    r"|up\s+to|greater\s+than|more\s+than|in\s+excess\s+of|exceed(?:s|ing)?|above|over"
    r"|at\s+least|or\s+more|fewer\s+than|less\s+than|below|under)\s*$",
    re.IGNORECASE,
)
INCIDENT = re.compile(
    r"\bincidents?\b|algorithmic discrimination|\bbreach(?:es)?\b|\bmalfunction", re.IGNORECASE
)
REPORT = re.compile(r"\b(?:report|notif|disclos|inform|send|submit)", re.IGNORECASE)
DEADLINE_LEAD = re.compile(
    # words may be split by a line break ("Not later \n    than one year after")
    r"(?:within|not\s+later\s+than|no\s+later\s+than|at\s+the\s+latest(?:\s+within)?"
    r"|in\s+any\s+event\s+within|not\s+more\s+than|no\s+more\s+than|before\s+the\s+end\s+of"
    r"|by\s+the\s+end\s+of|not\s+to\s+exceed"
    # "does not correct the violation by the date that is 90 days after ..."
    r"|by\s+the\s+date\s+that\s+is"
    # "shall have eighteen months from such effective date to complete and file"
    r"|(?:shall|will|must)\s+have)\s+"
    r"(?:a period of\s+)?(?:up to\s+)?$",
    re.IGNORECASE,
)
RETENTION_LEAD = re.compile(
    r"(?:for|period of|period ending|(?<=, )of)\s+"
    r"(?:a period of\s+|at least\s+|(?:not|no) (?:less|fewer) than\s+)*$",
    re.IGNORECASE,
)
# Notice given in advance: "submitted not less than 30 days before such determination",
# "at least twenty-one (21) calendar days' notice to the appropriate agency heads"
ADVANCE_LEAD = re.compile(
    r"(?:at least|(?:not|no) (?:less|fewer) than|a minimum of)\s+$", re.IGNORECASE
)
ADVANCE_NOTICE = re.compile(r"\bnotices?\b|\breport|\bnotif|\bsubmit", re.IGNORECASE)
IN_ADVANCE = re.compile(
    r"(?:['’]s?)?\s+(?:(?:prior\s+|advance\s+|written\s+)*notice\b|before\b|prior\s+to\b"
    r"|in\s+advance\b)",
    re.IGNORECASE,
)
RETAIN = re.compile(r"\b(?:retain|keep|kept|maintain|store|preserve)", re.IGNORECASE)
FINE_WORDS = re.compile(r"\bfine[sd]?\b|\bpenalt|\bsanction", re.IGNORECASE)
TURNOVER = re.compile(r"turnover|revenue", re.IGNORECASE)
REVENUE_WORDS = re.compile(
    r"(?:average |gross |annual )*(?:revenues?|turnover|receipts)", re.IGNORECASE
)
USERS = re.compile(
    r"^\s*(?:registered\s+|authenticated\s+|unique\s+)?"
    r"(?:business\s+|(?:monthly|daily|weekly)\s+(?:active\s+)?|active\s+)?"
    r"(?:end[- ]users|users|consumers|customers|subscribers|visitors(?:\s+or\s+users)?)\b",
    re.IGNORECASE,
)
EMPLOYEES = re.compile(
    r"^\s*(?:or\s+(?:more|fewer|less)\s+)?(?:full[- ]time(?:[- ]equivalent)?\s+)?"
    r"(?:employees|workers)\b",
    re.IGNORECASE,
)
PARAMETERS = re.compile(r"^\s*parameters\b", re.IGNORECASE)
# Parameters counted in words: "at least tens of billions of parameters" (10^10)
PARAMETERS_IN_WORDS = re.compile(
    r"\b(?P<scale>(?:tens|hundreds)\s+of\s+)?(?P<unit>billions|trillions)\s+of\s+parameters\b",
    re.IGNORECASE,
)
IN_WORDS_SCALE = {"billions": 1e9, "trillions": 1e12, "tens": 10.0, "hundreds": 100.0}
PEOPLE = re.compile(r"^\s*(?:or\s+more\s+)?(?:people|persons|individuals)\b", re.IGNORECASE)
# People counted to decide coverage rather than harm ("in use by greater than 1,000,000
# persons in the United States"): only large counts, never a body's members
PEOPLE_COVERED = 1000
# ... and counted as whom a service reaches or whose data it holds ("in use by", "with
# respect to", "data of"), not in a finding ("more than 4,000,000 individuals have been
# granted eligibility ...")
COVERED_BY = re.compile(r"\b(?:of|by|to|for|from|on|about|concerning|regarding)\s*$", re.IGNORECASE)
# People reached in a year decide coverage whatever their number ("an automated decision
# tool that impacted more than 999 people per year")
PER_YEAR = re.compile(r"\s+(?:per|a|each|every)\s+(?:calendar\s+)?year\b|\s+annually\b", re.I)
OR_MORE = re.compile(r"^\s*or\s+(?P<op>more|fewer|less)\b", re.IGNORECASE)
TRAILING_COMPARATORS = ("or more", "or fewer", "or less")  # written after the value
HARM = re.compile(r"death|injur|kill", re.IGNORECASE)
DAMAGE = re.compile(r"^\s*(?:in|of)\s+(?:damages?|losses?)\b", re.IGNORECASE)
# What training compute costs ("the compute cost of which exceeds one hundred million
# dollars", "has spent over one hundred million dollars in compute costs"): an amount
# with cost words and a comparator just before it, in a sentence about computing or
# training (the trackers' rule, measured on their gold, docs/trackers.md)
COST = re.compile(r"\bcosts?\b|\bspent\b|\bexpend", re.IGNORECASE)
ABOVE = re.compile(
    r"exceed(?:s|ing)?|more\s+than|greater\s+than|in\s+excess\s+of|above|over|at\s+least"
    r"|not\s+less\s+than",
    re.IGNORECASE,
)
TRAINING = re.compile(r"comput|train", re.IGNORECASE)
COST_REACH = 80  # characters before the amount that must hold the cost and comparator
PER = re.compile(
    r"\b(?:per|for each|each)\s+(violation|day|infringement|infraction|offen[cs]e)",
    re.IGNORECASE,
)
# A fine written as a multiple of what the violation involved: "an amount that is twice
# the value of the transaction", "3 times the amount of the applicable sports wager"
# (never damages: what a court awards a person is no fine, docs/guidelines/parameters.md)
MULTIPLE = re.compile(
    r"\b(?P<times>twice|double|(?:two|three|four|five|ten|\d{1,2})\s+times)\s+the\s+"
    r"(?P<of>(?:total\s+|gross\s+)?(?:amount|value)\s+of\s+(?!(?:the\s+)?damages)"
    r"(?:the\s+|any\s+|each\s+)?(?:applicable\s+|covered\s+)?[a-z]+"
    r"(?:\s+(?!(?:that|which|who|with|in|of|is|for|to|by|involved|or|and)\b)[a-z]+)?)",
    re.IGNORECASE,
)
MULTIPLE_WORDS = {"twice": 2.0, "double": 2.0}
# A sentence that opens a list of fines ("shall forfeit to the United States—",
# "PENALTIES.— ... shall be liable for an amount equal to the greater of—"), never one
# about damages (a court awards them to a person: no fine), and the items of that list
# that open with an amount
FINE_INTRO = re.compile(r"\bfine[sd]?\b|\bpenalt|\bforfeit\b", re.IGNORECASE)
DAMAGES = re.compile(r"\bdamages\b|\binjured party\b", re.IGNORECASE)
LIST_OPENS = re.compile(r"(?:[—–:]|--)\s*$")
ITEM_OPENS = re.compile(r"^[\s\"“‘]*\(\w{1,4}\)")
LIST_ITEM_START = re.compile(
    r"^[\s\"“‘]*\(\w{1,4}\)\s*(?:[$€£]|USD\b|EUR\b|GBP\b|an amount\b)", re.IGNORECASE
)
# An amount that accrues by the day while a violation or default goes on is a fine even
# where the sentence names none ("$25,000 for each day during which such violation ...
# continues"); per violation alone it may be damages a court awards, which is no fine.
# A fine raised by amending a criminal statute: "Section 1341 of title 18, United States
# Code, is amended— (1) by striking “$1,000,000” and inserting “$2,000,000”" sets the
# inserted amount (only where the text amends title 18, the federal criminal code, or a
# fine is named just before: elsewhere the amount may be a grant or an authorisation)
STRIKE_INSERT = re.compile(
    r"\bstriking\s+[“\"‘']*[$€£][\d,.]+[”\"’']*\s+and\s+inserting\s+[“\"‘']*(?=[$€£])",
    re.IGNORECASE,
)
CRIMINAL_CODE = re.compile(r"\btitle\s+18\b", re.IGNORECASE)
AMENDED_FINE_REACH = 300  # characters before the amendment that may name the fine
DAILY = re.compile(r"\b(?:for each|per)\s+(?:calendar\s+)?day\b", re.IGNORECASE)
CONTINUING = re.compile(r"\bcontinues?\b|\bin default\b", re.IGNORECASE)
MINIMUM = re.compile(r"(?:not less than|no less than|at least|minimum of)\s*$", re.IGNORECASE)
COMBINE = re.compile(
    r"whichever (?:thereof )?is (higher|lower|greater|less)|the (higher|greater|lower|lesser) of",
    re.IGNORECASE,
)
# A sentence ends at . ; or : followed by a new sentence or list item (quoted, as amending
# bills quote them: "``(C) Not later than"), at a full stop run on into an item
# ("personnel.(d) Not later than"), or at a blank line or a new line that opens an item.
SENTENCE_END = re.compile(
    r"(?<=[.;:])\s+(?=[\"“‘'`(\[A-Z0-9-])"
    r"|(?<=[a-z0-9)]\.)(?=\([a-z0-9]{1,4}\)\s*[A-Z]|SEC\.\s)"
    r"|\n\s*\n|\n(?=[ \t]*(?:[-*]\s|\(\w{1,4}\)|\d+\.\s|#))"
)


@dataclass(frozen=True)
class Parameter:
    """A parameter read from ``span`` of a text; ``text`` is exactly what it was read from."""

    family: str
    kind: str
    span: Span
    text: str

    @property
    def label(self) -> str:
        """The value as a person reads it."""
        return self.text

    @property
    def short_label(self) -> str:
        """The value in a few words (a definition: its term)."""
        return self.label

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def same_as(self, other: Parameter) -> bool:
        return type(self) is type(other) and self.label == other.label


@dataclass(frozen=True)
class Deadline(Parameter):
    hours: float
    as_written: str
    # who must meet it ("developer", "deployer", "notified body"...; ``analytics.duties``),
    # None when the text names no one the rules read
    holder: str | None = None

    @property
    def label(self) -> str:
        """As written, in digits ("NINETY DAYS" -> "90 days"); compared by ``hours``."""
        return duration_label(self.as_written) or self.as_written

    @property
    def normalised(self) -> str:
        return format_hours(self.hours)

    def same_as(self, other: Parameter) -> bool:
        return isinstance(other, Deadline) and self.hours == other.hours


@dataclass(frozen=True)
class Threshold(Parameter):
    value: float
    unit: str  # FLOP, users, employees, parameters, people, or a currency code
    comparator: str | None  # as written: "greater than", "at least", "fewer than"...

    @property
    def label(self) -> str:
        number = format_number(self.value)
        if self.unit in CURRENCY_CODES:
            shown = money_label(self.value, self.unit)
        else:
            shown = f"{number} {self.unit}"
        if self.comparator in TRAILING_COMPARATORS:  # "100 or more people"
            return f"{number} {self.comparator} {self.unit}"
        return f"{self.comparator} {shown}" if self.comparator else shown

    def same_as(self, other: Parameter) -> bool:
        return (
            isinstance(other, Threshold) and self.unit == other.unit and self.value == other.value
        )


@dataclass(frozen=True)
class Penalty(Parameter):
    amount: float | None
    currency: str | None
    turnover_percent: float | None
    per: str | None  # "violation", "day"... when the maximum applies per unit
    combine: str | None  # "higher" / "lower": which of amount and share applies
    # "twice the value of the transaction": 2 and "value of the transaction"
    multiple: float | None = None
    multiple_of: str | None = None

    @property
    def label(self) -> str:
        parts = []
        if self.amount is not None:
            parts.append(money_label(self.amount, self.currency or ""))
        if self.turnover_percent is not None:
            parts.append(f"{format_number(self.turnover_percent)} % of turnover")
        if self.multiple is not None:
            times = "twice" if self.multiple == 2 else f"{format_number(self.multiple)} times"
            parts.append(f"{times} the {self.multiple_of}")
        text = " or ".join(parts)
        if self.combine and len(parts) == 2:
            text += f", whichever is {self.combine}"
        if self.per:
            text += f" per {self.per}"
        return text

    def same_as(self, other: Parameter) -> bool:
        return isinstance(other, Penalty) and (
            self.amount,
            self.currency,
            self.turnover_percent,
            self.multiple,
            self.per,
        ) == (other.amount, other.currency, other.turnover_percent, other.multiple, other.per)


@dataclass(frozen=True)
class Definition(Parameter):
    term: str  # as written
    wording: str

    @property
    def label(self) -> str:
        return f"“{self.term}”: {self.wording}"

    @property
    def short_label(self) -> str:
        return f"“{self.term}”"

    def same_as(self, other: Parameter) -> bool:
        if not isinstance(other, Definition):
            return False
        mine, theirs = _words(self.wording), _words(other.wording)
        return bool(mine | theirs) and len(mine & theirs) / len(mine | theirs) >= 0.9


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower())}


def sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence (or list item) of ``text``."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _span(family: str, kind: str, start: int, end: int) -> Span:
    return Span(f"{family}:{kind}", start, end)


def extract_parameters(text: str) -> list[Parameter]:
    """Every parameter the rules read in ``text``, in reading order."""
    found: list[Parameter] = []
    holder = None  # whom the last sentence naming someone bound (for passive ones after)
    fines_listed = False  # the items after "shall be liable for ... the greater of—"
    opener = None  # "The notice ... shall be submitted—", while its list items go on
    spans = sentences(text)
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        following = text[slice(*spans[index + 1])] if index + 1 < len(spans) else None
        in_fine_list = fines_listed and bool(LIST_ITEM_START.match(sentence))
        if opener is not None and not ITEM_OPENS.match(sentence):
            opener = None
        for parameter in (
            *_deadlines(sentence, holder, following, opener),
            *_thresholds(sentence),
            *_penalties(sentence, in_fine_list),
            *_amended_fines(sentence, text[max(0, start - AMENDED_FINE_REACH) : start]),
        ):
            found.append(_shift(parameter, start, text))
        holder = sentence_holder(sentence) or holder
        opens_fines = bool(
            FINE_INTRO.search(sentence)
            and LIST_OPENS.search(sentence)
            and not DAMAGES.search(sentence)
        )
        fines_listed = opens_fines or in_fine_list
        if LIST_OPENS.search(sentence) and MODAL.search(sentence):
            opener = sentence
    found += _definitions(text)
    return sorted(found, key=lambda p: (p.span.start, p.family))


def _shift(parameter: Parameter, offset: int, text: str) -> Parameter:
    span = parameter.span
    moved = Span(span.concept, span.start + offset, span.end + offset)
    assert text[moved.start : moved.end] == parameter.text
    fields = dict(parameter.__dict__)
    fields["span"] = moved
    return type(parameter)(**fields)


RESPONSE = re.compile(
    r"\b(?:(?:after|of|from|following|to|upon|on)\s+"
    r"(?:receipt\s+of\s+|receiving\s+|accepting\s+|acceptance\s+of\s+"
    # "not later than 90 days after the date on which an application is submitted"
    r"|the\s+date\s+(?:on\s+which|that)\s+)?"
    r"|receives?\s+)"
    r"(?:the\s+|a\s+|an\s+|such\s+|any\s+)?(?:complete\s+|written\s+)?"
    r"(?:request|complaint|application|petition)s?\b"
    # an appeal received (not a "notice of appeal" filed)
    r"|\b(?:receipt\s+of|receiving|receives?)\s+(?:an?\s+|the\s+|such\s+|any\s+)?appeals?\b",
    re.IGNORECASE,
)
# How far after a deadline's figure its trigger is read ("within 14 days after receiving
# a request"; half as far before it): a request named elsewhere in a long sentence is
# another duty's.
TRIGGER_REACH = 100
# What an authority decides on: "shall approve the application", "act on the petition"
DECIDED_ON = re.compile(r"\b(?:request|complaint|application|petition|appeal)s?\b", re.IGNORECASE)
TELLING_VERBS = frozenset({"notify", "inform"})
# The decision a notice tells someone of
DECISION_TOLD = re.compile(
    r"\bof\s+(?:such|the|its|that|this|any)\s+(?:\w+\s+)?(?:determinations?|decisions?)\b",
    re.IGNORECASE,
)
# A decision on requests named in the subject of a passive clause
DECISIONS_ON_REQUESTS = re.compile(
    r"\bdecisions?\b[^.;]{0,80}?\b(?:request|complaint|application|petition)s?\b"
    r"|\b(?:request|complaint|application|petition)s?\b[^.;]{0,120}?$",
    re.IGNORECASE,
)
# An executive order binds only the executive: its deadlines are authorities' deadlines.
THIS_ORDER = re.compile(r"\bof\s+(?:the\s+date\s+of\s+)?this\s+order\b", re.IGNORECASE)
# Objection periods ("where, within three months, no objection has been raised by a
# Member State or the Commission") run for authorities and institutions.
OBJECTION = re.compile(r"\bobjections?\b|\boppos", re.IGNORECASE)
NOT_DEADLINE = re.compile(r"term of office|\bmandate\b|\bimprison", re.IGNORECASE)
# A period before an election in which something is barred is no time to act:
# "the distribution occurs within 90 days before an election"
ELECTION_WINDOW = re.compile(
    r"\s+(?:before|of|prior\s+to|preceding)\s+(?:an?|the|any)\s+(?:[a-z]+\s+)?"
    r"(?:elections?|primar(?:y|ies))\b",
    re.IGNORECASE,
)
# ... or when an election falls ("an election is scheduled to be held for that public
# office within one hundred eighty days of the date that the relief is requested")
ELECTION_HELD = re.compile(
    r"\belections?\s+(?:is|are)\s+(?:scheduled|to\s+be\s+held)\b[^.;]*$", re.I
)
ELECTION_REACH = 120
# A look back from a calendar date is no time to act ("any such natural person who has
# died within 70 years prior to January 1, 1985"), nor is how far ahead someone plans
# ("engages in, or plans, within six months, to engage in")
BEFORE_DATE = re.compile(
    r"\s+(?:prior\s+to|before|preceding)\s+(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b",
    re.IGNORECASE,
)
PLANS_WITHIN = re.compile(r"\bplans?,?\s*(?:to\s+)?within\s+$", re.IGNORECASE)
# How long a grant, a term or an award lasts is no time to act: "Grants awarded under this
# section shall be for a period of not more than 5 years" (but "within a period of not
# more than 30 days" is a deadline)
LENGTH_OF = re.compile(
    # "over a period of not more than 90 days" bounds an act, as "within" does
    r"(?P<lead>\b(?:within|over)\s+)?(?:(?:a|the)\s+)?(?:period|term|duration)\s+of\s*$",
    re.I,
)
# how long something stays valid is no time to act ("an expiration date of not more than
# 12 months", "a licence valid for one year")
VALIDITY = re.compile(r"(?:expiration|expiry)\s+date\s+of\s*$|\bvalid\s+for\s*$", re.I)


def _deadline_duty(
    sentence: str,
    lead_start: int,
    duration_end: int,
    earlier: str | None,
    following: str | None = None,
    opener: str | None = None,
) -> tuple[str, str | None]:
    """What a deadline is for, from the verb governing it, and who must meet it, from
    its clause's subject (``earlier``: the holder the sentences before named;
    ``following``: the sentence after, whose list item holds the verb when this one ends
    with "shall—"; ``opener``: the sentence whose list this one is an item of, "The notice
    required by paragraph (1) shall be submitted—", read when the item has no modal of its
    own: "(A) not later than 30 days before the system is made available")."""
    clause = clause_of(sentence, lead_start, duration_end)
    # "... disclose, no later than 90 days after the request"; "Not later than 180 days
    # after the date on which the Attorney General receives a complete application"
    trigger = (max(0, lead_start - TRIGGER_REACH // 2), duration_end + TRIGGER_REACH)
    if RESPONSE.search(sentence, *trigger) and not (
        # "approve or deny the application and submit to the Director a record": the
        # deadline covers both, and the submission completes the duty (the guideline)
        clause.verb in AUTHORITY_ACTS
        and completed_by(object_of(sentence, clause, lead_start)) == "report"
    ):
        # the authority that asks is not the one that answers
        return "response", holder_in(sentence[:lead_start], answering=True) or earlier
    holder = holder_in(clause.subject) or earlier
    if holder is None and THIS_ORDER.search(sentence):
        holder = AUTHORITY
    if OBJECTION.search(sentence):
        return "authority", holder
    # The purpose first, whoever must meet it: an authority's report is a notification
    # and its publication a publication (docs/guidelines/parameters.md, deadline kinds).
    found = purpose(sentence, clause, lead_start)
    if clause.verb is None and following and LIST_OPENS.search(sentence):
        # "Not later than 1 year after ..., the Director shall— (1) publish ...": the
        # first item's verb, unless a heading names the duty ("(1) REPORT.—Not later than
        # 1 year ..., the Comptroller General shall— (A) review ...": the items lead to it)
        item = clause_of(following, len(following), len(following))
        found = heading_purpose(sentence[:lead_start]) or purpose(following, item, len(following))
    elif opener is not None and not MODAL.search(sentence) and found in (None, "other"):
        # only a purpose the opener names ("shall be submitted—"), never its light verbs
        # ("shall do all of the following:" leaves each item to its own verb)
        opened = clause_of(opener, len(opener), len(opener))
        named = purpose(opener, opened, len(opener)) if opened.verb is not None else None
        if named == "report" or named in PURPOSE_KINDS:
            found = named
            holder = holder_in(opened.subject) or holder
    if found is None and (headed := heading_purpose(sentence[:lead_start])):
        found = headed

    if found in (AUTHORITY_ACT, "assessment") and DECIDED_ON.search(
        object_of(sentence, clause, lead_start)
    ):
        return "response", holder  # "shall approve the application", "review the request"
    if found in (AUTHORITY_ACT, None) and DECISIONS_ON_REQUESTS.search(
        clause.subject.rsplit(".", 1)[-1]
    ):
        # "decisions to approve, modify, or deny requests ... shall be made ... not to exceed
        # 72 hours"; "Any licensing application ... must be approved, returned, or denied"
        return "response", holder
    if (
        found == "report"
        and clause.verb in TELLING_VERBS
        and DECISION_TOLD.search(object_of(sentence, clause, lead_start))
        and DECIDED_ON.search(sentence)
    ):
        # "with respect to a request ..., the organization shall notify the enrollee ... of
        # such determination no later than 7 days": telling the asker the answer
        return "response", holder
    if found == "report":
        return ("incident-reporting" if INCIDENT.search(sentence) else "notification"), holder
    if found in PURPOSE_KINDS:
        return found, holder
    if found in (APPOINTMENT, MEETING):
        return "authority", holder or AUTHORITY
    if holder == AUTHORITY and found == AUTHORITY_ACT:
        return "authority", holder
    return "other", holder


def _deadlines(
    sentence: str,
    earlier: str | None = None,
    following: str | None = None,
    opener: str | None = None,
) -> list[Parameter]:
    found: list[Parameter] = []
    if NOT_DEADLINE.search(sentence):
        return found
    for duration in durations(sentence):
        if ELECTION_WINDOW.match(sentence, duration.end) or ELECTION_HELD.search(
            sentence, max(0, duration.start - ELECTION_REACH), duration.start
        ):
            continue  # when conduct is barred ("within 90 days before an election")
        if BEFORE_DATE.match(sentence, duration.end):
            continue
        before = sentence[: duration.start]
        if PLANS_WITHIN.search(before[-40:]):
            continue
        lead = DEADLINE_LEAD.search(before[-60:])
        if lead:
            begin = duration.start - (len(before[-60:]) - lead.start())
            length = LENGTH_OF.search(sentence, max(0, begin - 40), begin)
            if VALIDITY.search(sentence[:begin]) or (length and not length["lead"]):
                continue
            kind, holder = _deadline_duty(sentence, begin, duration.end, earlier, following, opener)
        elif (advance := ADVANCE_LEAD.search(before[-30:])) and IN_ADVANCE.match(
            sentence, duration.end
        ):
            begin = duration.start - (len(before[-30:]) - advance.start())
            kind, holder = _deadline_duty(sentence, begin, duration.end, earlier, following, opener)
            if ADVANCE_NOTICE.search(sentence[max(0, begin - 60) : duration.end + 40]):
                kind = "notification"  # a notice (or report) given so long in advance
        else:
            retention = RETENTION_LEAD.search(before[-40:])
            if not (retention and RETAIN.search(sentence)):
                continue
            begin = duration.start - (len(before[-40:]) - retention.start())
            kind = "retention"
            holder = holder_in(clause_of(sentence, begin, duration.end).subject) or earlier
        span = _span(DEADLINE, kind, begin, duration.end)
        found.append(
            Deadline(
                DEADLINE,
                kind,
                span,
                sentence[begin : duration.end],
                duration.value,
                sentence[duration.start : duration.end],
                holder,
            )
        )
    return found


def _comparator(sentence: str, start: int) -> tuple[str | None, int]:
    match = MORE.search(sentence[max(0, start - 30) : start])
    if match is None:
        return None, start
    return " ".join(match["op"].lower().split()), start - (
        len(sentence[max(0, start - 30) : start]) - match.start()
    )


def _threshold(
    sentence: str,
    kind: str,
    quantity: Quantity,
    unit: str,
    start: int,
    end: int,
    after: str | None = None,
) -> Threshold:
    """``after``: a comparator written after the value ("one hundred or more people")."""
    comparator, begin = _comparator(sentence, quantity.start)
    comparator = comparator or after
    begin = min(begin, start)
    family = SCOPE if kind in SCOPE_KINDS else THRESHOLD
    return Threshold(
        family,
        kind,
        _span(family, kind, begin, end),
        sentence[begin:end],
        quantity.value,
        unit,
        comparator,
    )


def _thresholds(sentence: str) -> list[Parameter]:
    found: list[Parameter] = []
    flop = [m for m in FLOP_WORDS.finditer(sentence)]
    capacities = _capacities(sentence)
    found += capacities
    if flop and COMPUTE_CONTEXT.search(sentence):
        for power in powers_of_ten(sentence, lost_superscripts=True):
            if PER_SECOND.search(sentence, power.end, power.end + PER_SECOND_REACH):
                continue  # a capacity (read above when its words are clear), never training
            nearest = min(
                flop, key=lambda m: min(abs(m.start() - power.end), abs(power.start - m.end()))
            )
            if min(abs(nearest.start() - power.end), abs(power.start - nearest.end())) > 160:
                continue
            start, end = min(power.start, nearest.start()), max(power.end, nearest.end())
            found.append(_threshold(sentence, "compute", power, "FLOP", start, end))
    if COMPUTE_CONTEXT.search(sentence):
        # "greater than 100,000,000,000,000,000,000,000,000 operations": 10^26 in digits
        for count in counts(sentence):
            operations = OPERATIONS_AFTER.match(sentence, count.end)
            if count.value >= 1e20 and operations is not None:
                end = operations.end()
                found.append(_threshold(sentence, "compute", count, "FLOP", count.start, end))
    for count in counts(sentence):
        after = sentence[count.end :]
        for kind, pattern, unit in (
            ("users", USERS, "users"),
            ("employees", EMPLOYEES, "employees"),
            ("parameters", PARAMETERS, "parameters"),
            ("casualties", PEOPLE, "people"),
        ):
            match = pattern.match(after)
            if match is None:
                continue
            read_as, read_in = kind, unit
            if kind == "casualties" and not HARM.search(sentence):
                _, said_from = _comparator(sentence, count.start)
                yearly = PER_YEAR.match(after, match.end())
                if not yearly and (
                    count.value < PEOPLE_COVERED
                    or not COVERED_BY.search(sentence, max(0, said_from - 30), said_from)
                ):
                    continue
                # "personal data of greater than 1,000,000 persons": whom a rule covers
                read_as = "users"
            comparator, _ = _comparator(sentence, count.start)
            trailing = _trailing(after)
            if read_as in ("users", "casualties") and (comparator or trailing) is None:
                continue  # "two users" is not a threshold; "at least 10 000 users" is
            end = count.end + match.end()
            found.append(_threshold(sentence, read_as, count, read_in, count.start, end, trailing))
    for words in PARAMETERS_IN_WORDS.finditer(sentence):
        value = IN_WORDS_SCALE[words["unit"].lower()]
        if words["scale"]:
            value *= IN_WORDS_SCALE[words["scale"].split()[0].lower()]
        quantity = Quantity(value, words.start(), words.end())
        found.append(
            _threshold(sentence, "parameters", quantity, "parameters", words.start(), words.end())
        )
    fines = FINE_WORDS.search(sentence)
    for amount in money(sentence):
        after = sentence[amount.end :]
        if DAMAGE.match(after) and HARM.search(sentence):
            end = amount.end + DAMAGE.match(after).end()  # type: ignore[union-attr]
            found.append(_threshold(sentence, "damage", amount, amount.currency, amount.start, end))
        elif not fines and (cost := _compute_cost(sentence, amount)) is not None:
            found.append(cost)
        elif not fines and REVENUE_WORDS.search(sentence):
            comparator, _ = _comparator(sentence, amount.start)
            trailing = _trailing(after)  # "has $5,000,000 or more in annual revenue"
            revenue = _nearest_revenue(sentence, amount)
            if comparator is None and revenue is not None and revenue[0] < amount.start:
                trailing = None  # "loss of revenue ... in the amount of $100,000 or more"
            if (comparator or trailing) and revenue is not None:
                start, end = min(revenue[0], amount.start), max(revenue[1], amount.end)
                found.append(
                    _threshold(sentence, "revenue", amount, amount.currency, start, end, trailing)
                )
    return found


def _trailing(after: str) -> str | None:
    """A comparator written right after the value ("or more", "or fewer"), if any."""
    written = OR_MORE.match(after)
    return f"or {written['op'].lower()}" if written else None


def _capacities(sentence: str) -> list[Parameter]:
    """Computing capacity in operations per second (see ``CAPACITY_AFTER``)."""
    if not COMPUTE_CONTEXT.search(sentence):
        return []
    found: list[Parameter] = []
    # "100,000,000,000,000,000,000 integer or floating-point operations per second": 10^20
    large = [c for c in counts(sentence) if c.value >= 1e15]
    for power in [*powers_of_ten(sentence, lost_superscripts=True), *large]:
        per_second = CAPACITY_AFTER.match(sentence, power.end)
        if per_second is not None:
            found.append(
                _threshold(
                    sentence, "compute-capacity", power, "FLOP/s", power.start, per_second.end()
                )
            )
    return found


def _compute_cost(sentence: str, amount: Money) -> Threshold | None:
    """``amount`` as what training compute costs, or None (see ``COST``)."""
    reach = max(0, amount.start - COST_REACH)
    before = sentence[reach : amount.start]
    cost, above = COST.search(before), list(ABOVE.finditer(before))
    if not (TRAINING.search(sentence) and cost and above):
        return None
    comparator = " ".join(above[-1][0].lower().split())
    start = reach + min(cost.start(), above[-1].start())
    return Threshold(
        THRESHOLD,
        "compute-cost",
        _span(THRESHOLD, "compute-cost", start, amount.end),
        sentence[start : amount.end],
        amount.value,
        amount.currency,
        comparator,
    )


# characters between revenue words and an amount ("annual revenues related to the
# distribution of music of more than $100 million")
REVENUE_REACH = 60


def _nearest_revenue(sentence: str, amount: Money) -> tuple[int, int] | None:
    best = None
    for match in REVENUE_WORDS.finditer(sentence):
        distance = min(abs(match.end() - amount.start), abs(amount.end - match.start()))
        if distance <= REVENUE_REACH and (best is None or distance < best[0]):
            best = (distance, match.start(), match.end())
    return (best[1], best[2]) if best else None


def _penalties(sentence: str, in_fine_list: bool = False) -> list[Parameter]:
    """The fines ``sentence`` sets; ``in_fine_list``: it is an item of a list a sentence
    about a fine opened ("shall be liable for an amount equal to the greater of— (i)
    $5,000; or")."""
    daily = DAILY.search(sentence) and CONTINUING.search(sentence)
    if not (FINE_WORDS.search(sentence) or in_fine_list or daily):
        return []
    # a minimum ("not less than $500") is not the maximum the row compares
    amounts = [
        a for a in money(sentence) if not MINIMUM.search(sentence[max(0, a.start - 30) : a.start])
    ]
    shares = [p for p in percents(sentence) if TURNOVER.search(sentence[p.end : p.end + 80])]
    multiples = list(MULTIPLE.finditer(sentence))
    if not amounts and not shares and not multiples:
        return []
    found_per = PER.search(sentence)
    combine = COMBINE.search(sentence)
    items: list[tuple[Money | None, Quantity | None]]
    if not amounts:
        items = [(None, s) for s in shares]
    elif len(amounts) == 1:
        items = [(amounts[0], shares[0] if len(shares) == 1 else None)]
    else:  # "the greater of $5,000,000 and 2% of revenues ... or $50,000": pair neighbours
        owner = {id(s): _nearest(s, amounts) for s in shares}
        items = [(a, next((s for s in shares if owner[id(s)] is a), None)) for a in amounts]
    # a multiple goes with the amount it is an alternative to ("$250,000 or an amount that
    # is twice the value of the transaction"), or stands alone
    paired: dict[int, re.Match[str]] = {}
    alone: list[re.Match[str]] = []
    for multiple in multiples:
        place = Quantity(0.0, multiple.start(), multiple.end())
        amount = _nearest(place, [a for a, share in items if a is not None and share is None])
        if amount is not None and id(amount) not in paired:
            paired[id(amount)] = multiple
        else:
            alone.append(multiple)
    found: list[Parameter] = [
        _penalty(sentence, amount, share, paired.get(id(amount)), found_per, combine)
        for amount, share in items
    ]
    found += [_penalty(sentence, None, None, m, found_per, combine) for m in alone]
    return found


def _amended_fines(sentence: str, before: str) -> list[Parameter]:
    """Fines an amendment inserts (see ``STRIKE_INSERT``); ``before``: the words just
    before the sentence."""
    if FINE_WORDS.search(sentence) or not (
        CRIMINAL_CODE.search(before + sentence) or FINE_WORDS.search(before)
    ):
        return []  # a sentence naming a fine is read by ``_penalties``
    found: list[Parameter] = []
    for inserted in STRIKE_INSERT.finditer(sentence):
        amount = next((a for a in money(sentence) if a.start == inserted.end()), None)
        if amount is not None:
            found.append(_penalty(sentence, amount, None, None, None, None))
    return found


def _penalty(
    sentence: str,
    amount: Money | None,
    share: Quantity | None,
    multiple: re.Match[str] | None,
    per: re.Match[str] | None,
    combine: re.Match[str] | None,
) -> Penalty:
    pieces: list[tuple[int, int]] = []
    if amount is not None:
        pieces.append((amount.start, amount.end))
    if share is not None:
        turnover = TURNOVER.search(sentence, share.end)
        pieces.append((share.start, turnover.end() if turnover else share.end))
    if multiple is not None:
        pieces.append((multiple.start(), multiple.end()))
    if per is not None and (amount is None or 0 <= per.start() - amount.end < 20):
        pieces.append((per.start(), per.end()))
    else:
        per = None
    alternatives = (share is not None) + (multiple is not None)
    if combine is not None and amount is not None and alternatives:
        pieces.append((combine.start(), combine.end()))
    start, end = min(s for s, _ in pieces), max(e for _, e in pieces)
    direction = None
    if combine is not None and amount is not None and alternatives:
        said = (combine[1] or combine[2]).lower()
        direction = "higher" if said in ("higher", "greater") else "lower"
    times = None
    if multiple is not None:
        written = multiple["times"].lower()
        times = MULTIPLE_WORDS.get(written) or parse_number(written.split()[0])
    return Penalty(
        PENALTY,
        "fine",
        _span(PENALTY, "fine", start, end),
        sentence[start:end],
        amount.value if amount else None,
        amount.currency if amount else None,
        share.value if share else None,
        per[1].lower() if per else None,
        direction,
        times,
        " ".join(multiple["of"].split()).lower() if multiple is not None else None,
    )


def _nearest(share: Quantity, amounts: list[Money]) -> Money | None:
    """The amount written within 80 characters of ``share`` (the nearest), if any."""
    near = [
        (min(abs(share.start - a.end), abs(a.start - share.end)), a)
        for a in amounts
        if -1 <= share.start - a.end <= 80 or -1 <= a.start - share.end <= 80
    ]
    return min(near, key=lambda pair: pair[0])[1] if near else None


DEFINITION_TAIL = re.compile(r"[‘'\"“][^’'\"”\n]{2,80}[’'\"”]\s*(?:,\s*)?(?:means|refers to)", re.I)


QUOTES = "‘'\"“"


def _definition_matches(text: str) -> list[re.Match[str]]:
    found = list(DEFINITION.finditer(text))
    if DEFINITIONS_HEAD.search(text):
        # under a "Definitions" heading: "(a) term: ..." and the Federal Register's
        # unquoted "AI model means ..." lines
        found += COLON_DEFINITION.finditer(text)
        found += LISTED_DEFINITION.finditer(text)
    return sorted(found, key=lambda m: m.start())


# Of a name and its abbreviation ("“Artificial intelligence” or “AI” means", "“Generative
# artificial intelligence system” or “GenAI system”", "Artificial intelligence or AI has
# the meaning"), the full name is the term as people list it; of two full names
# ("“Intentional and substantial modification” or “Substantial modification”"), the one
# nearest the verb
FIRST_NAME = re.compile(r"[‘'\"“]([^’'\"”\n]{2,80})[’'\"”]\s+or\s+[‘'\"“]?$")
OR_NAME = re.compile(r"^(.{2,60}?)\s+or\s+(.{1,60})$")
ABBREVIATION = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")  # AI, GenAI, ADMT


# Key terms named with words of their own (docs/guidelines/parameters.md, amended before
# round 18): "adverse AI incident", "foundation model provider", "large-scale generative
# artificial intelligence model"
NAMED_KINDS = (
    (re.compile(r"\bai\b.*\bincidents?$"), "incident"),
    (re.compile(r"\b(?:ai|model|models)\s+(?:providers?|developers?)$"), "developer"),
    (re.compile(r"\bgenerative ai\b.*\b(?:models?|systems?)$"), "generative-ai"),
)
# "covered" is read off only where what is left still names AI ("covered frontier
# artificial intelligence model"); a "covered provider" may be one of cloud services
COVERED_AI = re.compile(r"\bai\b|\bmodels?\b|\bfrontier\b")


def _key_kind(term: str) -> str | None:
    normalised = normalise_term(term)
    if normalised in TERM_KINDS:
        return TERM_KINDS[normalised]
    uncovered = normalised.removeprefix("covered ")
    if uncovered != normalised and COVERED_AI.search(uncovered) and uncovered in TERM_KINDS:
        return TERM_KINDS[uncovered]
    return next((kind for named, kind in NAMED_KINDS if named.search(normalised)), None)


def _named(text: str, match: re.Match[str]) -> tuple[str, int, str | None]:
    """The term a definition names, where its words start, and its key concept."""
    term, start = match.group(1).strip(), match.start(1)
    first = FIRST_NAME.search(text, match.start(), match.start(1))
    if first is not None and ABBREVIATION.search(term) and _key_kind(first[1]):
        return first[1].strip(), first.start(1), _key_kind(first[1])
    if first is not None and not _key_kind(term) and _key_kind(first[1]):
        # "“Intentional and substantial modification” or “intentionally and substantially
        # modifies”": the name that is a key term
        return first[1].strip(), first.start(1), _key_kind(first[1])
    both = OR_NAME.match(term)
    if both is not None and ABBREVIATION.fullmatch(both[2].strip()):
        # unquoted: "Artificial intelligence or AI" (not "Train ... or artificial intelligence")
        for name in (both[1], both[2]):
            if _key_kind(name):
                return name.strip(), start + term.index(name), _key_kind(name)
    return term, start, _key_kind(term)


def _definitions(text: str) -> list[Parameter]:
    found: list[Parameter] = []
    for match in _definition_matches(text):
        term, start, kind = _named(text, match)
        if kind is None:
            continue
        end = match.end()
        wording = match.group(2)
        if wording.rstrip().endswith(":") or wording.rstrip().lower().endswith("following"):
            # "means any of the following:" - the list that follows is the definition
            following = DEFINITION_TAIL.search(text, end)
            stop = min(following.start() if following else len(text), end + 900)
            blank = text.find("\n\n**", end)  # a new bolded heading ends the list
            if 0 <= blank < stop:
                stop = blank
            end = stop
            wording = text[match.start(2) : end]
        end = len(text[:end].rstrip())
        family = SCOPE if kind in SCOPE_KINDS else DEFINITION_FAMILY
        if start and text[start - 1] in QUOTES:  # the evidence opens with the quoted term
            start -= 1
        found.append(
            Definition(
                family,
                kind,
                _span(family, kind, start, end),
                text[start:end],
                term,
                " ".join(wording.split()).rstrip(";,. "),
            )
        )
    return found
