"""Final and commencement clauses: never a counterpart of anything.

Every law ends by saying when it enters into force, from when it applies, what it
repeals and (a treaty) who keeps it. Two such clauses read alike whatever the laws
regulate - "This Regulation shall enter into force on ..." and "These Measures shall
come into force on August 15, 2023" - so a text aligner links them confidently, and a
comparison then reports that link as the one thing the laws agree on. They set no
duty, so they are neither suggested (``crosswalk.suggest``) nor counted as an overlap
(``analytics.compare``), by whomever the link was made.

A provision is a final clause when its heading says so ("Entry into force and
application", "Repeal", "Depositary", "Final provisions") or when every sentence of its
own words is a commencement or repeal sentence.
"""

from __future__ import annotations

import re

FINAL_HEADING = re.compile(
    r"\b(?:entry into force|entering into force|commencement|date of application"
    r"|application date|repeal(?:s|ed)?|depositary|final (?:provisions?|clauses?)"
    r"|ratification|denunciation)\b"
    r"|(?:come|comes|came|enter|enters|entered|take|takes|took)\s+(?:into|in)\s+"
    r"(?:force|effect)|\btakes? effect\b",
    re.IGNORECASE,
)
COMMENCEMENT = re.compile(
    r"\b(?:shall |will |to )?(?:come|comes|came|enter|enters|entered|take|takes|took)\s+"
    r"(?:into|in)\s+(?:force|effect)|\btakes? effect\b|\bshall (?:apply|be applicable) "
    r"(?:from|as from|as of)\b|\bis (?:hereby )?repealed\b|\bshall be repealed\b"
    r"|\bshall be (?:deposited|binding in its entirety)\b",
    re.IGNORECASE,
)
# "Article 24", "Art. 113:", "Section 5.", "第二十四条" before the words
LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:article|art\.|section|sec\.|§)\s*[\w.-]+(?:\*\*)?\s*[:.]?(?:\*\*)?\s*",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.;])\s+")


def is_final_clause(heading: str | None, text: str) -> bool:
    """Whether a provision only says when or how the instrument takes effect, or what
    it repeals (see the module docstring)."""
    if heading and FINAL_HEADING.search(heading):
        return True
    words = LABEL.sub("", text.strip(), count=1).strip()
    if heading and words.lower().startswith(heading.lower()):
        words = words[len(heading) :].strip(" :.\n")
    sentences = [s for s in SENTENCE.split(words) if s.strip()]
    return bool(sentences) and all(COMMENCEMENT.search(s) for s in sentences)
