"""The white paper's international commitments: near-universal and splitting, cited."""

from __future__ import annotations

import re

from sqlalchemy import Engine

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
    assert "Table 2a." in html and "Delta Order (partial list)" in html
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
