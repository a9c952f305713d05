"""Red lines: the practices a provision forbids, normalised to one shared list.

A practice is read where the words that forbid ("shall not", "is prohibited", "it is
unlawful", "no person shall") and the words that name a practice sit in one sentence,
or where a list point names the practice and its heading or the sentence introducing
its list forbids ("The following AI practices shall be prohibited: (a) ..."). Duties
of care ("shall take measures to prevent discrimination") name no ban and are not read;
nor are the negations that only limit a text ("shall not apply", "shall not be
construed"). The list is the guideline's (``docs/guidelines/trackers.md`` §2).

A practice named inside a definition is not banned by it, whatever the definition's
heading says: an outbound-investment rule that defines its covered transactions as
those "designed to be used for ... weapons design (including chemical, biological ...
weapons)" bans no weapons uplift, and neither do the points of a list that a definition
introduces ("The term 'prohibited technology' means a technology with respect to
which ...:"). A prohibition that is only sought ("promote the complete prohibition of
weapons of mass destruction") bans nothing either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from govatlas.analytics.parameters import sentences
from govatlas.i18n import N_
from govatlas.trackers.facts import RED_LINES, Context, Fact


@dataclass(frozen=True)
class Practice:
    id: str
    label: str  # English, marked for the catalogs: pages and reports translate it
    cue: re.Pattern[str]


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


PRACTICES: tuple[Practice, ...] = (
    Practice(
        "manipulation",
        N_("Manipulative or deceptive techniques that distort behaviour"),
        _cue(
            r"subliminal|manipulative (?:or deceptive )?techniques|deceptive techniques"
            r"|purposefully manipulat"
        ),
    ),
    Practice(
        "exploiting-vulnerabilities",
        N_("Exploiting vulnerabilities of age, disability or social or economic situation"),
        _cue(
            r"exploit\w* (?:any of the |the )?vulnerabilit"
            r"|exploit\w*[^.;]{0,160}(?:\bage\b|disabilit|economic situation)"
            r"|(?:\bage\b|disabilit)[^.;]{0,160}exploit|social or economic situation"
        ),
    ),
    Practice(
        "social-scoring",
        N_("Social scoring"),
        _cue(r"social scor|(?:evaluat|classif)\w*[^.;]{0,120}social behaviou?r"),
    ),
    Practice(
        "predictive-policing",
        N_("Predicting crime by profiling individuals"),
        _cue(
            r"predictive policing|(?:risk|likelihood)[^.;]{0,80}commit\w* (?:a )?(?:criminal )?"
            r"offen[cs]e|predict\w*[^.;]{0,60}(?:crime|criminal)"
        ),
    ),
    Practice(
        "facial-scraping",
        N_("Untargeted scraping of facial images"),
        _cue(r"untargeted scraping|scraping of facial images|facial recognition databases"),
    ),
    Practice(
        "emotion-recognition",
        N_("Emotion recognition (at work, in education)"),
        _cue(r"emotion recognition|infer\w* (?:the )?emotions|emotions of a natural person"),
    ),
    Practice(
        "biometric-categorisation",
        N_("Biometric categorisation by sensitive traits"),
        _cue(
            r"biometric categori[sz]ation|categori[sz]\w*[^.;]{0,80}biometric data[^.;]{0,200}"
            r"(?:race|political|religio|sex life|sexual orientation)"
        ),
    ),
    Practice(
        "real-time-biometric-identification",
        N_("Real-time remote biometric identification in public spaces"),
        _cue(
            r"remote biometric identification|facial recognition[^.;]{0,60}public"
            r"|real[- ]time[^.;]{0,40}(?:facial recognition|biometric)"
        ),
    ),
    Practice(
        "algorithmic-discrimination",
        N_("Algorithmic discrimination on protected grounds"),
        _cue(
            r"algorithmic discrimination|(?:automated|algorithm\w*|artificial intelligence"
            r"|\bAI\b|decision tool|model)[^.;]{0,120}discriminat"
            r"|discriminat[^.;]{0,120}(?:algorithm|automated|artificial intelligence|\bAI\b)"
            r"|(?:\brace\b|ethnicity|national origin|religion|gender|sexual orientation)"
            r"[^.;]{0,160}(?:facial recognition|algorithm|automated|artificial intelligence)"
        ),
    ),
    Practice(
        "cbrn-uplift",
        N_("Chemical, biological, radiological or nuclear weapons uplift"),
        _cue(
            r"(?:chemical|biological|radiological|nuclear)[^.;]{0,40}weapon|\bCBRN\b"
            r"|weapons? of mass destruction|bioweapon"
        ),
    ),
    Practice(
        "autonomous-weapons",
        N_("Autonomous weapons; AI in nuclear launch decisions"),
        _cue(
            r"autonomous weapon|lethal autonomous|select and engage targets"
            r"|nuclear (?:weapons? )?(?:launch|employment|command)"
        ),
    ),
    Practice(
        "sexual-abuse-imagery",
        N_("Child sexual abuse material, non-consensual intimate imagery"),
        _cue(
            r"child sexual abuse|child pornography|intimate (?:image|imagery|visual depiction)"
            r"|sexual\w*[^.;]{0,60}(?:minor|child|deepfake|without (?:the |their )?consent)"
            r"|non-?consensual[^.;]{0,40}(?:sexual|intimate|explicit)"
            r"|under (?:the age of )?(?:18|eighteen)[^.;]{0,240}sexual"
            r"|sexual[^.;]{0,240}under (?:the age of )?(?:18|eighteen)"
        ),
    ),
    Practice(
        "election-deception",
        N_("Deceptive synthetic media about elections or candidates"),
        _cue(
            r"(?:election|candidate|ballot|voter|elector)[^.;]{0,160}(?:deceptive|deepfake"
            r"|synthetic|manipulated|digitally altered|mislead)"
            r"|(?:deceptive|deepfake|synthetic|manipulated|digitally altered|mislead)[^.;]{0,160}"
            r"(?:election|candidate|ballot|voter|elector)"
        ),
    ),
    Practice(
        "unlawful-content",
        N_("Generating content a law forbids"),
        _cue(
            r"content[^.;]{0,200}(?:subver|incit|terroris|extremis|endanger\w* national security"
            r"|false information|fake (?:and harmful )?information|obscen)"
        ),
    ),
    Practice(
        "undisclosed-bot",
        N_("Bots posing as humans without disclosure"),
        _cue(
            r"(?:\bbot\b|chatbot|\bAI\b|artificial intelligence)[^.;]{0,100}"
            r"(?:impersonat|pos(?:e|ing) as (?:a )?(?:human|natural person)"
            r"|mislead[^.;]{0,40}(?:human|natural person))"
        ),
    ),
)
PRACTICE_LABELS = {p.id: p.label for p in PRACTICES}
AUTONOMOUS_WEAPONS = next(p.cue for p in PRACTICES if p.id == "autonomous-weapons")
OTHER = "other"
PRACTICE_LABELS[OTHER] = N_("Another AI practice (not in the shared list)")
# Practices whose ban is an AI red line only when the text links it to generated or
# automated content (a child-abuse offence of a penal code is not, by itself)
NEEDS_AI = frozenset({"sexual-abuse-imagery"})
AI_WORDS = re.compile(
    r"artificial intelligence|\bAI\b|algorithm|automated|\bADS\b|machine learning"
    r"|\bmodels?\b|facial recognition|computer[- ]generated|digitally (?:altered|created)"
    r"|synthetic|deepfake|generative",
    re.IGNORECASE,
)
# "X shall not use / deploy / offer ... an AI system ...": a ban on an AI practice that
# the shared list does not name
FORBIDS_USE = re.compile(
    r"\b(?:shall|must|may)\s+not\s+(?:\w+,?\s+){0,3}?(?:use|deploy|offer|develop|sell"
    r"|provide|make\s+available|release|distribute|employ|rely|utili[sz]e|deny|license)\b"
    r"|\bunlawful\s+for\b[^.;]{0,80}\bto\s+(?:use|deploy|offer|develop|sell|provide|release"
    r"|distribute|employ|engage)\b",
    re.IGNORECASE,
)

FORBIDS = re.compile(
    r"\b(?:shall|must|may|will|can)\s+not\b|\bshall\s+never\b|\bcannot\b"
    r"|\bprohibit(?:ed|s|ion)?\b|\bis\s+banned\b|\bbann?ed\b|\bforbid(?:den|s)?\b"
    r"|\bno\s+(?:person|entity|developer|deployer|provider|operator|one|employer|agency)"
    r"\s+(?:shall|may)\b|\b(?:is|be)\s+unlawful\b|\bunlawful\s+(?:for|to)\b"
    # an offence: "every person who ... is guilty of a misdemeanor"
    r"|\b(?:is|shall\s+be)\s+guilty\s+of\b|\bshall\s+be\s+punished\b"
    r"|\bcommits?\s+(?:an?\s+)?(?:offen[cs]e|crime|felony|misdemeanou?r)\b",
    re.IGNORECASE,
)
# Negations that limit the text rather than forbid a practice
NOT_A_BAN = re.compile(
    r"\b(?:shall|must|may|will)\s+not\s+(?:apply|affect|be\s+construed|be\s+interpreted"
    r"|prevent|preclude|limit|prejudice|exceed|be\s+required|be\s+liable|include"
    r"|be\s+deemed|be\s+considered|constitute|restrict|impair|diminish|supersede|require"
    r"|establish|be\s+convicted|be\s+used\s+as)\b"
    r"|\bnothing\s+in\s+this\b|\bis\s+not\s+prohibited\b|\bnot\s+be\s+prohibited\b"
    r"|\bdoes\s+not\s+apply\b|\b(?:can|could|would|should|may)\s+(?:also\s+)?prohibit"
    r"|\bthis\s+bill\s+would\b|\bwould\s+(?:also\s+)?(?:prohibit|make|expand|create)\b"
    # a prohibition sought, not made: "promote the complete prohibition of ..."
    r"|\b(?:promot|support|advocat|encourag|seek|call\w*\s+for|work\w*\s+(?:towards?|for))"
    r"\w*\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:prohibition|ban)\b",
    re.IGNORECASE,
)
# A rule of construction: what follows it in the sentence, or in the points it
# introduces, is how the text must not be read, never a ban ("may not be interpreted
# to prohibit ...", "nothing in this section shall be construed to ...")
CONSTRUCTION = re.compile(
    r"\b(?:be\s+construed|be\s+interpreted|be\s+read)\b|\bnothing\s+in\s+this\b", re.IGNORECASE
)
BAN_HEADING = re.compile(r"prohibit|\bbann?(?:ed)?\b|unlawful|forbidden|red lines?", re.IGNORECASE)
# A sentence with a finite verb states something itself; a heading's ban reaches only
# a point that names a practice without one ("(c) social scoring;")
FINITE = re.compile(r"\b(?:shall|must|may|will|is|are|has|have)\b", re.IGNORECASE)
# A definition: a quoted term ("...", ‘...’, `...', ``...'') or "the term X" that "means"
DEFINES = re.compile(
    r"(?:[\"“‘'`]{1,2}[^\"”’'`]{2,80}[\"”’']{1,2}|\bthe\s+term\s+[^.;:\"“‘'`]{2,80}?)"
    r"\s*(?:,\s*)?(?<!by )(?:means|refers\s+to|has\s+the\s+meaning)\b",
    re.IGNORECASE,
)
# A point quoted by an amendment: "``(A)", "“(i)", "\"(2)"
QUOTED_POINT = re.compile(r"(?:``|“|\")\s*\([A-Za-z0-9]{1,6}\)")
# A point's label at the start of its words: "(aa)", "“(I)", "``(iv)", "b)", "3.", "II -"
POINT_LABEL = re.compile(
    r"^[\s\"“‘'`]*(?:\([A-Za-z0-9]{1,6}\)|(?:[IVXLC]{1,6}|\d{1,3}|[A-Za-z])\s*[.)\-–—]\s)"
)
# The end of words that introduce a list: "... shall be prohibited:", "... if--"
INTRODUCES = (":", "\u2014", "\u2013", "-")
# "Nuclear weapons" in a ban on autonomous weapons is about launching them, not uplift
NUCLEAR_ONLY = re.compile(r"nuclear[^.;]{0,40}weapon", re.IGNORECASE)
EXCEPTION = re.compile(
    r"\bunless\b|\bexcept\b|\bexcluding\b|by way of derogation|\bexempt|shall not apply",
    re.IGNORECASE,
)


def forbids(sentence: str) -> bool:
    """Whether a sentence forbids something (and is not only a limit on the text)."""
    bans = [m for m in FORBIDS.finditer(sentence)]
    if not bans:
        return False
    limits = [(m.start(), m.end()) for m in NOT_A_BAN.finditer(sentence)]
    limits += [(m.start(), len(sentence)) for m in CONSTRUCTION.finditer(sentence)]
    return any(not any(s <= m.start() < e for s, e in limits) for m in bans)


def _launch_not_uplift(practice: Practice, match: re.Match[str], sentence: str) -> bool:
    """Whether a weapons-uplift cue is only "nuclear weapons" in a ban on autonomous
    weapons or launch decisions (that practice is read instead)."""
    return (
        practice.id == "cbrn-uplift"
        and bool(NUCLEAR_ONLY.fullmatch(match.group()))
        and AUTONOMOUS_WEAPONS.search(sentence) is not None
    )


def _fact(practice: str, text: str, start: int, end: int) -> Fact:
    notes = tuple(
        " ".join(text[s:e].split()) for s, e in sentences(text) if EXCEPTION.search(text[s:e])
    )
    return Fact(
        RED_LINES,
        {
            "practice": practice,
            "practice_label": PRACTICE_LABELS[practice],
            "exceptions": list(notes),
        },
        start,
        end,
        text[start:end],
        notes=notes,
    )


def _clauses(text: str) -> list[tuple[int, int]]:
    """Each sentence of ``text``, cut again before every quoted point ("``(A)", "“(i)"):
    an amendment that quotes a code's points runs them into one sentence, so a
    definition ("``(F) ... The term `minor' means ...") would hide the offence after it."""
    spans = []
    for start, end in sentences(text):
        cuts = [start]
        cuts += [m.start() for m in QUOTED_POINT.finditer(text, start, end) if m.start() > start]
        cuts.append(end)
        spans += [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]
    return spans


def _defines(lead: str) -> bool:
    """Whether the sentence that introduces a list defines a term (its points are the
    definition's, not bans)."""
    spans = sentences(lead)
    return bool(spans) and DEFINES.search(lead[spans[-1][0] : spans[-1][1]]) is not None


def _introduced(sentence: str, lead: str, heading: str) -> bool:
    """Whether the words above forbid what ``sentence`` (a point) names: a list that a
    ban introduces ("shall be prohibited:"), or a point that states nothing itself
    ("(c) social scoring;") under a ban or a banning heading, never a definition's."""
    if _defines(lead):
        return False
    verbless = not FINITE.search(sentence)
    if forbids(lead):
        return lead.rstrip().endswith(INTRODUCES) or verbless
    return bool(BAN_HEADING.search(heading) and not lead and verbless)


def _reached(sentence: str, lead: str, context: Context) -> bool:
    """Whether a ban above reaches ``sentence``: from words of the same text that
    introduce it (unless they define a term) or from its provision's context."""
    if lead and _defines(lead):
        return False
    return (bool(lead) and _introduced(sentence, lead, "")) or _introduced(
        sentence, context.lead, context.heading
    )


def red_line_facts(text: str, context: Context) -> list[Fact]:
    """The practices ``text`` (a provision's own words) forbids, one fact each."""
    if CONSTRUCTION.search(context.lead):
        return []  # the points of a rule of construction say how not to read the text
    found: dict[str, Fact] = {}
    above = ""  # words of this text that introduce the points after them ("... if--")
    for start, end in _clauses(text):
        sentence = text[start:end]
        lead = above if POINT_LABEL.match(sentence) else ""
        if sentence.rstrip().endswith(INTRODUCES):
            above = sentence
        elif not lead:
            above = ""
        if DEFINES.search(sentence):
            continue  # a definition bans nothing by itself
        if not (_reached(sentence, lead, context) or forbids(sentence)):
            continue
        named = False
        for practice in PRACTICES:
            match = practice.cue.search(sentence)
            if match is None:
                continue
            named = True
            if practice.id in found or _launch_not_uplift(practice, match, sentence):
                continue
            if practice.id in NEEDS_AI and not AI_WORDS.search(text + " " + context.lead):
                continue
            found[practice.id] = _fact(practice.id, text, start, end)
        if not named and OTHER not in found and forbids(sentence):
            use = FORBIDS_USE.search(sentence)
            if use and AI_WORDS.search(sentence):
                found[OTHER] = _fact(OTHER, text, start, end)
    return list(found.values())
