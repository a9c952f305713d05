"""Whether two texts of one instrument are two renderings of one text, or two versions.

Datasets render one law differently: AGORA stores California SB 53 from the
enacting clause on; ``laws/`` adds the Legislative Counsel's Digest in front,
Markdown headings ("Frontier AI Framework Requirements") and straight quotes.
Those are one version. A diff between them reports hundreds of changes that no
legislature made, and an alert on them would be false.

Two texts are one rendering when, once front matter is set aside (everything
before an enacting formula such as "The people of the State of California do
enact as follows", which is where a digest, a title block or an approval note
sits) and markup, quotes, case and spacing are ignored (``sec.`` read as
``section``):

- their words agree at ``SAME_TEXT`` or more, and
- no word of one stands where the other has a different word (an amendment
  from "shall" to "may", from 2026 to 2027, is a real change), and
- every word only one of them has sits on a heading line of that text (a
  Markdown heading, a line in bold): a heading, never words of a provision
  ("keep records" becoming "keep records or a summary" is a real change, and
  so is an added subsection).

The fuller rendering (more words) is the one to keep: it carries the digest or
the headings that make better units.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

SAME_TEXT = 0.97
ENACTING_FORMULA = re.compile(
    r"do\s+enact\s+as\s+follows"  # US states: "The people of the State of ... do enact"
    r"|be\s+it\s+enacted\b"  # US Congress, many states and Commonwealth acts
    r"|ha(?:ve|s)\s+adopted\s+th(?:is|e\s+present)\s+(?:regulation|directive|decision)",  # EU
    re.IGNORECASE,
)
ABBREVIATIONS = {"sec": "section", "secs": "sections", "art": "article", "arts": "articles"}


def text_words(text: str) -> list[str]:
    """The words of a text with markup, quotes and spacing set aside."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[#*_|>`\[\]]+", " ", text)
    return re.findall(r"\w+", text)


def _heading(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("#") or (
        len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**")
    )


def operative_words(text: str) -> list[str]:
    """The words from the enacting formula on (all of them without one), abbreviations
    of "section" and "article" spelt out."""
    return [word for word, _ in _operative(text)]


def _operative(text: str) -> list[tuple[str, bool]]:
    """``operative_words`` with, for each, whether it sits on a heading line."""
    found = ENACTING_FORMULA.search(text)
    body = text[found.start() :] if found else text
    return [
        (ABBREVIATIONS.get(word, word), heading)
        for line in body.splitlines()
        for heading in (_heading(line),)
        for word in text_words(line)
    ]


def same_text(a: list[str], b: list[str]) -> bool:
    """Whether two word sequences agree at ``SAME_TEXT`` or more (order counts)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SAME_TEXT and matcher.ratio() >= SAME_TEXT


def same_rendering(a: str, b: str) -> bool:
    """Whether texts ``a`` and ``b`` are renderings of one text (see the module)."""
    first, second = _operative(a), _operative(b)
    matcher = difflib.SequenceMatcher(
        None, [w for w, _ in first], [w for w, _ in second], autojunk=False
    )
    if matcher.real_quick_ratio() < SAME_TEXT or matcher.quick_ratio() < SAME_TEXT:
        return False
    if matcher.ratio() < SAME_TEXT:
        return False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            return False
        if op == "delete" and not _a_heading(first, i1, i2):
            return False
        if op == "insert" and not _a_heading(second, j1, j2):
            return False
    return True


def _a_heading(words: list[tuple[str, bool]], start: int, end: int) -> bool:
    """Whether the words in [start, end), which only one text has, are a heading there.

    An inserted run may be aligned anywhere it can slide to (a heading that repeats
    the words after it, "Critical Safety Incident" over '"Critical safety incident"
    means', may be matched to either copy): it counts as a heading when it is one
    at any position it slides to."""

    def heading(at: int) -> bool:
        return all(h for _, h in words[at : at + end - start])

    at = start
    while True:  # slide left while the word before the run equals its last word
        if heading(at):
            return True
        if at == 0 or words[at - 1][0] != words[at - 1 + end - start][0]:
            break
        at -= 1
    at = start
    while at + end - start < len(words) and words[at][0] == words[at + end - start][0]:
        at += 1  # slide right while the run's first word equals the word after it
        if heading(at):
            return True
    return False


def fuller(a: str, b: str) -> bool:
    """Whether ``a`` has more words than ``b`` (a digest, headings)."""
    return len(text_words(a)) > len(text_words(b))
