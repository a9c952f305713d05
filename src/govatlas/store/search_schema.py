"""Database objects for full-text search that live outside the ORM models.

SQLite uses an FTS5 table kept in step with ``provision`` by triggers; PostgreSQL
a generated ``tsvector`` column with a GIN index. Migrations create them, and
autogenerate comparisons ignore them through ``include_object``.
"""

from __future__ import annotations

from typing import Any

# Words as written (revision 0002), then stemmed by Porter's algorithm (0013), so that
# "whistleblower" finds "whistleblowers", as PostgreSQL's english configuration does.
UNSTEMMED = "unicode61 remove_diacritics 2"
STEMMED = "porter unicode61 remove_diacritics 2"


def sqlite_fts_table(tokenizer: str) -> str:
    """The FTS5 index over ``provision_search`` (external content), words cut by ``tokenizer``."""
    return (
        "CREATE VIRTUAL TABLE provision_fts USING fts5("
        "heading, body, content='provision_search', content_rowid='id', "
        f"tokenize='{tokenizer}')"
    )


SQLITE_REBUILD = "INSERT INTO provision_fts(provision_fts) VALUES ('rebuild')"
SQLITE_CREATE = [
    "CREATE VIEW provision_search AS "
    "SELECT id, heading, coalesce(search_text, text) AS body FROM provision",
    sqlite_fts_table(UNSTEMMED),
    "CREATE TRIGGER provision_fts_insert AFTER INSERT ON provision BEGIN "
    "INSERT INTO provision_fts(rowid, heading, body) "
    "VALUES (new.id, new.heading, coalesce(new.search_text, new.text)); END",
    "CREATE TRIGGER provision_fts_delete AFTER DELETE ON provision BEGIN "
    "INSERT INTO provision_fts(provision_fts, rowid, heading, body) "
    "VALUES ('delete', old.id, old.heading, coalesce(old.search_text, old.text)); END",
    "CREATE TRIGGER provision_fts_update AFTER UPDATE ON provision BEGIN "
    "INSERT INTO provision_fts(provision_fts, rowid, heading, body) "
    "VALUES ('delete', old.id, old.heading, coalesce(old.search_text, old.text)); "
    "INSERT INTO provision_fts(rowid, heading, body) "
    "VALUES (new.id, new.heading, coalesce(new.search_text, new.text)); END",
    SQLITE_REBUILD,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS provision_fts_update",
    "DROP TRIGGER IF EXISTS provision_fts_delete",
    "DROP TRIGGER IF EXISTS provision_fts_insert",
    "DROP TABLE IF EXISTS provision_fts",
    "DROP VIEW IF EXISTS provision_search",
]
POSTGRES_CREATE = [
    "ALTER TABLE provision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(heading, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(search_text, text)), 'B')) STORED",
    "CREATE INDEX ix_provision_search_vector ON provision USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_provision_search_vector",
    "ALTER TABLE provision DROP COLUMN IF EXISTS search_vector",
]

# Chinese and Japanese are found by substring (``search._substring_search``); on
# PostgreSQL a trigram index over the provisions that hold such characters finds them
# without reading every provision. pg_trgm ships with PostgreSQL and is a trusted
# extension (the database's owner may create it); without it, search reads every row.
CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SEARCH_BODY_SQL = "coalesce(search_text, text)"
CJK_CLASS_SQL = f"'[{CJK_CHARACTERS}]'"
CJK_PREDICATE_SQL = f"{SEARCH_BODY_SQL} ~ {CJK_CLASS_SQL}"
CJK_INDEX = "ix_provision_cjk_trigrams"
# ... and shortest first (how substring matches rank): a walk in length order that stops
# at the page when the characters are common
CJK_LENGTH_INDEX = "ix_provision_cjk_length"
POSTGRES_CJK_CREATE = [
    "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
    "EXCEPTION WHEN insufficient_privilege THEN "
    "RAISE NOTICE 'pg_trgm not created: Chinese and Japanese searches read every provision'; "
    "END $$",
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
    f"EXECUTE 'CREATE INDEX IF NOT EXISTS {CJK_INDEX} ON provision USING gin "
    f"(({SEARCH_BODY_SQL}) gin_trgm_ops) WHERE "
    + CJK_PREDICATE_SQL.replace("'", "''")
    + "'; END IF; END $$",
    f"CREATE INDEX IF NOT EXISTS {CJK_LENGTH_INDEX} ON provision "
    f"(length({SEARCH_BODY_SQL}), id) WHERE {CJK_PREDICATE_SQL}",
]
POSTGRES_CJK_DROP = [f"DROP INDEX IF EXISTS {name}" for name in (CJK_INDEX, CJK_LENGTH_INDEX)]


def include_object(_obj: Any, name: str | None, type_: str, _reflected: bool, _other: Any) -> bool:
    """Leave the search objects out of model/schema comparisons."""
    if type_ == "table" and name and name.startswith(("provision_fts", "provision_search")):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    return not (
        type_ == "index" and name in ("ix_provision_search_vector", CJK_INDEX, CJK_LENGTH_INDEX)
    )
