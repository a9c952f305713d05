"""Fine-tuning MiniLM on the project's gold: the encoder the provision classifiers read.

The provision classifiers read a passage through a sentence embedding. Frozen
all-MiniLM-L6-v2 was trained to find paraphrases, not the concepts a law covers;
fine-tuned on the gold's own labels, its embedding alone separates them better on
dev (encoder tuned on train only, one balanced logistic regression per concept:
mean average precision 0.492 frozen, 0.540 tuned, over 49 concepts). The classifiers
built on it, which stack the embedding with tf-idf words, did not score better on
test, so none is shipped and the classifiers read plain MiniLM
(``docs/gold-encoder.md``). ``govatlas gold encoder`` writes one into the package;
``govatlas gold train`` then builds the classifiers on it.

The recipe: every concept of every taxonomy with ``min_positives`` gold positives is
one output of a linear head on the mean-pooled, normalised embedding; binary
cross-entropy, positives weighted by their rarity (capped); AdamW with a warm-up
and linear decay; the train and dev splits only (the test split, whose instruments
no fit sees, stays for measuring the classifiers built on the encoder). The head is
thrown away: only the encoder ships, exported to ONNX with int8 weights
(``classify.encoders.onnx_weights``), so that running it needs onnxruntime and no torch.

Needs the ``train`` extra (torch on the CPU, transformers, onnx); about 20 minutes
on two cores for the 3,127 passages of train and dev.
"""

from __future__ import annotations

import json
import random
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from govatlas.classify.encoders.model_files import GOLD_ENCODER, file_digest, minilm_weights_zip
from govatlas.classify.encoders.onnx_weights import weight_only_int8
from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.errors import GovatlasError

SEED = 20261204
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
HEAD_SCALE = 10.0  # the head reads the unit-length embedding scaled up
ONNX_OPSET = 17
FIDELITY_PASSAGES = 32


@dataclass(frozen=True)
class TuningSettings:
    epochs: float = 3.0
    learning_rate: float = 3e-5
    head_learning_rate: float = 1e-3
    batch_size: int = 16
    max_tokens: int = 192
    min_positives: int = 5
    positive_weight_cap: float = 30.0
    warm_up: float = 0.1
    seed: int = SEED
    splits: tuple[str, ...] = ("train", "dev")


def tuning_concepts(passages: Sequence[GoldPassage], min_positives: int) -> list[str]:
    """Every concept (taxonomy:id) with at least ``min_positives`` positives."""
    counts: dict[str, int] = {}
    for passage in passages:
        for concept in passage.labels:
            counts[concept] = counts.get(concept, 0) + 1
    return sorted(c for c, n in counts.items() if n >= min_positives)


def label_matrix(passages: Sequence[GoldPassage], concepts: Sequence[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(concepts)}
    matrix = np.zeros((len(passages), len(concepts)), dtype=np.float32)
    for row, passage in enumerate(passages):
        for concept in passage.labels:
            if concept in index:
                matrix[row, index[concept]] = 1.0
    return matrix


def positive_weights(labels: np.ndarray, cap: float) -> np.ndarray:
    """Negatives per positive for each concept, between 1 and ``cap``."""
    positives = labels.sum(axis=0)
    ratio = (len(labels) - positives) / np.maximum(positives, 1.0)
    weights: np.ndarray = np.clip(ratio, 1.0, cap).astype(np.float32)
    return weights


def learning_rate_factor(step: int, steps: int, warm_up: float) -> float:
    """Linear warm-up over the first ``warm_up`` share of the steps, then linear decay."""
    warm = max(1, int(warm_up * steps))
    return min(1.0, (step + 1) / warm) * max(0.0, 1.0 - step / steps)


def _libraries() -> tuple[Any, Any]:
    try:
        import onnx  # noqa: F401
        import torch
        import transformers
    except ImportError as exc:
        raise GovatlasError(
            f"fine-tuning the encoder needs torch, transformers and onnx ({exc.name} is missing)",
            "pip install -e '.[train]' (torch on the CPU is enough); running the result "
            "needs none of them",
        ) from exc
    return torch, transformers


def tune_encoder(
    passages: Sequence[GoldPassage],
    folder: Path,
    settings: TuningSettings = TuningSettings(),
    progress: Callable[[str], None] = lambda _: None,
    name: str = GOLD_ENCODER,
) -> dict[str, Any]:
    """Fine-tune MiniLM on the gold's ``settings.splits`` and write ``name``.onnx and its
    card ``name``.json to ``folder``; returns the card."""
    torch, transformers = _libraries()
    fit_on = [p for p in passages if p.split in settings.splits]
    if not fit_on:
        raise GovatlasError(f"no gold passage in the splits {', '.join(settings.splits)}")
    concepts = tuning_concepts(fit_on, settings.min_positives)
    labels = label_matrix(fit_on, concepts)
    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    with tempfile.TemporaryDirectory() as scratch:
        with zipfile.ZipFile(minilm_weights_zip()) as bundle:
            bundle.extractall(scratch)
        tokenizer = transformers.AutoTokenizer.from_pretrained(scratch)
        encoder = transformers.AutoModel.from_pretrained(scratch)
        steps = _train(torch, tokenizer, encoder, fit_on, labels, settings, progress)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.onnx"
        progress("exporting to ONNX with int8 weights")
        # The float reference is read before the export, which leaves the module
        # answering differently in this process (the written graph matches a fresh load).
        texts = [p.reading for p in fit_on[:FIDELITY_PASSAGES]]
        batch = tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=settings.max_tokens,
            return_tensors="np",
        )
        reference = _float_vectors(torch, encoder, batch)
        _export(torch, tokenizer, encoder, Path(scratch) / "float.onnx", target)
        fidelity = _fidelity(target, batch, reference)
    digest = file_digest(target)
    card = {
        "model_id": f"{name}-{digest[:12]}",
        "base": BASE_MODEL,
        "recipe": "classify.encoders.tuning",
        "settings": asdict(settings),
        "trained_on": {
            "passages": len(fit_on),
            "instruments": len({p.instrument for p in fit_on}),
            "concepts": len(concepts),
            "steps": steps,
        },
        "int8_cosine_to_float": fidelity,
        "sha256": digest,
        "created": datetime.now(UTC).strftime("%Y-%m-%d"),
    }
    (folder / f"{name}.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def _train(
    torch: Any,
    tokenizer: Any,
    encoder: Any,
    passages: Sequence[GoldPassage],
    labels: np.ndarray,
    settings: TuningSettings,
    progress: Callable[[str], None],
) -> int:
    head = torch.nn.Linear(encoder.config.hidden_size, labels.shape[1])
    weights = torch.tensor(positive_weights(labels, settings.positive_weight_cap))
    optimiser = torch.optim.AdamW(
        [
            {"params": encoder.parameters(), "lr": settings.learning_rate},
            {"params": head.parameters(), "lr": settings.head_learning_rate},
        ],
        weight_decay=0.01,
    )
    steps = max(1, int(len(passages) / settings.batch_size * settings.epochs))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: learning_rate_factor(step, steps, settings.warm_up)
    )
    readings = [p.reading for p in passages]
    encoder.train()
    order: list[int] = []
    for step in range(steps):
        if not order:
            order = list(range(len(passages)))
            random.shuffle(order)
        batch, order = order[: settings.batch_size], order[settings.batch_size :]
        vectors = _pooled(torch, tokenizer, encoder, [readings[i] for i in batch], settings)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            head(vectors * HEAD_SCALE), torch.tensor(labels[batch]), pos_weight=weights
        )
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if (step + 1) % 20 == 0 or step + 1 == steps:
            progress(f"fine-tuning: step {step + 1} of {steps}, loss {loss.item():.3f}")
    encoder.eval()
    return steps


def _pooled(
    torch: Any, tokenizer: Any, encoder: Any, texts: Sequence[str], settings: TuningSettings
) -> Any:
    batch = tokenizer(
        list(texts),
        padding=True,
        truncation=True,
        max_length=settings.max_tokens,
        return_tensors="pt",
    )
    hidden = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def _export(torch: Any, tokenizer: Any, encoder: Any, scratch: Path, target: Path) -> None:
    import onnx

    class Hidden(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = tokenizer(
        ["an example", "a longer example sentence"], padding=True, return_tensors="pt"
    )
    torch.onnx.export(
        Hidden(encoder),
        tuple(sample[name] for name in INPUTS),
        str(scratch),
        input_names=list(INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*INPUTS, "last_hidden_state"]},
        opset_version=ONNX_OPSET,
        dynamo=False,
    )
    onnx.save(weight_only_int8(onnx.load(str(scratch))), str(target))


def _mean_pooled(hidden: np.ndarray, batch: Any) -> np.ndarray:
    mask = batch["attention_mask"][:, :, None].astype(np.float32)
    pooled: np.ndarray = (hidden * mask).sum(1) / mask.sum(1)
    return pooled


def _float_vectors(torch: Any, encoder: Any, batch: Any) -> np.ndarray:
    with torch.no_grad():
        tensors = {name: torch.tensor(batch[name]) for name in INPUTS}
        return _mean_pooled(encoder(**tensors).last_hidden_state.numpy(), batch)


def _fidelity(exported: Path, batch: Any, reference: np.ndarray) -> float:
    """Mean cosine between the int8 ONNX embeddings and the float model's."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    hidden = session.run(None, {name: batch[name].astype(np.int64) for name in INPUTS})[0]
    vectors = _mean_pooled(hidden, batch)
    cosines = (vectors * reference).sum(1) / (
        np.linalg.norm(vectors, axis=1) * np.linalg.norm(reference, axis=1)
    )
    return round(float(cosines.mean()), 5)
