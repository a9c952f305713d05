"""The concept store: packaged taxonomies, QA checks, SKOS round trips, storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from govatlas.errors import InvalidInputError
from govatlas.ingest.runner import Reporter, run_connector
from govatlas.sources import get_connector
from govatlas.store.models import Concept, Relationship
from govatlas.store.session import transaction
from govatlas.taxonomy import (
    check_taxonomies,
    load_taxonomies,
    read_taxonomy_file,
)
from govatlas.taxonomy.schema import TaxonomyFile
from govatlas.taxonomy.skos import export_skos, import_skos
from govatlas.vocabulary import RelationshipType
from tests.conftest import FIXTURE_MIRROR


def test_packaged_taxonomies_are_complete_and_clean() -> None:
    taxonomies = load_taxonomies()
    sizes = {k: len(v.concepts) for k, v in taxonomies.items()}
    assert sizes["fli-blocks"] == 7 and sizes["fli-risks"] == 9 and sizes["fli-benefits"] == 7
    assert sizes["oecd"] == 12  # 2 groups, 5 principles, 5 recommendations
    assert sizes["mit-risk"] == 31  # 7 domains, 24 subdomains
    assert sizes["agora"] == 77 + 5  # 77 tags and their 5 groups
    assert sizes["un"] == 8
    assert check_taxonomies(taxonomies) == []


@pytest.mark.corpus
def test_agora_tag_names_match_the_dataset_columns(corpus_dir: Path) -> None:
    header = (
        (corpus_dir / "agora" / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    )
    tags = {c.id for c in load_taxonomies()["agora"].concepts if ": " in c.id}
    assert len(tags) == 77
    assert all(f'"{tag}"' in header or tag in header for tag in tags)


def test_agora_hierarchy_follows_the_names() -> None:
    agora = {c.id: c for c in load_taxonomies()["agora"].concepts}
    assert agora["Strategies: Disclosure: About inputs"].parent == "Strategies: Disclosure"
    assert agora["Strategies: Disclosure"].parent == "Strategies"


def write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "t.yaml"
    path.write_text(text)
    return folder


BAD = """
id: demo
name: Demo
concepts:
  - {id: a, label: Alpha, definition: first, parent: c}
  - {id: b, label: alpha, definition: second}
  - {id: c, label: Gamma, parent: a, definition: third}
  - {id: d, label: Delta, parent: missing}
  - {id: e, label: Epsilon, definition: x, mappings: [{to: "nowhere:x", type: exact}]}
"""


def test_check_finds_every_kind_of_problem(tmp_path: Path) -> None:
    findings = [str(f) for f in check_taxonomies(load_taxonomies(write(tmp_path, BAD)))]
    assert "error: demo:b: label 'alpha' also used by 'a'" in findings
    assert "error: demo:d: orphan: parent 'missing' does not exist" in findings
    assert "warning: demo:d: has no definition" in findings
    assert "error: demo:e: mapping target 'nowhere:x' does not exist" in findings
    assert any("parent cycle" in f for f in findings)


def test_malformed_files_name_the_concept_and_field(tmp_path: Path) -> None:
    folder = write(tmp_path, "id: demo\nname: Demo\nconcepts:\n  - {id: a, colour: red}\n")
    with pytest.raises(InvalidInputError, match=r"t\.yaml: concept #1 \(a\), field colour"):
        load_taxonomies(folder)
    (folder / "t.yaml").write_text("id: Bad Id\nname: x\nconcepts: [{id: a}]\n")
    with pytest.raises(InvalidInputError, match=r"t\.yaml: id:"):
        read_taxonomy_file(folder / "t.yaml")


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", "ttl"), ("json-ld", "jsonld")])
def test_skos_round_trip(fmt: str, suffix: str, tmp_path: Path) -> None:
    original = load_taxonomies()["fli-risks"]
    path = tmp_path / f"fli.{suffix}"
    path.write_text(export_skos(original, fmt))
    [back] = import_skos(path)

    def normal(t: TaxonomyFile) -> dict[str, tuple[object, ...]]:
        return {
            c.id: (
                c.label,
                tuple(sorted(c.alt)),
                c.definition,
                c.parent,
                tuple(sorted(c.mappings, key=str)),
            )
            for c in t.concepts
        }

    assert (back.id, back.name, back.version) == (original.id, original.name, original.version)
    assert normal(back) == normal(original)


def test_skos_import_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <")
    with pytest.raises(InvalidInputError, match=r"bad\.ttl: not valid turtle"):
        import_skos(bad)
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
    with pytest.raises(InvalidInputError, match="no skos:ConceptScheme"):
        import_skos(empty)
    with pytest.raises(InvalidInputError, match="cannot tell the SKOS format"):
        import_skos(tmp_path / "x.xyz")


def test_build_stores_concepts_and_mappings(built: Engine) -> None:
    with transaction(built) as session:
        bias = session.get_one(Concept, "fli-risks:bias")
        assert "algorithmic discrimination" in bias.alt_labels
        mapped = session.scalars(
            select(Relationship).where(Relationship.source_concept_id == "fli-risks:bias")
        ).all()
        targets = {(r.target_concept_id, r.type) for r in mapped}
        assert ("agora:harms-discrimination", RelationshipType.EQUAL) in targets
        assert ("mit-risk:1-1", RelationshipType.EQUAL) in targets


def test_source_taxonomy_does_not_erase_packaged_definitions(built: Engine) -> None:
    run_connector(built, get_connector("agora"), FIXTURE_MIRROR, Reporter())
    with transaction(built) as session:
        concept = session.get_one(Concept, "agora:harms-discrimination")
        assert concept.definition and "differential treatment" in concept.definition
        nested = session.get_one(Concept, "agora:strategies-disclosure")
        assert nested.parent_id == "agora:strategies"
