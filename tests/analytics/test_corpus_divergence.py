"""The parameter reader on the real texts: the EU AI Act (both its article records, where
"10^25" is printed "10 25", and its full text, where it is printed "1025") and California
SB 53; and their divergence as the store holds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.divergence import DIFFERS, divergence
from govatlas.analytics.parameters import Deadline, Penalty, Threshold, extract_parameters
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def _article(corpus_dir: Path, number: str) -> str:
    articles = json.loads((corpus_dir / "eu_ai_act" / "ai-act-articles.json").read_text("utf-8"))
    return next(a["content"] for a in articles if str(a["article"]) == number)


def _compute(text: str) -> set[float]:
    return {
        p.value
        for p in extract_parameters(text)
        if isinstance(p, Threshold) and p.kind == "compute"
    }


def test_eu_ai_act_compute_threshold_in_both_printings(corpus_dir: Path) -> None:
    assert _compute(_article(corpus_dir, "51")) == {1e25}
    full = (corpus_dir / "eu_ai_act" / "eu-ai-act-full.md").read_text("utf-8")
    assert _compute(full) == {1e25}  # and never "Regulation (EU) No 1025/2012"


def test_eu_ai_act_penalties(corpus_dir: Path) -> None:
    fines = [p for p in extract_parameters(_article(corpus_dir, "99")) if isinstance(p, Penalty)]
    assert [(f.amount, f.currency, f.turnover_percent, f.combine) for f in fines] == [
        (35e6, "EUR", 7.0, "higher"),
        (15e6, "EUR", 3.0, "higher"),
        (7.5e6, "EUR", 1.0, "higher"),
    ]
    [gpai] = [p for p in extract_parameters(_article(corpus_dir, "101")) if isinstance(p, Penalty)]
    assert (gpai.amount, gpai.turnover_percent) == (15e6, 3.0)


def test_eu_ai_act_serious_incident_deadlines(corpus_dir: Path) -> None:
    deadlines = [
        p for p in extract_parameters(_article(corpus_dir, "73")) if isinstance(p, Deadline)
    ]
    reporting = [d.label for d in deadlines if d.kind == "incident-reporting"]
    assert reporting == ["15 days", "2 days", "10 days"]


def test_california_sb_53(corpus_dir: Path) -> None:
    text = (corpus_dir / "laws" / "ca_sb53.txt").read_text("utf-8")
    found = extract_parameters(text)
    assert _compute(text) == {1e26}
    assert {
        (p.kind, p.label)
        for p in found
        if isinstance(p, Deadline) and p.kind == "incident-reporting"
    } == {("incident-reporting", "15 days"), ("incident-reporting", "24 hours")}
    assert {(p.amount, p.currency, p.per) for p in found if isinstance(p, Penalty)} == {
        (1e6, "$", "violation")
    }
    revenue = [p for p in found if isinstance(p, Threshold) and p.kind == "revenue"]
    assert revenue and {p.value for p in revenue} == {5e8}


def test_eu_ai_act_against_california_sb_53_in_the_store(corpus_store: CorpusStore) -> None:
    with Session(corpus_store.engine) as session:
        result = divergence(compare_instruments(session, "eu-ai-act", "california-sb-53"))
    rows = {r.kind: r for r in result.rows}
    compute = rows["compute"]
    assert compute.status == DIFFERS
    assert {f.parameter.label for f in compute.a} == {"greater than 10^25 FLOP"}
    assert {f.parameter.label for f in compute.b} == {"greater than 10^26 FLOP"}
    assert {f.parameter.label for f in rows["incident-reporting"].b} == {"15 days", "24 hours"}
    assert "15 days" in {f.parameter.label for f in rows["incident-reporting"].a}
    fines = {f.parameter.label for f in rows["fine"].a}
    assert "EUR 35,000,000 or 7 % of turnover, whichever is higher" in fines
    assert {f.parameter.label for f in rows["fine"].b} == {"$1,000,000 per violation"}
    assert {"ai-system", "incident", "severe-risk"} <= {r.kind for r in result.compared}
    assert result.contrary == []  # no sentence of one requires what the other prohibits
