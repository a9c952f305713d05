"""Full-text search: the query language, hostile input, filters and ranking."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from govatlas.catalog import YearRange
from govatlas.errors import InvalidInputError
from govatlas.store.models import Instrument
from govatlas.store.search import (
    SearchFilters,
    Term,
    _fts5,
    _tsquery,
    meaningful,
    parse_query,
    search_provisions,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, legal_effect


def test_query_language() -> None:
    assert parse_query('safety "red teaming" audit* -military') == [
        Term(("safety",)),
        Term(("red", "teaming"), phrase=True),
        Term(("audit",), prefix=True),
        Term(("military",), excluded=True),
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        '"unbalanced quote',
        "AND OR NOT NEAR(",
        "col:value ^start",
        "'; DROP TABLE provision; --",
        "*",
        '""',
        "(((",
    ],
)
def test_hostile_queries_become_plain_words(hostile: str, ingested: Engine) -> None:
    terms = parse_query(hostile)
    for term in terms:
        assert all(word.isalnum() or "_" in word for word in term.words)
    with transaction(ingested) as session:
        search_provisions(session, hostile)  # must not raise


def test_rebuilt_queries_quote_every_word() -> None:
    terms = parse_query('AND "x y" z* -NOT')
    assert _fts5(terms) == '("and" OR "x y" OR "z"*) NOT "not"'
    assert _tsquery(terms) == "('and' | ('x' <-> 'y') | 'z':*) & !'not'"
    assert _fts5(parse_query("a b")) == '"a" OR "b"'


def test_hyphenated_words_are_phrases_and_common_words_drop() -> None:
    assert parse_query("high-risk -real-time") == [
        Term(("high", "risk"), phrase=True),
        Term(("real", "time"), phrase=True, excluded=True),
    ]
    terms = meaningful(parse_query('protection of the "rule of law" -for'))
    assert [t.words for t in terms] == [("protection",), ("rule", "of", "law"), ("for",)]
    assert meaningful(parse_query("of the")) == parse_query("of the")  # nothing else to keep


def test_any_word_matches_and_more_words_rank_first(ingested: Engine) -> None:
    with transaction(ingested) as session:
        both = search_provisions(session, "red-teaming independent", limit=200)
        one = search_provisions(session, "independent", limit=200)
        stemmed = search_provisions(session, "chatbot", limit=200)
    assert one.total <= both.total  # any word: a query never finds less by adding one
    assert (both.hits[0].instrument_id, both.hits[0].path) == ("agora-1", "sec.2.a.1")
    assert any(h.instrument_id == "agora-3" for h in stemmed.hits)  # "Chatbots", stemmed


def test_a_facet_sample_skips_snippets_and_the_count_but_keeps_the_order(
    ingested: Engine,
) -> None:
    with transaction(ingested) as session:
        full = search_provisions(session, "red-teaming independent", limit=50)
        sample = search_provisions(
            session, "red-teaming independent", limit=50, snippets=False, count=False
        )
    assert sample.total == 0 and full.total > 0
    assert [h.provision_id for h in sample.hits] == [h.provision_id for h in full.hits]
    assert [h.jurisdiction for h in sample.hits] == [h.jurisdiction for h in full.hits]
    assert all(h.snippet == "" for h in sample.hits) and any(h.snippet for h in full.hits)


def test_operative_provisions_rank_above_headings_and_recitals(ingested: Engine) -> None:
    from govatlas.store.models import Instrument, InstrumentVersion, Provision
    from govatlas.vocabulary import Status

    words = "Providers shall notify the authority of every zephyr quokka"
    with transaction(ingested) as session:
        session.add(
            Instrument(
                id="sandbox-act",
                title="Sandbox Act",
                short_name="Sandbox Act",
                type=InstrumentType.LAW,
                binding=Binding.BINDING,
                status=Status.IN_FORCE,
                jurisdiction_id="FRA",
            )
        )
        version = InstrumentVersion(
            instrument_id="sandbox-act", content_hash="h", text=words, format="txt"
        )
        session.add(version)
        session.flush()
        for ordinal, (path, kind, text) in enumerate(
            [
                ("recital.1", "recital", f"Whereas: {words}, as the articles below require. " * 2),
                ("art.1", "heading", "Zephyr quokka"),
                (
                    "art.2",
                    "article",
                    f"{words} within 15 days, in writing, and keep a record. " * 2,
                ),
            ]
        ):
            session.add(
                Provision(
                    version_id=version.id,
                    path=path,
                    kind=kind,
                    start_offset=0,
                    end_offset=len(text),
                    ordinal=ordinal,
                    text=text,
                )
            )
    with transaction(ingested) as session:
        hits = search_provisions(session, "zephyr quokka", limit=10).hits
    assert [h.path for h in hits if h.instrument_id == "sandbox-act"] == [
        "art.2",
        "recital.1",
        "art.1",
    ]


def test_limits_on_queries() -> None:
    with pytest.raises(InvalidInputError, match="10240 characters long; the limit is 1000"):
        parse_query("a" * 10240)
    with pytest.raises(InvalidInputError, match="the limit is 32"):
        parse_query(" ".join(f"w{n}" for n in range(40)))
    with pytest.raises(InvalidInputError, match="only excludes words"):
        parse_query("-military -weapons")


def test_ranked_hits_with_highlighted_snippets(ingested: Engine) -> None:
    with transaction(ingested) as session:
        result = search_provisions(session, "red-teaming independent")
    assert result.total >= 1
    top = result.hits[0]
    assert (top.instrument_id, top.path) == ("agora-1", "sec.2.a.1")
    marked = {top.snippet[a:b].lower() for a, b in top.highlights}
    assert marked & {"red-teaming", "red", "teaming"} and "«" not in top.snippet


def test_phrase_prefix_and_exclusion(ingested: Engine) -> None:
    with transaction(ingested) as session:
        phrase = search_provisions(session, '"bias audit"')
        assert [h.instrument_id for h in phrase.hits] == ["agora-2"]
        prefix = search_provisions(session, "disclos*")
        assert {h.instrument_id for h in prefix.hits} == {"agora-3"}
        excluded = search_provisions(session, "developer -incident -incidents")
        assert all("incident" not in h.snippet.lower() for h in excluded.hits)


def test_filters(ingested: Engine) -> None:
    def ids(filters: SearchFilters, query: str = "shall") -> set[str]:
        with transaction(ingested) as session:
            return {
                h.instrument_id for h in search_provisions(session, query, filters, limit=200).hits
            }

    everything = ids(SearchFilters())
    assert {"agora-1", "agora-2"} <= everything
    assert ids(SearchFilters(jurisdiction="USA")) <= {"agora-1", "agora-2", "agora-5", "agora-6"}
    assert "agora-1" in ids(SearchFilters(jurisdiction="USA"))  # US-CA is inside USA
    assert ids(SearchFilters(type=InstrumentType.BILL)) == {"agora-2", "agora-5"}
    assert "agora-3" not in ids(SearchFilters(binding=Binding.BINDING), "chatbots")
    assert ids(SearchFilters(years=YearRange(2024, 2024))) >= {"agora-1"}
    assert "agora-2" not in ids(SearchFilters(years=YearRange(2024, 2024)))
    assert ids(SearchFilters(concept="agora:harms-discrimination")) == {"agora-2", "agora-5"}


@pytest.mark.parametrize("sample", [3, 200])  # fewer than the matches, and all of them
def test_one_ranking_gives_the_page_the_sample_and_the_exact_count(
    ingested: Engine, sample: int
) -> None:
    with transaction(ingested) as session:
        alone = search_provisions(session, "shall risk", limit=2, offset=1)
        best = search_provisions(session, "shall risk", limit=sample, snippets=False)
        together = search_provisions(session, "shall risk", limit=2, offset=1, sample=sample)
        beyond = search_provisions(session, "shall risk", limit=2, offset=sample, sample=sample)
        with pytest.raises(InvalidInputError, match="sample must be between 0 and 200"):
            search_provisions(session, "shall", sample=201)
    assert alone.total > 3 and together.total == alone.total == beyond.total
    assert [(h.provision_id, h.snippet, h.highlights) for h in together.hits] == [
        (h.provision_id, h.snippet, h.highlights) for h in alone.hits
    ]
    assert [h.provision_id for h in together.sample] == [h.provision_id for h in best.hits]
    assert [h.instrument for h in together.sample] == [h.instrument for h in best.hits]
    assert together.sample[1] is together.hits[0]  # the page's hits keep their snippets
    assert len(beyond.sample) == len(best.hits)  # a page past the sample: a second ranking


def test_pagination_and_bounds(ingested: Engine) -> None:
    with transaction(ingested) as session:
        first = search_provisions(session, "shall", limit=2)
        second = search_provisions(session, "shall", limit=2, offset=2)
        assert len(first.hits) == 2 and first.total == second.total
        assert not {h.provision_id for h in first.hits} & {h.provision_id for h in second.hits}
        with pytest.raises(InvalidInputError, match="limit must be between 1 and 200"):
            search_provisions(session, "shall", limit=10_000)
        with pytest.raises(InvalidInputError, match="offset must not be negative"):
            search_provisions(session, "shall", offset=-1)


def test_empty_query_returns_nothing(ingested: Engine) -> None:
    with transaction(ingested) as session:
        assert search_provisions(session, "   ").hits == []


def test_cjk_queries_match_substrings(ingested: Engine) -> None:
    from govatlas.ingest.linking import Linker
    from govatlas.ingest.pipeline import store_document
    from govatlas.records import InstrumentDraft, SourceDocument

    text = (
        "第一条　为了促进生成式人工智能健康发展，制定本办法。\n第二条　本办法自公布之日起施行。\n"
    )
    doc = SourceDocument(
        "test",
        "zh",
        "zh",
        InstrumentDraft(
            "zh-law", "测试办法", "测试办法", InstrumentType.REGULATION, Binding.BINDING, "CHN"
        ),
        text,
    )
    with transaction(ingested) as session:
        store_document(session, Linker(session), doc)
    with transaction(ingested) as session:
        result = search_provisions(session, "人工智能")
    assert [(h.instrument_id, h.path) for h in result.hits] == [("zh-law", "art.1")]
    hit = result.hits[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["人工智能"]


def test_every_hit_says_what_its_instrument_does_today(ingested: Engine) -> None:
    with transaction(ingested) as session:
        hits = search_provisions(session, "shall AI system model", limit=100).hits
        facts = {
            i.id: legal_effect(i.binding, i.status)
            for i in session.scalars(
                select(Instrument).where(Instrument.id.in_({h.instrument_id for h in hits}))
            )
        }
    assert hits and all(h.effect == facts[h.instrument_id] for h in hits)
    assert len({h.effect for h in hits}) >= 2  # the fixture mixes laws, bills and guidance
