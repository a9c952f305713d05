"""Deadlines read from a sentence: the time limits that bind an act ("within 72 hours",
"not later than 180 days after"), what the act is for (the deadline's kind, read from
the governing verb by ``analytics.duties``) and who must meet it; conduct barred for a
period, validity periods and terms of office are not deadlines (docs/divergence.md)."""

from __future__ import annotations

import re

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
)
from govatlas.analytics.parameter_types import DEADLINE, Deadline, Parameter, parameter_span
from govatlas.analytics.quantities import durations

INCIDENT = re.compile(
    r"\bincidents?\b|algorithmic discrimination|\bbreach(?:es)?\b|\bmalfunction", re.IGNORECASE
)
# A public authority's report to the legislature or the head of state ("the Director
# shall submit to Congress a report on a process relating to the voluntary tracking of
# ... incidents") is a report on a topic (`notification`), whatever its subject; incident
# reporting is telling of an incident (docs/guidelines/parameters.md, deadline kinds).
TO_LEGISLATURE = re.compile(
    r"\bto\s+(?:the\s+)?(?:Congress\b|(?:appropriate\s+)?congressional\s+committees?\b"
    r"|President\b|Legislature\b|General\s+Assembly\b)",
    re.IGNORECASE,
)
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
LIST_OPENS = re.compile(r"(?:[—–:]|--)\s*$")


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
        of_incident = INCIDENT.search(sentence) and not (
            holder == AUTHORITY and TO_LEGISLATURE.search(sentence)
        )
        return ("incident-reporting" if of_incident else "notification"), holder
    if found in PURPOSE_KINDS:
        return found, holder
    if found in (APPOINTMENT, MEETING):
        return "authority", holder or AUTHORITY
    if holder == AUTHORITY and found == AUTHORITY_ACT:
        return "authority", holder
    return "other", holder


def read_deadlines(
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
        span = parameter_span(DEADLINE, kind, begin, duration.end)
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
