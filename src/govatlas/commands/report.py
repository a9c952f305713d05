"""``govatlas report interoperability|country|compare``: knowledge products in HTML and PDF."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.commands.common import new_console, new_typer, open_engine
from govatlas.config import load_settings
from govatlas.i18n import speaking
from govatlas.i18n.languages import CODES, DEFAULT
from govatlas.reports.briefs import build_compare_brief, build_country_brief
from govatlas.reports.document import ReportDocument
from govatlas.reports.render import write_report
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.migrate import require_current
from govatlas.store.translation_corrections import install_corrections

app = new_typer(
    "Knowledge products computed from the store: the interoperability white paper, country "
    "briefs and comparison briefs, as HTML and PDF. Every figure cites its provisions and "
    "the dataset release."
)

OutOption = Annotated[
    Path,
    typer.Option(
        "--out", help="Folder for the HTML, the tagged PDF, the annexes (CSV and HTML), citations."
    ),
]
ReleaseOption = Annotated[
    str | None,
    typer.Option("--release", help="Dataset release (id or tag) to cite; default: current."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="Web atlas address: citations link to its pages."),
]
PdfOption = Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write the PDF.")]
RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="An edited copy of the policy-option rules (YAML)."),
]


class ReportLanguage(StrEnum):
    """The six UN languages (``govatlas.i18n.languages.CODES``), for --language."""

    ar = "ar"
    zh = "zh"
    en = "en"
    fr = "fr"
    ru = "ru"
    es = "es"


assert tuple(ReportLanguage) == CODES, "ReportLanguage lists the codes of i18n.languages"
LanguageOption = Annotated[
    ReportLanguage,
    typer.Option(
        "--language",
        help="Write it in ar, zh, en, fr, ru or es (figures, tables and citations are the "
        "same in every language; names and quoted provisions stay in their own). Files of "
        "a language other than English end in -CODE (interoperability-fr.html).",
    ),
]


def _install_corrections(engine: Engine) -> None:
    """The translations readers corrected on the review pages, for the report's words."""
    with Session(engine) as session:
        install_corrections(session)


def _stem(stem: str, language: str) -> str:
    return stem if language == DEFAULT else f"{stem}-{language}"


def _write(
    document: ReportDocument,
    out: Path,
    base_url: str | None,
    pdf: bool,
    started: float,
    stem: str | None = None,
) -> None:
    console = new_console()
    fits = _keeps_to_budget if document.kind == "interoperability" else None
    with console.status("Rendering HTML" + (" and PDF" if pdf else "")):
        files = write_report(document, out, base_url=base_url, pdf=pdf, stem=stem, fits=fits)
    console.print(f"HTML: {escape(str(files.html))}")
    console.print(
        f"citations: {escape(str(files.citations))} ({len(document.citations.entries)} keys)"
    )
    annexes = sorted({p.with_suffix("").name for p in files.annexes})
    if annexes:
        console.print(f"annexes (CSV and HTML): {escape(', '.join(annexes))}")
    if files.pdf is not None:
        console.print(f"PDF (tagged, PDF/UA-1): {escape(str(files.pdf))} ({files.pages} pages)")
        if files.density != "normal":
            console.print(
                f"set in the {files.density} layout (smaller type) to keep to a delegate's "
                "page budget"
            )
        if document.kind == "interoperability":
            _say_page_budget(console, files.pdf)
    console.print(f"done in {time.perf_counter() - started:.1f} s")


def _keeps_to_budget(pdf: Path) -> bool:
    """Whether the white paper keeps to a delegate's page budget (read in the language
    it is written in, which is the one being spoken)."""
    from govatlas.reports.page_budget import page_budget

    return not page_budget(pdf).problems


def _say_page_budget(console: Console, pdf: Path) -> None:
    """How long the paper's body is against a delegate's budget (a warning, not an error:
    a larger store makes a longer paper)."""
    from govatlas.reports.page_budget import BODY_PAGES, page_budget

    budget = page_budget(pdf)
    if budget.body is not None:
        console.print(f"{budget.body} pages of body (a delegate's paper keeps to {BODY_PAGES})")
    for problem in budget.problems:
        console.print(f"[yellow]warning:[/] {escape(problem)}")


@app.command("interoperability")
def interoperability_command(
    out: OutOption = Path("reports"),
    jurisdictions: Annotated[
        list[str] | None,
        typer.Option("--jurisdictions", help="Only these (repeatable; subdivisions included)."),
    ] = None,
    release: ReleaseOption = None,
    base_url: BaseUrlOption = None,
    rules: RulesOption = None,
    pdf: PdfOption = True,
    language: LanguageOption = ReportLanguage.en,
) -> None:
    """The interoperability white paper: executive summary (each finding with how sure it
    is), landscape, coverage of the FLI building blocks, risks, benefits, OECD principles
    and technologies, interoperability of the major frameworks, policy options naming
    jurisdictions, instruments and provisions, what the paper cannot say, methodology;
    the long tables (instruments, parameters compared, citations) as annexes beside it.

    Example: [bold]govatlas report interoperability --out reports/ --base-url http://127.0.0.1:8000[/]
    In French: [bold]govatlas report interoperability --out reports/ --language fr[/]
    """
    started = time.perf_counter()
    engine = open_engine()
    require_current(engine)
    _install_corrections(engine)
    with speaking(language.value), new_console().status("Computing the figures"):
        document = build_white_paper(
            engine,
            jurisdictions=jurisdictions,
            release=release,
            mirror=load_settings().mirror_dir,
            rules=rules,
        )
    with speaking(language.value):
        _write(document, out, base_url, pdf, started, _stem(document.kind, language.value))


@app.command("country")
def country_command(
    jurisdiction: Annotated[str, typer.Argument(help="ISO 3166 alpha-3 id, or EU, OECD...")],
    out: OutOption = Path("reports"),
    release: ReleaseOption = None,
    base_url: BaseUrlOption = None,
    rules: RulesOption = None,
    pdf: PdfOption = True,
    language: LanguageOption = ReportLanguage.en,
) -> None:
    """A country brief: instruments, timeline, coverage of the FLI building blocks and risks
    beside all jurisdictions, and the options its binding gaps suggest.

    Example: [bold]govatlas report country BRA --out reports/[/]
    In Spanish: [bold]govatlas report country BRA --out reports/ --language es[/]
    """
    started = time.perf_counter()
    engine = open_engine()
    require_current(engine)
    _install_corrections(engine)
    with speaking(language.value), new_console().status("Computing the figures"):
        document = build_country_brief(engine, jurisdiction.upper(), release=release, rules=rules)
    stem = _stem(f"country-{jurisdiction.upper()}", language.value)
    with speaking(language.value):
        _write(document, out, base_url, pdf, started, stem)


@app.command("compare")
def compare_command(
    a: Annotated[str, typer.Argument(help="First instrument id.")],
    b: Annotated[str, typer.Argument(help="Second instrument id.")],
    out: OutOption = Path("reports"),
    release: ReleaseOption = None,
    base_url: BaseUrlOption = None,
    rules: RulesOption = None,
    pdf: PdfOption = True,
    language: LanguageOption = ReportLanguage.en,
) -> None:
    """A comparison brief of two instruments: the interoperability index overall and per
    building block, agreements, gaps, conflicts, shared definitions, and options.

    Example: [bold]govatlas report compare eu-ai-act nist-ai-rmf-1-0 --out reports/[/]
    """
    started = time.perf_counter()
    engine = open_engine()
    require_current(engine)
    _install_corrections(engine)
    with speaking(language.value), new_console().status("Computing the figures"):
        document = build_compare_brief(engine, a, b, release=release, rules=rules)
    with speaking(language.value):
        _write(document, out, base_url, pdf, started, _stem(f"compare-{a}-{b}", language.value))
