"""Definitions matched on a normalised term and grouped by the concept they name, so
that every definition row the divergence sends to "the definitions table" is in it
(audit: Brazil's "I - artificial intelligence system: ..." never met the EU's "AI
system"; SB 53's "artificial intelligence model" was named, not compared)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.definitions import (
    KEY_TERMS,
    TERM_KINDS,
    compare_definitions,
    concept_of,
    extract_definitions,
    normalise_term,
)
from govatlas.classify.encoders.embeddings import EmbeddingModel, Vectors
from govatlas.ingest.pipeline import store_provisions
from govatlas.records import ProvisionDraft
from govatlas.store.instruments import add_version
from govatlas.store.session import transaction

ALPHA = (
    "Article 3 Definitions\n"
    "'AI system' means a machine-based system that infers outputs from the input it receives.\n"
    "'deployer' means a person using an AI system under its authority.\n"
)
BETA = (
    "Art. 4 For the purposes of this Law, the following definitions are adopted:\n"
    "I - artificial intelligence system: computational system designed to infer outputs;\n"
    "II - deployer: a person who uses an artificial intelligence system;\n"
    "Art. 5 The following items are listed:\n"
    "I - consequential decision: not a definition, only an item of a list;\n"
)
GAMMA = (
    'Section 1. "Artificial intelligence model" means an engineered system that infers how to '
    "generate outputs.\n"
)


class _WordsEmbedder:
    """Bag of words, L2-normalised: enough to compare definitions in a test."""

    name = EmbeddingModel.MINILM
    model_id = "test-words"
    dimension = 64

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                rows[i, sum(map(ord, word)) % self.dimension] += 1.0
        normalised: Vectors = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return normalised

    def embed_query(self, query: str) -> Vectors:
        return self.embed([query])


def _store(session: Session, instrument: str, text: str) -> None:
    """One provision per article ("Art. N" or "Article N" opening a line)."""
    version, _ = add_version(session, instrument, text, format="txt", language="en")
    starts = [m.start() for m in re.finditer(r"^(?:Art\.|Article|Section) \d", text, re.M)]
    ends = [*starts[1:], len(text)]
    drafts = [
        ProvisionDraft(f"art.{n}", "article", None, start, end)
        for n, (start, end) in enumerate(zip(starts, ends, strict=True), 1)
    ]
    store_provisions(session, version, drafts)


def test_terms_are_case_folded_and_ai_spelled_out() -> None:
    assert normalise_term("DEPLOYER") == "deployer"
    assert normalise_term("Artificial Intelligence System") == "ai system"
    assert concept_of("artificial intelligence model") == concept_of("AI system")


def test_every_concept_the_divergence_rows_name_is_a_key_term() -> None:
    assert {concept_of(t) for t in KEY_TERMS} == set(TERM_KINDS.values())


def test_definitions_in_every_form_meet_by_concept(built: Engine) -> None:
    with transaction(built) as session:
        _store(session, "alpha-act", ALPHA)
        _store(session, "beta-bill", BETA)
        _store(session, "gamma-guidance", GAMMA)
    with Session(built) as session:
        beta = extract_definitions(session, "beta-bill")
        found = [
            *extract_definitions(session, "alpha-act"),
            *beta,
            *extract_definitions(session, "gamma-guidance"),
        ]
    # a colon opens a definition only in a list that announces definitions
    assert {d.term for d in beta} == {"ai system", "deployer"}
    pairs = compare_definitions(found, KEY_TERMS, _WordsEmbedder())
    compared = {(p.term, p.a.instrument, p.b.instrument, p.a.term, p.b.term) for p in pairs}
    assert ("ai system", "alpha-act", "beta-bill", "ai system", "ai system") in compared
    assert ("ai system", "alpha-act", "gamma-guidance", "ai system", "ai model") in compared
    assert ("deployer", "alpha-act", "beta-bill", "deployer", "deployer") in compared
