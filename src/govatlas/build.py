"""Building the atlas: bring the schema up to date, then load what govatlas knows.

This is the first stage of ``govatlas build`` (and the README's main job); the
command then ingests the mirror, imports the crosswalks and FMTI, labels and
freezes a release, in that order. It is idempotent: each step writes in its own
transaction, a re-run over unchanged inputs changes nothing, and a Ctrl-C stops
between steps (``interrupts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from govatlas.catalog import all_jurisdictions, load_catalog
from govatlas.interrupts import Stop
from govatlas.store.adherence import AdherenceSyncResult, sync_adherence, sync_research
from govatlas.store.instruments import CatalogSyncResult, sync_actors, sync_catalog
from govatlas.store.jurisdictions import JurisdictionSyncResult, sync_jurisdictions
from govatlas.store.migrate import upgrade
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies, store_taxonomies

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    revision: str
    jurisdictions: JurisdictionSyncResult
    catalog: CatalogSyncResult
    adherence: AdherenceSyncResult
    research_changed: int
    concepts: int
    mappings: int


def build_atlas(
    engine: Engine,
    catalog_dir: Path | None = None,
    progress: Progress = lambda _: None,
    stop: Stop | None = None,
) -> BuildResult:
    """Migrate the database and load jurisdictions, the catalog and the taxonomies,
    each step in its own transaction; ``stop`` (a deferred Ctrl-C) is checked between
    steps, so an interruption never leaves a step half done."""
    check = stop.check if stop is not None else (lambda _where="": None)
    catalog = load_catalog(catalog_dir)
    taxonomies = load_taxonomies()
    progress("Upgrading the database schema")
    revision = upgrade(engine)
    check()
    progress("Loading jurisdictions")
    with transaction(engine) as session:
        jurisdictions = sync_jurisdictions(session, all_jurisdictions())
    check()
    progress(f"Loading the catalog ({len(catalog)} instruments)")
    with transaction(engine) as session:
        sync_actors(session, catalog.actors.values())
        catalog_result = sync_catalog(session, catalog.entries)
        adherence = sync_adherence(session, catalog.adherence)
        research_changed = sync_research(session, catalog.research)
    check()
    progress(f"Loading taxonomies ({len(taxonomies)})")
    with transaction(engine) as session:
        concepts, mappings = store_taxonomies(session, taxonomies.values())
    check()
    return BuildResult(
        revision, jurisdictions, catalog_result, adherence, research_changed, concepts, mappings
    )
