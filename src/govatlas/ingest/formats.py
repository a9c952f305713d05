"""Turning raw bytes (PDF, HTML, XML, plain text, Markdown) into text.

Each failure is a ``DocumentError`` that names the document and the reason in
words a user can act on: empty file, encrypted or corrupt PDF, a PDF with no
text layer, HTML without readable text, an encoding that is not UTF-8, a file
over the size limit, a PDF over the page limit (``GOVATLAS_MAX_PDF_PAGES``,
2,000 by default: longer than the longest act in the Official Journal, and a
20,000-page file is more likely a mistake or an attack than a law; the limit is
checked before any page is read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from govatlas.config import load_settings
from govatlas.errors import InvalidInputError

MAX_BYTES = 100 * 1024 * 1024
TEXT_FORMATS = {"txt", "md"}
EXTENSION_FORMATS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}
CONTENT_TYPE_FORMATS = {
    "application/pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "txt",
    "text/markdown": "md",
}


class DocumentError(InvalidInputError):
    """A document could not be read; the message names it and says why."""


@dataclass(frozen=True)
class ParsedText:
    text: str
    format: str
    title: str | None = None


def detect_format(name: str, data: bytes, content_type: str | None = None) -> str:
    """The format from magic bytes, then the content type, then the file extension."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if content_type:
        declared = CONTENT_TYPE_FORMATS.get(content_type.split(";")[0].strip().lower())
        if declared:
            return declared
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix in EXTENSION_FORMATS:
        return EXTENSION_FORMATS[suffix]
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith(b"<?xml"):
        return "xml"
    return "txt"


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from exc


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"\n{4,}", "\n\n\n", text).strip("\n")


def _pdf_text(name: str, data: bytes, max_pages: int | None = None) -> ParsedText:
    import pypdfium2 as pdfium

    limit = load_settings().max_pdf_pages if max_pages is None else max_pages

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise DocumentError(
                f"{name}: the PDF is encrypted", "supply an unencrypted copy"
            ) from exc
        raise DocumentError(f"{name}: not a readable PDF ({reason})", "check the file") from exc
    try:
        if len(document) > limit:
            raise DocumentError(
                f"{name}: the PDF has {len(document):,} pages, over the {limit:,}-page limit",
                "split it, or set GOVATLAS_MAX_PDF_PAGES to a higher limit if it is one document",
            )
        pages = []
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:  # found by the fuzz run (benchmarks/fuzz.py)
                raise DocumentError(
                    f"{name}: page {index + 1} of the PDF cannot be read ({exc})",
                    "check the file, or print it to a new PDF",
                ) from exc
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        title = (document.get_metadata_dict().get("Title") or "").strip() or None
    finally:
        document.close()
    text = _normalise("\n\n".join(pages))
    if not text.strip():
        raise DocumentError(
            f"{name}: the PDF has no text layer (scanned images?)",
            "run OCR on it first, then ingest the text",
        )
    return ParsedText(text, "pdf", title)


def _html_text(name: str, data: bytes) -> ParsedText:
    import trafilatura
    from selectolax.lexbor import LexborHTMLParser

    html = decode_text(name, data)
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True
    )
    if not extracted or not extracted.strip():
        tree.strip_tags(["script", "style", "noscript", "template"])
        body = tree.body
        extracted = body.text(separator="\n", strip=True) if body else ""
    text = _normalise(extracted or "")
    if not text.strip():
        raise DocumentError(f"{name}: the HTML page has no readable text", "check the URL")
    return ParsedText(text, "html", title or None)


BLOCK_TAGS = {"p", "section", "heading", "title", "subsection", "paragraph", "item", "div"}


def _xml_text(name: str, data: bytes) -> ParsedText:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"{name}: malformed XML ({exc})", "check the file") from exc
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""
        if element.text and element.text.strip():
            parts.append(element.text.strip() + " ")
        for child in element:
            walk(child)
            if child.tail and child.tail.strip():
                parts.append(child.tail.strip() + " ")
        if tag in BLOCK_TAGS:
            parts.append("\n\n")

    walk(root)
    text = _normalise(re.sub(r"[ \t]+\n", "\n", "".join(parts)))
    if not text.strip():
        raise DocumentError(f"{name}: the XML has no text", "check the file")
    return ParsedText(text, "xml")


def parse_bytes(
    name: str, data: bytes, content_type: str | None = None, max_pdf_pages: int | None = None
) -> ParsedText:
    """Text of a document of any supported format; ``name`` is used in messages; a PDF
    over ``max_pdf_pages`` (by default ``GOVATLAS_MAX_PDF_PAGES``) is refused unread."""
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"{name}: {len(data) / 1e6:.0f} MB is over the {MAX_BYTES // 1024 // 1024} MB limit",
            "split the document or ingest its text",
        )
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty", "check the file")
    fmt = detect_format(name, data, content_type)
    if fmt == "pdf":
        return _pdf_text(name, data, max_pdf_pages)
    if fmt == "html":
        return _html_text(name, data)
    if fmt == "xml":
        return _xml_text(name, data)
    text = _normalise(decode_text(name, data))
    if not text.strip():
        raise DocumentError(f"{name}: the file has no text", "check the file")
    return ParsedText(text, fmt)


def parse_file(path: Path) -> ParsedText:
    """Read and parse a local file, refusing oversized ones before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})", "check the path") from exc
    if size > MAX_BYTES:
        raise DocumentError(
            f"{path}: {size / 1e6:.0f} MB is over the {MAX_BYTES // 1024 // 1024} MB limit",
            "split the document or ingest its text",
        )
    return parse_bytes(str(path), path.read_bytes())
