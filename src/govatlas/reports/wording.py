"""Numbers in sentences: "1 instrument", "3 instruments", never "1 are binding".

English only: a sentence a report shows in the reader's language counts with
``govatlas.i18n.ngettext`` instead (``ngettext("%(num)s instrument", "%(num)s
instruments", n)``; a verb agreeing with a count makes the whole sentence one message),
since other languages have other plural forms (Russian three, Arabic six).
"""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` and the noun in the right number."""
    word = noun if count == 1 else (plural_form or f"{noun}s")
    return f"{count} {word}"


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb agreeing with ``count``: verb(1, "is", "are") == "is"."""
    return singular if count == 1 else plural_form
