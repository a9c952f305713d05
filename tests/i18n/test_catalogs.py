"""The five catalogs are complete, current and faithful to the English (issue 33)."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from govatlas.i18n.catalogs import TEMPLATE, read_catalog
from govatlas.i18n.extraction import extract
from govatlas.i18n.languages import CODES, DEFAULT

TRANSLATED = [code for code in CODES if code != DEFAULT]
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
TAG = re.compile(r"</?([a-z]+)\b")
PROVENANCE = re.compile(r"^provenance: (machine|human|reviewed)$")


def _placeholders(text: str) -> set[str]:
    """``%(name)s`` placeholders, and the ``{name}`` ones of the policy rules."""
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def _forms(message: Message) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return [str(i) for i in ids]


def _strings(message: Message) -> list[str]:
    found = message.string
    return [str(s) for s in found] if isinstance(found, tuple) else [str(found or "")]


def test_the_template_lists_every_message_the_code_marks() -> None:
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    extracted = _ids(extract())
    missing = extracted - _ids(template)
    stale = _ids(template) - extracted
    assert not missing and not stale, (
        f"run `make messages`: {len(missing)} new, {len(stale)} gone, e.g. "
        f"{sorted(map(str, missing))[:3]} {sorted(map(str, stale))[:3]}"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    catalog = read_catalog(code)
    by_id = {m.id: m for m in catalog if m.id}
    lacking = [m.id for m in template if m.id and m.id not in by_id]
    empty = [m.id for m in by_id.values() if not all(_strings(m))]
    fuzzy = [m.id for m in by_id.values() if m.fuzzy]
    assert not lacking, f"{code}: {len(lacking)} messages missing, e.g. {lacking[:3]}"
    assert not empty, f"{code}: {len(empty)} untranslated, e.g. {empty[:3]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy (English changed), e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_placeholders_and_markup(code: str) -> None:
    wrong = []
    for message in read_catalog(code):
        if not message.id or not message.string:
            continue
        forms = _forms(message)
        # the placeholders of any English form; the markup of each form (the forms of a
        # plural carry the same tags)
        wanted = _placeholders(" ".join(forms)), sorted(TAG.findall(forms[0]))
        for text in _strings(message):
            kept = _placeholders(text), sorted(TAG.findall(text))
            # a plural form may leave out the number ("one instrument")
            if (
                kept[0] - wanted[0]
                or kept[1] != wanted[1]
                or wanted[0] - kept[0] - {"num", "count"}
            ):
                wrong.append((message.id, text))
    assert not wrong, f"{code}: {len(wrong)} translations change placeholders or tags: {wrong[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_says_who_made_it(code: str) -> None:
    unsaid = [
        m.id
        for m in read_catalog(code)
        if m.id and not any(PROVENANCE.match(c.strip()) for c in m.user_comments)
    ]
    assert not unsaid, f"{code}: {len(unsaid)} entries without '# provenance: …', e.g. {unsaid[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plurals_have_every_form_the_language_has(code: str) -> None:
    catalog = read_catalog(code)
    short = [
        m.id
        for m in catalog
        if m.id and m.pluralizable and len([s for s in _strings(m) if s]) < catalog.num_plurals
    ]
    assert not short, f"{code} needs {catalog.num_plurals} plural forms: {short[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_provenance_counts_add_up(code: str) -> None:
    from govatlas.i18n.catalogs import provenance_counts

    counts = provenance_counts(code)
    assert counts["messages"] == len([m for m in read_catalog(code) if m.id]) > 0
    assert counts["machine"] + counts["human"] + counts["reviewed"] == counts["messages"]
