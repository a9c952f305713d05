"""Reading the message catalogs: each language's ``messages.po``, compiled once in memory.

The catalogs ship as ``.po`` text (readable in review, no compiled binaries in the
repository); Babel compiles each to the ``gettext`` machine format when it is first
asked for. A fuzzy entry (one whose English changed since it was translated) is left
out, so the reader sees the current English rather than a stale translation.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from govatlas.i18n.corrections import MESSAGE, in_force
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


@dataclass(frozen=True)
class CatalogEntry:
    """One message of a language's catalog as shipped: the English (one form, or
    singular and plural), the translation (one form, or each plural form the language
    has) and who made it."""

    english: tuple[str, ...]
    shipped: tuple[str, ...]
    provenance: str

    @property
    def key(self) -> str:
        """The message's id: its English (the singular, for a plural)."""
        return self.english[0]

    @property
    def plural(self) -> bool:
        return len(self.english) > 1


def signed(comments: list[str], provenance: str) -> list[str]:
    """A catalog entry's translator comments with its provenance set to ``provenance``
    (``# provenance: human``), the other comments kept."""
    kept = [c for c in comments if not c.strip().startswith("provenance:")]
    return [*kept, f"provenance: {provenance}"]


def _provenance_of(message: Message) -> str:
    for comment in message.user_comments:
        said = comment.strip()
        kind = said.removeprefix("provenance:").strip()
        if said.startswith("provenance:") and kind in PROVENANCES:
            return kind
    return "machine"  # an entry no one signed is treated as unchecked


@cache
def catalog_entries(code: str) -> tuple[CatalogEntry, ...]:
    """Every message of one language's catalog, in the catalog's order; none for
    English or a language with no catalog yet."""
    if code == DEFAULT or not catalog_path(code).is_file():
        return ()
    entries = []
    for message in read_catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries.append(
            CatalogEntry(
                tuple(str(i) for i in ids),
                tuple(str(s or "") for s in strings),
                _provenance_of(message),
            )
        )
    return tuple(entries)


@cache
def _plural_rule(code: str) -> Callable[[int], int]:
    if code == DEFAULT or not catalog_path(code).is_file():
        return lambda n: int(n != 1)
    return stdlib_gettext.c2py(read_catalog(code).plural_expr)


def plural_index(code: str, number: int) -> int:
    """Which plural form of a language ``number`` takes (Arabic has six: 0 for none,
    1 for one, 2 for two, then few, many and other)."""
    return _plural_rule(code)(number)


def provenance_counts(code: str) -> dict[str, int]:
    """How many of a catalog's messages each kind of translator made (``machine``,
    ``human``, ``reviewed``), and ``messages`` in all. A message a person rewrote (any
    form of it) counts as ``human``; one whose every form people confirmed as
    ``reviewed``: what a reader should know before trusting a page's words."""
    counts = dict.fromkeys(("messages", *PROVENANCES), 0)
    decided: dict[str, list[str]] = {}
    for correction in in_force(code):
        if correction.subject == MESSAGE:
            decided.setdefault(correction.key, []).append(correction.provenance)
    for entry in catalog_entries(code):
        counts["messages"] += 1
        found = decided.get(entry.key, [])
        if "human" in found:
            counts["human"] += 1
        elif len(found) >= len(entry.shipped):
            counts["reviewed"] += 1
        else:
            counts[entry.provenance] += 1
    return counts
