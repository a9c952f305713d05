"""Champion lists: full-text search that stays fast on a large PostgreSQL store.

PostgreSQL finds the provisions holding a word quickly (a GIN index), but ranks them
one by one: at a million provisions a common word such as "data" matches a quarter of
them, and ranking all of them takes seconds. A champion list (Manning, Raghavan and
Schütze, *Introduction to Information Retrieval*, §7.1.3) keeps, for each word held by
more than ``CHAMPIONS`` provisions, the ``CHAMPIONS`` provisions that rank best for that
word alone, with the same score search uses (``ts_rank_cd`` of the word, times the
standing penalty). A search then ranks only its candidates:
the lists of its frequent words; the provisions holding one of its rare words or
phrases, or all its words, whenever those are at most ``ALL_WORDS_WINDOW``; and every
match stored since the lists were built (``search._champion_candidates``). Exactly
the best hits for a one-word query; for several words an approximation whose
agreement with ranking every match is measured in ``benchmarks/scale.py``.

Lists are built from ``CHAMPIONS_FROM`` provisions on (below that, ranking every match
is fast enough), after an ingest on PostgreSQL that added more than ``STALE_SHARE`` of
the provisions, and never on SQLite, whose FTS5 index ranks inside the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    delete,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Provision, SearchChampion, SearchChampionList

CHAMPIONS = 600  # provisions kept per frequent word (more than search.COUNT_CAP)
CHAMPIONS_FROM = 20_000  # provisions in the store before lists are built
ALL_WORDS_WINDOW = 500  # the provisions holding all the words join when at most this many
STALE_SHARE = 0.1  # lists are rebuilt when this share of provisions came after them
# ts_rank_cd's default weights of PostgreSQL's four classes (heading A, text B)
CLASS_WEIGHTS = "CASE w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2 ELSE 0.1 END"


@dataclass(frozen=True)
class ChampionBuild:
    provisions: int  # provisions of newest versions read
    words: int  # words that got a list
    champions: int  # rows stored
    built_through: int  # the newest provision id read


def champion_lists_in_use(session: Session) -> bool:
    """Whether this store searches through champion lists."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(session.scalar(select(exists().where(SearchChampionList.lexeme.is_not(None)))))


def refresh_search_champions(
    session: Session,
    penalty: Any,
    *,
    size: int = CHAMPIONS,
    start_from: int = CHAMPIONS_FROM,
    force: bool = False,
) -> ChampionBuild | None:
    """Rebuild the champion lists of a PostgreSQL store of at least ``start_from``
    provisions when more than ``STALE_SHARE`` of its provisions came after the last
    build (or ``force``); None when nothing was built, after removing lists that a
    smaller store no longer needs. ``penalty``: the standing penalty search multiplies
    scores with, as a SQL expression over ``provision`` (``search.standing_penalty``)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    current = Provision.version_id.in_(newest_version_ids())
    provisions, through = session.execute(
        select(func.count(), func.coalesce(func.max(Provision.id), 0)).where(current)
    ).one()
    built_through = session.scalar(select(func.max(SearchChampionList.built_through)))
    if built_through is not None and provisions >= start_from and not force:
        since = session.scalar(select(func.count()).where(current, Provision.id > built_through))
        if (since or 0) <= STALE_SHARE * provisions:
            return None  # a search reads what came since by itself
    session.execute(delete(SearchChampion))
    session.execute(delete(SearchChampionList))
    if provisions < start_from:
        return None
    newest = newest_version_ids().compile(
        session.get_bind(), compile_kwargs={"literal_binds": True}
    )
    vectors = f"SELECT search_vector FROM provision WHERE version_id IN ({newest})"
    session.execute(
        text(
            "INSERT INTO search_champion_list (lexeme, matches, built_through) "
            "SELECT word, ndoc, :through FROM ts_stat(:vectors) WHERE ndoc > :size"
        ),
        {"through": through, "vectors": vectors, "size": size},
    )
    weighted = penalty.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    session.execute(
        text(
            "INSERT INTO search_champion (lexeme, provision_id, score) "
            "SELECT lexeme, provision_id, score FROM ("
            " SELECT lexeme, provision_id, score, row_number() OVER ("
            "  PARTITION BY lexeme ORDER BY score DESC, provision_id) AS place"
            " FROM ("
            f"  SELECT u.lexeme, provision.id AS provision_id, ({weighted}) * ("
            f"   SELECT sum({CLASS_WEIGHTS}) FROM unnest(u.weights) AS w) AS score"
            "  FROM provision CROSS JOIN LATERAL unnest(provision.search_vector) AS u"
            f"  WHERE provision.version_id IN ({newest}) AND provision.id <= :through"
            "  AND u.lexeme IN (SELECT lexeme FROM search_champion_list)"
            " ) AS scored"
            ") AS ranked WHERE place <= :size"
        ),
        {"through": through, "size": size},
    )
    words = session.scalar(select(func.count()).select_from(SearchChampionList)) or 0
    stored = session.scalar(select(func.count()).select_from(SearchChampion)) or 0
    return ChampionBuild(provisions, words, stored, through)


@dataclass(frozen=True)
class WordLists:
    frequent: tuple[str, ...]  # lexemes that have lists
    rare: tuple[str, ...]  # query words whose lexemes have none
    built_through: int


def word_lists(session: Session, words: list[str]) -> WordLists:
    """Which of ``words`` (one word each, as the user wrote it) have champion lists."""
    lexemes: dict[str, list[str]] = {}
    for word in words:
        found = session.scalar(
            select(func.tsvector_to_array(func.to_tsvector(text("'english'"), word)))
        )
        lexemes[word] = list(found or [])
    wanted = sorted({lexeme for found in lexemes.values() for lexeme in found})
    listed = dict(
        session.execute(
            select(SearchChampionList.lexeme, SearchChampionList.built_through).where(
                SearchChampionList.lexeme.in_(wanted)
            )
        ).all()
    )
    rare = tuple(word for word, found in lexemes.items() if found and not set(found) & set(listed))
    through = min(listed.values(), default=0)
    return WordLists(tuple(sorted(listed)), rare, through)


def champions_of(session: Session, lists: WordLists) -> set[int]:
    """The provisions on the champion lists of ``lists.frequent``."""
    chosen = select(SearchChampion.provision_id).where(SearchChampion.lexeme.in_(lists.frequent))
    return set(session.scalars(chosen))
