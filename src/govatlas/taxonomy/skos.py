"""SKOS export and import (Turtle and JSON-LD, through rdflib).

Concepts become ``skos:Concept`` in a ``skos:ConceptScheme`` with notation,
preferred and alternative labels, definition, broader/narrower, related and the
five SKOS mapping properties. Negative labels, which SKOS lacks, use
``govatlas:negativeLabel``. Identifiers are URNs (``urn:govatlas:taxonomy:...``)
so that exports never claim a web address the project does not own.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from govatlas.errors import InvalidInputError
from govatlas.i18n.languages import CODES, DEFAULT
from govatlas.taxonomy.schema import ConceptSpec, Mapping, MappingType, TaxonomyFile
from govatlas.taxonomy.translations import language_file

BASE = "urn:govatlas:taxonomy:"
GOVATLAS = Namespace("urn:govatlas:vocab:")
FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld"}
MAPPING_PROPERTIES = {
    MappingType.EXACT: SKOS.exactMatch,
    MappingType.CLOSE: SKOS.closeMatch,
    MappingType.BROAD: SKOS.broadMatch,
    MappingType.NARROW: SKOS.narrowMatch,
    MappingType.RELATED: SKOS.relatedMatch,
}


def scheme_iri(taxonomy_id: str) -> URIRef:
    return URIRef(f"{BASE}{taxonomy_id}")


def concept_iri(global_id: str) -> URIRef:
    taxonomy_id, concept = global_id.split(":", 1)
    return URIRef(f"{BASE}{taxonomy_id}:{quote(concept, safe='')}")


def _global_id(iri: str) -> str | None:
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :]
    if ":" not in rest:
        return None
    taxonomy_id, concept = rest.split(":", 1)
    return f"{taxonomy_id}:{unquote(concept)}"


def to_graph(taxonomy: TaxonomyFile) -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("govatlas", GOVATLAS)
    scheme = scheme_iri(taxonomy.id)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.identifier, Literal(taxonomy.id)))
    graph.add((scheme, DCTERMS.title, Literal(taxonomy.name, lang="en")))
    if taxonomy.description:
        graph.add((scheme, DCTERMS.description, Literal(taxonomy.description, lang="en")))
    if taxonomy.version:
        graph.add((scheme, OWL.versionInfo, Literal(taxonomy.version)))
    for concept in taxonomy.concepts:
        node = concept_iri(f"{taxonomy.id}:{concept.id}")
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.notation, Literal(concept.id)))
        graph.add((node, SKOS.prefLabel, Literal(concept.label, lang="en")))
        for alt in concept.alt:
            graph.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        for negative in concept.not_:
            graph.add((node, GOVATLAS.negativeLabel, Literal(negative, lang="en")))
        if concept.definition:
            graph.add((node, SKOS.definition, Literal(concept.definition, lang="en")))
        if concept.parent is None:
            graph.add((node, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, node))
        else:
            parent = concept_iri(f"{taxonomy.id}:{concept.parent}")
            graph.add((node, SKOS.broader, parent))
            graph.add((parent, SKOS.narrower, node))
        for related in concept.related:
            target = related if ":" in related else f"{taxonomy.id}:{related}"
            graph.add((node, SKOS.related, concept_iri(target)))
        for mapping in concept.mappings:
            graph.add((node, MAPPING_PROPERTIES[mapping.type], concept_iri(mapping.to)))
    _add_translations(graph, taxonomy)
    return graph


def _add_translations(graph: Graph, taxonomy: TaxonomyFile) -> None:
    """The taxonomy's labels and definitions in the other UN languages, tagged with their
    language, and for each language who translated it (``govatlas:translation``)."""
    scheme = scheme_iri(taxonomy.id)
    for code in CODES:
        found = language_file(code) if code != DEFAULT else None
        text = found.taxonomies.get(taxonomy.id) if found else None
        if found is None or text is None:
            continue
        note = BNode()
        graph.add((scheme, GOVATLAS.translation, note))
        graph.add((note, DCTERMS.language, Literal(code)))
        graph.add((note, GOVATLAS.translatedBy, Literal(found.provenance(taxonomy.id))))
        graph.add((scheme, DCTERMS.title, Literal(text.name, lang=code)))
        if text.description:
            graph.add((scheme, DCTERMS.description, Literal(text.description, lang=code)))
        for concept in taxonomy.concepts:
            own = text.concepts.get(concept.id)
            if own is None:
                continue
            node = concept_iri(f"{taxonomy.id}:{concept.id}")
            graph.add((node, SKOS.prefLabel, Literal(own.label, lang=code)))
            for alt in own.alt:
                graph.add((node, SKOS.altLabel, Literal(alt, lang=code)))
            if own.definition:
                graph.add((node, SKOS.definition, Literal(own.definition, lang=code)))


def export_skos(taxonomy: TaxonomyFile, fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown SKOS format {fmt!r}", "use turtle or json-ld")
    return to_graph(taxonomy).serialize(format=FORMATS[fmt])


def _texts(graph: Graph, node: Node, prop: URIRef) -> list[str]:
    """A property's texts in English (or with no language tag); the others only when it
    has none in English."""
    found = list(graph.objects(node, prop))
    english = [o for o in found if getattr(o, "language", None) in (None, "en")]
    return sorted(str(o) for o in (english or found))


def import_skos(path: Path, fmt: str | None = None) -> list[TaxonomyFile]:
    """Every concept scheme in a SKOS file, as taxonomies."""
    chosen = FORMATS.get((fmt or path.suffix.lstrip(".")).lower())
    if chosen is None:
        raise InvalidInputError(
            f"{path.name}: cannot tell the SKOS format",
            "name the file .ttl or .jsonld, or pass --format",
        )
    graph = Graph()
    try:
        graph.parse(path, format=chosen)
    except Exception as exc:
        raise InvalidInputError(
            f"{path.name}: not valid {chosen} ({exc})", "check the file"
        ) from exc
    taxonomies = []
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        identifier = graph.value(scheme, DCTERMS.identifier)
        taxonomy_id = (
            str(identifier) if identifier else str(scheme).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        )
        concepts = []
        for node in sorted(graph.subjects(SKOS.inScheme, scheme), key=str):
            assert isinstance(node, URIRef)
            notation = graph.value(node, SKOS.notation)
            own_id = str(notation) if notation else str(node).rsplit("/", 1)[-1]
            broader = graph.value(node, SKOS.broader)
            parent = None
            if broader is not None:
                parent_notation = graph.value(broader, SKOS.notation)
                parent = (
                    str(parent_notation) if parent_notation else str(broader).rsplit("/", 1)[-1]
                )
            mappings = [
                Mapping(to=target, type=kind)
                for kind, prop in MAPPING_PROPERTIES.items()
                for obj in graph.objects(node, prop)
                if (target := _global_id(str(obj))) is not None
            ]
            labels = _texts(graph, node, SKOS.prefLabel)
            definitions = _texts(graph, node, SKOS.definition)
            concepts.append(
                ConceptSpec(
                    id=own_id,
                    label=labels[0] if labels else own_id,
                    alt=tuple(_texts(graph, node, SKOS.altLabel)),
                    **{"not": tuple(_texts(graph, node, GOVATLAS.negativeLabel))},
                    definition=definitions[0] if definitions else None,
                    parent=parent,
                    related=tuple(
                        sorted(
                            g
                            for o in graph.objects(node, SKOS.related)
                            if (g := _global_id(str(o)))
                        )
                    ),
                    mappings=tuple(sorted(mappings, key=lambda m: (m.type.value, m.to))),
                )
            )
        titles = _texts(graph, scheme, DCTERMS.title)
        descriptions = _texts(graph, scheme, DCTERMS.description)
        version = graph.value(scheme, OWL.versionInfo)
        if not concepts:
            raise InvalidInputError(f"{path.name}: the scheme {taxonomy_id!r} has no concepts")
        taxonomies.append(
            TaxonomyFile(
                id=taxonomy_id,
                name=titles[0] if titles else taxonomy_id,
                description=descriptions[0] if descriptions else "",
                version=str(version) if version else None,
                concepts=tuple(concepts),
            )
        )
    if not taxonomies:
        raise InvalidInputError(f"{path.name}: no skos:ConceptScheme found", "check the file")
    return taxonomies
