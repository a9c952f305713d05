"""Building the atlas: bring the schema up to date, then load what govatlas knows.

This is the first stage of ``govatlas build`` (and the README's main job); the
command then ingests the mirror (``sources``), links and labels what it brought
(``build_links``: crosswalks, FMTI, labels, trackers) and freezes a release, in that
order. It is idempotent: each step writes in its own
transaction, a re-run over unchanged inputs changes nothing, and a Ctrl-C stops
between steps (``interrupts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from govatlas.catalog import all_jurisdictions, load_catalog
from govatlas.config import registry_key_file
from govatlas.interrupts import Stop
from govatlas.network.convenings import SyncedConvenings, sync_convenings
from govatlas.network.outcome_actions import SyncedActions, sync_follow_up
from govatlas.registry.seed import Seeded, has_facts_to_seed, seed_public_facts
from govatlas.registry.signing import load_or_create
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
    registry: Seeded = field(default_factory=lambda: Seeded(0, 0))
    convenings: SyncedConvenings = field(default_factory=SyncedConvenings)
    follow_up: SyncedActions = field(default_factory=SyncedActions)


def build_atlas(
    engine: Engine,
    catalog_dir: Path | None = None,
    progress: Progress = lambda _: None,
    stop: Stop | None = None,
    registry_key: Path | None = None,
) -> BuildResult:
    """Migrate the database and load jurisdictions, the catalog and the taxonomies,
    each step in its own transaction; ``stop`` (a deferred Ctrl-C) is checked between
    steps, so an interruption never leaves a step half done. The catalog's commitments
    are recorded in the registry (``registry.seed``), signed with ``registry_key``
    (default: ``GOVATLAS_REGISTRY_KEY`` or beside the database)."""
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
    progress("Recording the catalog's commitments in the registry")
    with transaction(engine) as session:
        seeded = Seeded(0, 0)
        if has_facts_to_seed(session):  # only then is the registry's key needed
            key = registry_key or registry_key_file(database=engine.url)
            seeded = seed_public_facts(session, load_or_create(key))
    check()
    progress("Loading the convenings")
    with transaction(engine) as session:
        convenings = sync_convenings(session)
        follow_up = sync_follow_up(session)
    check()
    progress(f"Loading taxonomies ({len(taxonomies)})")
    with transaction(engine) as session:
        concepts, mappings = store_taxonomies(session, taxonomies.values())
    check()
    return BuildResult(
        revision,
        jurisdictions,
        catalog_result,
        adherence,
        research_changed,
        concepts,
        mappings,
        seeded,
        convenings,
        follow_up,
    )
