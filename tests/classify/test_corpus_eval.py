"""Evaluation on the real AGORA dev split: the model must beat the keyword baseline."""

from __future__ import annotations

import pytest

from govatlas.classify.agora_tasks import evaluate_agora
from tests.conftest import CorpusStore

pytestmark = pytest.mark.corpus


def test_model_beats_the_keyword_baseline(corpus_store: CorpusStore) -> None:
    evaluation = evaluate_agora(corpus_store.engine)
    assert evaluation.dev_size == 136 and evaluation.train_size >= 380
    assert len(evaluation.concepts) >= 50
    assert evaluation.model.macro_f1 >= 0.52  # measured 0.56; the target is 0.70
    assert evaluation.keyword.macro_f1 >= 0.40  # measured 0.47 with the alternative labels
    assert evaluation.model.macro_f1 > evaluation.keyword.macro_f1 + 0.05
    assert evaluation.model.micro_f1 > evaluation.keyword.micro_f1 + 0.05
    assert evaluation.model.macro_interval.low < evaluation.model.macro_f1
