"""Full-text search over provisions: one interface, SQLite FTS5 or PostgreSQL tsvector.

User queries are parsed into a small, safe language (words, "quoted phrases",
prefix*, -excluded) and rebuilt for the backend, so FTS operators, stray quotes
or SQL in a query are just text. A provision matches when it holds any of the
query's words (common words such as "of" or "the" are left out when others remain)
and none of the excluded ones. Results are ranked by BM25 (SQLite, over a stemming
index) or ``ts_rank_cd`` (PostgreSQL), so provisions holding more of the words, and
rarer ones, come first; operative provisions rank above bare headings, recitals,
preambles and whole chapters (``standing_penalty``). Each hit carries a plain-text
snippet with the character spans of the matched terms (``highlights``). The database
marks the terms with delimiters made fresh for each search (a random nonce), which no
stored text can contain, and they are turned into spans at once: a text that happens
to hold « and », or any other would-be delimiter, is shown as it is.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ARRAY,
    Integer,
    Select,
    all_,
    and_,
    any_,
    bindparam,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    tuple_,
)
from sqlalchemy.orm import Session

from govatlas.catalog.model import YearRange, jurisdiction_with_descendants
from govatlas.errors import InvalidInputError
from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import (
    Embedding,
    Instrument,
    InstrumentVersion,
    Label,
    LifecycleEvent,
    Provision,
)
from govatlas.store.search_champions import (
    ALL_WORDS_WINDOW,
    ChampionBuild,
    champion_lists_in_use,
    champions_of,
    refresh_search_champions,
    word_lists,
)
from govatlas.store.search_schema import CJK_CHARACTERS, CJK_CLASS_SQL
from govatlas.vocabulary import Binding, InstrumentType, LegalEffect, LifecycleKind, legal_effect

if TYPE_CHECKING:
    from govatlas.store.ranking_table import RankingTable

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_LIMIT = 200
# PostgreSQL counts matches up to this many: counting a quarter of a million provisions
# would take longer than finding the best of them (benchmarks/scale.py)
COUNT_CAP = 500
Span = tuple[int, int]
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_HYPHENATED = re.compile(r"\w+(?:-\w+)+", re.UNICODE)
ADOPTION = (LifecycleKind.ADOPTED, LifecycleKind.SIGNED, LifecycleKind.PUBLISHED)
FTS_TABLE = table("provision_fts", column("rowid"))
# Chinese and Japanese have no spaces between words, so the word indexes of both
# backends cannot find them; such queries match substrings instead.
_CJK = re.compile(f"[{CJK_CHARACTERS}]")
SNIPPET_CONTEXT = 60
# Words too common to say what a query is about; left out when the query has others.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "with",
    ]
)
# Ranking: a provision that is not operative text, or too short to be more than a heading,
# ranks lower. Tuned on the dev half of eval/gold/search-relevance (benchmarks/search_relevance).
SHORT_TEXT = 120  # characters: a heading, a bare reference
NOT_OPERATIVE = ("recital", "preamble", "reference")
CONTAINERS = ("chapter", "part", "section-group", "function", "heading")
BM25_SHORT, BM25_KIND = 5.0, 3.0  # added to BM25 (lower is better)
TS_SHORT, TS_KIND = 0.2, 0.4  # multiply ts_rank_cd (higher is better)
# Subtracted from a semantic match's cosine: operative text first there too (chosen on the
# same dev half: MRR@10 of MiniLM 0.52 -> 0.57; on the test half 0.60 -> 0.69).
COSINE_STANDING = 0.2


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False
    excluded: bool = False


@dataclass(frozen=True)
class SearchFilters:
    jurisdiction: str | None = None
    type: InstrumentType | None = None
    binding: Binding | None = None
    years: YearRange | None = None
    concept: str | None = None
    all_versions: bool = False  # default: only each instrument's newest version


@dataclass(frozen=True)
class SearchHit:
    provision_id: int
    instrument_id: str
    instrument: str
    jurisdiction: str
    version_id: int
    path: str
    heading: str | None
    snippet: str
    score: float
    highlights: tuple[Span, ...] = ()  # [start, end) of the matched terms in ``snippet``
    # what the instrument does today (a failed bill's provision is no rule)
    effect: LegalEffect | None = None
    # the language of the text the provision is in (ISO 639-1), so a page can mark a hit
    # in another language than the query's
    language: str | None = None


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    # False when counting stopped at ``COUNT_CAP`` matches (PostgreSQL): ``total`` is then
    # a lower bound, shown as "more than 500"
    total_exact: bool = True
    # the best hits from the first, without snippets (``search_provisions(sample=N)``)
    sample: list[SearchHit] = field(default_factory=list)


def _markers() -> tuple[str, str]:
    """Delimiters for one search: letters and digits (PostgreSQL's option syntax needs no
    quoting), with a random part that no stored text contains."""
    nonce = secrets.token_hex(8)
    return f"gaopen{nonce}x", f"gaclose{nonce}x"


def unmark(marked: str, markers: tuple[str, str]) -> tuple[str, tuple[Span, ...]]:
    """A snippet marked with ``markers`` as plain text and the spans they enclosed."""
    opening, closing = markers
    plain: list[str] = []
    spans: list[Span] = []
    size = position = 0
    while True:
        start = marked.find(opening, position)
        end = marked.find(closing, start + len(opening)) if start >= 0 else -1
        if start < 0 or end < 0:
            rest = marked[position:].replace(opening, "").replace(closing, "")
            plain.append(rest)
            break
        before, inner = marked[position:start], marked[start + len(opening) : end]
        plain.extend((before, inner))
        size += len(before)
        spans.append((size, size + len(inner)))
        size += len(inner)
        position = end + len(closing)
    return "".join(plain), tuple(spans)


def segments(snippet: str, spans: tuple[Span, ...]) -> list[tuple[str, bool]]:
    """``snippet`` cut into (text, matched) pieces, for renderers to escape and mark."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end > len(snippet):
            continue  # spans that overlap or run past the text are ignored
        if start > position:
            pieces.append((snippet[position:start], False))
        pieces.append((snippet[start:end], True))
        position = end
    if position < len(snippet):
        pieces.append((snippet[position:], False))
    return pieces


def parse_query(query: str) -> list[Term]:
    """Words, "phrases", prefix* and -excluded terms; everything else is ignored. A
    hyphenated word (high-risk) is the phrase of its parts."""
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInputError(
            f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}",
            "search for fewer, more specific words",
        )
    terms: list[Term] = []
    for match in _TOKEN.finditer(query):
        quoted_minus, quoted, minus, bare = match.groups()
        if quoted is not None:
            words = tuple(w.lower() for w in _WORD.findall(quoted))
            if words:
                terms.append(Term(words, phrase=len(words) > 1, excluded=bool(quoted_minus)))
            continue
        prefix = bare.endswith("*")
        if _HYPHENATED.fullmatch(bare.rstrip("*")):  # high-risk, real-time: one phrase
            words = tuple(w.lower() for w in _WORD.findall(bare))
            terms.append(Term(words, phrase=True, prefix=prefix, excluded=bool(minus)))
            continue
        for index, word in enumerate(_WORD.findall(bare)):
            last = index == len(_WORD.findall(bare)) - 1
            terms.append(Term((word.lower(),), prefix=prefix and last, excluded=bool(minus)))
    if len(terms) > MAX_TERMS:
        raise InvalidInputError(
            f"the query has {len(terms)} terms; the limit is {MAX_TERMS}", "use fewer words"
        )
    if terms and all(t.excluded for t in terms):
        raise InvalidInputError(
            "the query only excludes words",
            'add at least one word to look for, e.g. "AI -military"',
        )
    return terms


def meaningful(terms: list[Term]) -> list[Term]:
    """``terms`` without the common words, unless nothing else would be looked for."""
    kept = [t for t in terms if t.excluded or t.phrase or t.prefix or t.words[0] not in STOPWORDS]
    return kept if any(not t.excluded for t in kept) else terms


def standing_penalty(dialect: str) -> Any:
    """What ranking adds (SQLite, BM25) or multiplies (PostgreSQL) for a provision that is
    short or not operative text: bare headings, recitals, preambles, whole chapters."""
    short = func.length(Provision.text) < SHORT_TEXT  # its own text and its parts
    kind = Provision.kind.in_(NOT_OPERATIVE + CONTAINERS)
    if dialect == "sqlite":
        return case((short, BM25_SHORT), else_=0.0) + case((kind, BM25_KIND), else_=0.0)
    # The same test without unpacking long texts: PostgreSQL knows a text's size in bytes
    # without reading it, and a character takes one to four bytes.
    size = func.octet_length(Provision.text)
    short_factor = case(
        (size < SHORT_TEXT, TS_SHORT),
        (size >= 4 * SHORT_TEXT, 1.0),
        (short, TS_SHORT),
        else_=1.0,
    )
    return short_factor * case((kind, TS_KIND), else_=1.0)


def lower_standing(session: Session, ids: Sequence[int]) -> set[int]:
    """The provisions among ``ids`` that ranking puts after operative text: those
    ``standing_penalty`` penalises (too short to be more than a heading, or not operative)."""
    if not ids:
        return set()
    lower = (func.length(Provision.text) < SHORT_TEXT) | Provision.kind.in_(
        NOT_OPERATIVE + CONTAINERS
    )
    query = select(Provision.id).where(Provision.id.in_(list(ids)), lower)
    return set(session.scalars(query))


def _fts5(terms: list[Term]) -> str:
    def quoted(term: Term) -> str:
        body = '"' + " ".join(term.words) + '"'
        return body + "*" if term.prefix else body

    positive = " OR ".join(quoted(t) for t in terms if not t.excluded)
    negative = "".join(f" NOT {quoted(t)}" for t in terms if t.excluded)
    return f"({positive}){negative}" if negative else positive


def _tsquery(terms: list[Term]) -> str:
    def one(term: Term) -> str:
        words = [f"'{w}'" for w in term.words]
        body = " <-> ".join(words) if term.phrase else words[0]
        if term.prefix:
            body += ":*"
        body = f"({body})" if term.phrase else body
        return f"!{body}" if term.excluded else body

    positive = " | ".join(one(t) for t in terms if not t.excluded)
    negative = "".join(f" & {one(t)}" for t in terms if t.excluded)
    return f"({positive}){negative}"


# Each database's versions that are not their instrument's newest text, by (newest
# version id, number of versions): versions are only added, and a trigger refuses to
# move one to another instrument (migration 0009), so the pair changes whenever they do.
_OLDER: dict[str, tuple[tuple[int, int], list[int]]] = {}


def _newest_versions(session: Session) -> Any:
    """A condition on provisions: of their instrument's newest full-text version. A
    subquery on SQLite; on PostgreSQL, not one of the other versions, which are few and
    kept in memory until a version is added. (Given the subquery, PostgreSQL guesses 200
    versions and reads every provision of each to test the words; given the ids of the
    newest, it spends milliseconds planning each query around 16,000 of them at a million
    provisions; benchmarks/scale.py.)"""
    if session.get_bind().dialect.name != "postgresql":
        return Provision.version_id.in_(newest_version_ids())
    newest, versions = session.execute(select(func.max(InstrumentVersion.id), func.count())).one()
    stamp = (int(newest or 0), int(versions))
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    known = _OLDER.get(database)
    if known is None or known[0] != stamp:
        current = InstrumentVersion.id.in_(newest_version_ids())
        older = select(InstrumentVersion.id).where(~current)
        known = (stamp, list(session.scalars(older)))
        _OLDER[database] = known
    if not known[1]:
        return true()
    # ``+ 0``: a test on each provision found, never a walk through the version index
    return (Provision.version_id + 0) != all_(
        bindparam("older_versions", known[1], type_=ARRAY(Integer))
    )


def _filtered(statement: Select[Any], filters: SearchFilters, newest: Any = None) -> Select[Any]:
    """``statement`` with ``filters``; ``newest``: ``_newest_versions``'s condition (the
    subquery when not given)."""
    if not filters.all_versions:
        if newest is None:
            newest = Provision.version_id.in_(newest_version_ids())
        statement = statement.where(newest)
    if filters.jurisdiction:
        scope = jurisdiction_with_descendants(filters.jurisdiction)
        statement = statement.where(Instrument.jurisdiction_id.in_(sorted(scope)))
    if filters.type:
        statement = statement.where(Instrument.type == filters.type)
    if filters.binding:
        statement = statement.where(Instrument.binding == filters.binding)
    if filters.years:
        start, end = filters.years.start, filters.years.end

        def event_in(kinds: tuple[LifecycleKind, ...]) -> Any:
            year = func.extract("year", LifecycleEvent.date)
            return exists().where(
                LifecycleEvent.instrument_id == Instrument.id,
                LifecycleEvent.kind.in_(kinds),
                year >= start,
                year <= end,
            )

        adopted_any = exists().where(
            LifecycleEvent.instrument_id == Instrument.id, LifecycleEvent.kind.in_(ADOPTION)
        )
        statement = statement.where(
            or_(event_in(ADOPTION), and_(~adopted_any, event_in((LifecycleKind.PROPOSED,))))
        )
    if filters.concept:
        statement = statement.where(
            or_(
                exists().where(
                    Label.concept_id == filters.concept, Label.instrument_id == Instrument.id
                ),
                exists().where(
                    Label.concept_id == filters.concept, Label.provision_id == Provision.id
                ),
            )
        )
    return statement


def _ranked(rank: Any) -> Select[Any]:
    return (
        select(Provision.id, rank)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
    )


# what a hit shows besides its id and score or snippet
_SHOWN = (
    Instrument.id,
    Instrument.short_name,
    Instrument.jurisdiction_id,
    Provision.version_id,
    Provision.path,
    Provision.heading,
)


def _with_instrument(statement: Select[Any]) -> Select[Any]:
    return statement.join(InstrumentVersion, InstrumentVersion.id == Provision.version_id).join(
        Instrument, Instrument.id == InstrumentVersion.instrument_id
    )


def _ranked_hits(rank: Any) -> Select[Any]:
    """``_ranked`` with what a hit shows: its instrument, place, version, path and heading."""
    return _with_instrument(select(Provision.id, rank, *_SHOWN))


def _best_then_shown(scored: Select[Any], rank: Any, best: int) -> Select[Any]:
    """The ``best`` provisions of ``scored`` (id and score, higher first), with what a hit
    shows: ranked without reading instruments, which are read for those ``best`` only."""
    top = scored.order_by(rank.desc(), Provision.id).limit(best).subquery("best")
    return (
        select(top.c.id, top.c.score, *_SHOWN)
        .select_from(top)
        .join(Provision, Provision.id == top.c.id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
        .order_by(top.c.score.desc(), top.c.id)
    )


def _details(ids: list[int], snippet: Any) -> Select[Any]:
    return _with_instrument(select(Provision.id, *_SHOWN, snippet)).where(Provision.id.in_(ids))


def search_provisions(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
    *,
    snippets: bool = True,
    count: bool = True,
    sample: int = 0,
    table: RankingTable | None = None,
    exhaustive: bool = False,
) -> SearchResult:
    """Provisions matching ``query``, best first; snippets only for the returned page.

    ``snippets=False`` leaves the snippets empty and ``count=False`` the total at 0.
    ``sample=N`` also fills ``result.sample`` with the best N hits from the first (no
    snippets), from the same ranked query: what the search page counts by place and
    instrument, without ranking the matches a second time. ``table``: a server's
    ``ranking_table``, which ranks and counts unfiltered searches of an SQLite store in
    memory (same order, same count; ``ranking_table.py``). On a PostgreSQL store with
    champion lists, a search ranks only its candidates (``search_champions.py``) and
    counts up to ``COUNT_CAP``; ``exhaustive=True`` ranks every match instead (what
    the benchmark compares the candidates with)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise InvalidInputError(f"offset must not be negative, got {offset}")
    if not 0 <= sample <= MAX_LIMIT:
        raise InvalidInputError(f"sample must be between 0 and {MAX_LIMIT}, got {sample}")
    terms = parse_query(query)
    result = SearchResult(query)
    if not terms:
        return result
    filters = filters or SearchFilters()
    if any(_CJK.search(word) for term in terms for word in term.words):
        return _substring_search(session, terms, filters, limit, offset, result)
    terms = meaningful(terms)
    markers = _markers()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match: Any = text("provision_fts MATCH :fts").bindparams(fts=_fts5(terms))
        rank: Any = literal_column("bm25(provision_fts, 2.0, 1.0)") + standing_penalty(dialect)
        order = rank.asc()
        snippet: Any = None
    else:
        tsquery = func.to_tsquery("english", _tsquery(terms))
        vector: Any = literal_column("provision.search_vector")
        match = vector.op("@@")(tsquery)
        rank = func.ts_rank_cd(vector, tsquery) * standing_penalty(dialect)
        order = rank.desc()
        snippet = func.ts_headline(
            "english",
            func.coalesce(Provision.search_text, Provision.text),
            tsquery,
            f"StartSel={markers[0]}, StopSel={markers[1]}, MaxWords=40, MinWords=15",
        )

    newest = _newest_versions(session) if not filters.all_versions else None

    def matching(statement: Select[Any], among: list[int] | None = None) -> Select[Any]:
        if dialect == "sqlite":
            statement = statement.join(FTS_TABLE, FTS_TABLE.c.rowid == Provision.id)
        if among is not None:
            statement = statement.where(
                Provision.id == any_(bindparam("candidates", among, type_=ARRAY(Integer)))
            )
            if _single_words(terms):
                # every candidate holds one of the words: testing again would read each
                # provision's words a second time
                return _filtered(statement, filters, newest)
        return _filtered(statement.where(match), filters, newest)

    page: Sequence[Any]
    sample_rows: Sequence[Any]
    if table is not None and dialect == "sqlite" and filters == SearchFilters():
        # the index gives the matches and their BM25; the table ranks and counts them
        best_ids, found = table.ranked(
            _matches_and_bm25(session, _fts5(terms)), max(sample, offset + limit)
        )
        shown = table.showing([pid for pid, _ in best_ids])
        rows = [(pid, score, *shown[pid]) for pid, score in best_ids if pid in shown]
        page, sample_rows = rows[offset : offset + limit], rows[:sample]
        result.total = found if count else 0
    else:
        cap = COUNT_CAP if dialect == "postgresql" else None
        unfiltered = filters == SearchFilters(all_versions=filters.all_versions)
        # counting needs the instrument only to filter by it
        counted = select(Provision.id)
        counted = counted if unfiltered else _with_instrument(counted)
        counting = matching(counted) if count else None
        candidates = (
            None
            if exhaustive or dialect != "postgresql" or filters.all_versions
            else _champion_candidates(session, terms, match)
        )
        page = sample_rows = []
        if candidates is not None:
            settled = cap is not None and counting is not None and _single_words(terms)
            if settled:  # every candidate matches: more than the cap of them settles it
                passing = matching(counted, candidates).limit((cap or 0) + 1)
                passed = session.scalar(select(func.count()).select_from(passing.subquery()))
                settled = (passed or 0) > (cap or 0)
            ranked = (
                _best_then_shown(
                    matching(select(Provision.id, rank.label("score")), candidates),
                    rank,
                    max(offset + limit, sample),
                )
                if unfiltered  # rank the provisions alone, then read the best ones' places
                else matching(_ranked_hits(rank), candidates).order_by(order, Provision.id)
            )
            page, sample_rows, result.total = _ranked_in_sql(
                session,
                ranked,
                None if settled else counting,
                limit,
                offset,
                sample,
                cap,
                shortcut=False,
            )
            if settled:
                result.total = (cap or 0) + 1
        if candidates is None or _short(page, sample_rows, result.total, limit, offset, sample):
            page, sample_rows, result.total = _ranked_in_sql(
                session,
                matching(_ranked_hits(rank)).order_by(order, Provision.id),
                counting,
                limit,
                offset,
                sample,
                cap,
            )
        if cap is not None and result.total > cap:
            result.total, result.total_exact = cap, False
    ids = [row[0] for row in page]
    marked: dict[int, str] = {}
    if snippets and ids:
        marked = (
            _fts5_snippets(session, _fts5(terms), ids, markers)
            if snippet is None
            else {
                pid: str(text_)
                for pid, text_ in session.execute(
                    select(Provision.id, snippet).where(Provision.id.in_(ids))
                )
            }
        )
    for pid, score, iid, name, jur, vid, path, heading in page:
        plain, spans = unmark(marked.get(pid) or "", markers)
        result.hits.append(
            SearchHit(pid, iid, name, jur, vid, path, heading, plain, float(score), spans)
        )
    result.hits = with_effects(session, result.hits)
    on_page = {hit.provision_id: hit for hit in result.hits}
    for pid, score, iid, name, jur, vid, path, heading in sample_rows:
        result.sample.append(
            on_page.get(pid) or SearchHit(pid, iid, name, jur, vid, path, heading, "", float(score))
        )
    return result


def _matches_and_bm25(session: Session, fts_query: str) -> list[tuple[int, float]]:
    """Every provision the full-text query matches, with its BM25, through the driver's
    own cursor: thousands of plain tuples, not SQLAlchemy rows."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            "SELECT rowid, bm25(provision_fts, 2.0, 1.0) FROM provision_fts "
            "WHERE provision_fts MATCH ?",
            (fts_query,),
        )
        return list(cursor.fetchall())
    finally:
        cursor.close()


def refresh_champion_lists(session: Session, *, force: bool = False) -> ChampionBuild | None:
    """Bring a PostgreSQL store's champion lists up to date (``search_champions``), with
    the scores this module ranks by."""
    return refresh_search_champions(session, standing_penalty("postgresql"), force=force)


def _champion_candidates(session: Session, terms: list[Term], match: Any) -> list[int] | None:
    """The ids a PostgreSQL search ranks instead of every match (``search_champions``;
    None when the query has a prefix or no word with a champion list)."""
    wanted = [t for t in terms if not t.excluded]
    if any(t.prefix for t in wanted) or not champion_lists_in_use(session):
        return None
    lists = word_lists(session, sorted({word for t in wanted for word in t.words}))
    if not lists.frequent:
        return None
    ids = champions_of(session, lists)
    stored_since = Provision.id > lists.built_through
    ids.update(session.scalars(select(Provision.id).where(match, stored_since)))
    # what no list stands for: rare words, phrases, and provisions holding every word
    few = [_tsquery([t]) for t in wanted if t.phrase or t.words[0] in lists.rare]
    if len(wanted) > 1:
        few.append(" & ".join(_tsquery([t]) for t in wanted))
    vector: Any = literal_column("provision.search_vector")
    for query in few:
        holding = vector.op("@@")(func.to_tsquery("english", query))
        found = session.scalars(
            select(Provision.id).where(holding).limit(ALL_WORDS_WINDOW + 1)
        ).all()
        if len(found) <= ALL_WORDS_WINDOW:
            ids.update(found)
    return sorted(ids)


def _single_words(terms: list[Term]) -> bool:
    """Whether the query is words to look for, without phrases or words to leave out:
    then every provision holding one of them matches."""
    return all(len(t.words) == 1 and not t.excluded for t in terms)


def _short(
    page: Sequence[Any], best: Sequence[Any], total: int, limit: int, offset: int, sample: int
) -> bool:
    """Whether ranking the candidates gave fewer rows than the matches would: a page
    deep in the results, or filters that keep few of the candidates."""
    return (len(page) < limit and total > offset + len(page)) or (len(best) < min(sample, total))


def _ranked_in_sql(
    session: Session,
    ranked: Select[Any],
    counting: Select[Any] | None,
    limit: int,
    offset: int,
    sample: int,
    cap: int | None = None,
    *,
    shortcut: bool = True,
) -> tuple[Sequence[Any], Sequence[Any], int]:
    """The page's rows, the sample's rows and the count (0 when ``counting`` is None;
    ``cap + 1`` at most when counting stops at ``cap``) from the ranked statement: one
    ranking when the page lies inside the sample. ``shortcut``: every match is ranked,
    so a sample that is not full is every match and its size the count."""
    together = sample > 0 and offset + limit <= sample
    if together:
        best = session.execute(ranked.limit(sample)).all()
        page: Sequence[Any] = best[offset : offset + limit]
    else:
        page = session.execute(ranked.limit(limit).offset(offset)).all()
        best = session.execute(ranked.limit(sample)).all() if sample else []
    total = 0
    if counting is not None:
        complete = shortcut and together and len(best) < sample  # every match is in hand
        if cap is not None:
            counting = counting.limit(cap + 1)
        total = (
            len(best)
            if complete
            else session.scalar(select(func.count()).select_from(counting.subquery())) or 0
        )
    return page, best, total


def _fts5_snippets(
    session: Session, fts_query: str, ids: list[int], markers: tuple[str, str]
) -> dict[int, str]:
    """The marked snippet of each provision of ``ids`` (a page: at most ``MAX_LIMIT``),
    through the driver's own cursor as ``_matches_and_bm25`` reads the matches."""
    placeholders = ", ".join("?" for _ in ids)
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            "SELECT rowid, snippet(provision_fts, 1, ?, ?, '…', 32) FROM provision_fts "
            f"WHERE provision_fts MATCH ? AND rowid IN ({placeholders})",
            (markers[0], markers[1], fts_query, *ids),
        )
        return {int(rowid): str(snip) for rowid, snip in cursor.fetchall()}
    finally:
        cursor.close()


def _snippet_around(body: str, needle: str) -> tuple[str, tuple[Span, ...]]:
    at = body.find(needle)
    if at < 0 or not needle:
        return body[: 2 * SNIPPET_CONTEXT], ()
    start, end = max(0, at - SNIPPET_CONTEXT), at + len(needle) + SNIPPET_CONTEXT
    before = ("…" if start else "") + body[start:at]
    snippet = before + body[at : at + len(needle)] + body[at + len(needle) : end] + "…"
    return snippet, ((len(before), len(before) + len(needle)),)


def _substring_search(
    session: Session,
    terms: list[Term],
    filters: SearchFilters,
    limit: int,
    offset: int,
    result: SearchResult,
) -> SearchResult:
    """Substring matching for CJK queries; shorter provisions rank first."""
    body = func.coalesce(Provision.search_text, Provision.text)
    conditions = []
    for term in terms:
        needle = " ".join(term.words) if not _CJK.search(term.words[0]) else "".join(term.words)
        contains = body.contains(needle, autoescape=True)
        conditions.append(~contains if term.excluded else contains)
    holds = and_(*conditions)
    statement = _ranked(func.length(body)).where(holds)
    page: Sequence[Any] | None = None
    if session.get_bind().dialect.name == "postgresql":
        # the same words as the trigram index's condition, so that PostgreSQL uses it
        cjk = body.op("~")(literal_column(CJK_CLASS_SQL))
        newest = _newest_versions(session) if not filters.all_versions else None
        statement = _filtered(statement.where(cjk), filters, newest)
        counting = statement.limit(COUNT_CAP + 1)
        result.total = session.scalar(select(func.count()).select_from(counting.subquery())) or 0
        if result.total > COUNT_CAP:  # common characters: the shortest are found by walking
            result.total, result.total_exact = COUNT_CAP, False
            admitted = _filtered(_ranked(func.length(body)), filters, newest)
            shortest = _shortest_first(session, cjk, holds, admitted, offset + limit)
            page = None if shortest is None else shortest[offset : offset + limit]
    else:
        statement = _filtered(statement, filters)
        result.total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    if page is None:
        page = session.execute(
            statement.order_by(func.length(body), Provision.id).limit(limit).offset(offset)
        ).all()
    ids = [pid for pid, _ in page]
    details = {row[0]: row for row in session.execute(_details(ids, body))}
    first = next(("".join(t.words) for t in terms if not t.excluded), "")
    for pid, length in page:
        _, iid, name, jur, vid, path, heading, own = details[pid]
        snippet, spans = _snippet_around(own or "", first)
        result.hits.append(
            SearchHit(pid, iid, name, jur, vid, path, heading, snippet, float(length), spans)
        )
    result.hits = with_effects(session, result.hits)
    return result


WALK_BATCH, WALK_BATCHES = 2000, 25


def _shortest_first(
    session: Session, cjk: Any, holds: Any, filtered: Select[Any], needed: int
) -> list[tuple[int, int]] | None:
    """The ``needed`` shortest provisions that hold the words and pass the filters,
    read in length order through ``CJK_LENGTH_INDEX``, ``WALK_BATCH`` at a time; None when
    ``WALK_BATCHES`` were not enough (the caller then sorts every match). ``filtered``:
    the filters without the words, so that only the ids found are looked up. PostgreSQL
    cannot estimate how many provisions hold a run of Chinese characters, and would
    otherwise sort tens of thousands of them to show twenty."""
    length = func.length(func.coalesce(Provision.search_text, Provision.text))
    found: list[tuple[int, int]] = []
    after: tuple[int, int] | None = None
    for _ in range(WALK_BATCHES):
        step = select(Provision.id, length, holds).where(cjk)
        if after is not None:
            step = step.where(tuple_(length, Provision.id) > tuple_(*after))
        rows = session.execute(step.order_by(length, Provision.id).limit(WALK_BATCH)).all()
        held = [(pid, size) for pid, size, holding in rows if holding]
        if held:
            among = any_(bindparam("walked", [pid for pid, _ in held], type_=ARRAY(Integer)))
            kept = {row[0] for row in session.execute(filtered.where(Provision.id == among))}
            found.extend(hit for hit in held if hit[0] in kept)
        if len(found) >= needed or len(rows) < WALK_BATCH:
            return found
        after = (rows[-1][1], rows[-1][0])
    return None


def filtered_provision_ids(session: Session, filters: SearchFilters) -> set[int] | None:
    """Provision ids that pass ``filters`` (None when nothing is filtered)."""
    if filters == SearchFilters(all_versions=filters.all_versions):
        return None
    statement = _filtered(_ranked(literal_column("0")), filters)
    return {pid for pid, _ in session.execute(statement)}


def provision_hits(
    session: Session,
    scored: list[tuple[int, float]],
    snippets: dict[int, tuple[str, tuple[Span, ...]]] | None = None,
) -> list[SearchHit]:
    """Search hits for (provision id, score) pairs, in that order."""
    if not scored:
        return []
    body = func.coalesce(Provision.search_text, Provision.text)
    details = {row[0]: row for row in session.execute(_details([pid for pid, _ in scored], body))}
    hits = []
    for pid, score in scored:
        _, iid, name, jur, vid, path, heading, own = details[pid]
        snippet, spans = (snippets or {}).get(pid) or (
            " ".join((own or "").split())[: 4 * SNIPPET_CONTEXT],
            (),
        )
        hits.append(SearchHit(pid, iid, name, jur, vid, path, heading, snippet, score, spans))
    return with_effects(session, hits)


def with_effects(session: Session, hits: list[SearchHit]) -> list[SearchHit]:
    """The hits, each with what its instrument does today (``vocabulary.legal_effect``)
    and the language of its text."""
    ids = sorted({hit.instrument_id for hit in hits})
    if not ids:
        return hits
    rows = session.execute(
        select(Instrument.id, Instrument.binding, Instrument.status).where(Instrument.id.in_(ids))
    )
    effects = {iid: legal_effect(binding, status) for iid, binding, status in rows}
    language_of_text = func.coalesce(Provision.language, InstrumentVersion.language)
    languages: dict[int, str | None] = {
        pid: language
        for pid, language in session.execute(
            select(Provision.id, language_of_text)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(Provision.id.in_(sorted({hit.provision_id for hit in hits})))
        )
    }
    return [
        replace(
            hit, effect=effects.get(hit.instrument_id), language=languages.get(hit.provision_id)
        )
        for hit in hits
    ]


def embedded_count(session: Session, model_id: str) -> int:
    """How many provision texts a model's vectors are stored for."""
    return (
        session.scalar(
            select(func.count()).select_from(Embedding).where(Embedding.model_id == model_id)
        )
        or 0
    )
