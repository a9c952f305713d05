"""Provision paths as a reader cites them: ``art.53.1.c`` → "Art. 53(1)(c)".

The store identifies a provision by a dotted path that segmentation builds from
the text's own numbering (``art``, ``sec``, ``annex``...), with ``pN`` for the
N-th unnumbered paragraph and ``~N`` for the N-th repeat of a number within the
same parent (a list that restarts). Reports and pages cite provisions with the
label this module gives; the path stays the machine id beside it. Paths whose
first part is not a known kind of division (heading-derived ``h.*`` paths,
crosswalk reference items) are shown as they are.
"""

from __future__ import annotations

import re

# The first part of a path, and the word a citation uses for it.
DIVISIONS = {
    "art": "Art.",
    "article": "Art.",
    "sec": "Sec.",
    "section": "Section",
    "chapter": "Chapter",
    "part": "Part",
    "title": "Title",
    "annex": "Annex",
    "appendix": "Appendix",
    "schedule": "Schedule",
    "recital": "Recital",
    "paragraph": "Para.",
    "point": "Point",
    "rule": "Rule",
    "principle": "Principle",
    "clause": "Clause",
    "measure": "MEASURE",
    "govern": "GOVERN",
    "map": "MAP",
    "manage": "MANAGE",
}
# Divisions whose numbers are often Roman numerals, written in capitals.
ROMAN_NUMBERED = {"annex", "chapter", "part", "title", "schedule", "appendix"}
# NIST AI RMF functions: "GOVERN 1.1", numbered with dots, not brackets.
DOTTED = {"govern", "map", "measure", "manage"}
_PARAGRAPH = re.compile(r"^p(\d+)$")
_REPEAT = re.compile(r"^(.*)~(\d+)$")
_NUMBERED = re.compile(r"^(appendix|part|annex|schedule)-([0-9a-z]+)$")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _marker(part: str) -> str:
    """One step below the division: "1" → "(1)", "p3" → " ¶3", "b~2" → "(b) [2nd]"."""
    repeat = _REPEAT.match(part)
    if repeat:
        return f"{_marker(repeat.group(1))} [{_ordinal(int(repeat.group(2)))}]"
    paragraph = _PARAGRAPH.match(part)
    if paragraph:
        return f" ¶{paragraph.group(1)}"
    return f"({part})"


def provision_label(path: str) -> str:
    """The citation label of a provision path; unknown shapes come back unchanged."""
    parts = [p for p in path.split(".") if p]
    if not parts:
        return path
    head = parts[0]
    numbered = _NUMBERED.match(head)
    if numbered:  # "appendix-3.c" reads as Appendix 3(c)
        head, parts = numbered.group(1), [numbered.group(1), numbered.group(2), *parts[1:]]
    if head == "preamble":
        return "Preamble" + "".join(_marker(p) for p in parts[1:])
    if head not in DIVISIONS:
        return path
    word = DIVISIONS[head]
    if len(parts) == 1:
        return word
    number, rest = parts[1], parts[2:]
    repeat = _REPEAT.match(number)
    suffix = ""
    if repeat:
        number, suffix = repeat.group(1), f" [{_ordinal(int(repeat.group(2)))}]"
    if _PARAGRAPH.match(number):  # "sec.p3": an unnumbered paragraph directly under
        return word + _marker(number)
    if head in ROMAN_NUMBERED and re.fullmatch(r"[ivxlcdm]+", number):
        number = number.upper()  # "chapter.vii" is Chapter VII
    if head == "sec" and number.count("-") >= 2:
        # a state code's section, "10-3-1104_9" (title, article, section): C.R.S. 10-3-1104.9
        number = number.replace("_", ".").upper()
    elif head == "sec":
        number = number.replace("-", ".")  # "22757-11" is § 22757.11 in the code
    if head in DOTTED:
        dotted = [number, *(p for p in rest if not _PARAGRAPH.match(p) and "~" not in p)]
        tail = "".join(_marker(p) for p in rest if _PARAGRAPH.match(p) or "~" in p)
        return f"{word} {'.'.join(dotted)}{suffix}{tail}"
    return f"{word} {number}{suffix}" + "".join(_marker(p) for p in rest)
