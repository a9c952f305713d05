"""What the atlas and the API say about standing, dates and counts is what the store
holds (independent audit of 2026-12-06): a law in force is dated by its entry into
force, not by the day its bill was proposed; a failed bill is no binding law; a filter
on an experimental concept says its count is no finding; a count over nothing assessed
is null, not 0; an instrument's labels include those on its provisions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from govatlas.store.models import InstrumentVersion, Label, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod
from govatlas.web.jurisdiction_views import jurisdiction_tally
from govatlas.web.queries import InstrumentFilters


def test_a_law_in_force_is_dated_by_its_entry_into_force(client: TestClient) -> None:
    [alpha] = client.get("/api/v1/instruments", params={"q": "alpha"}).json()["items"]
    # proposed 2022-03-01, adopted 2023-06-15, in force 2024-01-01 (the fixture catalog)
    assert (alpha["first_date"], alpha["since"]) == ("2022-03-01", "2024-01-01")
    detail = client.get("/api/v1/instruments/alpha-act").json()
    assert detail["cited_year"] == 2023  # a citation gives the year it was made
    page = client.get("/instruments/alpha-act").text
    assert "Alpha Act on Automated Systems. France, 2023." in page
    listed = client.get("/", params={"q": "alpha"}).text
    assert '<time datetime="2024-01-01">' in listed and "2022-03-01" not in listed
    [beta] = client.get("/api/v1/instruments", params={"q": "beta"}).json()["items"]
    assert beta["since"] == "2024-09-30"  # failed since it was vetoed


def test_a_failed_bill_is_never_counted_as_binding_law(web_store: Engine) -> None:
    from sqlalchemy.orm import Session

    with Session(web_store) as session:
        countries, _ = jurisdiction_tally(session, InstrumentFilters())
    usa, france = countries["USA"], countries["FRA"]
    # the vetoed Beta Bill (US-CA) counts as an instrument, not as binding law
    assert usa["total"] >= 1 and usa.get("binding", 0) == usa["total"] - usa_non_law(web_store)
    assert france.get("binding", 0) >= 1  # the Alpha Act, in force


def usa_non_law(engine: Engine) -> int:
    """How many of the United States' instruments (subdivisions included) are not binding
    law in force or adopted, counted from the store row by row."""
    from sqlalchemy.orm import Session

    from govatlas.store.models import Instrument
    from govatlas.vocabulary import Binding, Status

    law = {Status.IN_FORCE, Status.PARTLY_IN_FORCE, Status.ADOPTED}
    with Session(engine) as session:
        rows = session.scalars(select(Instrument)).all()
        return sum(
            1
            for i in rows
            if (i.jurisdiction_id == "USA" or i.jurisdiction_id.startswith("US-"))
            and not (i.binding is Binding.BINDING and i.status in law)
        )


def test_a_filter_on_an_experimental_concept_says_so(client: TestClient) -> None:
    answer = client.get("/api/v1/instruments", params={"concept": "fli-blocks:red-lines"})
    assert "experimental" in answer.json()["note"] and "not a finding" in answer.json()["note"]
    page = client.get("/", params={"concept": "fli-blocks:red-lines"}).text
    assert "<strong>experimental: " in page
    plain = client.get("/api/v1/instruments").json()
    assert "note" not in plain


def test_a_count_over_nothing_assessed_is_null(client: TestClient) -> None:
    items = client.get("/api/v1/coverage/counts", params={"taxonomy": "fli-blocks"}).json()["items"]
    unassessed = [i for i in items if i["assessed"] == 0]
    assert unassessed and all(i["count"] is None for i in unassessed)
    assert all(i["count"] is not None for i in items if i["assessed"])


def test_an_instruments_labels_include_its_provisions(
    client: TestClient, web_store: Engine
) -> None:
    with transaction(web_store) as session:
        provision = session.scalars(
            select(Provision)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == "nist-ai-rmf-1-0")
            .order_by(Provision.id)
        ).first()
        assert provision is not None
        session.add(
            Label(
                concept_id="fli-blocks:red-lines",
                provision_id=provision.id,
                method=LabelMethod.MODEL,
                model_id="provision-clf",
                score=0.9,
            )
        )
    items = client.get(
        "/api/v1/labels",
        params={"instrument": "nist-ai-rmf-1-0", "concept": "fli-blocks:red-lines"},
    ).json()["items"]
    [label] = items
    assert label["provision"] == provision.id
    assert label["experimental"].startswith("experimental")  # below the precision floor


def test_an_event_known_only_to_the_year_is_no_news(client: TestClient, web_store: Engine) -> None:
    from datetime import date

    from govatlas.store.models import LifecycleEvent
    from govatlas.vocabulary import LifecycleKind

    today = date.today()
    with transaction(web_store) as session:
        session.add_all(
            [
                LifecycleEvent(
                    instrument_id="beta-bill",
                    kind=LifecycleKind.AMENDED,
                    date=today,
                    precision="year",
                    note="inferred end of a session",
                ),
                LifecycleEvent(
                    instrument_id="gamma-guidance", kind=LifecycleKind.AMENDED, date=today
                ),
            ]
        )
    page = client.get("/whats-new", params={"days": 2}).text
    assert "Gamma Guidance" in page and "Beta Bill" not in page
