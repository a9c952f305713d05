"""The white paper's international commitments: near-universal and splitting, cited."""

from __future__ import annotations

import re

from sqlalchemy import Engine

from govatlas.analytics.commitments import InstrumentSummary, RegionShare
from govatlas.reports.citations import Citations, ReleaseRef
from govatlas.reports.commitments import commitments_section
from govatlas.reports.render import render_html
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from tests.analytics.test_commitments import SOURCE, add_facts
from tests.conftest import FIXTURE_MIRROR


def test_white_paper_cites_commitments_with_their_sources(crosswalked: Engine) -> None:
    add_facts(crosswalked)
    with transaction(crosswalked) as session:
        create_release(session)
    document = build_white_paper(crosswalked, mirror=FIXTURE_MIRROR)
    section = document.context["commitments"]
    assert [r["s"].instrument for r in section["rows"]] == [
        "gamma-guidance",
        "alpha-act",
        "delta-order",
    ]
    assert section["universal"] == []  # three Member States of 193 is nothing near-universal
    [first, *_] = section["splitting"]
    assert first["s"].instrument == "gamma-guidance"  # 2 of Europe's, none elsewhere but 1
    assert first["highest"].region == "Europe"
    html = render_html(document, "now")
    assert "International commitments: near-universal and splitting" in html
    assert re.search(r"Table \d+\. International instruments", html)
    assert "Delta Order (partial list)" in html
    assert "The commitment that splits the regions most is Gamma Guidance" in html
    register = document.citations.as_json()
    cited = {c["key"]: c for c in register["citations"]}
    key = first["cite"]
    assert cited[key]["sources"] == [f"{SOURCE}/gamma-guidance"]
    assert cited[key]["instruments"] == ["gamma-guidance"]
    assert cited[key]["release_hash"] == register["release"]["content_hash"]
    assert re.search(rf'id="cite-{key}".*?Sources of the facts: <a href="{SOURCE}', html, re.S)
    # the executive summary carries the sentence, citing the same key
    summary = [s["text"] for s in document.context["summary"]]
    assert any(s.startswith("The commitment that splits the regions most") for s in summary)


def test_near_universal_commitments_cite_every_instrument_and_source() -> None:
    def summary(ident: str, africa: int, europe: int) -> InstrumentSummary:
        regions = [RegionShare("Africa", africa, 54), RegionShare("Europe", europe, 43)]
        return InstrumentSummary(
            ident, ident.upper(), africa + europe, 97, {}, regions, (f"{SOURCE}/{ident}",)
        )

    citations = Citations(ReleaseRef("r1", "2026-01-01", "abc"))
    section = commitments_section(
        [summary("res", 54, 43), summary("rec", 52, 42), summary("split", 1, 40)], citations
    )
    universal, splitting = section["sentences"]
    assert universal["text"].startswith("2 of 3 international instruments on record are near")
    assert "RES (97), REC (94)" in universal["text"]
    cited = citations.resolve(universal["cite"])
    assert cited.instruments == ["rec", "res"]
    assert cited.sources == [f"{SOURCE}/rec", f"{SOURCE}/res"]
    assert (
        "SPLIT: 40 of 43 Member States in Europe (93%) against 1 of 54 in Africa (2%)"
        in (splitting["text"])
    )
