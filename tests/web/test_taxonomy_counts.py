"""The taxonomy page counts what the concept pages list: provision labels count by
their instrument, rejected labels not at all, and "covering" is the coverage rule."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import covering_instruments
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.store.models import InstrumentVersion, Label, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web import taxonomy_views
from govatlas.web.app import create_app


def _provision_of(session: Session, instrument: str) -> int:
    found = session.scalars(
        select(Provision.id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(InstrumentVersion.instrument_id == instrument)
        .limit(1)
    ).first()
    assert found is not None
    return int(found)


def test_counts_read_provision_labels_and_skip_rejected_ones(ingested: Engine) -> None:
    with transaction(ingested) as session:
        eu, nist = _provision_of(session, "eu-ai-act"), _provision_of(session, "nist-ai-rmf-1-0")
        session.add_all(
            [
                # a machine label on a provision: the instrument is labelled
                Label(
                    concept_id="fli-blocks:red-lines",
                    provision_id=eu,
                    method=LabelMethod.MODEL,
                    model_id="some-model",
                    score=0.9,
                ),
                # a person's label on the instrument: labelled, and covering when in effect
                Label(
                    concept_id="fli-blocks:red-lines",
                    instrument_id="eu-ai-act",
                    method=LabelMethod.HUMAN,
                ),
                # rejected: neither
                Label(
                    concept_id="fli-blocks:red-lines",
                    provision_id=nist,
                    method=LabelMethod.MODEL,
                    model_id="some-model",
                    score=0.6,
                    review_status=ReviewStatus.REJECTED,
                ),
            ]
        )
    with transaction(ingested) as session:
        rows = {r["id"]: r for r in taxonomy_views.concept_rows(session, "fli-blocks")}
        red_lines = rows["fli-blocks:red-lines"]
        assert red_lines["labelled_instruments"] == 1
        assert red_lines["covering_instruments"] == len(
            covering_instruments(session, "fli-blocks:red-lines")
        )
        for concept, row in rows.items():
            assert row["covering_instruments"] == len(covering_instruments(session, concept))
        assert (
            "covering_instruments"
            not in taxonomy_views.concept_rows(session, "fli-blocks", False)[0]
        )
    with TestClient(create_app(ingested)) as client:
        page = client.get("/taxonomies/fli-blocks").text
        api = client.get("/api/v1/taxonomies/fli-blocks/concepts").json()["items"]
    row = re.search(r'href="/concepts/fli-blocks:red-lines">Red lines</a>.*?</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(0))
    covering = red_lines["covering_instruments"]
    assert covering == 1  # the EU AI Act, in effect, by the person's label
    assert cells[0] == (
        f'<a href="/concepts/fli-blocks:red-lines">{covering}</a>' if covering else "0"
    )
    assert cells[1] == "1"
    assert {r["id"]: r["labelled_instruments"] for r in api}["fli-blocks:red-lines"] == 1


def test_an_experimental_concept_nobody_decided_is_not_assessed_not_0(ingested: Engine) -> None:
    measured = shipped_quality("fli-blocks")
    assert measured  # a provision classifier is shipped for the building blocks
    with TestClient(create_app(ingested)) as client:
        page = client.get("/taxonomies/fli-blocks").text
    assert "measured per concept on held-out gold passages" in page
    for notation, quality in measured.items():
        row = re.search(rf'href="/concepts/fli-blocks:{notation}">.*?</tr>', page, re.S)
        assert row is not None
        covering = re.findall(r'<td class="num">(.*?)</td>', row.group(0))[0]
        if not quality.assessable:  # no person decided in this store: nothing counts
            assert "not assessed" in covering and covering != "0"
        assert f"{quality.precision:.2f} / {quality.recall:.2f}" in row.group(0)
