"""Reading the message catalogs: each language's ``messages.po``, compiled once in memory.

The catalogs ship as ``.po`` text (readable in review, no compiled binaries in the
repository); Babel compiles each to the ``gettext`` machine format when it is first
asked for. A fuzzy entry (one whose English changed since it was translated) is left
out, so the reader sees the current English rather than a stale translation.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from govatlas.i18n.languages import DEFAULT

LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE = Path(__file__).parent / "messages.pot"


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


def read_catalog(code: str) -> Catalog:
    """The catalog of one language as Babel reads it (fuzzy entries included)."""
    with catalog_path(code).open("rb") as handle:
        return read_po(handle, locale=code.replace("zh", "zh_Hans"))


@cache
def translations_for(code: str) -> stdlib_gettext.NullTranslations:
    """The translations of one language; English, or a language with no catalog yet,
    gets the messages as written."""
    if code == DEFAULT or not catalog_path(code).is_file():
        return stdlib_gettext.NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, read_catalog(code), use_fuzzy=False)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


PROVENANCES = ("machine", "human", "reviewed")


@cache
def provenance_counts(code: str) -> dict[str, int]:
    """How many of a catalog's messages each kind of translator made (``machine``,
    ``human``, ``reviewed``), and ``messages`` in all: what a reader should know before
    trusting a page's words."""
    counts = dict.fromkeys(("messages", *PROVENANCES), 0)
    if code == DEFAULT or not catalog_path(code).is_file():
        return counts
    for message in read_catalog(code):
        if not message.id:
            continue
        counts["messages"] += 1
        for comment in message.user_comments:
            kind = comment.strip().removeprefix("provenance:").strip()
            if comment.strip().startswith("provenance:") and kind in PROVENANCES:
                counts[kind] += 1
    return counts
