"""The taxonomies govatlas writes, in all six UN languages, in SKOS too (issue 33)."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from govatlas.taxonomy.loader import load_taxonomies
from govatlas.taxonomy.skos import concept_iri, export_skos, to_graph
from govatlas.taxonomy.translations import (
    TRANSLATED_TAXONOMIES,
    concept_label,
    language_file,
)

OTHERS = ("ar", "zh", "fr", "ru", "es")


def load_builtin(taxonomy_id: str):  # type: ignore[no-untyped-def]
    return load_taxonomies()[taxonomy_id]


@pytest.mark.parametrize("code", OTHERS)
def test_every_concept_has_a_label_and_definition(code: str) -> None:
    found = language_file(code)
    assert found is not None, f"no translations/{code}.yaml"
    assert found.language == code
    for taxonomy_id in TRANSLATED_TAXONOMIES:
        taxonomy = load_builtin(taxonomy_id)
        text = found.taxonomies.get(taxonomy_id)
        assert text is not None, f"{code}: {taxonomy_id} missing"
        assert text.description or not taxonomy.description
        wanted = {c.id for c in taxonomy.concepts}
        assert set(text.concepts) == wanted, f"{code} {taxonomy_id}: {set(text.concepts) ^ wanted}"
        for concept in taxonomy.concepts:
            own = text.concepts[concept.id]
            assert (own.label and own.label != concept.label) or concept.label.isupper()
            assert bool(own.definition) == bool(concept.definition), (code, concept.id)
            assert len(own.alt) >= min(2, len(concept.alt)), (code, concept.id)


def test_labels_fall_back_to_english() -> None:
    assert concept_label("agora:Harms", "Harms", "fr") == "Harms"
    assert concept_label("fli-blocks:red-lines", "Red lines", "en") == "Red lines"
    assert concept_label("fli-blocks:red-lines", "Red lines", "fr") != "Red lines"


def test_skos_carries_every_language_and_imports_english() -> None:
    taxonomy = load_builtin("fli-blocks")
    graph = to_graph(taxonomy)
    labels = {
        o.language
        for o in graph.objects(concept_iri("fli-blocks:red-lines"), SKOS.prefLabel)
        if isinstance(o, Literal)
    }
    assert labels == {"en", *OTHERS}
    assert "@ar" in export_skos(taxonomy, "turtle")


def test_a_multilingual_skos_file_imports_in_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from govatlas.taxonomy.skos import import_skos

    path = tmp_path / "fli.ttl"
    path.write_text(export_skos(load_builtin("fli-blocks"), "turtle"), encoding="utf-8")
    (imported,) = import_skos(path)
    assert {c.label for c in imported.concepts} == {
        c.label for c in load_builtin("fli-blocks").concepts
    }
