"""The gold-tuned encoder: its int8 weights, its training targets, how a classifier file
finds it, and the clear error when the training extra is missing."""

from __future__ import annotations

import builtins
import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from govatlas.classify.encoders import embeddings, model_files
from govatlas.classify.encoders.onnx_weights import quantised_column_wise, weight_only_int8
from govatlas.classify.encoders.tuning import (
    label_matrix,
    learning_rate_factor,
    positive_weights,
    tune_encoder,
    tuning_concepts,
)
from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.errors import GovatlasError


def _passage(ident: str, labels: set[str], split: str = "train") -> GoldPassage:
    return GoldPassage(
        ident, "text", "", "inst", "USA", "law", split, "operative", frozenset(labels)
    )


def test_concepts_need_their_positives_and_labels_become_a_matrix() -> None:
    gold = [
        _passage("a", {"un:privacy", "oecd:1.2"}),
        _passage("b", {"un:privacy"}),
        _passage("c", set()),
    ]
    concepts = tuning_concepts(gold, min_positives=2)
    assert concepts == ["un:privacy"]
    assert label_matrix(gold, ["oecd:1.2", "un:privacy"]).tolist() == [[1, 1], [0, 1], [0, 0]]


def test_rare_concepts_weigh_more_up_to_the_cap() -> None:
    labels = np.array([[1, 1], [0, 1], [0, 0], [0, 0], [0, 0]], dtype=np.float32)
    assert positive_weights(labels, cap=3.0).tolist() == [3.0, 1.5]


def test_learning_rate_warms_up_then_decays_to_zero() -> None:
    factors = [learning_rate_factor(step, 100, 0.1) for step in range(100)]
    assert factors[0] == pytest.approx(0.1)
    assert max(factors) == pytest.approx(0.91)
    assert factors[-1] == pytest.approx(0.01)
    assert all(a >= b for a, b in itertools.pairwise(factors[9:]))


def test_int8_values_times_scales_give_back_the_weights() -> None:
    weights = np.random.default_rng(1).normal(size=(64, 32)).astype(np.float32)
    values, scales = quantised_column_wise(weights, axis=0)
    assert values.dtype == np.int8 and scales.shape == (1, 32)
    assert np.abs(values * scales - weights).max() <= scales.max() / 2 + 1e-6
    zero_values, zero_scales = quantised_column_wise(np.zeros((4, 4), np.float32), axis=1)
    assert not zero_values.any() and (zero_scales == 1.0).all()


def _graph(tmp_path: Path) -> Path:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(7)
    table = rng.normal(size=(300, 64)).astype(np.float32)
    weight = rng.normal(size=(64, 256)).astype(np.float32)
    bias = rng.normal(size=(256,)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "ids"], ["embedded"]),
            helper.make_node("MatMul", ["embedded", "weight"], ["projected"]),
            helper.make_node("Add", ["projected", "bias"], ["out"]),
        ],
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [None])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [None, 256])],
        [
            numpy_helper.from_array(a, n)
            for a, n in ((table, "table"), (weight, "weight"), (bias, "bias"))
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    path = tmp_path / "float.onnx"
    onnx.save(model, str(path))
    return path


def test_weight_only_int8_keeps_the_outputs_and_quarters_the_file(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    import onnxruntime

    source = _graph(tmp_path)
    target = tmp_path / "int8.onnx"
    onnx.save(weight_only_int8(onnx.load(str(source)), min_elements=1000), str(target))
    stored = {i.name: i.data_type for i in onnx.load(str(target)).graph.initializer}
    assert stored["table_int8"] == onnx.TensorProto.INT8
    assert stored["weight_int8"] == onnx.TensorProto.INT8
    assert stored["bias"] == onnx.TensorProto.FLOAT  # small: left as it was
    assert target.stat().st_size < source.stat().st_size / 3
    ids = {"ids": np.array([0, 5, 299], dtype=np.int64)}
    before = onnxruntime.InferenceSession(str(source)).run(None, ids)[0]
    after = onnxruntime.InferenceSession(str(target)).run(None, ids)[0]
    cosine = (before * after).sum(1) / (
        np.linalg.norm(before, axis=1) * np.linalg.norm(after, axis=1)
    )
    assert cosine.min() > 0.999


def test_a_missing_training_library_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_torch(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "torch":
            raise ImportError("No module named 'torch'", name="torch")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(GovatlasError, match="torch is missing") as caught:
        tune_encoder([_passage("a", {"un:privacy"})], Path("unused"))
    assert "[train]" in (caught.value.hint or "")


def test_a_classifier_file_finds_the_encoder_its_card_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onnx_file = tmp_path / "minilm-gold.onnx"
    onnx_file.write_bytes(model_files.minilm_onnx_path().read_bytes())
    (tmp_path / "minilm-gold.json").write_text(json.dumps({"model_id": "minilm-gold-abc"}))
    monkeypatch.setattr(model_files, "ENCODERS", tmp_path)
    monkeypatch.setattr(embeddings, "encoder_card", lambda: model_files.encoder_card(tmp_path))
    monkeypatch.setattr(
        embeddings, "encoder_onnx_path", lambda: model_files.encoder_onnx_path(tmp_path)
    )
    embeddings.gold_encoder.cache_clear()
    try:
        tuned = embeddings.embedder_of("minilm-gold-abc")
        assert tuned.model_id == "minilm-gold-abc"
        assert embeddings.provision_embedder() is tuned
        plain = embeddings.get_embedder()
        assert plain.model_id == model_files.MINILM_ID  # search keeps the plain model
        assert np.allclose(tuned.embed(["a duty to report"]), plain.embed(["a duty to report"]))
    finally:
        embeddings.gold_encoder.cache_clear()


def test_no_card_means_no_encoder(tmp_path: Path) -> None:
    assert model_files.encoder_card(tmp_path) is None
    with pytest.raises(GovatlasError, match="not at"):
        model_files.encoder_onnx_path(tmp_path)
