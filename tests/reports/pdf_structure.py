"""Reading a PDF's structure tree (tags) with pdfium, for the accessibility tests.

A tagged PDF (PDF/UA) carries a tree of structure elements (headings, paragraphs,
tables, figures with alternative text) beside its drawing; screen readers read
the tree. ``structure`` walks it page by page and counts the element types and
collects each figure's alternative text.
"""

from __future__ import annotations

import ctypes
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c


@dataclass
class Structure:
    tagged: bool
    title: str
    types: Counter[str] = field(default_factory=Counter)
    figure_alt: list[str] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)


def _text(read: Callable[..., int], element: Any) -> str:
    size = read(element, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    read(element, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le")


def structure(path: Path) -> Structure:
    document = pypdfium2.PdfDocument(path)
    found = Structure(
        bool(pdfium_c.FPDFCatalog_IsTagged(document.raw)),
        str(document.get_metadata_dict().get("Title", "")),
    )
    for page in document:
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        stack = [
            pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i)
            for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree))
        ]
        while stack:
            element = stack.pop()
            if not element:
                continue
            kind = _text(pdfium_c.FPDF_StructElement_GetType, element)
            found.types[kind] += 1
            language = _text(pdfium_c.FPDF_StructElement_GetLang, element)
            if language:
                found.languages.add(language)
            if kind == "Figure":
                found.figure_alt.append(_text(pdfium_c.FPDF_StructElement_GetAltText, element))
            stack += [
                pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
                for i in range(pdfium_c.FPDF_StructElement_CountChildren(element))
            ]
        pdfium_c.FPDF_StructTree_Close(tree)
    return found


def catalog_text(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated: the document catalog (``/Lang``)
    and the XMP metadata (``pdfuaid:part``) may sit in compressed object streams."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(parts)
