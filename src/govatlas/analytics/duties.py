"""What a deadline is for and who must meet it, read from the clause that sets it.

A deadline's purpose comes from the verb that governs it, not from the nouns near it:
"the deployer ... shall request an authorisation, ex ante, or without undue delay and
no later than 48 hours, by a judicial authority ... subject to judicial review" sets a
time to *request*, although "review" sits closer to the figure than "request" does. The
governing verb is the main verb after the modal of the deadline's clause ("shall
request", "shall, within 15 days, notify"), or a verb coordinated with it before the
deadline ("will assume responsibility ... and completes its assessment within 12
months"); a light verb ("the report shall be made", "shall be provided") hands the
purpose to the noun it carries ("report").

The holder is the role named in the clause's subject, nearest the modal ("the deployer
of a high-risk AI system ... shall", "notified bodies shall"); a passive clause that
names none ("the documents shall be kept") continues the holder of the sentence
before it in the same provision. Two deadlines are the same duty only when both the
purpose and the holder agree (``analytics.divergence`` gives a verdict on nothing
else), so a notified body's five years are never set against a developer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AUTHORITY_SUBJECT = re.compile(
    r"\b(?:the commission|the ai office|the board|market surveillance authorit(?:y|ies)"
    r"|national competent authorit(?:y|ies)|notifying authorit(?:y|ies)|member states?"
    r"|the attorney general|the office of emergency services|the department|the agency"
    r"|the scientific panel|the european data protection supervisor|the court"
    # US federal officials as bills and orders name them
    r"|the secretary|the director|the administrator|the comptroller general|the president"
    r"|heads? of (?:each|every|all|the)(?: relevant)?(?: federal)? agenc(?:y|ies)"
    r"|(?:each|every|that|such)(?: federal| executive)? agency)\b",
    re.IGNORECASE,
)
AUTHORITY = "authority"
# Who a duty binds, as laws name them; a holder is compared only with the same holder.
ROLES = (
    (AUTHORITY, AUTHORITY_SUBJECT),
    ("notified body", re.compile(r"\b(?:notified|conformity assessment) bod(?:y|ies)\b", re.I)),
    ("authorised representative", re.compile(r"\bauthori[sz]ed representatives?\b", re.I)),
    ("importer", re.compile(r"\bimporters?\b", re.I)),
    ("distributor", re.compile(r"\bdistributors?\b", re.I)),
    ("deployer", re.compile(r"\bdeployers?\b", re.I)),
    ("developer", re.compile(r"\b(?:providers?|developers?)\b", re.I)),
)
MODAL = re.compile(r"\b(?:shall|must|may|is required to|are required to|will)\b", re.IGNORECASE)
STRONG_MODAL = re.compile(r"\b(?:shall|must|is required to|are required to)\b", re.IGNORECASE)
# The purpose a governing verb gives a deadline ("report" is refined to incident
# reporting or notification by the caller); a verb not listed gives "other".
VERB_PURPOSES = {
    "report": "report",
    "notify": "report",
    "inform": "report",
    "submit": "report",
    "file": "report",
    "register": "report",
    "send": "report",
    "disclose": "report",
    "communicate": "report",
    "transmit": "report",
    "alert": "report",
    "brief": "report",  # "the Director shall brief the appropriate Congressional committees"
    "certify": "report",  # "the President shall certify to the Committee on Foreign Affairs"
    "publish": "publication",
    "post": "publication",  # "shall be posted on the city entity's website within five days"
    "mail": "report",  # "shall mail, by first class mail, a notice"
    "complete": "assessment",
    "conduct": "assessment",
    "perform": "assessment",
    "assess": "assessment",
    "review": "assessment",
    "evaluate": "assessment",
    "audit": "assessment",
    "respond": "response",
    "reply": "response",
    "answer": "response",
    "keep": "retention",
    "retain": "retention",
    "maintain": "retention",
    "store": "retention",
    "preserve": "retention",
}
# What the guideline calls "other" even for an authority: adopting, establishing, issuing
# guidance, developing a plan, taking a measure, requesting (an authority's deadline
# with none of these and no purpose above is the kind "authority").
GENERAL_ACTS = frozenset(
    {"adopt", "establish", "issue", "develop", "take", "request", "prepare", "create"}
)
GENERAL_ACT = "general act"
# An authority's own decision ("the Commission shall decide within 3 months"): with an
# authority as holder these give the kind "authority"; any other act of an authority,
# and a clause whose verb is not read, is "other", as anyone's (rounds 1 to 11 of the
# gold: 290 → 307 of 389 deadline kinds people's).
AUTHORITY_ACTS = frozenset(
    {
        "decide",
        "adjudicate",
        "determine",
        "approve",
        "authorize",
        "authorise",
        "grant",
        "consider",
        "refuse",
        "proceed",
    }
)
# Issuing a decision on a particular matter is the authority's own act ("the Secretary
# shall issue the Final Determination within 180 days"); issuing guidance stays general.
DECISION_ISSUED = re.compile(
    r"^\s*(?:the\s+|a\s+|an\s+|its\s+)?(?:final\s+|initial\s+|written\s+)?"
    r"(?:determinations?|decisions?|findings?|designations?)\b",
    re.IGNORECASE,
)
# What an authority considers when it decides a case ("consider the application")
CONSIDERED_CASE = re.compile(
    r"\b(?:requests?|complaints?|applications?|petitions?|objections?|appeals?|cases?)\b",
    re.IGNORECASE,
)
# "may apply for review by filing a petition": an application is a submission
APPLIED_FOR = re.compile(r"^\s*for\b", re.IGNORECASE)
AUTHORITY_ACT = "authority act"
# Appointing someone (to an office, a task force) is a public authority's act whoever the
# clause names: "All initial appointments to the task force shall be made no later than
# 30 days after ..." (the guideline: a designation about a person is an authority's).
APPOINTING_VERBS = frozenset({"appoint", "designate"})
APPOINTMENTS = re.compile(r"\bappointments?\b|\bdesignations?\b", re.IGNORECASE)
APPOINTMENT = "appointment"
VACANCY = re.compile(r"\bvacanc(?:y|ies)\b", re.IGNORECASE)
# What completing is an assessment of ("complete its assessment", "complete the review")
ASSESSED = re.compile(
    r"\b(?:assessments?|reviews?|evaluations?|audits?|stud(?:y|ies)|tests?|testing"
    r"|investigations?|inspections?|examinations?|analys[ie]s)\b",
    re.IGNORECASE,
)
# A public body meeting, sitting or voting is its own act (the guideline: "the Commission
# shall hold its first meeting not later than 60 days after ..." is `authority`): "the
# Task Force shall meet", "shall hold the first meeting", "which shall be held" after
# "the first meeting of the working group"
MEETING_VERBS = frozenset({"meet", "convene"})
MEETINGS = re.compile(r"\b(?:meetings?|hearings?|sessions?)\b", re.IGNORECASE)
HELD = frozenset({"hold", "held"})
# Only a body that meets or convenes itself sits: "meet the requirements within 30 days"
# complies with something, "convene a multi-stakeholder process" sets one up
SITTING = re.compile(
    r"^\s*(?:$|(?:at|for|not|no|within|before|after|on|in|once|twice|jointly|regularly)\b"
    r"|(?:(?:a|an|the|its)\s+)?(?:\w+\s+)?(?:meetings?|hearings?|sessions?)\b"
    # a body of people convened (the guideline's ruling after round 26): "convene a
    # working group or an appropriate existing body"
    r"|(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}(?:working\s+group|council|panel|task\s+force"
    r"|committee|commission|board|body)\b)",
    re.IGNORECASE,
)
MEETING = "meeting"
# A body of people set up ("establish a working group", "establish ... the Task Force")
BODY_FORMED = re.compile(
    r"^[^.;]{0,80}?\b(?:working\s+group|council|panel|task\s+force|committee|commission"
    r"|consortium|advisory\s+board)\b",
    re.IGNORECASE,
)
PURPOSE_KINDS = frozenset({"publication", "assessment", "response", "retention"})
# Handing something to someone is a submission, whatever it is ("provide the impact
# assessment to the Department"): the guideline's notification.
HANDING_VERBS = frozenset({"provide", "give"})
HANDED_TO = re.compile(r"\bto\s+(?:the|a|an|each|any|every|all)\b", re.I)
IDENTIFIED_TO = re.compile(r"\s*to\s+(?:the|each|any|every|all)\b", re.I)
# Verbs that carry no purpose of their own: the noun they carry gives it.
LIGHT_VERBS = frozenset({"be", "make", "provide", "give", "carry", "ensure", "do", "have"})
NOUN_PURPOSES = (
    (
        re.compile(r"\b(?:reports?|notifications?|notices?|disclosures?|briefings?)\b", re.I),
        "report",
    ),
    (re.compile(r"\b(?:assessments?|reviews?|evaluations?|audits?)\b", re.I), "assessment"),
    (re.compile(r"\bpublications?\b", re.I), "publication"),
)
# A report a general act makes ("prepare a report", "issue a report to Congress")
REPORT_MADE = re.compile(r"^\s*(?:(?:a|an|the)\s+)?(?:\w+\s+)?reports?\b", re.I)
# Answering what someone asked, in a handing verb's object ("provide additional
# responses to such additional questions")
ANSWERS_TO = re.compile(r"\b(?:responses?|answers?|replies)\s+to\b", re.I)
# Warnings or notices issued to someone are a notice to them
WARNINGS = re.compile(r"^[^.;]{0,60}?\b(?:warnings?|notices?)\b", re.I)
# An act a light verb sees done, in the passive ("ensure ... is published")
PASSIVE_PURPOSE = re.compile(
    r"\b(?:is|are|be)\s+(?:(?P<public>published|made\s+public(?:ly)?(?:\s+available)?)"
    r"|submitted|reported|transmitted)\b",
    re.I,
)
# Keeping up a lawsuit is no record-keeping ("No civil action shall be maintained")
RETAINING_VERBS = frozenset({"maintain", "keep"})
PROCEEDINGS = re.compile(r"\b(?:action|suit|proceeding|claim)s?\s*$", re.I)
MADE_PUBLIC = re.compile(r"^\s*(?:it\s+|them\s+)?(?:public(?:ly)?|available)\b", re.I)
AVAILABLE_TO = re.compile(r"\bavailable\b", re.I)
TO_THE_PUBLIC = re.compile(
    r"\s*(?:to\s+the\s+(?:general\s+)?public|publicly|on\s+(?:its|the|a)\s+(?:\w+\s+)?website)",
    re.I,
)
# "it shall be an affirmative defense that ...": an expletive subject names no holder
EXPLETIVE = re.compile(r"\b(?:it|there)\s*$", re.I)
# Words between a modal and its verb: "shall also", "shall be", "shall promptly".
FILLER = frozenset(
    {"be", "been", "also", "not", "then", "thereafter", "further", "still", "and", "or", "each"}
)
LIST_ITEM = re.compile(r"^[\s\W]*\(\w{1,4}\)\s*(?P<verb>[A-Za-z]+)")
CONDITIONS = frozenset({"if", "when", "where", "unless"})
ARTICLES = frozenset({"the", "a", "an", "another", "that", "where", "if", "when", "in"})
AUXILIARY = re.compile(r"\b(?:has|have|is|are|was|were)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
COMPLETED_BY = re.compile(r"\band\s+(?:then\s+|shall\s+)?([A-Za-z]+)", re.IGNORECASE)
COORDINATED = re.compile(r"\b(?:and|or|to)\s+([A-Za-z]+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """The deadline's clause: its subject, its governing verb (lemma) and where it ends."""

    subject: str
    verb: str | None
    verb_end: int  # offset in the sentence just after the governing verb (0 if none)


def lemma(word: str) -> str:
    """'notifies' -> 'notify', 'completes' -> 'complete', 'kept' -> 'keep', 'made' -> 'make',
    'submitted' -> 'submit'."""
    word = word.lower()
    irregular = {"kept": "keep", "made": "make", "sent": "send", "given": "give", "done": "do"}
    if word in irregular:
        return irregular[word]
    known = (
        VERB_PURPOSES.keys() | LIGHT_VERBS | GENERAL_ACTS | AUTHORITY_ACTS | APPOINTING_VERBS
    ) | {"fill"}
    for suffix, replacement in (
        ("", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("s", ""),
        ("es", ""),
        ("d", ""),
        ("ed", ""),
        ("ing", ""),
        ("ing", "e"),
        # a doubled consonant: "submitted", "transmitting"
        ("ted", ""),
        ("ting", ""),
    ):
        stem = word[: len(word) - len(suffix)] + replacement
        if word.endswith(suffix) and stem in known:
            return stem
    return word


def _main_verb(text: str, start: int) -> tuple[str | None, int]:
    """The first word after ``start`` that is not filler, an adverb or a parenthesis
    set off by commas ("shall, within 15 days, notify"), with the offset after it."""
    position = start
    while position < len(text):
        rest = text[position:]
        if rest.lstrip().startswith(":"):  # "shall:" - the verbs are in the list that follows
            return None, 0
        if rest.lstrip().startswith(","):
            comma = position + rest.index(",")
            closing = text.find(",", comma + 1)
            if closing < 0:
                return None, 0
            position = closing + 1
            continue
        word = WORD.search(text, position)
        if word is None:
            return None, 0
        token = word[0].lower()
        if token in ("a", "an", "the") and start < word.start():
            # "shall be an affirmative defense that ...": the copula, carrying its noun
            return "be", word.start()
        if token in FILLER or (token.endswith("ly") and token not in ("apply", "supply")):
            position = word.end()
            continue
        return lemma(word[0]), word.end()
    return None, 0


def clause_of(sentence: str, lead_start: int, duration_end: int) -> Clause:
    """The clause of a deadline whose lead ("within", "no later than") starts at
    ``lead_start``: the modal before it, or else the first one after the figure."""
    modals = [m for m in MODAL.finditer(sentence, 0, lead_start)]
    if modals:
        modal = modals[-1]
        subject = sentence[: modal.start()]
    elif (after := _modal_after(sentence, duration_end)) is not None:
        # "THE DEPLOYER, ... NO LATER THAN NINETY DAYS AFTER ..., SHALL SEND" and
        # "Not later than 60 days after ..., the Commission shall": the subject is on
        # either side of the deadline
        modal = after
        subject = f"{sentence[:lead_start]} {sentence[duration_end : after.start()]}"
    else:
        return _modal_free_clause(sentence, lead_start, duration_end)
    # "shall prepare and submit a report": the verb with a purpose
    verb, end = _coordinated(sentence, *_main_verb(sentence, modal.end()))
    if modal.start() < lead_start and verb is not None and end <= lead_start:
        # "... will assume responsibility ... and completes its assessment within 12 months"
        for other in COORDINATED.finditer(sentence, end, lead_start):
            if lemma(other[1]) in VERB_PURPOSES:
                verb, end = lemma(other[1]), other.end()
    return Clause(subject, verb, end)


def _modal_after(sentence: str, start: int) -> re.Match[str] | None:
    """The first binding modal after ``start``, else the first modal: in "Within 180
    days ..., the Secretary, with the heads of agencies as the Secretary may deem
    appropriate, shall:" the duty is the "shall"."""
    binding = STRONG_MODAL.search(sentence, start)
    return binding if binding is not None else MODAL.search(sentence, start)


def _modal_free_clause(sentence: str, lead_start: int, duration_end: int) -> Clause:
    """A list item that continues "the notifying authority shall:" opens with its verb
    ("(b) submit a report ... within three months") and names no subject, or with its
    deadline and then the verb ("(i) within 180 days of the date of this order, review
    ..."); one that names its own subject has it before its auxiliary ("(a) the
    notifying authority has confirmed, within one month, ...")."""
    item = LIST_ITEM.match(sentence)
    if item is not None and item["verb"].lower() in CONDITIONS:
        # "(A) if such covered activity is not a secured transaction, submit to the
        # Secretary ... not later than 14 days before ...": the verb after the condition
        comma = sentence.find(",", item.end("verb"), lead_start)
        if comma > 0:
            verb, end = _coordinated(sentence, *_main_verb(sentence, comma + 1))
            return Clause("", verb, end)
    opens_with_deadline = item is not None and item.start("verb") >= lead_start
    if item and (
        opens_with_deadline or (item["verb"][0].islower() and item["verb"].lower() not in ARTICLES)
    ):
        # "(1) Within 30 days of learning of an incident, file a report ..." too
        start = item.start("verb")
        if start >= lead_start:  # the item opens with its deadline: the verb follows it
            comma = sentence.find(",", duration_end)
            if comma < 0:
                return Clause("", None, 0)
            start = comma + 1
        verb, end = _coordinated(sentence, *_main_verb(sentence, start))
        return Clause("", verb, end)
    auxiliary = AUXILIARY.search(sentence, 0, lead_start)
    return Clause(sentence[: auxiliary.start()] if auxiliary else "", None, 0)


def _coordinated(sentence: str, verb: str | None, end: int) -> tuple[str | None, int]:
    """A verb without a purpose followed at once by one with a purpose gives way to it
    ("tracking and reporting progress to the President")."""
    if verb is None or verb in VERB_PURPOSES:
        return verb, end
    following = COORDINATED.match(sentence, end + 1) if end < len(sentence) else None
    if (
        following
        and following[0][:3].lower() in ("and", "or ")
        and (lemma(following[1]) in VERB_PURPOSES)
    ):
        return lemma(following[1]), following.end()
    return verb, end


def purpose(sentence: str, clause: Clause, lead_start: int) -> str | None:
    """What the governing verb says the deadline is for (see ``VERB_PURPOSES``;
    ``GENERAL_ACT`` for the guideline's general acts), or None when the clause has no
    verb the rules read."""
    if clause.verb is None:
        return None
    carried = object_of(sentence, clause, lead_start)
    if clause.verb == "make" and MADE_PUBLIC.match(carried):
        return "publication"
    if clause.verb == "make" and (available := AVAILABLE_TO.search(carried)):
        # "make necessary information available to deployers": informing someone
        return "publication" if TO_THE_PUBLIC.match(carried, available.end()) else "report"
    if clause.verb in HANDING_VERBS and ANSWERS_TO.search(carried):
        # "will provide additional responses to such additional questions": an answer
        return "response"
    if clause.verb in RETAINING_VERBS and PROCEEDINGS.search(clause.subject):
        return "other"  # "No civil action shall be maintained ... unless commenced within"
    if clause.verb == "identify" and IDENTIFIED_TO.match(carried):
        return "report"  # "shall identify to the Council on Environmental Quality any ..."
    if clause.verb in HANDING_VERBS and HANDED_TO.search(carried):
        # "shall provide the impact assessment to the Civil Rights Department": a submission
        return "report"
    if clause.verb == "complete" and not ASSESSED.search(f"{clause.subject} {carried}"):
        # ("Emergency reviews shall generally be completed within 72 hours": an assessment)
        return GENERAL_ACT  # "Students shall complete participation in the Program"
    if clause.verb in APPOINTING_VERBS:
        return APPOINTMENT
    if clause.verb == "fill" and VACANCY.search(clause.subject[-60:]):
        return APPOINTMENT  # "Any vacancy shall be filled by the appointing authority"
    if clause.verb == "establish" and BODY_FORMED.match(carried):
        # "shall establish ... the Tech Industry Task Force": the guideline's ruling on
        # convening a body of people, as every annotator read it from round 28 on (rounds
        # 1 to 27, annotated before that ruling, called it "other")
        return MEETING
    if clause.verb in MEETING_VERBS and SITTING.match(carried):
        return MEETING
    if clause.verb in HELD and MEETINGS.search(f"{clause.subject[-80:]} {carried}"):
        return MEETING
    if clause.verb in LIGHT_VERBS and APPOINTMENTS.search(clause.subject.rsplit(",", 1)[-1]):
        return APPOINTMENT  # "All initial appointments ... shall be made"
    if clause.verb in LIGHT_VERBS and (done := PASSIVE_PURPOSE.search(carried)) is not None:
        # "shall ensure an unclassified version of the assessment is published": the act
        # the light verb sees done, not the noun before it
        return "publication" if done["public"] else "report"
    if clause.verb in LIGHT_VERBS:
        found = [
            (m.start(), kind)
            for pattern, kind in NOUN_PURPOSES
            # the subject's last phrase ("The report shall be made", not "after receiving
            # such notice, the Commission shall make")
            for m in pattern.finditer(f"{clause.subject.rsplit(',', 1)[-1]} {carried}")
        ]
        if found:
            return min(found)[1]
        # "shall ... make a determination and respond to such individual"
        coordinated = (lemma(m[1]) for m in COORDINATED.finditer(carried))
        named = next((VERB_PURPOSES[v] for v in coordinated if v in VERB_PURPOSES), None)
        if named is None and clause.verb == "make" and DECISION_ISSUED.match(carried):
            return AUTHORITY_ACT  # "personnel at that agency shall make a determination as to"
        return named
    if clause.verb == "issue" and WARNINGS.match(carried):
        return "report"  # "shall issue the developer a series of not fewer than 3 warnings"
    if clause.verb == "issue" and DECISION_ISSUED.match(carried):
        return AUTHORITY_ACT
    if clause.verb == "apply" and APPLIED_FOR.match(carried):
        return "report"
    if clause.verb in GENERAL_ACTS and REPORT_MADE.match(carried):
        return "report"  # "the Secretary shall prepare a report that—"
    if clause.verb in GENERAL_ACTS | AUTHORITY_ACTS and (completing := completed_by(carried)):
        return completing
    if clause.verb in GENERAL_ACTS:
        return GENERAL_ACT
    if clause.verb == "consider" and not CONSIDERED_CASE.search(carried):
        # "shall consider issuing guidance", "consider AI as a priority": no decision
        return GENERAL_ACT
    if clause.verb in AUTHORITY_ACTS:
        return AUTHORITY_ACT
    return VERB_PURPOSES.get(clause.verb, "other")


# A heading the deadline follows at once ("(c) Informing Congress.—Not later than 60 days
# ...", "(1) REPORT ON UPDATES.— (A) IN GENERAL.—Not later than 180 days"), read when the
# clause's own verb gives no purpose (the sentence stops at "shall—", or its verb is cut)
HEADING_BEFORE = re.compile(
    r"(?:\(\w{1,4}\)\s*)?(?P<head>[A-Za-z][A-Za-z ,'’&-]{1,80}?)\s*\.?\s*(?:—|--|–)\s*$"
)
HEADING_PURPOSES = (
    (
        re.compile(
            r"\b(?:reports?|reporting|briefings?|informing|notices?|notifications?"
            r"|testimony|certifications?|submissions?)\b",
            re.I,
        ),
        "report",
    ),
    (
        re.compile(r"\bpublications?\b|\bpublishing\b|\bavailability\b|\bdissemination\b", re.I),
        "publication",
    ),
    (
        re.compile(r"\b(?:assessments?|reviews?|evaluations?|audits?|stud(?:y|ies))\b", re.I),
        "assessment",
    ),
    (re.compile(r"\b(?:initial |first )?meetings?\b", re.I), MEETING),
    (re.compile(r"\bresponses?\b", re.I), "response"),
)
IN_GENERAL = re.compile(r"^\s*in general\s*$", re.IGNORECASE)


def heading_purpose(before: str) -> str | None:
    """The purpose the headings right before a deadline name (the nearest first, "In
    general" passed over), or None."""
    for _ in range(3):
        heading = HEADING_BEFORE.search(before)
        if heading is None:
            return None
        if not IN_GENERAL.match(heading["head"]):
            return next(
                (kind for pattern, kind in HEADING_PURPOSES if pattern.search(heading["head"])),
                None,
            )
        before = before[: heading.start()]
    return None


def completed_by(carried: str) -> str | None:
    """The purpose of the act a duty ends with, when one deadline covers several ("approve
    or deny the application and submit to the Director a record of the decision": the
    guideline's ruling, the submission), or None."""
    for following in COMPLETED_BY.finditer(carried):
        verb = lemma(following[1])
        if verb in VERB_PURPOSES:
            return VERB_PURPOSES[verb]
    return None


def object_of(sentence: str, clause: Clause, lead_start: int) -> str:
    """What the governing verb carries: up to the deadline when the verb comes before it,
    else the rest of the clause after the verb ("..., the Commission shall make a
    determination and respond ...")."""
    if clause.verb_end < lead_start:
        return sentence[clause.verb_end : lead_start]
    rest = sentence[clause.verb_end : clause.verb_end + 120]
    return re.split(r"[;:,.]", rest, maxsplit=1)[0]


def holder_in(subject: str, answering: bool = False) -> str | None:
    """The role named last in ``subject`` (nearest its modal), or None; ``answering``: of
    a duty to answer a request, where the authority named is the one that asks. An
    expletive subject ("In an action brought by the Attorney General, it shall be a
    defense that ...") names no one."""
    if EXPLETIVE.search(subject):
        return None
    found = [
        (m.end(), role)
        for role, pattern in ROLES
        if not (answering and role == AUTHORITY)
        for m in pattern.finditer(subject)
    ]
    return max(found)[1] if found else None


def sentence_holder(sentence: str) -> str | None:
    """Whom a sentence binds, for the passive sentences after it that name no one: the
    role in the subject of its first modal."""
    modal = MODAL.search(sentence)
    return holder_in(sentence[: modal.start()]) if modal else None
