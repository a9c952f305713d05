"""Incident records written for these tests: seven incidents (one per MIT domain, the
seventh uncoded so that the model names its domain), a duplicate, and three incidents
coded by CSET's annotators."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from govatlas.incidents.records import Incident
from govatlas.store.models import SourceRecord
from govatlas.store.session import transaction

# Words only one domain's incidents use, so a model can tell the domains apart
WORDS = {
    "1": "biased hiring algorithm discriminated against women applicants",
    "2": "personal data leaked privacy breach of customer records",
    "3": "chatbot invented false claims misinformation spread online",
    "4": "scammers used voice cloning fraud to steal money",
    "5": "users overrelied on the assistant and trusted bad advice",
    "6": "workers replaced by automation lost their jobs",
    "7": "self-driving car failed to detect a pedestrian and crashed",
}
SUBDOMAIN = {"1": "1.1", "2": "2.1", "3": "3.1", "4": "4.3", "5": "5.1", "6": "6.2", "7": "7.3"}


def incidents_for_models() -> list[Incident]:
    found = []
    n = 0
    for domain, words in WORDS.items():
        for k in range(6):
            n += 1
            found.append(
                Incident(n, None, f"Incident {n}", f"{words} case {k}", (), (), (), domain, None)
            )
    return found


def _record(kind: str, key: str, data: dict[str, object]) -> SourceRecord:
    return SourceRecord(source="aiid", kind=kind, key=key, content_hash=key, data=data)


@pytest.fixture
def incidents_store(built: Engine) -> Engine:
    add_incident_records(built)
    return built


def add_incident_records(engine: Engine) -> None:
    """The records an AIID snapshot gives, for seven incidents, a duplicate and three
    incidents CSET's annotators coded."""
    with transaction(engine) as session:
        for n, (domain, words) in enumerate(WORDS.items(), 1):
            session.add(
                _record(
                    "incident",
                    str(n),
                    {
                        "incident_id": str(n),
                        "date": f"202{n % 5}-03-0{n}",
                        "title": f"Incident {n}",
                        "description": words,
                        "Alleged deployer of AI system": '["acme"]',
                        "Alleged developer of AI system": '["acme-labs"]',
                        "Alleged harmed or nearly harmed parties": '["residents"]',
                    },
                )
            )
            if n != 7:  # incident 7 has no MIT coding: the model names its domain
                session.add(
                    _record(
                        "classifications_MIT",
                        str(n),
                        {
                            "Risk Domain": f"{domain}. Domain",
                            "Risk Subdomain": f"{SUBDOMAIN[domain]}. Sub",
                        },
                    )
                )
        session.add(
            _record(
                "incident",
                "8",
                {
                    "incident_id": "8",
                    "date": "2024-01-01",
                    "title": "Copy",
                    "description": "a duplicate",
                },
            )
        )
        session.add(
            _record(
                "duplicate", "8", {"duplicate_incident_number": "8", "true_incident_number": "1"}
            )
        )
        for n, level in ((1, "AI tangible harm event"), (2, "AI tangible harm event"), (3, "none")):
            for annotator in (1, 2):
                session.add(
                    _record(
                        f"classifications_CSETv1_Annotator-{annotator}",
                        str(n),
                        {
                            "Harm Domain": "yes",
                            "AI Harm Level": level
                            if annotator == 1 or n != 3
                            else "AI tangible harm event",
                            "Sector of Deployment": "transport",
                        },
                    )
                )
