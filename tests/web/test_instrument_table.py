"""The instrument table: keyword, sorting by any column, paging; the jurisdiction page's
summary, paged table and short timeline."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from govatlas.errors import InvalidInputError
from govatlas.store.models import Instrument
from govatlas.vocabulary import Binding, Status
from govatlas.web.instrument_table import (
    STANDING_LABELS,
    TableOrder,
    page_number,
    standing_summary,
    table_page,
)
from govatlas.web.queries import InstrumentFilters


def table_ids(page: str) -> list[str]:
    table = page.split('id="instruments-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td><a href="/instruments/([^"]+)"', table)


def standing(session: Session, instrument_id: str) -> int:
    found = session.get(Instrument, instrument_id)
    assert found is not None
    if found.status in (Status.REPEALED, Status.DEFUNCT):
        return 4
    if found.status == Status.PROPOSED:
        return 3
    if found.binding != Binding.BINDING:
        return 2
    return 0 if found.status in (Status.IN_FORCE, Status.PARTLY_IN_FORCE) else 1


def test_default_order_puts_binding_law_in_force_first(
    web_store: Engine, client: TestClient
) -> None:
    ids = table_ids(client.get("/").text)
    with Session(web_store) as session:
        ranks = [standing(session, i) for i in ids]
    assert len(ids) >= 4 and ranks == sorted(ranks)
    assert ranks[0] == 0 and ranks[-1] >= 2  # law in force first, non-binding or bills last


def test_sorting_by_a_column_both_ways(client: TestClient) -> None:
    ascending = client.get("/", params={"sort": "title"}).text
    names = re.findall(r'<tr><td><a href="/instruments/[^"]+">([^<]+)</a>', ascending)
    assert names == sorted(names, key=str.lower) and len(names) >= 4
    assert 'aria-sort="ascending"' in ascending
    descending = client.get("/", params={"sort": "title", "dir": "desc"}).text
    assert table_ids(descending) == list(reversed(table_ids(ascending)))
    assert 'aria-sort="descending"' in descending


def test_keyword_keeps_instruments_with_every_word(client: TestClient) -> None:
    page = client.get("/", params={"q": "alpha ACT"}).text
    assert table_ids(page) == ["alpha-act"]
    assert 'value="alpha ACT"' in page  # the box keeps what was typed
    none = client.get("/", params={"q": "100%_"}).text  # wildcards are taken literally
    assert table_ids(none) == [] and "No instrument matches" in none


def test_a_bad_sort_or_page_is_one_clear_line(client: TestClient) -> None:
    page = client.get("/", params={"sort": "colour"})
    assert page.status_code == 200 and "cannot sort instruments by &#39;colour&#39;" in page.text
    assert "not a page number" in client.get("/", params={"page": "two"}).text
    with pytest.raises(InvalidInputError, match="sort direction"):
        TableOrder.parse("title", "sideways")
    assert page_number(None) == 1 and page_number("3") == 3


def test_pages_cover_every_instrument_once(web_store: Engine) -> None:
    with Session(web_store) as session:
        first = table_page(session, InstrumentFilters(), TableOrder(), 1, 2)
        seen = [i["id"] for i in first.items]
        for number in range(2, first.pages + 1):
            seen += [
                i["id"]
                for i in table_page(session, InstrumentFilters(), TableOrder(), number, 2).items
            ]
        past_end = table_page(session, InstrumentFilters(), TableOrder(), 99, 2)
    assert len(seen) == first.total == len(set(seen)) and first.pages == -(-first.total // 2)
    assert past_end.page == first.pages  # a page past the end shows the last one
    assert (first.first_row, first.last_row) == (1, 2)


def test_pager_links_keep_the_filters(client: TestClient, web_store: Engine) -> None:
    with Session(web_store) as session:
        total = table_page(session, InstrumentFilters(), TableOrder(), 1, 50).total
    page = client.get("/", params={"sort": "since", "dir": "desc"}).text
    assert f"Instruments 1–{min(total, 50)} of {total}" in page


def test_standing_summary_counts_every_instrument_once(web_store: Engine) -> None:
    with Session(web_store) as session:
        summary = standing_summary(session, InstrumentFilters())
        total = table_page(session, InstrumentFilters(), TableOrder(), 1, 50).total
    assert sum(n for _, n in summary) == total
    assert [label for label, _ in summary] == [
        name for name in STANDING_LABELS if name in dict(summary)
    ]


def test_jurisdiction_page_leads_with_a_summary(client: TestClient) -> None:
    page = client.get("/jurisdictions/USA").text
    lead = page.split('class="lead"', 1)[1].split("</ul>", 1)[0]
    assert "Instruments by standing" in lead and "<strong>" in lead
    assert page.index('id="list"') < page.index('id="timeline"')
    assert 'href="/jurisdictions/USA?sort=title&amp;dir=asc#list"' in page
    found = client.get("/jurisdictions/USA", params={"q": "delta"}).text
    table = found.split('id="list-table"', 1)[1].split("</table>", 1)[0]
    assert "delta-order" in table and "beta-bill" not in table
