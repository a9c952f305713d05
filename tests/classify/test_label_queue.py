"""The label review queue: provision labels in it, least certain first, on SQLite and
PostgreSQL alike (the PostgreSQL run is CI's)."""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.classify.labels.queue import (
    label_queue,
    label_queue_size,
    provision_thresholds,
    sheet_rows,
)
from govatlas.classify.labels.uncertainty import margin
from govatlas.classify.measured.shipped import PROVISION_MODEL
from govatlas.cli import app
from govatlas.store.models import InstrumentVersion, Label, LabelEvidence, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, QueueOrder

TAXONOMY = "fli-blocks"
# (concept, log-odds above the threshold): the score order is not the margin order
PLANTED = [
    ("safety-standards", 2.0),
    ("compliance-mechanisms", 0.1),
    ("red-lines", 0.7),
    ("technical-cooperation", 0.3),
    ("institutional-arrangements", 1.2),
]


def _probability(threshold: float, above: float) -> float:
    return 1 / (1 + math.exp(-(math.log(threshold / (1 - threshold)) + above)))


@pytest.fixture
def queued(ingested: Engine) -> Engine:
    """Provision labels of the provision classifier at known margins, one without a
    score, and an instrument-level label scoring higher than all of them."""
    thresholds = provision_thresholds(TAXONOMY)
    with transaction(ingested) as session:
        provisions = session.scalars(
            select(Provision)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == "eu-ai-act")
            .order_by(Provision.id)
            .limit(len(PLANTED) + 1)
        ).all()
        for provision, (concept, above) in zip(provisions, PLANTED, strict=False):
            cid = f"{TAXONOMY}:{concept}"
            score = _probability(thresholds[cid], above)
            label = Label(
                concept_id=cid,
                provision_id=provision.id,
                score=score,
                method=LabelMethod.MODEL,
                model_id=PROVISION_MODEL,
                model_version="test",
            )
            label.evidence.append(
                LabelEvidence(
                    provision_id=provision.id,
                    start_offset=0,
                    end_offset=len(provision.text),
                    score=score,
                )
            )
            session.add(label)
        session.add(
            Label(
                concept_id=f"{TAXONOMY}:benefit-sharing",
                provision_id=provisions[-1].id,
                score=None,
                method=LabelMethod.MODEL,
                model_id=PROVISION_MODEL,
            )
        )
        session.add(
            Label(
                concept_id=f"{TAXONOMY}:emergency-response",
                instrument_id="nist-ai-rmf-1-0",
                score=0.999,
                method=LabelMethod.MODEL,
                model_id="test-model",
            )
        )
    return ingested


def _concepts(waiting: list) -> list[str]:  # type: ignore[type-arg]
    return [w.label.concept_id.split(":", 1)[1] for w in waiting]


def test_provision_labels_wait_least_certain_first(queued: Engine) -> None:
    with transaction(queued) as session:
        waiting = label_queue(session, TAXONOMY)
        assert label_queue_size(session, TAXONOMY) == len(PLANTED) + 2
        by_margin = [c for c, _ in sorted(PLANTED, key=lambda item: item[1])]
        # then the labels with no probability and threshold, by score (unscored last)
        assert _concepts(waiting) == [*by_margin, "emergency-response", "benefit-sharing"]
        margins = [w.uncertainty for w in waiting[: len(PLANTED)]]
        assert margins == pytest.approx(sorted(above for _, above in PLANTED), abs=1e-6)
        assert waiting[0].uncertainty == pytest.approx(
            float(margin(waiting[0].label.score, waiting[0].threshold))
        )
        assert [w.instrument_id for w in waiting[:-2]] == ["eu-ai-act"] * len(PLANTED)
        assert waiting[-2].instrument_id == "nist-ai-rmf-1-0" and waiting[-2].threshold is None
        assert waiting[0].evidence_path and waiting[0].evidence_excerpt
        paged = label_queue(session, TAXONOMY, limit=2, offset=1)
        assert [w.label.id for w in paged] == [w.label.id for w in waiting[1:3]]
        only = label_queue(session, TAXONOMY, instrument="eu-ai-act")
        assert len(only) == len(PLANTED) + 1
        assert label_queue_size(session, TAXONOMY, "eu-ai-act") == len(PLANTED) + 1


def test_the_old_order_by_score_stays_available(queued: Engine) -> None:
    with transaction(queued) as session:
        waiting = label_queue(session, TAXONOMY, order=QueueOrder.SCORE)
        scores = [w.label.score for w in waiting]
        assert scores[-1] is None
        assert scores[:-1] == sorted(scores[:-1], reverse=True)  # type: ignore[type-var]
        rows = sheet_rows(label_queue(session, TAXONOMY))
        assert rows[0]["instrument"] == "eu-ai-act"
        assert rows[0]["concept"] == f"{TAXONOMY}:compliance-mechanisms"
        assert rows[0]["threshold"] == round(
            provision_thresholds(TAXONOMY)[str(rows[0]["concept"])], 3
        )
        assert rows[-2]["threshold"] is None


def test_the_review_command_lists_in_either_order(queued: Engine, env_db: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "--taxonomy", TAXONOMY, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows[0]["concept"] == f"{TAXONOMY}:compliance-mechanisms"
    assert rows[0]["instrument"] == "eu-ai-act" and rows[0]["threshold"] is not None
    by_score = runner.invoke(
        app, ["review", "--taxonomy", TAXONOMY, "--order", "score", "--format", "json"]
    )
    assert json.loads(by_score.output)[0]["concept"] == f"{TAXONOMY}:emergency-response"
    wrong = runner.invoke(app, ["review", "--order", "newest"])
    assert wrong.exit_code != 0
    helped = runner.invoke(app, ["review", "--help"], env={"COLUMNS": "200"})
    assert "--order" in helped.output and "uncertainty" in helped.output
