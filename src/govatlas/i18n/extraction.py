"""Keeping the catalogs in step with the code: extract every translatable message into
``messages.pot`` and merge it into each language's ``messages.po``.

Run ``make messages`` (``python -m govatlas.i18n.extraction``) after changing a
template or a marked string. A message that is new stays untranslated in each
catalog and one whose English changed is marked fuzzy (shown in English until a
translator confirms it); ``tests/i18n`` fails until every catalog has them all.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from govatlas.i18n.catalogs import PROVENANCES, TEMPLATE, catalog_path, read_catalog, signed
from govatlas.i18n.languages import CODES, DEFAULT

PACKAGE = Path(__file__).parents[1]
# Templates: the i18n extension's calls. Python: only the names govatlas.i18n exports,
# so an unrelated function named ``_`` is never read as a message.
TEMPLATE_KEYWORDS: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2)}
PYTHON_KEYWORDS: dict[str, Any] = {"gettext": None, "ngettext": (1, 2), "N_": None}
METHODS = [
    ("web/templates/**.html", "jinja2.ext:babel_extract"),
    ("html/templates/**.html", "jinja2.ext:babel_extract"),
    ("reports/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
TEMPLATE_OPTIONS = {"trimmed": "true", "newstyle_gettext": "true"}
# Prose kept as data that the reports show: the policy-option rules (their ``{name}``
# placeholders are filled after translation, so a translation keeps them).
POLICY_RULES = "reports/data/policy_rules.yaml"


def _extract(
    keywords: Mapping[str, Any], method: tuple[str, str]
) -> Iterable[tuple[str, int, str | tuple[str, ...], list[str]]]:
    options = {method[0]: TEMPLATE_OPTIONS} if method[1] != "python" else {}
    for filename, lineno, message, comments, _context in extract_from_dir(
        PACKAGE, [method], options, keywords, comment_tags=("Translators:",)
    ):
        yield filename, lineno, message, comments


def extract() -> Catalog:
    """Every translatable message of the package, with where each is used."""
    catalog = Catalog(project="govatlas", copyright_holder="the govatlas contributors", fuzzy=False)
    for method in METHODS:
        keywords = PYTHON_KEYWORDS if method[1] == "python" else TEMPLATE_KEYWORDS
        for filename, lineno, message, comments in _extract(keywords, method):
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments)
    for rule_id, text in policy_rule_texts():
        catalog.add(
            text,
            None,
            [(POLICY_RULES, 0)],
            auto_comments=[f"policy rule {rule_id}: keep every {{placeholder}} as it is"],
        )
    return catalog


def policy_rule_texts() -> list[tuple[str, str]]:
    """(rule id, text) of every finding, country finding, option title and option text."""
    rules = yaml.safe_load((PACKAGE / POLICY_RULES).read_text(encoding="utf-8"))["rules"]
    found = []
    for rule in rules:
        option = rule.get("option") or {}
        for text in (rule.get("finding"), rule.get("country_finding"), *option.values()):
            if isinstance(text, str) and text.strip():
                found.append((str(rule["id"]), text))
    return found


def _untranslated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return message.fuzzy or not all(strings)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, ignore_obsolete=True)


def update(codes: Iterable[str] = CODES) -> dict[str, tuple[int, int]]:
    """Write the template and merge it into each catalog; (messages, untranslated) per
    language."""
    template = extract()
    write(template, TEMPLATE)
    counts = {}
    for code in codes:
        if code == DEFAULT:
            continue
        path = catalog_path(code)
        if path.is_file():
            catalog = read_catalog(code)
        else:
            catalog = Catalog(locale=code.replace("zh", "zh_Hans"), project="govatlas", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, path)
        messages = [m for m in catalog if m.id]
        counts[code] = (len(messages), sum(1 for m in messages if _untranslated(m)))
    return counts


def to_translate(code: str) -> list[dict[str, object]]:
    """The entries of a catalog that lack a translation (or are fuzzy), as a translator
    needs them: the English (both forms for a plural), how many forms the language has,
    and where the message is used."""
    catalog = read_catalog(code)
    wanted = []
    for message in catalog:
        if not message.id:
            continue
        if not _untranslated(message):
            continue
        entry: dict[str, object] = {
            "id": list(message.id) if isinstance(message.id, tuple) else message.id,
            "where": [f"{f}:{n}" for f, n in message.locations][:3],
        }
        if message.pluralizable:
            entry["forms"] = catalog.num_plurals
        wanted.append(entry)
    return wanted


def apply(code: str, translations: list[dict[str, object]], provenance: str) -> int:
    """Write translations (``[{"id": ..., "string": ...}]``, a list of forms for a
    plural) into a catalog with their provenance; an id the catalog lacks is refused."""
    if provenance not in PROVENANCES:
        raise SystemExit(f"provenance must be one of {', '.join(PROVENANCES)}")
    catalog = read_catalog(code)
    done = 0
    for entry in translations:
        key = entry["id"]
        found = catalog.get(tuple(key) if isinstance(key, list) else key)  # type: ignore[arg-type]
        if found is None:
            raise SystemExit(f"{code}: no message {key!r} in the catalog (run make messages)")
        string = entry["string"]
        found.string = tuple(string) if isinstance(string, list) else string  # type: ignore[assignment]
        found.flags.discard("fuzzy")
        found.user_comments = signed(found.user_comments, provenance)
        done += 1
    write(catalog, catalog_path(code))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Extract govatlas's messages into messages.pot and merge them into "
        "each language's messages.po (make messages); or hand a language's untranslated "
        "messages to a translator and take the translations back.",
        epilog="examples:\n"
        "  python -m govatlas.i18n.extraction\n"
        "  python -m govatlas.i18n.extraction --missing fr > fr-todo.json\n"
        "  python -m govatlas.i18n.extraction --apply fr fr-done.json --provenance human",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--missing", metavar="CODE", help="print CODE's untranslated messages as JSON"
    )
    parser.add_argument(
        "--apply",
        nargs=2,
        metavar=("CODE", "FILE"),
        help="write the translations in FILE (JSON: [{'id': ..., 'string': ...}]) "
        "into CODE's catalog",
    )
    parser.add_argument(
        "--provenance",
        choices=PROVENANCES,
        default="human",
        help="who made the translations --apply writes (default: human)",
    )
    args = parser.parse_args(argv)
    if args.missing:
        print(json.dumps(to_translate(args.missing), ensure_ascii=False, indent=1))
        return 0
    if args.apply:
        code, file = args.apply
        entries = json.loads(Path(file).read_text(encoding="utf-8"))
        print(f"{code}: {apply(code, entries, args.provenance)} translations written")
        return 0
    for code, (messages, untranslated) in update().items():
        print(f"{code}: {messages} messages, {untranslated} to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
