"""Evaluation on the real corpus: the AGORA model on its dev split, the MIT risk-domain
labeller on coded texts; each must beat its baselines."""

from __future__ import annotations

import pytest

from govatlas.classify.agora.measured_once import measured_agora
from govatlas.classify.risks.evaluation import MATCHER, evaluate_risk_labelling
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_model_beats_the_keyword_baseline(corpus_store: CorpusStore) -> None:
    # measured as the build measures it, and kept: the white paper's test reads it back
    evaluation = measured_agora(corpus_store.engine)
    assert evaluation.dev_size == 136 and evaluation.train_size >= 380
    assert len(evaluation.concepts) >= 50
    assert evaluation.model.macro_f1 >= 0.52  # measured 0.56; the target is 0.70
    assert evaluation.keyword.macro_f1 >= 0.40  # measured 0.47 with the alternative labels
    assert evaluation.model.macro_f1 > evaluation.keyword.macro_f1 + 0.05
    assert evaluation.model.micro_f1 > evaluation.keyword.micro_f1 + 0.05
    assert evaluation.model.macro_interval.low < evaluation.model.macro_f1


def test_risk_domains_on_coded_texts(corpus_store: CorpusStore) -> None:
    evaluation = evaluate_risk_labelling(corpus_store.engine)
    sizes = {e.gold_file: e.passages for e in evaluation.sources}
    assert sizes == {"mit-repository": 1185, "aiid-incidents": 869}
    assert evaluation.pooled.macro_f1 >= 0.48  # measured 0.525; the matcher alone 0.32
    assert evaluation.pooled.micro_f1 >= 0.50  # measured 0.551; the matcher alone 0.38
    for source in evaluation.sources:
        matcher, keyword = source.baselines[MATCHER], source.keyword
        assert keyword is not None
        assert source.report.macro_f1 > matcher.macro_f1 > keyword.macro_f1
