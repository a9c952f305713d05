"""Parsing PDF, HTML, XML and text, and the errors for every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from govatlas.ingest import formats
from govatlas.ingest.formats import DocumentError, detect_format, parse_bytes, parse_file
from tests.ingest.pdf_fixture import make_pdf


def test_detect_format_prefers_magic_then_type_then_extension() -> None:
    assert detect_format("x.txt", b"%PDF-1.7 ...") == "pdf"
    assert detect_format("page", b"hello", "text/html; charset=utf-8") == "html"
    assert detect_format("law.xml", b"<a/>") == "xml"
    assert detect_format("notes.md", b"# Title") == "md"
    assert detect_format("noext", b"<!DOCTYPE html><html></html>") == "html"
    assert detect_format("noext", b"plain words") == "txt"


def test_pdf_text_layer() -> None:
    parsed = parse_bytes("law.pdf", make_pdf(["Article 1: Scope", "This Act applies to AI."]))
    assert parsed.format == "pdf"
    assert "Article 1: Scope" in parsed.text and "applies to AI" in parsed.text


def test_corrupt_pdf_is_named() -> None:
    with pytest.raises(DocumentError, match=r"broken\.pdf: not a readable PDF"):
        parse_bytes("broken.pdf", b"%PDF-1.4\nthis is not really a pdf")


def test_pdf_without_text_layer() -> None:
    with pytest.raises(DocumentError, match="no text layer"):
        parse_bytes("scan.pdf", make_pdf([]))


def test_html_main_text_and_title() -> None:
    html = (
        b"<html><head><title>AI Act page</title></head><body><nav>Menu</nav>"
        b"<article><h1>Article 1</h1><p>Providers shall keep logs of high-risk systems "
        b"for at least six months after deployment.</p></article></body></html>"
    )
    parsed = parse_bytes("page.html", html)
    assert parsed.title == "AI Act page"
    assert "Providers shall keep logs" in parsed.text


def test_html_without_text() -> None:
    with pytest.raises(DocumentError, match="no readable text"):
        parse_bytes("empty.html", b"<html><body><script>var x = 1;</script></body></html>")


def test_xml_text_and_malformed_xml() -> None:
    parsed = parse_bytes(
        "bill.xml", b"<Bill><Section><Text>Duty to notify.</Text></Section></Bill>"
    )
    assert "Duty to notify." in parsed.text
    with pytest.raises(DocumentError, match=r"bad\.xml: malformed XML"):
        parse_bytes("bad.xml", b"<Bill><Section></Bill>")


def test_xml_entities_are_not_expanded() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;ok</x>'
    )
    parsed = parse_bytes("evil.xml", evil)
    assert "root:" not in parsed.text


def test_text_encodings() -> None:
    assert parse_bytes("a.txt", "Übersicht".encode()).text == "Übersicht"
    assert parse_bytes("b.txt", "\ufeffBOM text".encode()).text == "BOM text"
    assert parse_bytes("c.txt", "Zwölf".encode("utf-16")).text == "Zwölf"
    with pytest.raises(
        DocumentError, match=r"latin\.txt: not valid UTF-8 \(byte 0xfc at offset 2\)"
    ):
        parse_bytes("latin.txt", "Über für".encode("latin-1")[4:])


def test_empty_and_blank_files() -> None:
    with pytest.raises(DocumentError, match=r"empty\.txt: the file is empty"):
        parse_bytes("empty.txt", b"")
    with pytest.raises(DocumentError, match="the file is empty"):
        parse_bytes("blank.txt", b"  \n\t ")


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without using the disk
    with pytest.raises(DocumentError, match=r"huge\.txt: 210 MB is over the 100 MB limit"):
        parse_file(huge)


def test_oversized_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_BYTES", 10)
    with pytest.raises(DocumentError, match="over the 0 MB limit"):
        parse_bytes("big.txt", b"x" * 11)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        parse_file(tmp_path / "absent.pdf")


def test_a_pdf_over_the_page_limit_is_refused_before_its_pages_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finding 10 of issue 26: a 20,000-page PDF was ingested whole."""
    huge = make_pdf(["Article 1 Every page says the same."], pages=20_000)
    with pytest.raises(DocumentError, match=r"20,000 pages, over the 2,000-page limit") as info:
        parse_bytes("huge.pdf", huge)
    assert "GOVATLAS_MAX_PDF_PAGES" in (info.value.hint or "")
    monkeypatch.setenv("GOVATLAS_MAX_PDF_PAGES", "20000")  # a long document on purpose
    assert parse_bytes("huge.pdf", huge).text.count("Every page") == 20_000


def test_a_pdf_whose_pages_cannot_be_loaded_is_a_document_error() -> None:
    """Found by the fuzz run (benchmarks/fuzz.py): pdfium opens the file but fails on a
    page, and its PdfiumError escaped the parser."""
    seed = make_pdf(["Article 1 Scope", "Providers shall keep logs."], pages=3)
    broken = seed.replace(b"/Kids [", b"/Kids \x84[")
    with pytest.raises(DocumentError, match=r"page 1 of the PDF cannot be read"):
        parse_bytes("broken.pdf", broken)
