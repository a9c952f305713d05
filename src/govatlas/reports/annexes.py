"""Annexes a report ships beside itself, each as a CSV and a standalone HTML table.

A white paper a delegation circulates stays short when its long tables (every
instrument in scope, every parameter compared with its evidence, the full
citation register) travel as separate files a reader can open in a spreadsheet
or a browser. An ``Annex`` is the data of one such table; ``write_annex`` writes
``{stem}-annex-{slug}.csv`` and ``.html`` and returns both paths. The HTML gives
each row an anchor (``#{anchor_prefix}{id}``) when the annex names an id column,
so the report's links land on the row (the first row of each id, when several
share one).

The title and introduction are written in the report's language where the annex is
made; the column names stay English (marked with ``N_`` where they are defined): the
CSV's header is machine-readable, and the HTML page shows them in the current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from govatlas.i18n import current, gettext, ngettext
from govatlas.spreadsheet_cells import csv_writer

Cell = str | int | float | None


@dataclass(frozen=True)
class Annex:
    slug: str  # file name part: "instruments" → interoperability-annex-instruments.csv
    letter: str  # "A": the report refers to "Annex A"
    title: str  # in the report's language
    intro: str  # in the report's language
    columns: tuple[str, ...]  # English (the CSV's header); the HTML page translates them
    rows: Sequence[tuple[Cell, ...]] = ()
    anchor_column: int | None = None  # the column whose value anchors each HTML row
    anchor_prefix: str = ""

    def file_stem(self, stem: str) -> str:
        return f"{stem}-annex-{self.slug}"


@dataclass(frozen=True)
class AnnexFiles:
    csv: Path
    html: Path


def _cell(value: Cell) -> Markup:
    if value is None:
        return Markup("")
    text = str(value)
    if text.startswith(("https://", "http://")):
        return Markup(f'<a href="{escape(text)}">{escape(text)}</a>')
    return escape(text)


def annex_html(annex: Annex, report_title: str, release: str) -> str:
    """One self-contained page: title, what it is, the table (no scripts, no remote styles)."""
    head = "".join(f'<th scope="col">{escape(gettext(c))}</th>' for c in annex.columns)
    body = []
    anchored: set[str] = set()
    for row in annex.rows:
        anchor = ""
        value = row[annex.anchor_column] if annex.anchor_column is not None else None
        if value is not None and str(value) not in anchored:  # the first row of each id
            anchored.add(str(value))
            anchor = f' id="{escape(annex.anchor_prefix)}{escape(str(value))}"'
        cells = "".join(f"<td>{_cell(v)}</td>" for v in row)
        body.append(f"<tr{anchor}>{cells}</tr>")
    title = gettext("Annex %(letter)s. %(title)s", letter=annex.letter, title=annex.title)
    page_title = gettext("%(annex)s: %(report)s", annex=title, report=report_title)
    meta = ngettext(
        "%(report)s · dataset release %(release)s · %(num)s row",
        "%(report)s · dataset release %(release)s · %(num)s rows",
        len(annex.rows),
        report=report_title,
        release=release,
    )
    language = current()
    return (
        f'<!doctype html>\n<html lang="{escape(language.tag)}" dir="{language.direction}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page_title)}</title>\n<style>{ANNEX_CSS}</style>\n"
        f"</head>\n<body>\n<h1>{escape(title)}</h1>\n"
        f'<p class="meta">{escape(meta)}</p>\n<p>{escape(annex.intro)}</p>\n'
        f'<div class="scroll" tabindex="0" role="region" aria-label="{escape(annex.title)}">'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table></div>\n</body>\n</html>\n"
    )


ANNEX_CSS = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px;line-height:1.4;"
    "margin:1rem;color:#1a1a1a}h1{font-size:1.4rem}.meta{color:#444}p{overflow-wrap:anywhere}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px}"
    "th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:start;vertical-align:top;"
    "overflow-wrap:anywhere}th{background:#eef3f6;position:sticky;top:0}a{color:#1f5c7a}"
    "tr:target{background:#fff3c4}"
)


def write_annex(
    annex: Annex, out_dir: Path, stem: str, report_title: str, release: str
) -> AnnexFiles:
    name = annex.file_stem(stem)
    csv_path = out_dir / f"{name}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(annex.columns)
        writer.writerows(annex.rows)
    html_path = out_dir / f"{name}.html"
    html_path.write_text(annex_html(annex, report_title, release), encoding="utf-8")
    return AnnexFiles(csv_path, html_path)


def annex_files(annexes: Sequence[Annex], stem: str) -> list[dict[str, str]]:
    """What the report's text says about each annex: its letter, title and file names."""
    return [
        {
            "letter": a.letter,
            "title": a.title,
            "rows": str(len(a.rows)),
            "csv": f"{a.file_stem(stem)}.csv",
            "html": f"{a.file_stem(stem)}.html",
        }
        for a in annexes
    ]
