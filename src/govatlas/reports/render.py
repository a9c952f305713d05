"""Writing a report: one self-contained HTML file, ``citations.json`` beside it, and a PDF.

The HTML embeds its styles and SVG charts, so it opens offline and prints; the
same data and options give the same bytes except for the one "Generated:"
line. The PDF is the same HTML laid out by WeasyPrint (A4, running headers,
page numbers, a table of contents with page numbers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from govatlas import __version__
from govatlas.reports.document import ReportDocument

TEMPLATES = Path(__file__).parent / "templates"
env = Environment(
    loader=PackageLoader("govatlas.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
CONTENTS = {
    "interoperability": [
        ("summary", "1. Executive summary"),
        ("landscape", "2. The landscape"),
        ("coverage", "3. Coverage of the building blocks, risks and principles"),
        ("interoperability", "4. Interoperability between the major frameworks"),
        ("options", "5. Policy options"),
        ("methodology", "6. Methodology and limitations"),
        ("annex", "7. Annex: instruments"),
        ("citations", "Annex: citations"),
    ],
    "country": [
        ("summary", "1. Summary"),
        ("instruments", "2. Instruments"),
        ("coverage", "3. Coverage of the building blocks"),
        ("options", "4. Policy options"),
        ("annex", "5. Annex: instruments"),
        ("citations", "Annex: citations"),
    ],
    "compare": [
        ("summary", "1. Summary"),
        ("interoperability", "2. Interoperability"),
        ("definitions", "3. Definitions of shared terms"),
        ("options", "4. Policy options"),
        ("annex", "5. Annex: instruments"),
        ("citations", "Annex: citations"),
    ],
}


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    citations: Path
    pdf: Path | None
    pages: int | None


def render_html(document: ReportDocument, generated: str, base_url: str | None = None) -> str:
    base = (base_url or "").rstrip("/")
    in_annex = {row.id for row in document.context.get("annex", [])}
    names = {row.id: row.short_name for row in document.context.get("annex", [])}

    def cite(key: str | None) -> Markup:
        if key is None:
            return Markup("")
        document.citations.resolve(key)  # a key that does not resolve is a bug: fail loudly
        return Markup(f'<a class="cite" href="#cite-{key}">[{key}]</a>')

    def instrument_link(instrument: str) -> Markup:
        """The instrument's name, linked by its id (names for readers, ids for machines)."""
        name = escape(names.get(instrument, instrument))
        if base:
            return Markup(f'<a href="{base}/instruments/{quote(instrument)}">{name}</a>')
        if instrument in in_annex:
            return Markup(f'<a href="#inst-{escape(instrument)}">{name}</a>')
        return name

    def provision_link(provision: int) -> Markup:
        instrument, path = document.provisions.get(provision, ("?", "?"))
        text = escape(f"{names.get(instrument, instrument)} {path} (#{provision})")
        if base:
            href = f"{base}/instruments/{quote(instrument)}/provisions/{provision}"
            return Markup(f'<a href="{href}">{text}</a>')
        return text

    template = env.get_template(f"{document.kind}.html")
    return template.render(
        **document.context,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        release=document.citations.release,
        citations=list(document.citations.entries.values()),
        toc=CONTENTS[document.kind],
        generated=generated,
        version=__version__,
        base_url=base,
        cite=cite,
        instrument_link=instrument_link,
        provision_link=provision_link,
    )


def write_report(
    document: ReportDocument,
    out_dir: Path,
    *,
    base_url: str | None = None,
    pdf: bool = True,
    stem: str | None = None,
) -> ReportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = stem or document.kind
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    html = render_html(document, generated, base_url)
    html_path = out_dir / f"{name}.html"
    html_path.write_text(html, encoding="utf-8")
    citations_path = out_dir / f"{name}.citations.json"
    citations_path.write_text(
        json.dumps(document.citations.as_json(), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    if not pdf:
        return ReportFiles(html_path, citations_path, None, None)
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    pdf_path = out_dir / f"{name}.pdf"
    HTML(string=html, base_url=str(out_dir)).write_pdf(pdf_path)
    import pypdfium2  # loads slowly; only rendering needs it

    pages = len(pypdfium2.PdfDocument(pdf_path))
    return ReportFiles(html_path, citations_path, pdf_path, pages)
