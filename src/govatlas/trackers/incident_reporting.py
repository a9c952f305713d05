"""Incident-reporting duties: who must report an incident, to whom, within how long.

A sentence sets such a duty when it names an incident (a serious or critical safety
incident, an AI incident, a malfunction, a breach, discrimination found) and a duty to
report it ("shall report", "must notify", "is required to submit"), or when it is
about "the report" of an incident and gives it a deadline. Each deadline the sentence
gives ("not later than 15 days", "within 24 hours") is one fact, in hours; a duty with
no time stated ("immediately", "without undue delay") is a fact whose deadline is
empty. The recipient is the body the report goes "to", or the object of "notify".
"""

from __future__ import annotations

import re

from govatlas.analytics.parameters import DEADLINE_LEAD, sentences
from govatlas.analytics.quantities import durations, format_number
from govatlas.trackers.facts import INCIDENT_REPORTING, Context, Fact

INCIDENT = re.compile(
    r"\b(?:serious|critical(?: safety)?|safety|security|cyber(?:security)?|AI|artificial"
    r" intelligence)?\s*incidents?\b|\bmalfunction\w*|\bbreach(?:es)? of (?:security|the "
    r"security|data|personal data)|\bsecurity breach|\bdata breach"
    r"|\balgorithmic discrimination\b",
    re.IGNORECASE,
)
REPORTS = re.compile(
    r"\b(?:report\w*|notif\w*|submit\w*|inform\w*|disclos\w*|send\w*|transmit\w*|alert\w*"
    r"|file)\b",
    re.IGNORECASE,
)
# A duty to report: a modal governing a verb of reporting ("shall report", "must
# promptly notify", "is required to submit a report"), or a report that "shall be made"
DUTY = re.compile(
    r"\b(?:shall|must|should|is required to|are required to|will be required to|has to"
    r"|have to)\s+(?:(?!not\b)\w+,?\s+){0,3}?(?:report|notify|submit|inform|disclose|send"
    r"|alert|file|provide (?:a |the |written )?(?:report|notice|notification))\b"
    r"|\b(?:report|notification|notice)s?\b[^.;]{0,120}\b(?:shall|must)\s+be\s+"
    r"(?:made|provided|submitted|sent|filed|given|reported)\b"
    r"|\b(?:shall|must)\s+be\s+(?:promptly\s+|immediately\s+)?(?:reported|notified)\b",
    re.IGNORECASE,
)
# Periodic and other reports that are not about an incident
NOT_INCIDENT_REPORT = re.compile(
    r"\bannual(?:ly)?\b|\bquarterly\b|\bonce (?:a|per|every) year|\beach year\b"
    r"|\bencouraged, but not required\b",
    re.IGNORECASE,
)
_STOP = (
    r"(?=\s+(?:within|not later|no later|in accordance|pursuant|of (?:any|such|each|every|an?)\b"
    r"|of the (?:serious |critical |safety )*(?:incident|breach|malfunction)|chosen|without"
    r"|immediately|no more|as soon|by means|if|when"
    r"|where|that|which|and (?:to|shall|in)|about|concerning|regarding|in writing|through"
    r"|using|on|upon|after|before)\b|[,.;:()\n]|$)"
)
TO_RECIPIENT = re.compile(
    r"\b(?:report\w*|notif\w*|submit\w*|disclos\w*|sen[dt]\w*|transmit\w*|provided|made)\b"
    r"[^.;]{0,120}?\bto\s+(?P<who>(?:the|a|an|its|any|each|all|relevant|affected|appropriate)"
    rf"\s+[^,.;:()\n]{{2,100}}?){_STOP}",
    re.IGNORECASE,
)
FILE_WITH = re.compile(
    r"\bfile\w*\s+(?:a|an|the)\s+(?:\w+\s+)?report\s+with\s+(?P<who>(?:the|a|an)\s+[^,.;:()\n]{2,80}?)"
    rf"{_STOP}",
    re.IGNORECASE,
)
NOTIFY_OBJECT = re.compile(
    r"\b(?:notify|inform|alert)\s+(?P<who>(?:the|any|each|all|affected|relevant|appropriate)"
    rf"\s+[^,.;:()\n]{{2,100}}?){_STOP}",
    re.IGNORECASE,
)
NOT_A_RECIPIENT = re.compile(
    r"^(?:the|a|an|its)\s+(?:extent|public|date|effect|best|maximum)\b", re.I
)


# "related to", "referred to", "pursuant to": a "to" that names no recipient
NOT_TO = re.compile(
    r"(?:relat\w*|referred|pursuant|due|according|addition|regard|respect|access|subject"
    r"|similar|prior|applicable|up|attributable|belong\w*|amendments?)\s+to\s*$",
    re.IGNORECASE,
)


def recipient(sentence: str) -> str | None:
    """The body a report goes to, as the sentence names it, or None."""
    for pattern in (TO_RECIPIENT, NOTIFY_OBJECT, FILE_WITH):
        for match in pattern.finditer(sentence):
            who = re.sub(r"\s+(?:and|or)$", "", " ".join(match["who"].split()))
            before = sentence[: match.start("who")]
            if NOT_A_RECIPIENT.match(who) or NOT_TO.search(before):
                continue
            named = INCIDENT.search(who)
            if named and (named.start() == 0 or who.lower().startswith(("a ", "an "))):
                continue  # "to a serious incident": what is reported, not to whom
            return who
    return None


# A verb of reporting, not "reporting mechanism" or "information"
REPORT_VERB = re.compile(
    r"\b(?:report|notify|submit|inform|disclose|send|transmit|alert|file)s?\b", re.IGNORECASE
)
# "providers shall:" - the points of the list carry the duty
OPEN_DUTY = re.compile(r"\b(?:shall|must)\b[^.;:]{0,60}:\s*$", re.IGNORECASE)


def _lead_duty(lead: str, sentence: str) -> bool:
    """Whether the sentence introducing a list makes this point a duty to report."""
    if not lead or NOT_INCIDENT_REPORT.search(lead) or not REPORT_VERB.search(sentence):
        return False
    return bool(DUTY.search(lead) or OPEN_DUTY.search(lead))


def _as_written(number: float, unit: str) -> str:
    """'seventy-two hours' -> '72 hours'; 'NINETY DAYS' -> '90 days'."""
    return f"{format_number(number)} {unit}{'' if number == 1 else 's'}"


def incident_reporting_facts(text: str, context: Context) -> list[Fact]:
    """One fact per deadline of each incident-reporting duty ``text`` sets."""
    found: list[Fact] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        incident = INCIDENT.search(sentence) or INCIDENT.search(context.lead)
        if incident is None or NOT_INCIDENT_REPORT.search(sentence):
            continue
        if not (DUTY.search(sentence) or _lead_duty(context.lead, sentence)):
            continue
        who = recipient(sentence) or recipient(context.lead)
        what = " ".join(incident.group(0).split()).lower()
        deadlines = [
            d for d in durations(sentence) if DEADLINE_LEAD.search(sentence[: d.start][-60:])
        ]
        base = {"recipient": who, "incident": what}
        if not deadlines:
            found.append(
                Fact(
                    INCIDENT_REPORTING,
                    {"deadline_hours": None, "deadline": None, **base},
                    start,
                    end,
                    sentence,
                )
            )
        for d in deadlines:
            found.append(
                Fact(
                    INCIDENT_REPORTING,
                    {"deadline_hours": d.value, "deadline": _as_written(d.number, d.unit), **base},
                    start + d.start,
                    start + d.end,
                    sentence[d.start : d.end],
                )
            )
    return found
