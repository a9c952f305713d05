"""The catalog's commitments recorded in the registry, and where each stands."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.registry.audit import verify
from govatlas.registry.compliance import (
    OVERDUE,
    REPORTED,
    REPORTED_LATE,
    UNDER_REVIEW,
    WAITING,
    commitment_statuses,
    summarise,
)
from govatlas.registry.records import Writer, create_record, step, viewer_named
from govatlas.registry.seed import seed_public_facts
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import PUBLIC, Viewer
from govatlas.store.models import Actor, Adherence
from govatlas.store.session import transaction
from govatlas.vocabulary import ActorKind, AdherenceAct
from govatlas.web.app import create_app

ADMIN = Viewer(None, "test (administrator)", "administrator")


def test_the_demo_commitment_is_reported_and_pending_reports_show_to_reviewers(
    demo: Engine,
) -> None:
    with Session(demo) as session:
        (public,) = commitment_statuses(session, PUBLIC)
        assert public.state == REPORTED and [r.id for r in public.reports] == [2]
        (officer,) = commitment_statuses(session, viewer_named(session, "demo-officer"))
        assert {r.id for r in officer.reports} == {2, 4} and [r.id for r in officer.pending] == [8]
        institute = commitment_statuses(session, viewer_named(session, "demo-participant"))
        assert [r.id for r in institute[0].reports] == [2]  # the AMBER report is not theirs


def test_due_dates_decide_late_and_overdue(demo: Engine, signer: SigningKey) -> None:
    today = date.today()
    with transaction(demo) as session:
        lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        made = {}
        for name, due in (
            ("past", today - timedelta(days=30)),
            ("future", today + timedelta(days=30)),
        ):
            record = create_record(
                lab, "commitment", f"Due {name}", "demo-lab", "CLEAR", due_on=due
            )
            for action in ("submit", "review", "publish"):
                step(officer if action != "submit" else lab, record.id, action)
            made[name] = record.id
    with Session(demo) as session:
        states = {s.commitment.title: s.state for s in commitment_statuses(session, PUBLIC)}
    assert states["Due past"] == OVERDUE and states["Due future"] == WAITING
    with transaction(demo) as session:
        lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        late = create_record(lab, "report", "Late", "demo-lab", "CLEAR", answers=made["past"])
        step(lab, late.id, "submit")
        early = create_record(lab, "report", "Early", "demo-lab", "CLEAR", answers=made["future"])
        step(lab, early.id, "submit")
    with Session(demo) as session:
        states = {
            s.commitment.title: s.state
            for s in commitment_statuses(session, viewer_named(session, "demo-officer"))
        }
    assert states["Due future"] == UNDER_REVIEW
    with transaction(demo) as session:
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        for record in (late.id, early.id):
            step(officer, record, "review")
            step(officer, record, "publish")
    with Session(demo) as session:
        statuses = commitment_statuses(session, PUBLIC)
        states = {s.commitment.title: s.state for s in statuses}
        summary = {s.title: s.counts for s in summarise(statuses)}
    assert states["Due past"] == REPORTED_LATE and states["Due future"] == REPORTED
    assert summary["Due past"] == {REPORTED_LATE: 1}


def _acme_commits(engine: Engine) -> None:
    """A company in the catalog that committed to one of the fixture's instruments."""
    with transaction(engine) as session:
        session.add(Actor(id="acme-ai", name="Acme AI", kind=ActorKind.COMPANY))
        session.add(
            Adherence(
                instrument_id="gamma-guidance",
                party="acme-ai",
                act=AdherenceAct.COMMITTED,
                date=date(2024, 5, 21),
                source_url="https://example.org/commitments",
            )
        )


def test_the_catalogs_commitments_are_recorded_once(built: Engine, signer: SigningKey) -> None:
    _acme_commits(built)
    with transaction(built) as session:
        first = seed_public_facts(session, signer)
    with transaction(built) as session:
        again = seed_public_facts(session, signer)
    assert (first.parties, first.commitments) == (1, 1) and (again.parties, again.commitments) == (
        0,
        0,
    )
    with Session(built) as session:
        (status,) = commitment_statuses(session, PUBLIC)
        assert status.organisation == "Acme AI" and status.state == WAITING  # no due date
        assert status.commitment.instrument_id == "gamma-guidance"
        assert "made this commitment on 2024-05-21" in status.commitment.body
        assert verify(session, signer.public).ok


def test_the_compliance_page_and_api(demo: Engine, env_db: str) -> None:
    client = TestClient(create_app(demo), raise_server_exceptions=False)
    api = client.get("/api/v1/registry/compliance").json()
    assert api["items"][0]["state"] == REPORTED and api["summary"][0]["organisations"] == 1
    assert {s["jurisdiction"] for s in api["states"]} <= {"FRA", "KEN", "USA"}
    page = client.get("/registry/compliance")
    assert page.status_code == 200 and "is not a finding" in page.text


def test_the_white_paper_counts_public_commitments_only(built: Engine, signer: SigningKey) -> None:
    from govatlas.reports.render import render_html
    from govatlas.reports.white_paper import build_white_paper
    from govatlas.store.releases import create_release
    from tests.conftest import FIXTURE_MIRROR

    _acme_commits(built)
    with transaction(built) as session:
        seed_public_facts(session, signer)
        create_release(session)
    document = build_white_paper(built, mirror=FIXTURE_MIRROR)
    findings = document.context["registry"]
    (line,) = findings.lines
    assert line["organisations"] == 1 and line["none"] == 1 and line["reported"] == 0
    cited = document.citations.entries[line["cite"]]
    assert cited.instruments == ["gamma-guidance"]
    assert cited.sources == ["https://example.org/commitments"]
    html = render_html(document, "2026-12-05")
    assert "Commitments in the transparency registry" in html
    assert "is not a finding that an organisation did not report" in html


def _code_of_conduct(engine: Engine) -> None:
    """The G7 and its code of conduct, as the packaged catalog holds them."""
    from govatlas.registry.seed import code_actions
    from govatlas.store.models import Instrument
    from govatlas.vocabulary import Binding, InstrumentType

    actions = code_actions()
    with transaction(engine) as session:
        template = session.get(Instrument, "gamma-guidance")
        assert template is not None
        kind = ActorKind.INTERGOVERNMENTAL_ORGANISATION
        session.add(Actor(id=actions["issuer"], name="G7 Leaders", kind=kind))
        session.add(
            Instrument(
                id=actions["instrument"],
                title="Hiroshima Process International Code of Conduct (test)",
                short_name="Hiroshima Code of Conduct",
                type=InstrumentType.CODE_OF_CONDUCT,
                binding=Binding.NON_BINDING,
                status=template.status,
                jurisdiction_id=template.jurisdiction_id,
            )
        )


def test_the_code_of_conducts_actions_are_open_commitments_on_one_line(
    built: Engine, signer: SigningKey
) -> None:
    _code_of_conduct(built)
    with transaction(built) as session:
        first = seed_public_facts(session, signer)
    with transaction(built) as session:
        again = seed_public_facts(session, signer)
    assert (first.parties, first.commitments) == (1, 11) and again.commitments == 0
    with Session(built) as session:
        statuses = commitment_statuses(session, PUBLIC)
        assert len(statuses) == 11 and all(s.open_to_all for s in statuses)
        assert all(s.state == WAITING for s in statuses)  # no due date: never late
        titles = [s.commitment.title for s in statuses]
        assert titles[0].startswith("Hiroshima Code of Conduct, action 1:")
        assert titles[-1].startswith("Hiroshima Code of Conduct, action 11:")  # in order
        first_action = statuses[0].commitment
        assert first_action.provisions[0] == "g7-hiroshima-code-of-conduct:p.14"
        (line,) = summarise(statuses)
        assert (line.title, line.actions, line.organisations) == (
            "Hiroshima Code of Conduct",
            11,
            0,
        )
        assert line.counts == {WAITING: 11}


def test_a_framework_published_elsewhere_is_shown_beside_the_registrys_state(
    built: Engine, signer: SigningKey
) -> None:
    from govatlas.store.models import Instrument, LifecycleEvent
    from govatlas.vocabulary import Binding, InstrumentType, LifecycleKind

    with transaction(built) as session:
        template = session.get(Instrument, "gamma-guidance")
        assert template is not None
        for instrument_id, kind in (
            ("frontier-ai-safety-commitments", InstrumentType.DECLARATION),
            ("anthropic-responsible-scaling-policy", InstrumentType.COMPANY_FRAMEWORK),
        ):
            session.add(
                Instrument(
                    id=instrument_id,
                    title=instrument_id,
                    short_name=instrument_id,
                    type=kind,
                    binding=Binding.NON_BINDING,
                    status=template.status,
                    jurisdiction_id=template.jurisdiction_id,
                )
            )
        session.add(Actor(id="anthropic", name="Anthropic", kind=ActorKind.COMPANY))
        session.add(Actor(id="cohere", name="Cohere", kind=ActorKind.COMPANY))
    with transaction(built) as session:  # the facts about them once they exist
        for party in ("anthropic", "cohere"):
            session.add(
                Adherence(
                    instrument_id="frontier-ai-safety-commitments",
                    party=party,
                    act=AdherenceAct.COMMITTED,
                    date=date(2024, 5, 21),
                    source_url="https://example.org/seoul",
                )
            )
        session.add(
            LifecycleEvent(
                instrument_id="anthropic-responsible-scaling-policy",
                kind=LifecycleKind.AMENDED,
                date=date(2024, 10, 15),
                note="version 2.0",
            )
        )
    with transaction(built) as session:
        seed_public_facts(session, signer)
    with Session(built) as session:
        statuses = {s.organisation: s for s in commitment_statuses(session, PUBLIC)}
        (summary,) = summarise(list(statuses.values()))
    anthropic, cohere = statuses["Anthropic"], statuses["Cohere"]
    # the registry's own state is unchanged: no report was filed in it
    assert anthropic.state == OVERDUE and cohere.state == OVERDUE
    (found,) = anthropic.evidence
    assert found.instrument_id == "anthropic-responsible-scaling-policy"
    assert found.by_due_date is True and found.versions == [(date(2024, 10, 15), "version 2.0")]
    assert cohere.evidence == []  # none in the catalog, which is not a finding
    assert (summary.elsewhere, summary.elsewhere_by_due) == (1, 1)
    assert anthropic.as_dict()["evidence_outside_registry"][0]["by_due_date"] is True


def test_an_assessed_company_is_matched_to_its_registry_organisation(demo: Engine) -> None:
    from govatlas.registry.compliance import commitments_of, matching_parties

    with Session(demo) as session:
        assert matching_parties(session, ["demo-lab"], []) == {"demo-lab"}
        assert matching_parties(session, ["x"], ["DEMO FRONTIER LAB"]) == {"demo-lab"}
        # failing an exact match, a registered id that is the id and a suffix
        assert matching_parties(session, ["demo"], []) == {
            "demo-lab",
            "demo-ministry",
            "demo-institute",
            "demo-network",
        }
        assert matching_parties(session, ["nobody"], ["Nobody"]) == set()
        (mine,) = commitments_of(session, PUBLIC, {"demo-lab"})
        assert mine.state == REPORTED
        assert commitments_of(session, PUBLIC, set()) == []
