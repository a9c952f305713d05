"""Reports: they render from the fixture store, every citation resolves, the HTML is
deterministic, the policy rules fire on constructed gaps, the annexes travel as CSV and
HTML beside the report, and the PDF is tagged (PDF/UA-1) with its sections."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pypdfium2
import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode, InvalidInputError, NotFoundError
from govatlas.reports.briefs import build_compare_brief, build_country_brief
from govatlas.reports.citations import Citations, ReleaseRef
from govatlas.reports.document import ReportDocument
from govatlas.reports.page_budget import BODY_PAGES, PageBudget, page_budget
from govatlas.reports.page_budget import main as page_budget_main
from govatlas.reports.render import CONTENTS, render_html, write_report
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.instruments import add_version
from govatlas.store.models import DatasetRelease, Instrument, Provision
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from tests.conftest import FIXTURE_MIRROR, CorpusStore
from tests.reports.pdf_structure import catalog_text, structure

SECTIONS = [
    "1. Executive summary",
    "2. The landscape",
    "3. Coverage of the building blocks, risks, benefits, principles and technologies",
    "4. Interoperability between the major frameworks",
    "5. Policy options",
    "6. What this paper cannot say",
    "7. Methodology",
    "Annexes",
    "Citations",
]
GENERATED = re.compile(r"Generated: [^<]*")


def _resolves(engine: Engine, html: str, register: dict[str, object]) -> None:
    """Every key the HTML cites is in the register, and every id there is in the store."""
    entries = {c["key"]: c for c in register["citations"]}  # type: ignore[index]
    cited = set(re.findall(r'href="#cite-(C\d+)"', html))
    assert cited and cited <= set(entries)
    with transaction(engine) as session:
        instruments = set(session.scalars(select(Instrument.id)))
        provisions = set(session.scalars(select(Provision.id)))
        release = session.scalars(select(DatasetRelease)).one()
    for entry in entries.values():
        assert set(entry["instruments"]) <= instruments, entry["key"]
        assert set(entry["provisions"]) <= provisions, entry["key"]
        assert entry["release_hash"] == release.content_hash


def test_white_paper_renders_with_resolving_citations(released: Engine, tmp_path: Path) -> None:
    document = build_white_paper(released, mirror=FIXTURE_MIRROR)
    files = write_report(document, tmp_path)
    html = files.html.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in html
    _resolves(released, html, json.loads(files.citations.read_text()))
    assert "<svg" in html and 'role="img"' in html and "<desc id=" in html  # charts, alt text
    assert "How sure:" in html  # every summary finding says how sure it is
    assert files.pdf is not None and files.pages and files.pages >= 8
    text = "\n".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(files.pdf)
    )
    for heading in SECTIONS:
        assert heading in text, heading
    assert re.search(r"Page \d+ of \d+", text)


def test_annexes_travel_as_csv_and_html(released: Engine, tmp_path: Path) -> None:
    document = build_white_paper(released, mirror=FIXTURE_MIRROR)
    files = write_report(document, tmp_path, pdf=False)
    names = sorted(p.name for p in files.annexes)
    assert "interoperability-annex-instruments.csv" in names
    assert "interoperability-annex-citations.html" in names
    with (tmp_path / "interoperability-annex-instruments.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Id"] for r in rows} == {r.id for r in document.context["annex"]}
    alpha = next(r for r in rows if r["Id"] == "alpha-act")
    assert alpha["Instrument"] and alpha["What it does today"]
    page = (tmp_path / "interoperability-annex-instruments.html").read_text(encoding="utf-8")
    assert 'id="inst-alpha-act"' in page and "<table>" in page
    with (tmp_path / "interoperability-annex-citations.csv").open(encoding="utf-8") as handle:
        cited = list(csv.DictReader(handle))
    register = json.loads(files.citations.read_text())
    assert {r["Key"] for r in cited} == {c["key"] for c in register["citations"]}
    provisions = [r for r in cited if r["Provision id"]]
    assert provisions and all(r["Provision"] and r["Path"] for r in provisions)
    # label evidence says who labelled each provision (unit test below); other citations,
    # such as an interoperability index's aligned provisions, leave the column empty
    assert "Labelled by" in cited[0]
    evidence = [r for r in provisions if r["Claim"].startswith("Coverage of")]
    assert {r["Labelled by"] for r in evidence} <= {"people", "machine, unreviewed"}
    assert not any(r["Labelled by"] for r in provisions if r not in evidence)
    for entry in register["citations"]:
        assert set(entry.get("machine_labelled_provisions", [])) <= set(entry["provisions"])
    annex = (tmp_path / "interoperability-annex-citations.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<tr id="cite-(C\d+)">', annex)
    assert (
        sorted(anchors) == sorted(set(anchors)) == sorted(c["key"] for c in register["citations"])
    )
    html = files.html.read_text(encoding="utf-8")
    assert "interoperability-annex-instruments.html" in html  # the report points to its annexes
    assert not re.search(r"\(#\d+\)", html)  # provisions cited by label, not by store id


@pytest.mark.engine_neutral  # the PDF's structure, whatever store it was read from
def test_the_pdf_is_tagged_for_assistive_technology(released: Engine, tmp_path: Path) -> None:
    """PDF/UA-1: a structure tree with headings, tables and described figures, a language
    and a title shown as the window title."""
    files = write_report(build_white_paper(released, mirror=FIXTURE_MIRROR), tmp_path)
    assert files.pdf is not None
    tags = structure(files.pdf)
    assert tags.tagged
    assert tags.title.startswith("AI governance frameworks")
    assert tags.types["H1"] == 1 and tags.types["H2"] >= len(SECTIONS) - 1
    assert tags.types["Table"] >= 5 and tags.types["TH"] > 0 and tags.types["Caption"] > 0
    assert tags.figure_alt and all(alt.strip() for alt in tags.figure_alt)
    raw = catalog_text(files.pdf)
    assert b"/Lang (en)" in raw and b"pdfuaid" in raw and b"/DisplayDocTitle true" in raw
    # links to the annexes stay relative: the folder can be copied anywhere
    assert b"/URI (interoperability-annex-" in raw and b"file://" not in raw


def test_the_same_release_gives_the_same_html(released: Engine) -> None:
    first = render_html(build_white_paper(released, mirror=FIXTURE_MIRROR), "2026-01-01 00:00")
    second = render_html(build_white_paper(released, mirror=FIXTURE_MIRROR), "2031-12-31 23:59")
    assert first != second
    assert GENERATED.sub("", first) == GENERATED.sub("", second)
    assert len(GENERATED.findall(first)) == 1


def test_citations_link_to_the_atlas_when_a_base_url_is_given(released: Engine) -> None:
    document = build_white_paper(released, mirror=FIXTURE_MIRROR)
    html = render_html(document, "now", base_url="https://atlas.example.org/")
    assert 'href="https://atlas.example.org/instruments/' in html
    assert re.search(r'href="https://atlas.example.org/instruments/[^"#]+/provisions/\d+"', html)
    offline = render_html(document, "now")
    assert 'href="interoperability-annex-instruments.html#inst-' in offline
    assert "atlas.example.org" not in offline


def test_scope_and_release_errors(released: Engine) -> None:
    scoped = build_white_paper(released, jurisdictions=["FRA"])
    assert {row.jurisdiction for row in scoped.context["annex"]} == {"FRA"}
    with pytest.raises(NotFoundError, match="unknown jurisdiction"):
        build_white_paper(released, jurisdictions=["ATLANTIS"])
    with pytest.raises(NotFoundError, match="no dataset release"):
        build_white_paper(released, release="no-such-release")
    with transaction(released) as session:
        add_version(session, "alpha-act", "A changed text.", format="txt", language="en")
        tag = session.scalars(select(DatasetRelease.tag)).one()
    with pytest.raises(InvalidInputError, match="no longer holds the data"):
        build_white_paper(released, release=tag)
    with pytest.raises(InvalidInputError, match="no dataset release to cite"):
        build_white_paper(released)


def test_briefs_render(released: Engine, tmp_path: Path) -> None:
    documents: list[ReportDocument] = [
        build_country_brief(released, "FRA"),
        build_compare_brief(released, "nist-ai-rmf-1-0", "iso-iec-42001"),
    ]
    for document in documents:
        files = write_report(document, tmp_path, pdf=False)
        html = files.html.read_text(encoding="utf-8")
        _resolves(released, html, json.loads(files.citations.read_text()))
    assert "Country brief: France" in documents[0].context["title"]
    # the holdings sentence counts every instrument once: its parts add up to its total
    [holdings] = [
        s["text"] for s in documents[0].context["summary"] if s["text"].startswith("France has")
    ]
    total = int(holdings.split()[2])
    parts = holdings.split(": ", 1)[1].rstrip(".").split(", ")
    assert sum(int(p.split()[0]) for p in parts if p.split()[0].isdigit()) == total, holdings
    pair = documents[1].context["pair"]
    assert pair.index is not None and pair.overlaps == 4
    # ISO/IEC 42001 is known only by the clauses the crosswalk cites: a one-sided value
    assert pair.reference and pair.index.basis == "reference-only"
    assert pair.index.measured_on == "a" and pair.index.low < 1.0
    brief = render_html(documents[1], "now")
    assert "One-sided: reference-only: share of" in brief
    with pytest.raises(NotFoundError):
        build_country_brief(released, "ATLANTIS")
    # a Member State the atlas holds nothing for: said so, never "0 of 7 blocks"
    empty = build_country_brief(released, "TUV")
    said = " ".join(s["text"] for s in empty.context["summary"])
    assert "records no instrument of Tuvalu" in said and "None of the 7 building blocks" in said
    assert " 0 of " not in said and ": ." not in said


def test_every_contents_line_names_a_section_of_its_document(released: Engine) -> None:
    documents = [
        build_white_paper(released),
        build_country_brief(released, "FRA"),
        build_compare_brief(released, "nist-ai-rmf-1-0", "iso-iec-42001"),
    ]
    for document in documents:
        html = render_html(document, "now")
        for anchor, title in CONTENTS[document.kind]:
            assert f'id="{anchor}"' in html, (document.kind, anchor)
            assert f"<h2>{title}" in html, (document.kind, title)


def test_report_commands(released: Engine, env_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "interoperability", "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "interoperability.html").is_file()
    result = runner.invoke(app, ["report", "country", "fra", "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0 and (tmp_path / "country-FRA.html").is_file()
    result = runner.invoke(app, ["report", "compare", "alpha-act", "nope", "--out", str(tmp_path)])
    assert result.exit_code == ExitCode.NOT_FOUND
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - id: x\n    kind: vibes\n    finding: f\n    option: {title: t, text: t}\n"
    )
    result = runner.invoke(
        app, ["report", "interoperability", "--out", str(tmp_path), "--rules", str(bad)]
    )
    assert result.exit_code == ExitCode.INVALID_INPUT and "rules.0.kind" in result.output


@pytest.mark.corpus
def test_white_paper_over_the_real_corpus(corpus_store: CorpusStore, tmp_path: Path) -> None:
    """A delegate's paper: at most 30 pages of body, an executive summary of at most 2."""
    with transaction(corpus_store.engine) as session:
        create_release(session)
    document = build_white_paper(corpus_store.engine, mirror=Path("."))
    assert document.context["landscape"]["total"] > 1000
    files = write_report(document, tmp_path)
    html = files.html.read_text(encoding="utf-8")
    register = json.loads(files.citations.read_text())
    entries = {c["key"] for c in register["citations"]}
    assert set(re.findall(r'href="#cite-(C\d+)"', html)) <= entries
    assert files.pdf is not None
    budget = page_budget(files.pdf)
    assert budget.problems == [], budget  # at most 30 pages of body, a 2-page summary
    assert structure(files.pdf).tagged


def test_the_page_budget_is_read_from_the_paper(released: Engine, tmp_path: Path) -> None:
    document = build_white_paper(released, mirror=FIXTURE_MIRROR)
    files = write_report(document, tmp_path)
    assert files.pdf is not None
    budget = page_budget(files.pdf)
    assert budget.body is not None and 0 < budget.body <= BODY_PAGES
    assert budget.summary is not None and 0 < budget.summary <= 2 and budget.problems == []
    assert page_budget_main([str(files.pdf)]) == 0
    assert PageBudget(31, 1).problems == ["31 pages of body, over the budget of 30"]
    assert PageBudget(None, None).problems and page_budget_main([str(tmp_path / "no.pdf")]) == 2


def test_label_evidence_names_what_only_a_machine_labelled() -> None:
    citations = Citations(ReleaseRef("r1", "v1", "abc"))
    key = citations.cite("Coverage of bias", ["a-law"], [3, 1, 2], machine=[2, 9])
    entry = citations.resolve(key)
    assert entry.machine == [2]  # only cited provisions can be machine-labelled
    assert [entry.labelled_by(p) for p in (1, 2)] == ["people", "machine, unreviewed"]
    other = citations.resolve(citations.cite("Definitions compared", ["a-law"], [4]))
    assert other.machine is None and other.labelled_by(4) == ""
    assert "machine_labelled_provisions" not in other.as_dict(citations.release)
    assert entry.as_dict(citations.release)["machine_labelled_provisions"] == [2]


@pytest.mark.engine_neutral
def test_a_paper_over_its_budget_is_set_denser_until_it_keeps_to_it(
    released: Engine, tmp_path: Path
) -> None:
    from govatlas.reports.render import DENSITIES, with_density

    document = build_country_brief(released, "FRA")  # small: each setting is a render
    tried: list[int] = []

    def fits_the_second_time(pdf: Path) -> bool:
        tried.append(len(pypdfium2.PdfDocument(pdf)))
        return len(tried) == 2

    compact = write_report(document, tmp_path / "compact", fits=fits_the_second_time)
    assert compact.density == "compact" and compact.pages == tried[-1] <= tried[0]
    never = write_report(document, tmp_path / "dense", fits=lambda pdf: False)
    assert never.density == DENSITIES[-1][0] == "dense"  # the last setting is kept
    assert never.pages is not None and never.pages <= (compact.pages or 0)
    # only the PDF is set denser: the HTML read on screen keeps its own styles
    assert DENSITIES[-1][1] not in never.html.read_text(encoding="utf-8")
    assert with_density("<head></head>", "") == "<head></head>"
    assert "font-size: 9pt" in with_density("<head></head>", DENSITIES[-1][1])
    # without a budget, one render in the normal setting
    assert write_report(document, tmp_path / "normal").density == "normal"
