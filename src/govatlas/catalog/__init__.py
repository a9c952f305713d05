"""The project's own catalog of AI-governance instruments (facts only).

Public API: ``load_catalog`` / ``read_catalog`` to read and check the packaged
YAML files (or another folder), ``Catalog`` to query them, and
``all_jurisdictions`` for the world's jurisdictions and groups.
"""

from govatlas.catalog.jurisdictions import JurisdictionRecord, all_jurisdictions
from govatlas.catalog.loader import CatalogError, CatalogProblem, load_catalog, read_catalog
from govatlas.catalog.model import Catalog, YearRange
from govatlas.catalog.schema import Actor, CatalogEntry, Event

__all__ = [
    "Actor",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "CatalogProblem",
    "Event",
    "JurisdictionRecord",
    "YearRange",
    "all_jurisdictions",
    "load_catalog",
    "read_catalog",
]
