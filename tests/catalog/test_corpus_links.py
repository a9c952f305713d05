"""Catalog external ids point at real records of the shared corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from govatlas.catalog import load_catalog

pytestmark = pytest.mark.corpus


def test_agora_ids_exist_in_the_corpus(corpus_dir: Path) -> None:
    with (corpus_dir / "agora" / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        known = {row["AGORA ID"] for row in csv.DictReader(f)}
    catalog = load_catalog()
    linked = [(e.id, v) for e in catalog.entries for v in e.ids.get("agora", ())]
    assert len(linked) >= 30
    missing = [pair for pair in linked if pair[1] not in known]
    assert missing == []


def test_eu_ai_act_celex_matches_the_corpus_source(corpus_dir: Path) -> None:
    source = (corpus_dir / "SOURCES-laws.md").read_text(encoding="utf-8")
    assert load_catalog().get("eu-ai-act").ids["celex"][0] in source
