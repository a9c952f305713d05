"""The trackers on the stored laws (issue: "on the stored laws the trackers find, at
least..."): the EU AI Act's Art. 5 practices, Art. 73 deadlines, Art. 99 and 101 fines
and Art. 51 threshold; California SB 53's deadlines, fine and 10^26 threshold;
Colorado's reporting deadline; and the gold's passages still hash as annotated."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govatlas.store.session import transaction
from govatlas.trackers.gold import measure, read_gold
from govatlas.trackers.refresh import refresh_tracker_facts
from govatlas.trackers.table import tracker_rows
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus
LAWS = ["eu-ai-act", "california-sb-53", "colorado-sb24-205"]


@pytest.fixture(scope="module")
def read_store(corpus_store: CorpusStore) -> CorpusStore:
    """The corpus store with every text's facts stored once, as the build stores them
    (each tracker's table then reads them back instead of reading every text again)."""
    with transaction(corpus_store.engine) as session:
        refresh_tracker_facts(session)
    return corpus_store


def _rows(store: CorpusStore, tracker: str) -> list[dict[str, object]]:
    with Session(store.engine) as session:
        return [r.as_dict() for r in tracker_rows(session, tracker, LAWS, read_if_empty=False)]


def test_red_lines(read_store: CorpusStore) -> None:
    eu = {r["practice"] for r in _rows(read_store, "red-lines") if r["instrument"] == "eu-ai-act"}
    assert {
        "manipulation",
        "exploiting-vulnerabilities",
        "social-scoring",
        "predictive-policing",
        "facial-scraping",
        "emotion-recognition",
        "biometric-categorisation",
        "real-time-biometric-identification",
    } <= eu


def test_incident_reporting(read_store: CorpusStore) -> None:
    rows = _rows(read_store, "incident-reporting")
    deadlines = {(r["instrument"], r["deadline_hours"]) for r in rows}
    assert {("eu-ai-act", 360.0), ("eu-ai-act", 48.0), ("eu-ai-act", 240.0)} <= deadlines
    assert {("california-sb-53", 360.0), ("california-sb-53", 24.0)} <= deadlines
    assert ("colorado-sb24-205", 2160.0) in deadlines
    eu = [r for r in rows if r["instrument"] == "eu-ai-act" and r["deadline_hours"] == 360.0]
    assert "market surveillance" in str(eu[0]["recipient"])


def test_penalties(read_store: CorpusStore) -> None:
    fines = {
        (r["instrument"], r["max_amount"], r["currency"], r["turnover_share"])
        for r in _rows(read_store, "penalties")
    }
    assert ("eu-ai-act", 35e6, "EUR", 0.07) in fines
    assert ("eu-ai-act", 15e6, "EUR", 0.03) in fines  # Art. 99(4) and Art. 101
    assert ("california-sb-53", 1e6, "USD", None) in fines


def test_compute_thresholds(read_store: CorpusStore) -> None:
    found = {
        (r["instrument"], r["threshold_value"], r["threshold_unit"])
        for r in _rows(read_store, "compute-thresholds")
    }
    assert ("eu-ai-act", 1e25, "FLOP") in found
    assert ("california-sb-53", 1e26, "FLOP") in found


def test_the_gold_reads_back_and_scores(corpus_dir: Path) -> None:
    passages, facts = read_gold(
        Path(__file__).parents[2] / "eval" / "gold" / "trackers", corpus_dir
    )
    assert len(passages) >= 256
    scores = {f"{s.tracker}:{s.field}": s for s in measure(passages, facts, "test", bootstrap=0)}
    assert scores["penalties:max_amount+currency"].true_positives >= 20
