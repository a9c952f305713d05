"""The white paper and the briefs in the six UN languages: the fixed text translated, the
figures, tables and citations the same in every language (issue 33)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.i18n import speaking
from govatlas.i18n.catalogs import translations_for
from govatlas.reports.briefs import build_country_brief
from govatlas.reports.render import write_report
from govatlas.reports.white_paper import build_white_paper
from tests.conftest import FIXTURE_MIRROR
from tests.reports.pdf_structure import catalog_text, structure

# The languages change the words around the figures, not the queries that read them: the
# English paper's queries run on PostgreSQL in test_reports.py.
pytestmark = pytest.mark.engine_neutral

NUMBERS_IN_CELLS = re.compile(r'<td class="num">([^<]*\d[^<]*)</td>')
CITATION_KEYS = re.compile(r'href="#(C\d+)"')


def _paper(engine: Engine, code: str, folder: Path, pdf: bool = False) -> str:
    with speaking(code):
        document = build_white_paper(engine, mirror=FIXTURE_MIRROR)
        files = write_report(document, folder, pdf=pdf, stem=f"paper-{code}")
    return files.html.read_text(encoding="utf-8")


def test_the_paper_in_each_language_has_the_same_figures(released: Engine, tmp_path: Path) -> None:
    english = _paper(released, "en", tmp_path)
    for code in ("ar", "zh", "fr", "ru", "es"):
        other = _paper(released, code, tmp_path)
        with speaking(code):
            summary = translations_for(code).gettext("1. Executive summary")
        assert summary != "1. Executive summary" and summary in other, code
        assert NUMBERS_IN_CELLS.findall(other) == NUMBERS_IN_CELLS.findall(english), code
        assert CITATION_KEYS.findall(other) == CITATION_KEYS.findall(english), code
    arabic = (tmp_path / "paper-ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic


def test_a_country_brief_in_arabic(released: Engine, tmp_path: Path) -> None:
    with speaking("ar"):
        files = write_report(build_country_brief(released, "FRA"), tmp_path, pdf=False)
    html = files.html.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "France" in html


@pytest.mark.skipif(
    not Path("/usr/share/fonts/opentype/noto").is_dir() or shutil.which("fc-list") is None,
    reason="Debian's fonts-noto-cjk is not installed (apt install fonts-noto-cjk)",
)
def test_the_chinese_pdf_is_tagged_and_carries_its_script(released: Engine, tmp_path: Path) -> None:
    _paper(released, "zh", tmp_path, pdf=True)
    pdf = tmp_path / "paper-zh.pdf"
    tags = structure(pdf)
    assert tags.tagged and tags.types["H2"] >= 8
    assert b"/Lang (zh-Hans)" in catalog_text(pdf)
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    with speaking("zh"):
        wanted = translations_for("zh").gettext("Contents")
    assert re.search(r"[\u4e00-\u9fff]", text), "no Chinese text could be read from the PDF"
    assert wanted in text.replace("\r", "").replace("\n", "") or re.search(
        r"[\u4e00-\u9fff]{4}", text
    )


def test_the_report_command_writes_a_language(
    released: Engine, env_db: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["report", "country", "FRA", "--out", str(tmp_path), "--no-pdf", "--language", "fr"]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "country-FRA-fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    bad = runner.invoke(
        app, ["report", "country", "FRA", "--out", str(tmp_path), "--language", "de"]
    )
    assert bad.exit_code != 0 and "de" in bad.output
