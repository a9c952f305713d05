"""Jinja's side of translation: ``{% trans %}`` blocks and ``_()`` calls that look up the
current language, and filters that write numbers and dates as that language does."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment

from govatlas.i18n import current, current_code, lookup, lookup_plural
from govatlas.i18n.languages import LANGUAGES


def _babel_locale() -> str:
    return "zh_Hans" if current_code.get() == "zh" else current_code.get()


def number(value: float | int | None, digits: int | None = None) -> str:
    """``12,345`` in English, ``12 345`` in French, ``١٢٬٣٤٥`` never (Arabic pages keep
    the Western digits the UN's Arabic documents use): a number as the reader writes it."""
    if value is None:
        return ""
    if digits is not None:
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(
            value, format=pattern, locale=_babel_locale(), numbering_system="latn"
        )
    return format_decimal(value, locale=_babel_locale(), numbering_system="latn")


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0.42) as the reader writes a percentage (``42%``, ``42 %``)."""
    if value is None:
        return ""
    if not digits:
        return format_percent(value, locale=_babel_locale(), numbering_system="latn")
    pattern = "#,##0." + "0" * digits + "%"
    return format_percent(value, format=pattern, locale=_babel_locale(), numbering_system="latn")


def day(value: dt.date | str | None) -> str:
    """A date as the reader writes it (``3 June 2024``, ``3 juin 2024``, ``2024年6月3日``);
    an ISO string is read first, anything else is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            when = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        when = value
    return format_date(when, format="long", locale=_babel_locale())


def language_name(code: str | None) -> str:
    """A language's name in the reader's language (``zh`` is "Chinese", "chinois",
    "中文"); the code itself when Babel does not know it."""
    if not code:
        return ""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(_babel_locale())
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name or code


def install(environment: Environment) -> None:
    """Give an environment the i18n extension (whitespace in ``{% trans %}`` trimmed,
    so a message is the same whatever the template's line breaks) and the filters."""
    environment.add_extension("jinja2.ext.i18n")
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lookup, lookup_plural, newstyle=True
    )
    environment.filters["number"] = number
    environment.filters["percent"] = percent
    environment.filters["day"] = day
    environment.filters["language_name"] = language_name
    environment.globals["language"] = current
    environment.globals["languages"] = LANGUAGES
