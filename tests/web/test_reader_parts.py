"""A long text is read in parts; a link to a provision finds its part."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, select
from starlette.testclient import TestClient

from govatlas.errors import InvalidInputError
from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.session import transaction
from govatlas.web.reader_parts import part_index, split_parts


def test_parts_begin_at_articles_and_never_exceed_twice_the_size() -> None:
    ids = list(range(1, 11))
    depth = {1: 0, 2: 2, 3: 2, 4: 1, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 1}
    assert split_parts(ids, depth, 2) == [[1, 2, 3], [4, 5, 6, 7], [8, 9], [10]]
    assert split_parts([], {}, 2) == [[]]
    parts = split_parts(ids, depth, 2)
    assert part_index(parts, None, 6) == 1 and part_index(parts, 3, None) == 2
    with pytest.raises(InvalidInputError, match="part 9 does not exist"):
        part_index(parts, 9, None)
    with pytest.raises(InvalidInputError, match="not in this version"):
        part_index(parts, None, 99)


def test_instrument_page_shows_one_part_and_links_find_theirs(
    web_store: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("govatlas.web.pages.PART_SIZE", 3)
    first = client.get("/instruments/nist-ai-rmf-1-0").text
    found = re.search(r"Part 1 of (\d+)", first)
    assert found is not None and int(found.group(1)) > 1
    shown = set(re.findall(r'<article id="p(\d+)"', first))
    second = client.get("/instruments/nist-ai-rmf-1-0", params={"part": 2}).text
    assert "Part 2 of" in second and not shown & set(re.findall(r'<article id="p(\d+)"', second))
    with transaction(web_store) as session:
        last = session.scalars(
            select(Provision.id)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == "nist-ai-rmf-1-0")
            .order_by(Provision.ordinal.desc())
        ).first()
    jump = client.get(f"/instruments/nist-ai-rmf-1-0/provisions/{last}", follow_redirects=False)
    assert jump.status_code == 303
    location = jump.headers["location"]
    assert location.endswith(f"#p{last}") and "part=" in location
    assert f'<article id="p{last}"' in client.get(location.split("#")[0]).text
    assert client.get("/instruments/nist-ai-rmf-1-0/provisions/999999").status_code == 404
    assert (
        "part 999 does not exist"
        in client.get("/instruments/nist-ai-rmf-1-0", params={"part": 999}).text
    )
