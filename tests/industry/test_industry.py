"""Industry insights: FMTI import, edition mappings, profiles, trends, readiness, CLI and web."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from benchmarks.disclosure_absence import justifications, measure, read_gold
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError, ExitCode, InvalidInputError, NotFoundError
from govatlas.industry import readiness as readiness_module
from govatlas.industry.concepts import indicator_concepts, link_concepts
from govatlas.industry.disclosure_absence import ABSENCE_QUALITY
from govatlas.industry.editions import map_editions, review_mapping
from govatlas.industry.fmti import import_fmti
from govatlas.industry.profiles import get_organisation, profile, trend
from govatlas.industry.readiness import Regulation, link_obligations, readiness
from govatlas.industry.suggested_assessments import (
    review_suggestion,
    store_suggestions,
    suggest,
    suggestions_of,
)
from govatlas.store.decisions import history
from govatlas.store.models import Assessment, IndicatorMapping
from govatlas.store.session import transaction
from govatlas.vocabulary import MappingType, ReviewStatus
from govatlas.web import create_app
from tests.conftest import CorpusStore
from tests.industry.conftest import MIRROR


def test_import_counts_aliases_and_positions(ingested: Engine) -> None:
    with transaction(ingested) as session:
        result = import_fmti(session, MIRROR)
        counts = {
            c.edition: (c.indicators, c.organisations, c.scores, c.justifications)
            for c in result.editions
        }
        assert counts == {
            "fmti-2023": (4, 2, 8, 0),
            "fmti-2024": (4, 2, 8, 4),
            "fmti-2025": (4, 2, 8, 4),
        }
        stability = get_organisation(session, "Stability")  # the file's spelling
        assert stability.name == "Stability AI" and "Stability" in stability.aliases
        # "Compute used for training" in the 2023 scores is the indicator file's
        # "Training compute", matched by position
        assert profile(session, "acme", "fmti-2023").total == 3
        again = import_fmti(session, MIRROR)  # idempotent
        assert [c.scores for c in again.editions] == [8, 8, 8]
        assert session.scalar(select(func.count()).select_from(Assessment)) == 24
        acme_2024 = profile(session, "acme", "fmti-2024")
        assert acme_2024.scores[0].justification == "The model card gives the token count."


def test_edition_mappings_and_trend(fmti: Engine) -> None:
    with transaction(fmti) as session:
        mappings = session.scalars(
            select(IndicatorMapping).where(IndicatorMapping.target_indicator_id.is_not(None))
        ).all()
        between = {(m.indicator_id, m.target_indicator_id): m for m in mappings}
        assert (
            between[
                ("fmti-2023:training-data-volume", "fmti-2024:training-data-volume")
            ].review_status
            is ReviewStatus.ACCEPTED
        )
        same = between[("fmti-2024:training-data-volume", "fmti-2025:training-data-volume")]
        assert same.type is MappingType.EQUAL and same.review_status is ReviewStatus.ACCEPTED
        close = between[
            ("fmti-2024:training-compute", "fmti-2025:training-compute-for-the-final-run")
        ]
        assert close.type is MappingType.CLOSE and close.review_status is ReviewStatus.UNREVIEWED
        assert not any(t == "fmti-2025:incident-reporting-channel" for _, t in between)

        lines = {
            next(iter(line.indicators.values())): line.scores
            for line in trend(session, "acme").lines
        }
        assert lines["Training data volume"] == {"fmti-2023": 1, "fmti-2024": 1, "fmti-2025": 1}
        assert lines["Training compute"] == {"fmti-2023": 0, "fmti-2024": 1}  # not yet 2025

        review_mapping(session, close.id, "accept", "analyst")
        lines = {
            next(iter(line.indicators.values())): line.scores
            for line in trend(session, "acme").lines
        }
        assert lines["Training compute"] == {"fmti-2023": 0, "fmti-2024": 1, "fmti-2025": 0}
        map_editions(session)  # recomputing keeps the human decision
        kept = session.get_one(IndicatorMapping, close.id)
        assert kept.review_status is ReviewStatus.ACCEPTED


def test_readiness_links_obligations_to_indicators(
    fmti: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_regulation = Regulation("test-duties", "eu-ai-act", ("art.1", "art.2"), "Test duties")
    monkeypatch.setitem(readiness_module.REGULATIONS, "test-duties", test_regulation)
    monkeypatch.setattr(readiness_module, "MIN_COSINE", -1.0)  # tiny fixture texts: keep every link
    with transaction(fmti) as session:
        found = readiness(session, "acme", "test-duties", "fmti-2025")
        assert found.rows and found.edition == "fmti-2025"
        assert {r.status for r in found.rows} <= {"evidenced", "unevidenced", "not covered"}
        assert sum(found.count(s) for s in ("evidenced", "unevidenced", "not covered")) == len(
            found.rows
        )
        # a reviewer's rejection survives relinking: the pair is not suggested again
        link = session.scalars(
            select(IndicatorMapping).where(IndicatorMapping.provision_id.is_not(None))
        ).first()
        assert link is not None
        link.review_status = ReviewStatus.REJECTED
        link_obligations(session, test_regulation, "fmti-2025")
        same = session.scalars(
            select(IndicatorMapping).where(
                IndicatorMapping.indicator_id == link.indicator_id,
                IndicatorMapping.provision_id == link.provision_id,
            )
        ).all()
        assert [m.review_status for m in same] == [ReviewStatus.REJECTED]
        with pytest.raises(NotFoundError, match="no regulation"):
            readiness(session, "acme", "nope")
        with pytest.raises(NotFoundError, match="no organisation"):
            readiness(session, "nobody", "test-duties")


def test_industry_commands(fmti: Engine, env_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["industry", "import", "--mirror", str(MIRROR)])
    assert result.exit_code == 0 and "fmti-2025" in result.output
    result = runner.invoke(app, ["industry", "companies", "-f", "json"])
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert rows["acme"]["fmti-2023"] == 3 and rows["acme"]["fmti-2024"] == 4
    result = runner.invoke(
        app, ["industry", "show", "ACME", "--edition", "fmti-2024", "--indicators", "-f", "json"]
    )
    assert result.exit_code == 0 and len(json.loads(result.output)) == 4
    result = runner.invoke(
        app, ["industry", "compare", "acme", "stability-ai", "--edition", "fmti-2024", "-f", "csv"]
    )
    assert result.exit_code == 0 and "Total,4,2" in result.output.replace("\r", "")
    result = runner.invoke(app, ["industry", "trend", "acme", "-f", "json"])
    assert result.exit_code == 0 and "Totals" in result.output
    result = runner.invoke(app, ["industry", "mappings", "--status", "unreviewed", "-f", "json"])
    pending = json.loads(result.output)
    assert pending and all(r["status"] == "unreviewed" for r in pending)
    result = runner.invoke(
        app,
        ["industry", "review-mapping", str(pending[0]["id"]), "--decision", "maybe", "--by", "x"],
    )
    assert result.exit_code == ExitCode.INVALID_INPUT
    result = runner.invoke(app, ["industry", "show", "nobody"])
    assert result.exit_code == ExitCode.NOT_FOUND and "known: acme" in result.output
    result = runner.invoke(
        app, ["industry", "assist", "acme", "--document", "eu-ai-act", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    policy = tmp_path / "acme-safety-policy.txt"
    policy.write_text(
        "Acme safety policy\n\nSection 1. Incidents\nWe run a channel where anyone can report "
        "safety incidents, answered within two days.\n\nSection 2. Data\nOur models were "
        "trained on three trillion tokens of licensed and public text.\n"
    )
    result = runner.invoke(
        app, ["industry", "assist", "acme", "--document", str(policy), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    evidence = {row["indicator"]: row["evidence"] for row in json.loads(result.output)}
    assert evidence["Incident reporting channel"].startswith("sec.1")
    result = runner.invoke(app, ["industry", "assist-eval"])
    assert result.exit_code == 0 and "no company document" in result.output
    result = runner.invoke(app, ["industry", "frameworks", "-f", "json"])
    assert [f["id"] for f in json.loads(result.output)] == ["fmti-2023", "fmti-2024", "fmti-2025"]


def test_companies_pages(fmti: Engine) -> None:
    with TestClient(create_app(fmti), raise_server_exceptions=False) as client:
        page = client.get("/companies")
        assert page.status_code == 200 and 'href="/companies/acme"' in page.text
        acme = client.get("/companies/acme?edition=fmti-2024")
        assert acme.status_code == 200 and "4 of 4 indicators satisfied" in acme.text
        assert "The use policy lists prohibited uses." in acme.text
        assert client.get("/companies/nobody").status_code == 404
        assert client.get("/companies/acme?edition=fmti-1999").status_code == 404
        compared = client.get("/companies-compare?org=acme&org=stability-ai&edition=fmti-2024")
        assert compared.status_code == 200
        assert re.search(r"<strong>4</strong> / 4.*<strong>2</strong> / 4", compared.text, re.S)
        assert "Pick two or more" in client.get("/companies-compare").text
        partial = client.get(
            "/companies-compare?org=acme&org=gamma-ai&org=nobody&edition=fmti-2024"
        )
        assert (
            partial.status_code == 200
            and "Not assessed in fmti-2024: gamma-ai, nobody" in partial.text
        )
        # the fixture's EU AI Act has no Article 53: a clear 400, not a crash
        missing = client.get("/companies/acme/readiness")
        assert missing.status_code == 400 and "art.53.1" in missing.text
        assert client.get("/companies/nobody/readiness").status_code == 404


@pytest.mark.corpus
def test_fmti_over_the_real_corpus(corpus_store: CorpusStore, corpus_dir: Path) -> None:
    with transaction(corpus_store.engine) as session:
        result = import_fmti(session, corpus_dir)
        map_editions(session)
        assert [(c.indicators, c.organisations, c.scores) for c in result.editions] == [
            (100, 10, 1000),
            (100, 14, 1400),
            (100, 13, 1300),
        ]
        # the published totals of the 2023 edition
        assert profile(session, "meta", "fmti-2023").total == 54
        assert profile(session, "amazon", "fmti-2023").total == 12
        for company in ("anthropic", "openai", "google", "meta", "amazon"):
            found = readiness(session, company, "eu-ai-act-gpai")
            assert len(found.rows) >= 20
            assert found.count("evidenced") + found.count("unevidenced") > 0
        assert len(readiness(session, "openai", "nist-ai-rmf").rows) == 72
        # the absence rule's shipped figures are what its gold gives
        test = measure(read_gold(), justifications(session))["test"]
        assert (test["precision"], test["recall"]) == pytest.approx(
            (ABSENCE_QUALITY.precision, ABSENCE_QUALITY.recall), abs=0.001
        )
        assert (test["items"], test["absent"]) == (ABSENCE_QUALITY.items, ABSENCE_QUALITY.absent)


def test_assisted_suggestions_are_never_scores_until_accepted(fmti: Engine) -> None:
    with transaction(fmti) as session:
        found = suggest(session, "eu-ai-act", "fmti-2025")
        assert len(found) == 4 and all(0 <= s.confidence <= 1 for s in found)
        assert all(s.provision_path and s.quote for s in found)
        assert store_suggestions(session, "acme", found, "eu-ai-act") == 4
        pending = suggestions_of(session, "acme")
        assert all(a.score is None and a.review_status is ReviewStatus.UNREVIEWED for a in pending)
        before = profile(session, "acme", "fmti-2025").total
        accepted = review_suggestion(session, pending[0].id, "accept", "analyst", score=1)
        assert accepted.score == 1 and accepted.review_status is ReviewStatus.ACCEPTED
        assert profile(session, "acme", "fmti-2025").total == before  # FMTI's scores stay apart
        assert store_suggestions(session, "acme", found, "eu-ai-act") == 3  # the decision is kept
        with pytest.raises(NotFoundError):
            review_suggestion(session, 10_000, "accept", "analyst")
        unreviewed = [
            a for a in suggestions_of(session, "acme") if a.review_status is ReviewStatus.UNREVIEWED
        ]
        with pytest.raises(InvalidInputError, match="not accept or reject"):
            review_suggestion(session, unreviewed[0].id, "perhaps", "analyst")
        with pytest.raises(NotFoundError, match="no edition"):
            suggest(session, "eu-ai-act", "fmti-1999")


def test_a_suggestion_decided_twice_keeps_both_decisions(fmti: Engine) -> None:
    """Finding 7: accepted by one reviewer, rejected by another: both decisions are rows,
    the score follows the last one, and a stale re-review is refused."""
    with transaction(fmti) as session:
        found = suggest(session, "eu-ai-act", "fmti-2025")
        store_suggestions(session, "acme", found, "eu-ai-act")
        first = suggestions_of(session, "acme")[0]
        review_suggestion(session, first.id, "accept", "ana", score=1)
        with pytest.raises(ConflictError, match="you saw version 0"):
            review_suggestion(session, first.id, "reject", "bo")  # bo saw it waiting
        rejected = review_suggestion(session, first.id, "reject", "bo", seen_version=1)
        assert rejected.score is None and rejected.review_status is ReviewStatus.REJECTED
        decisions = history(session, rejected)
        assert [(d.reviewer, d.decision.value, d.score) for d in decisions] == [
            ("ana", "correct" if found[0].satisfied is False else "accept", 1.0),
            ("bo", "reject", None),
        ]
        assert decisions[1].previous_status is ReviewStatus.ACCEPTED
        assert decisions[1].previous_score == 1.0
        assert store_suggestions(session, "acme", found, "eu-ai-act") == 3  # both kept
        mapping = session.scalars(
            select(IndicatorMapping).where(IndicatorMapping.type == MappingType.CLOSE)
        ).first()
        assert mapping is not None
        review_mapping(session, mapping.id, "accept", "ana")
        review_mapping(session, mapping.id, "reject", "bo", seen_version=1)
        assert "by" not in (mapping.rationale or "")  # history is rows, not rationale text
        assert [d.reviewer for d in history(session, mapping)] == ["ana", "bo"]


def test_indicators_link_to_governance_concepts(fmti: Engine) -> None:
    with transaction(fmti) as session:
        link_concepts(session)
        linked = indicator_concepts(
            session, ["fmti-2025:incident-reporting-channel", "fmti-2024:usage-rules"]
        )
        assert linked, "no indicator was linked to any concept"
        mappings = session.scalars(
            select(IndicatorMapping).where(IndicatorMapping.concept_id.is_not(None))
        ).all()
        assert all(m.review_status is ReviewStatus.UNREVIEWED for m in mappings)
        assert link_concepts(session) == len(mappings)  # recomputing gives the same links


def test_the_industry_run_imports_and_links_in_one_call(ingested: Engine) -> None:
    """The run the build and `govatlas industry import` call: the same import as the
    steps one by one, with what it linked counted."""
    from govatlas.industry.refresh import refresh_industry

    with transaction(ingested) as session:
        refreshed = refresh_industry(session, MIRROR)
        assert [c.scores for c in refreshed.fmti.editions] == [8, 8, 8]
        assert session.scalar(select(func.count()).select_from(Assessment)) == 24
        mapped = session.scalar(
            select(func.count())
            .select_from(IndicatorMapping)
            .where(IndicatorMapping.target_indicator_id.is_not(None))
        )
    assert mapped and mapped > 0
    # nine indicators linked to concepts; the fixture store holds no regulation text
    # that the readiness links read, so no obligation is linked
    assert (refreshed.concept_links, refreshed.obligation_links) == (9, 0)
