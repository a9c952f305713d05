"""Does a question in any of the six UN languages find the provisions that answer it,
whatever their language?

``python -m benchmarks.cross_language_search`` reads the ten questions of
``benchmarks/data/cross-language-queries.yaml``, each written in Arabic, Chinese,
English, French, Russian and Spanish, with the provisions that answer it (EU AI Act
articles in English, China's generative AI measures in Chinese, California SB 53 and
Colorado SB24-205 in English). It ranks provisions by cosine similarity to each query,
as the atlas's semantic search does, with two models: multilingual-e5-small (the
atlas's cross-language model, ``--model e5-small``) and all-MiniLM-L6-v2 (the English
default), and reports per query language:

- recall@10: the share of a question's answers with a provision in the first ten hits
  (a provision answers when its path is the answer's or below it), averaged over the
  questions;
- the same counted only on answers in another language than the query's (an English
  query finding a Chinese article; a Chinese query finding an EU AI Act article);
- MRR@10: the mean of 1/rank of the first answering provision.

The pool is every provision of the newest texts of the four answering instruments and,
as distractors, a seeded random sample of the other newest provisions of the store
(``--distractors``, default 2,000): embedding the whole store with e5-small takes about
two hours on two cores, so the pool is a sample, and recall on the full store will be
lower. Nothing is tuned: the questions and answers were written before any ranking.

Needs a built store (``make atlas``; ``GOVATLAS_DB`` or ``--database``). Writes
``benchmarks/results/cross-language-search.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.config import load_settings
from govatlas.store.embedding_cache import provision_texts
from govatlas.store.engine import make_engine
from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.session import transaction

QUERIES = Path(__file__).parent / "data" / "cross-language-queries.yaml"
RESULTS = Path(__file__).parent / "results" / "cross-language-search.json"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
MODELS = ("e5-small", "minilm")
K = 10


def _places(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Provision id -> (instrument, path, language of its text)."""
    language = func.coalesce(Provision.language, InstrumentVersion.language, "")
    query = (
        select(Provision.id, InstrumentVersion.instrument_id, Provision.path, language)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Provision.id.in_(ids))
    )
    found: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for pid, instrument, path, lang in session.execute(query.where(Provision.id.in_(chunk))):
            found[pid] = (instrument, path, lang)
    return found


def pool(
    session: Session, answering: set[str], distractors: int, seed: int
) -> list[tuple[int, str, tuple[str, str, str]]]:
    """(id, text, place) of every provision of the answering instruments' newest texts and
    ``distractors`` others drawn at random."""
    texts = provision_texts(session)
    places = _places(session, [pid for pid, _ in texts])
    own = [(pid, text) for pid, text in texts if places[pid][0] in answering]
    others = [(pid, text) for pid, text in texts if places[pid][0] not in answering]
    drawn = random.Random(seed).sample(others, min(distractors, len(others)))
    return [(pid, text, places[pid]) for pid, text in own + drawn]


def _answers(place: tuple[str, str, str], answers: list[dict[str, str]]) -> int | None:
    instrument, path, _ = place
    for index, answer in enumerate(answers):
        if instrument == answer["instrument"] and (
            path == answer["path"] or path.startswith(answer["path"] + ".")
        ):
            return index
    return None


def score(
    ranked: list[tuple[str, str, str]], answers: list[dict[str, str]], query_language: str
) -> dict[str, Any]:
    found = {i for place in ranked[:K] if (i := _answers(place, answers)) is not None}
    first = next(
        (r for r, place in enumerate(ranked[:K], 1) if _answers(place, answers) is not None), None
    )
    languages = {i: a.get("language", "") for i, a in enumerate(answers)}
    other = [i for i, lang in languages.items() if lang != query_language]
    return {
        "recall": len(found) / len(answers),
        "other_language_recall": (len(found & set(other)) / len(other)) if other else None,
        "rr": 1 / first if first else 0.0,
    }


def run(session: Session, distractors: int, seed: int, models: Sequence[str]) -> dict[str, Any]:
    needs = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["needs"]
    answering = {a["instrument"] for need in needs for a in need["answers"]}
    provisions = pool(session, answering, distractors, seed)
    language_of = {
        instrument: lang for _, _, (instrument, _, lang) in provisions if instrument in answering
    }
    for need in needs:
        for answer in need["answers"]:
            answer["language"] = language_of.get(answer["instrument"], "")
            wanted = [p for _, _, p in provisions if _answers(p, [answer]) is not None]
            if not wanted:
                raise SystemExit(f"{need['id']}: no provision answers {answer} in the store")
    result: dict[str, Any] = {
        "pool": len(provisions),
        "answering_instruments": sorted(answering),
        "distractors": distractors,
        "seed": seed,
        "questions": len(needs),
        "k": K,
        "models": {},
    }
    places = [p for _, _, p in provisions]
    for model in models:
        embedder = get_embedder(model)
        started = time.perf_counter()
        matrix = embedder.embed([text for _, text, _ in provisions])
        embed_seconds = time.perf_counter() - started
        per_language: dict[str, Any] = {}
        for lang in LANGUAGES:
            scores = []
            for need in needs:
                query = embedder.embed_query(need["queries"][lang])
                order = np.argsort(-(matrix @ query.reshape(-1)))[:K]
                ranked = [places[int(i)] for i in order]
                scores.append({"need": need["id"], **score(ranked, need["answers"], lang)})
            others = [
                s["other_language_recall"] for s in scores if s["other_language_recall"] is not None
            ]
            per_language[lang] = {
                "recall_at_10": round(float(np.mean([s["recall"] for s in scores])), 3),
                "other_language_recall_at_10": round(float(np.mean(others)), 3) if others else None,
                "mrr_at_10": round(float(np.mean([s["rr"] for s in scores])), 3),
                "per_question": scores,
            }
            print(
                f"{model:9} {lang}: recall@10 {per_language[lang]['recall_at_10']:.3f}  "
                f"other-language {per_language[lang]['other_language_recall_at_10']}  "
                f"MRR@10 {per_language[lang]['mrr_at_10']:.3f}",
                file=sys.stderr,
            )
        result["models"][model] = {
            "model_id": embedder.model_id,
            "embedding_seconds": round(embed_seconds, 1),
            "languages": per_language,
        }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument(
        "--distractors", type=int, default=2000, help="other provisions in the pool"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the distractor sample")
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    engine = make_engine(args.database or load_settings().db_url, create=False)
    with transaction(engine) as session:
        result = run(session, args.distractors, args.seed, args.models)
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
