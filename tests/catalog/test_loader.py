"""Reading catalog folders: the packaged catalog and every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from govatlas.catalog import CatalogError, load_catalog, read_catalog
from tests.conftest import FIXTURE_CATALOG

# Instruments the foundation issue requires the catalog to cover.
REQUIRED_IDS = {
    "eu-ai-act",
    "coe-framework-convention-ai",
    "oecd-ai-principles-2019",
    "oecd-ai-principles-2024",
    "g7-hiroshima-code-of-conduct",
    "bletchley-declaration",
    "seoul-declaration",
    "frontier-ai-safety-commitments",
    "unesco-recommendation-ethics-ai",
    "unga-res-78-265",
    "unga-res-78-311",
    "unga-res-79-325",
    "us-eo-14110",
    "us-eo-14179",
    "nist-ai-rmf-1-0",
    "nist-ai-600-1",
    "china-generative-ai-measures",
    "china-deep-synthesis-provisions",
    "china-algorithmic-recommendation-provisions",
    "canada-aida",
    "brazil-pl-2338-2023",
    "korea-ai-basic-act",
    "japan-ai-promotion-act",
    "uk-ai-white-paper",
    "colorado-sb24-205",
    "california-sb-53",
    "california-sb-1047",
    "texas-traiga",
    "nyc-local-law-144",
    "singapore-model-ai-governance-framework-genai",
    "iso-iec-42001",
    "iso-iec-23894",
    "anthropic-responsible-scaling-policy",
    "openai-preparedness-framework",
    "google-deepmind-frontier-safety-framework",
    "meta-frontier-ai-framework",
    "microsoft-frontier-governance-framework",
}


def test_packaged_catalog_is_valid_and_complete() -> None:
    catalog, problems = read_catalog()
    assert problems == []
    assert len(catalog) >= 60
    ids = {e.id for e in catalog.entries}
    assert ids >= REQUIRED_IDS, sorted(REQUIRED_IDS - ids)


def test_packaged_catalog_facts_spot_checks() -> None:
    catalog = load_catalog()
    act = catalog.get("eu-ai-act")
    assert act.ids["celex"] == ("32024R1689",)
    assert act.jurisdiction == "EU"
    assert str(act.first(act.events[-1].kind)) == "2024-08-01"
    assert catalog.get("us-eo-14110").status().value == "repealed"
    assert catalog.get("california-sb-1047").status().value == "defunct"


def test_fixture_catalog_loads() -> None:
    catalog = load_catalog(FIXTURE_CATALOG)
    assert [e.id for e in catalog.entries] == [
        "iso-iec-42001",
        "cltc-taxonomy-of-trustworthiness-for-ai",
        "alpha-act",
        "beta-bill",
        "gamma-guidance",
        "delta-order",
    ]
    assert set(catalog.actors) == {"test-parliament", "test-regulator", "test-forum"}


def write_catalog(folder: Path, instruments: str, actors: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.yaml").write_text(
        actors or "- {id: p, name: Parliament, kind: legislature}\n"
    )
    (folder / "instruments-x.yaml").write_text(instruments)
    return folder


GOOD = """
- id: {id}
  title: Some Act
  short_name: Some
  type: law
  binding: binding
  jurisdiction: {jurisdiction}
  issuers: [{issuer}]
  urls: ["https://example.org/{id}"]
  events: [{{kind: adopted, date: 2024-01-01}}]
  ids: {{celex: "{celex}"}}
"""


def good(
    id: str = "some-act", jurisdiction: str = "FRA", issuer: str = "p", celex: str = "X1"
) -> str:
    return GOOD.format(id=id, jurisdiction=jurisdiction, issuer=issuer, celex=celex)


def problems_in(folder: Path) -> list[str]:
    _, problems = read_catalog(folder)
    return [str(p) for p in problems]


def test_invalid_field_names_file_entry_and_field(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, good().replace("type: law", "type: edict"))
    [problem] = problems_in(folder)
    assert problem.startswith("instruments-x.yaml: entry #1 (some-act), field 'type':")


def test_unknown_jurisdiction_and_issuer(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, good(jurisdiction="ATLANTIS", issuer="nobody"))
    found = problems_in(folder)
    assert any("field 'jurisdiction': unknown jurisdiction 'ATLANTIS'" in p for p in found)
    assert any("field 'issuers': unknown actor 'nobody'" in p for p in found)


def test_duplicate_ids_and_external_ids(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, good() + good() + good(id="other-act"))
    found = problems_in(folder)
    assert any("entry #2 (some-act), field 'id': duplicate instrument id" in p for p in found)
    assert any("field 'ids.celex': 'X1' is already used by 'some-act'" in p for p in found)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, good() + "- id: [unclosed\n")
    [problem] = problems_in(folder)
    assert problem.startswith("instruments-x.yaml: entry at line")
    assert "cannot parse" in problem


def test_file_that_is_not_a_list(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, "id: some-act\n")
    assert problems_in(folder) == [
        "instruments-x.yaml: entry (whole file): expected a list of entries"
    ]


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    assert "catalog folder not found" in problems_in(tmp_path / "absent")[0]
    (tmp_path / "empty").mkdir()
    assert "no instruments-*.yaml files found" in problems_in(tmp_path / "empty")[0]


def test_load_catalog_raises_with_every_problem(tmp_path: Path) -> None:
    bad_type = good().replace("type: law", "type: x")
    folder = write_catalog(
        tmp_path, bad_type + good(id="b-act", jurisdiction="ATLANTIS", celex="X2")
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    assert len(caught.value.problems) == 2
    assert "catalog validate" in (caught.value.hint or "")
