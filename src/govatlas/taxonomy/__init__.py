"""The concept store: taxonomies as data, quality checks, SKOS exchange.

Packaged taxonomies (``data/*.yaml``): FLI building blocks, risks and benefits,
OECD AI Principles, MIT AI risk domains, AGORA tags and UN themes. Public API:
``load_taxonomies``, ``check_taxonomies`` and ``store_taxonomies``; SKOS exchange
(``export_skos`` / ``import_skos``) is in ``govatlas.taxonomy.skos``, imported only by
what uses it (rdflib loads slowly).
"""

from govatlas.taxonomy.check import Finding, check_taxonomies
from govatlas.taxonomy.loader import get_taxonomy, load_taxonomies, read_taxonomy_file
from govatlas.taxonomy.schema import ConceptSpec, Mapping, MappingType, TaxonomyFile
from govatlas.taxonomy.sync import store_taxonomies

__all__ = [
    "ConceptSpec",
    "Finding",
    "Mapping",
    "MappingType",
    "TaxonomyFile",
    "check_taxonomies",
    "get_taxonomy",
    "load_taxonomies",
    "read_taxonomy_file",
    "store_taxonomies",
]
