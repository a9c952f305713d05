"""Concept chips: one per concept, grouped by taxonomy, the strongest label shown."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from govatlas.web.label_chips import chip_groups, methods_present


def label(concept: str, method: str, taxonomy: str = "agora", **extra: object) -> dict[str, object]:
    return {
        "concept": f"{taxonomy}:{concept}",
        "concept_label": concept.title(),
        "taxonomy": taxonomy,
        "method": method,
        "experimental": extra.get("experimental"),
    }


def test_one_chip_per_concept_with_the_strongest_label() -> None:
    groups = chip_groups(
        [
            label("harms", "model"),
            label("harms", "import"),
            label("bias", "model", "fli-risks", experimental="below floor"),
            label("apps", "model"),
        ],
        {"agora": "AGORA tags", "fli-risks": "FLI risks"},
    )
    assert [g["name"] for g in groups] == ["AGORA tags", "FLI risks"]
    agora = groups[0]["chips"]
    assert [c["concept"] for c in agora] == ["agora:apps", "agora:harms"]
    harms = agora[1]
    assert harms["method"] == "import" and harms["count"] == 2
    assert harms["methods"] == ["import", "model"]
    assert [m for m, _ in methods_present(groups)] == ["import", "model"]


def test_instrument_page_groups_chips_with_a_legend(client: TestClient) -> None:
    page = client.get("/instruments/nist-ai-rmf-1-0").text
    concepts = page.split('id="labels"', 1)[1].split("</section>", 1)[0]
    assert 'id="chip-legend"' in concepts and "<h3>" in concepts
    hrefs = re.findall(r'href="/concepts/([^"]+)"', concepts)
    assert hrefs and len(hrefs) == len(set(hrefs))  # each concept once
