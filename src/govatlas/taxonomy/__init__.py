"""The concept store: taxonomies as data, quality checks, SKOS exchange.

Packaged taxonomies (``data/*.yaml``): FLI building blocks, risks and benefits,
OECD AI Principles, MIT AI risk domains, AGORA tags and UN themes. Public API:
``load_taxonomies``, ``check_taxonomies``, ``export_skos`` / ``import_skos`` and
``store_taxonomies``.
"""

from govatlas.taxonomy.check import Finding, check_taxonomies
from govatlas.taxonomy.loader import get_taxonomy, load_taxonomies, read_taxonomy_file
from govatlas.taxonomy.schema import ConceptSpec, Mapping, MappingType, TaxonomyFile
from govatlas.taxonomy.skos import export_skos, import_skos
from govatlas.taxonomy.sync import store_taxonomies

__all__ = [
    "ConceptSpec",
    "Finding",
    "Mapping",
    "MappingType",
    "TaxonomyFile",
    "check_taxonomies",
    "export_skos",
    "get_taxonomy",
    "import_skos",
    "load_taxonomies",
    "read_taxonomy_file",
    "store_taxonomies",
]
