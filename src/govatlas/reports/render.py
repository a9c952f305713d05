"""Writing a report: one self-contained HTML file, its annexes, ``citations.json``, a PDF.

The HTML embeds its styles and SVG charts, so it opens offline and prints; the
same data and options give the same bytes except for the one "Generated:"
line. Long tables travel beside it as annexes (CSV and HTML each,
``reports.annexes``), the citation register among them with readable labels
(short title, provision label such as "Art. 73(1)", release, link). The PDF is
the same HTML laid out by WeasyPrint as tagged PDF/UA-1 (structure tree,
language, figure descriptions, A4, running headers, page numbers, a table of
contents with page numbers).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from govatlas import __version__
from govatlas.i18n import N_, gettext
from govatlas.i18n.templating import install
from govatlas.provision_labels import provision_label
from govatlas.reports.annexes import Annex, annex_files, write_annex
from govatlas.reports.document import ReportDocument
from govatlas.reports.numbering import Numbering, number
from govatlas.reports.wording import plural, verb

TEMPLATES = Path(__file__).parent / "templates"
env = Environment(
    loader=PackageLoader("govatlas.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
install(env)  # {% trans %}, _() and the number filters, in the language being rendered
# Private-use characters (bullets of some PDFs' symbol fonts) have no glyph in a report.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def printable(text: str) -> str:
    """``text`` without characters no report font can show."""
    return PRIVATE_USE.sub("", text)


env.filters["printable"] = printable
env.filters["plural"] = plural  # {{ n|plural("instrument") }}: "1 instrument", "2 instruments"
env.globals["verb"] = verb  # {{ verb(n, "is", "are") }}

# Headings of the table of contents, in English (translated when a report is rendered).
CONTENTS = {
    "interoperability": [
        ("summary", N_("1. Executive summary")),
        ("landscape", N_("2. The landscape")),
        (
            "coverage",
            N_("3. Coverage of the building blocks, risks, benefits, principles and technologies"),
        ),
        ("interoperability", N_("4. Interoperability between the major frameworks")),
        ("options", N_("5. Policy options")),
        ("cannot-say", N_("6. What this paper cannot say")),
        ("methodology", N_("7. Methodology")),
        ("annexes", N_("Annexes")),
    ],
    "country": [
        ("summary", N_("1. Summary")),
        ("instruments", N_("2. Instruments")),
        ("coverage", N_("3. Coverage of the building blocks")),
        ("options", N_("4. Policy options")),
        ("cannot-say", N_("5. What this brief cannot say")),
        ("annexes", N_("Annexes")),
    ],
    "compare": [
        ("summary", N_("1. Summary")),
        ("interoperability", N_("2. Interoperability")),
        ("definitions", N_("3. Definitions of shared terms")),
        ("divergence", N_("4. Where they diverge")),
        ("options", N_("5. Policy options")),
        ("cannot-say", N_("6. What this brief cannot say")),
        ("annexes", N_("Annexes")),
    ],
}
# Citations listed in the PDF name this many provisions; the annex names all.
PROVISIONS_SHOWN = 3
INSTRUMENTS_SHOWN = 6


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    citations: Path
    pdf: Path | None
    pages: int | None
    annexes: tuple[Path, ...] = ()
    density: str = "normal"  # the setting of ``DENSITIES`` the PDF was set in


# The settings a PDF is set in, in turn, while it does not keep to its page budget
# (``write_report``'s ``fits``): the same words in smaller type, tighter lines and margins.
# A white paper in French, Spanish or Russian runs a fifth to a third longer than in
# English (35, 33 and 38 pages of body on the shared corpus where English takes 29, each
# with a 3-page executive summary); set dense, each keeps to 30 and 2. Only the PDF
# changes: the HTML is read on screen, where pages do not count.
DENSITIES = (
    ("normal", ""),
    (
        "compact",
        "@page { margin: 17mm 15mm 19mm 15mm; } html { font-size: 9.5pt; line-height: 1.4; }"
        " table { font-size: 8pt; } table.matrix, table.coverage td:nth-child(8)"
        " { font-size: 7.2pt; } h2 { font-size: 14pt; margin-top: 1.2rem; }"
        " h3 { font-size: 11.5pt; margin-top: 1rem; }",
    ),
    (
        "dense",
        "@page { margin: 15mm 14mm 17mm 14mm; } html { font-size: 9pt; line-height: 1.35; }"
        " table { font-size: 7.8pt; } table.matrix, table.coverage td:nth-child(8)"
        " { font-size: 7pt; } .sure, table.findings { font-size: 7.5pt; }"
        " h2 { font-size: 13.5pt; margin-top: 1rem; } h3 { font-size: 11pt; margin-top: .8rem; }"
        " figure { margin: .5rem 0; }",
    ),
)


def with_density(html: str, css: str) -> str:
    """``html`` with ``css`` after its own styles (nothing when ``css`` is empty)."""
    return html.replace("</head>", f"<style>{css}</style></head>", 1) if css else html


def _instrument_names(document: ReportDocument) -> dict[str, str]:
    names: dict[str, str] = dict(document.context.get("instrument_names", {}))
    names.update({row.id: row.short_name for row in document.context.get("annex", [])})
    return names


def citation_annex(document: ReportDocument, base_url: str | None, letter: str) -> Annex:
    """The whole register, one row per provision (or instrument) cited, readable and linked."""
    base = (base_url or "").rstrip("/")
    names = _instrument_names(document)
    urls = {row.id: row.urls[0] for row in document.context.get("annex", []) if row.urls}
    release = document.citations.release
    rows: list[tuple[str | int | None, ...]] = []
    for c in document.citations.entries.values():
        head = (c.key, c.claim, release.tag)
        cited = False
        for provision in c.provisions:
            instrument, path = document.provisions.get(provision, ("?", "?"))
            link = (
                f"{base}/instruments/{quote(instrument)}/provisions/{provision}"
                if base
                else urls.get(instrument)
            )
            rows.append(
                (
                    *head,
                    names.get(instrument, instrument),
                    provision_label(path),
                    gettext(c.labelled_by(provision)) if c.labelled_by(provision) else None,
                    path,
                    instrument,
                    provision,
                    link,
                )
            )
            cited = True
        in_provisions = {document.provisions.get(p, ("?",))[0] for p in c.provisions}
        for instrument in c.instruments:
            if instrument in in_provisions:
                continue
            link = f"{base}/instruments/{quote(instrument)}" if base else urls.get(instrument)
            rows.append(
                (*head, names.get(instrument, instrument), None, None, None, instrument, None, link)
            )
            cited = True
        for source in c.sources:
            rows.append((*head, None, None, None, None, None, None, source))
            cited = True
        if not cited:
            rows.append((*head, None, None, None, None, None, None, None))
    return Annex(
        "citations",
        letter,
        gettext("Citations"),
        gettext(
            "Every citation key of the report, one row per provision, instrument or source it "
            "rests on, in dataset release %(release)s (content hash %(content_hash)s). The "
            "provision label is how the text numbers it; the path is the govatlas store's id. "
            "Where provisions are the evidence of concept labels, 'labelled by' says whether "
            "people gave or accepted the label or only a machine did.",
            release=release.tag,
            content_hash=release.content_hash,
        ),
        (  # the CSV's header stays English; the annex's HTML page translates it
            N_("Key"),
            N_("Claim"),
            N_("Release"),
            N_("Instrument"),
            N_("Provision"),
            N_("Labelled by"),
            N_("Path"),
            N_("Instrument id"),
            N_("Provision id"),
            N_("Link"),
        ),
        rows,
        anchor_column=0,
        anchor_prefix="cite-",
    )


def page_footer_css() -> str:
    """The page footer ("Page 3 of 35") in the report's language, as a CSS rule: the
    translation places the page counters where its language puts them."""
    words = gettext("Page {page} of {pages}").replace('"', "")
    content = (
        '"'
        + words.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
        + '"'
    )
    return "\n@page { @bottom-center { content: " + content + "; } }\n"


def render_html(
    document: ReportDocument,
    generated: str,
    base_url: str | None = None,
    stem: str | None = None,
) -> str:
    base = (base_url or "").rstrip("/")
    name = stem or document.kind
    annexes: list[Annex] = list(document.context.get("annexes", []))
    in_annex = {row.id for row in document.context.get("annex", [])}
    names = _instrument_names(document)
    instruments_annex = next((a for a in annexes if a.slug == "instruments"), None)
    citations_letter = chr(ord("A") + len(annexes))
    listed = [*annexes, Annex("citations", citations_letter, gettext("Citations"), "", ())]
    files = annex_files(listed, name)
    files[-1]["rows"] = str(len(document.citations.entries))
    citations_file = files[-1]["html"]

    def cite(key: str | Sequence[str] | None) -> Markup:
        """A citation's key as a link to its entry; several keys, one link each."""
        if key is None:
            return Markup("")
        if not isinstance(key, str):
            return Markup(" ").join(cite(k) for k in key)
        document.citations.resolve(key)  # a key that does not resolve is a bug: fail loudly
        return Markup(f'<a class="cite" href="#cite-{key}">[{key}]</a>')

    def instrument_link(instrument: str) -> Markup:
        """The instrument's name, linked by its id (names for readers, ids for machines)."""
        label = escape(names.get(instrument, instrument))
        if base:
            return Markup(f'<a href="{base}/instruments/{quote(instrument)}">{label}</a>')
        if instrument in in_annex and instruments_annex is not None:
            target = f"{instruments_annex.file_stem(name)}.html#inst-{quote(instrument)}"
            return Markup(f'<a href="{escape(target)}">{label}</a>')
        return label

    def provision_link(provision: int) -> Markup:
        """Short title and provision label ("EU AI Act Art. 73(1)"), the path as its title."""
        instrument, path = document.provisions.get(provision, ("?", "?"))
        text = escape(f"{names.get(instrument, instrument)} {provision_label(path)}")
        title = escape(f"{instrument} {path} (provision {provision})")
        if base:
            href = f"{base}/instruments/{quote(instrument)}/provisions/{provision}"
            return Markup(f'<a href="{href}" title="{title}">{text}</a>')
        return Markup(f'<span title="{title}">{text}</span>')

    template = env.get_template(f"{document.kind}.html")
    rendered = template.render(
        **document.context,
        **Numbering().functions(),
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8") + page_footer_css()),
        release=document.citations.release,
        citations=list(document.citations.entries.values()),
        toc=[(anchor, gettext(heading)) for anchor, heading in CONTENTS[document.kind]],
        generated=generated,
        version=__version__,
        base_url=base,
        cite=cite,
        instrument_link=instrument_link,
        provision_link=provision_link,
        label=provision_label,
        annex_files=files,
        provisions_shown=PROVISIONS_SHOWN,
        citations_file=citations_file,
        instruments_shown=INSTRUMENTS_SHOWN,
    )
    return number(rendered)


def write_report(
    document: ReportDocument,
    out_dir: Path,
    *,
    base_url: str | None = None,
    pdf: bool = True,
    stem: str | None = None,
    fits: Callable[[Path], bool] | None = None,
) -> ReportFiles:
    """The report's HTML, citations, annexes and (with ``pdf``) its tagged PDF. ``fits``
    says whether a PDF keeps to the report's page budget: while it does not, the PDF is
    set again in the next of ``DENSITIES`` (the last one is kept whatever it gives)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = stem or document.kind
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    html = render_html(document, generated, base_url, name)
    html_path = out_dir / f"{name}.html"
    html_path.write_text(html, encoding="utf-8")
    citations_path = out_dir / f"{name}.citations.json"
    citations_path.write_text(
        json.dumps(document.citations.as_json(), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    annexes: list[Annex] = list(document.context.get("annexes", []))
    annexes.append(citation_annex(document, base_url, chr(ord("A") + len(annexes))))
    title = str(document.context.get("title", name))
    written: list[Path] = []
    for annex in annexes:
        paths = write_annex(annex, out_dir, name, title, document.citations.release.tag)
        written += [paths.csv, paths.html]
    if not pdf:
        return ReportFiles(html_path, citations_path, None, None, tuple(written))
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    pdf_path = out_dir / f"{name}.pdf"
    chosen = DENSITIES[0][0]
    for density, css in DENSITIES if fits is not None else DENSITIES[:1]:
        # PDF/UA-1: a tagged PDF (structure tree, language, alternative text for
        # figures). No base URL: links to the annexes stay relative, so they work
        # wherever the folder is copied (the HTML is self-contained; nothing else is
        # fetched).
        HTML(string=with_density(html, css), base_url=None).write_pdf(
            pdf_path, pdf_variant="pdf/ua-1"
        )
        chosen = density
        if fits is None or fits(pdf_path):
            break
    import pypdfium2  # loads slowly; only rendering needs it

    pages = len(pypdfium2.PdfDocument(pdf_path))
    return ReportFiles(html_path, citations_path, pdf_path, pages, tuple(written), chosen)
