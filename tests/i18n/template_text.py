"""Finding text in a template that no reader could have translated: words outside
``{% trans %}`` blocks and ``_()`` calls, in the page's text or in the attributes a
reader meets (``aria-label``, ``title``, ``placeholder``, ``alt``), and English phrases
written as string literals in expressions."""

from __future__ import annotations

import re

from jinja2 import Environment

# Names that stay as they are in every language, and format names; "brief" is the CSS
# class the report templates set in their ``kind`` block.
KEPT = {"govatlas", "htmx", "OpenAPI", "GeoJSON", "GraphML", "JSON", "CSV", "RSS", "Atom", "brief"}
SENTINEL = "\x00"
TAG = re.compile(r"<[^>]*>", re.S)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
ENTITY = re.compile(r"&#?\w+;")
ATTRIBUTE = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"]*)"')
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
# A literal with a space between words, outside a call to a translation function: text
# the reader sees, unless it is one of the few kinds of key a template joins with ``~``.
PHRASE = re.compile(r"[A-Za-z]+ [A-Za-z]+")
# Literals that are compared, indexed by or looked up, not shown: the operators around
# them say so; group names passed to a lookup are listed by name.
KEY_CONTEXT = {"==", "!=", "[", "in"}
KEYS = {"least developed countries", "small island developing states"}


def _words(text: str) -> list[str]:
    found = []
    for word in WORD.findall(text):
        # a one-letter word is a marker the notes explain ("m": machine-suggested links)
        if word in KEPT or len(word) == 1 or (word.isupper() and len(word) <= 6):
            continue
        found.append(word)
    return found


def untranslated(source: str) -> list[str]:
    """The untranslatable pieces of a template's source: words left in its text and
    attributes, and phrases in its expressions' string literals."""
    environment = Environment(extensions=["jinja2.ext.i18n"])
    stream: list[str] = []
    literals: list[str] = []
    depth = 0
    previous: list[str] = []
    tokens = list(environment.lex(source))
    for position, (_line, kind, value) in enumerate(tokens):
        if kind == "name" and previous[-1:] == ["block_begin"]:
            if value == "trans":
                depth += 1
            elif value == "endtrans":
                depth -= 1
        if kind == "data" and depth == 0:
            stream.append(value)
        elif kind != "data":
            if not stream or stream[-1] != SENTINEL:
                stream.append(SENTINEL)
            if kind == "string" and depth == 0 and PHRASE.search(value):
                before = [
                    v for _, k, v in tokens[max(0, position - 3) : position] if k != "whitespace"
                ]
                after = [v for _, k, v in tokens[position + 1 : position + 3] if k != "whitespace"]
                translated = before[-1:] == ["("] and before[-2:-1] in (
                    ["_"],
                    ["gettext"],
                    ["ngettext"],
                )
                compared = (before[-1:] and before[-1] in KEY_CONTEXT) or (
                    after[:1] and after[0] in ("==", "!=")
                )
                if not (translated or compared or value[1:-1] in KEYS):
                    literals.append(value[1:-1])
        if kind not in ("whitespace",):
            previous.append(kind)
    html = "".join(stream)
    html = COMMENT.sub(" ", SCRIPT.sub(" ", html))
    found = []
    for _name, value in ATTRIBUTE.findall(html):
        if SENTINEL not in value:
            found.extend(_words(value))
    text = ENTITY.sub(" ", TAG.sub(" ", html))
    found.extend(_words(text.replace(SENTINEL, " ")))
    return found + [f"literal {v!r}" for v in literals]
