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
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
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
from govatlas.vocabulary import Binding, InstrumentType, LegalEffect, LifecycleKind, legal_effect

if TYPE_CHECKING:
    from govatlas.store.ranking_table import RankingTable

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_LIMIT = 200
Span = tuple[int, int]
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_HYPHENATED = re.compile(r"\w+(?:-\w+)+", re.UNICODE)
ADOPTION = (LifecycleKind.ADOPTED, LifecycleKind.SIGNED, LifecycleKind.PUBLISHED)
FTS_TABLE = table("provision_fts", column("rowid"))
# Chinese and Japanese have no spaces between words, so the word indexes of both
# backends cannot find them; such queries match substrings instead.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
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


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
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
    return case((short, TS_SHORT), else_=1.0) * case((kind, TS_KIND), else_=1.0)


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


def _filtered(statement: Select[Any], filters: SearchFilters) -> Select[Any]:
    if not filters.all_versions:
        statement = statement.where(Provision.version_id.in_(newest_version_ids()))
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
) -> SearchResult:
    """Provisions matching ``query``, best first; snippets only for the returned page.

    ``snippets=False`` leaves the snippets empty and ``count=False`` the total at 0.
    ``sample=N`` also fills ``result.sample`` with the best N hits from the first (no
    snippets), from the same ranked query: what the search page counts by place and
    instrument, without ranking the matches a second time. ``table``: a server's
    ``ranking_table``, which ranks and counts unfiltered searches of an SQLite store in
    memory (same order, same count; ``ranking_table.py``)."""
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

    def matching(statement: Select[Any]) -> Select[Any]:
        if dialect == "sqlite":
            statement = statement.join(FTS_TABLE, FTS_TABLE.c.rowid == Provision.id)
        return _filtered(statement.where(match), filters)

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
        page, sample_rows, result.total = _ranked_in_sql(
            session,
            matching(_ranked_hits(rank)).order_by(order, Provision.id),
            matching(_ranked(rank)) if count else None,
            limit,
            offset,
            sample,
        )
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


def _ranked_in_sql(
    session: Session,
    ranked: Select[Any],
    counting: Select[Any] | None,
    limit: int,
    offset: int,
    sample: int,
) -> tuple[Sequence[Any], Sequence[Any], int]:
    """The page's rows, the sample's rows and the count (0 when ``counting`` is None) from
    the ranked statement: one ranking when the page lies inside the sample."""
    together = sample > 0 and offset + limit <= sample
    if together:
        best = session.execute(ranked.limit(sample)).all()
        page: Sequence[Any] = best[offset : offset + limit]
    else:
        page = session.execute(ranked.limit(limit).offset(offset)).all()
        best = session.execute(ranked.limit(sample)).all() if sample else []
    total = 0
    if counting is not None:
        complete = together and len(best) < sample  # every match is in hand
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
    statement = _ranked(func.length(body))
    for term in terms:
        needle = " ".join(term.words) if not _CJK.search(term.words[0]) else "".join(term.words)
        contains = body.contains(needle, autoescape=True)
        statement = statement.where(~contains if term.excluded else contains)
    statement = _filtered(statement, filters)
    result.total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
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
    """The hits, each with what its instrument does today (``vocabulary.legal_effect``)."""
    ids = sorted({hit.instrument_id for hit in hits})
    if not ids:
        return hits
    rows = session.execute(
        select(Instrument.id, Instrument.binding, Instrument.status).where(Instrument.id.in_(ids))
    )
    effects = {iid: legal_effect(binding, status) for iid, binding, status in rows}
    return [replace(hit, effect=effects.get(hit.instrument_id)) for hit in hits]


def embedded_count(session: Session, model_id: str) -> int:
    """How many provision texts a model's vectors are stored for."""
    return (
        session.scalar(
            select(func.count()).select_from(Embedding).where(Embedding.model_id == model_id)
        )
        or 0
    )
