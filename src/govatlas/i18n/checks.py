"""What a translation must keep of its English: the same placeholders and the same markup.

A translator may reorder a sentence and change every word, but a ``%(name)s`` (or the
policy rules' ``{name}``) that goes missing leaves a figure out of the page, one that
is added cannot be filled, and changed markup breaks the page or lets a correction
add what the English never had (a script, a link elsewhere). The catalogs' tests and
the correction form (``translation_review``) both judge a text by these rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
TAG_NAME = re.compile(r"</?([a-z]+)\b")
WHOLE_TAG = re.compile(r"<[^<>]*>")
# a plural form may leave the number out ("one instrument"); nothing else may go
MAY_DROP = frozenset({"num", "count"})
LONGEST = 4000


def placeholders(text: str) -> set[str]:
    """``%(name)s`` placeholders, and the ``{name}`` ones of the policy rules."""
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def tag_names(text: str) -> list[str]:
    """The names of the HTML tags in ``text`` (opening and closing), sorted."""
    return sorted(TAG_NAME.findall(text))


def whole_tags(text: str) -> Counter[str]:
    """Each tag exactly as written (``<a href="%(url)s">``), counted."""
    return Counter(WHOLE_TAG.findall(text))


def translation_problem(english: Sequence[str], text: str, *, exact_markup: bool) -> str | None:
    """Why ``text`` cannot stand for the English message whose forms are ``english``
    (one, or singular and plural), or None when it can. ``exact_markup`` asks that every
    tag be kept character for character, as a correction made on the web must (the
    shipped catalogs are checked by tag name)."""
    if not text.strip():
        return "the translation is empty"
    if len(text) > LONGEST:
        return f"the translation is {len(text):,} characters; the limit is {LONGEST:,}"
    wanted = placeholders(" ".join(english))
    kept = placeholders(text)
    added = kept - wanted
    if added:
        return "it adds " + ", ".join(sorted(f"%({name})s" for name in added))
    lost = wanted - kept - (MAY_DROP if len(english) > 1 else frozenset())
    if lost:
        return "it leaves out " + ", ".join(sorted(f"%({name})s" for name in lost))
    if tag_names(text) != tag_names(english[0]):
        return "its markup differs from the English (keep every tag, in any order)"
    if exact_markup and whole_tags(text) != whole_tags(english[0]):
        return "a tag differs from the English (copy each tag as the English writes it)"
    if exact_markup and _stray(text) > _stray(english[0]):
        return "it holds a < or > that is not part of a tag (write &lt; or &gt;)"
    return None


def _stray(text: str) -> int:
    outside = WHOLE_TAG.sub("", text)
    return outside.count("<") + outside.count(">")
