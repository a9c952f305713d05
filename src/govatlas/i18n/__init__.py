"""The six official UN languages: the current language, and its words for every message.

A message is written in English in the code or a template and looked up, when it is
shown, in the catalog of the language chosen for that request or report
(``locale/<code>/LC_MESSAGES/messages.po``, made with Babel; ``docs/translating.md``
says how to add or correct a string). English is the fallback for any message a
catalog lacks. The language is a context variable, so a web request, a report or a
CLI command each sees its own and no caller passes it around.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from govatlas.i18n.catalogs import plural_index, translations_for
from govatlas.i18n.corrections import MESSAGE, corrected_text
from govatlas.i18n.languages import DEFAULT, LANGUAGES, Language, language

current_code: ContextVar[str] = ContextVar("govatlas_language", default=DEFAULT)


def current() -> Language:
    """The language of what is being rendered now."""
    return language(current_code.get())


@contextmanager
def speaking(code: str) -> Iterator[Language]:
    """Render in ``code`` inside the block (an unknown code falls back to English)."""
    chosen = language(code)
    token = current_code.set(chosen.code)
    try:
        yield chosen
    finally:
        current_code.reset(token)


def lookup(message: str) -> str:
    """``message`` in the current language as written there: a person's correction
    first, then the catalog's translation, then the English (no placeholder filled)."""
    code = current_code.get()
    return corrected_text(code, MESSAGE, message) or translations_for(code).gettext(message)


def lookup_plural(singular: str, plural: str, number: int) -> str:
    """The form of a plural message that ``number`` takes in the current language, as
    ``lookup`` finds it (Arabic has six forms, Russian three, Chinese one)."""
    code = current_code.get()
    return corrected_text(
        code, MESSAGE, singular, str(plural_index(code, number))
    ) or translations_for(code).ngettext(singular, plural, number)


def gettext(message: str, **values: object) -> str:
    """``message`` in the current language, with ``%(name)s`` placeholders filled."""
    text = lookup(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, number: int, **values: object) -> str:
    """The singular or plural form of a message for ``number`` in the current language;
    ``%(num)s`` is the number."""
    return lookup_plural(singular, plural, number) % {"num": number, **values}


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Marks a message for the catalogs where it is defined (a label in a table of
    words); it is translated where it is shown, with ``gettext`` or ``_()``."""
    return message


# the words translation_counts() shows for who translated the concepts
PROVENANCE_WORDS = (N_("machine"), N_("human"), N_("reviewed"))

_ = gettext

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "N_",
    "Language",
    "current",
    "current_code",
    "gettext",
    "language",
    "lookup",
    "lookup_plural",
    "ngettext",
    "speaking",
]
