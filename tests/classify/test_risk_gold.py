"""Texts people coded with MIT risk domains, and the zero-shot matcher scored on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.classify.concept_match import ConceptMatcher, concepts_of, taxonomy_matcher
from govatlas.classify.quality import load_quality
from govatlas.classify.risk_gold import INCIDENTS, REPOSITORY, risk_gold, subdomain_code
from govatlas.classify.zero_shot_eval import (
    evaluate_zero_shot,
    quality_dir,
    save_zero_shot_quality,
)
from govatlas.cli import app
from govatlas.errors import GovatlasError
from govatlas.store.models import SourceRecord, content_hash
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.loader import get_taxonomy

FRAUD = "Fraud, scams, and targeted manipulation"
MALICIOUS = "Malicious actors"
TOXIC = "Exposure to toxic content"
DISCRIMINATION = "Discrimination & Toxicity"

RISKS = [  # (key, category, subcategory, description, coding)
    ("01.01.00", "Scams", "", "Cloned voices trick people into paying.", "4.3 > x"),
    ("01.02.00", "Hate", "Slurs", "The chatbot insults users with hateful slurs.", "1.2 > x"),
    ("01.03.00", "Misc", "", "Papers outside the taxonomy.", "X.1 > Excluded"),
    ("01.04.00", "Broad", "", "Malicious use in general.", "4.0 > Malicious use"),
    ("01.05.00", "Empty", "", "", "4.3 > x"),
    ("01.06.00", "Uncoded", "", "A risk nobody coded.", ""),
]
INCIDENTS_ROWS = [  # (id, title, description, subdomain)
    ("1", "Voice clone scam", "A fake voice of a relative asked for money.", "4.3. Fraud"),
    ("2", "Abusive bot", "A bot posted abusive messages.", "1.2. Exposure to toxic content"),
    ("3", "Unclassified", "No coding.", "X. Unknown"),
]


def _store_records(engine: Engine) -> None:
    def record(source: str, kind: str, key: str, data: dict[str, str]) -> SourceRecord:
        text = json.dumps(data, sort_keys=True)
        return SourceRecord(
            source=source, kind=kind, key=key, content_hash=content_hash(text), data=data
        )

    with transaction(engine) as session:
        for key, category, subcategory, description, coding in RISKS:
            data = {
                "Risk category": category,
                "Risk subcategory": subcategory,
                "Description": description,
                "Sub-domain": coding,
            }
            session.add(record("mit-risk", "risk", key, data))
        for number, title, description, coding in INCIDENTS_ROWS:
            incident = {"title": title, "description": description}
            session.add(record("aiid", "incident", number, incident))
            classified = {"Risk Subdomain": coding, "Namespace": "MIT"}
            session.add(record("aiid", "classifications_MIT", number, classified))


def test_subdomain_codes_from_both_sources_spellings() -> None:
    assert subdomain_code("7.3 > Lack of capability or robustness") == "7.3"
    assert subdomain_code("7.3. Lack of capability or robustness") == "7.3"
    assert subdomain_code("4.0 > Malicious use") is None  # a domain only
    assert subdomain_code("X.1 > Excluded") is None
    assert subdomain_code("") is None


def test_coded_texts_carry_subdomain_and_domain(migrated: Engine) -> None:
    _store_records(migrated)
    taxonomy = get_taxonomy(load_taxonomies(), "mit-risk")
    with transaction(migrated) as session:
        gold = risk_gold(session, taxonomy)
    repository = {p.id: p for p in gold[REPOSITORY]}
    assert sorted(repository) == ["mit:01.01.00", "mit:01.02.00"]  # excluded, N.0, empty out
    assert repository["mit:01.01.00"].labels == {FRAUD, MALICIOUS}
    assert repository["mit:01.02.00"].text.startswith("Hate. Slurs. The chatbot")
    incidents = {p.id: p for p in gold[INCIDENTS]}
    assert sorted(incidents) == ["aiid:1", "aiid:2"]
    assert incidents["aiid:2"].labels == {TOXIC, DISCRIMINATION}
    assert incidents["aiid:1"].text.startswith("Voice clone scam. A fake voice")


def test_no_coded_texts_is_named(migrated: Engine) -> None:
    taxonomy = get_taxonomy(load_taxonomies(), "mit-risk")
    with transaction(migrated) as session, pytest.raises(GovatlasError, match="MIT") as caught:
        risk_gold(session, taxonomy)
    assert "--source mit-risk --source aiid" in (caught.value.hint or "")


def test_one_per_text_taxonomies_keep_their_best_match_only() -> None:
    texts = [
        "The law addresses bias, disinformation, cybersecurity, labour displacement, "
        "fraud, scams, and targeted manipulation, and exposure to toxic content."
    ]
    taxonomies = load_taxonomies()
    every_mit_match = ConceptMatcher(concepts_of(taxonomies, ["mit-risk"])).match(texts)[0]
    assert len(every_mit_match) > 1
    both = taxonomy_matcher(taxonomies, ["mit-risk", "fli-risks"]).match(texts)[0]
    assert [m for m in both if m.concept.startswith("mit-risk:")] == every_mit_match[:1]
    assert len([m for m in both if m.concept.startswith("fli-risks:")]) > 1
    unlimited = taxonomy_matcher(taxonomies, ["fli-risks"]).match(texts)[0]
    assert [m for m in both if m.concept.startswith("fli-risks:")] == unlimited


def test_matcher_is_scored_on_coded_texts_and_figures_saved(migrated: Engine) -> None:
    _store_records(migrated)
    evaluation = evaluate_zero_shot(migrated)
    by_source = {e.gold_file: e for e in evaluation.sources}
    assert by_source[REPOSITORY].passages == 2 and by_source[INCIDENTS].passages == 2
    assert set(by_source[INCIDENTS].concepts) == {FRAUD, MALICIOUS, TOXIC, DISCRIMINATION}
    assert by_source[REPOSITORY].keyword is not None
    pooled = evaluation.pooled
    assert pooled.per_concept[FRAUD].support == 2  # one text of each source
    path = save_zero_shot_quality(evaluation)
    quality = load_quality(path.parent)
    assert quality is not None and quality.taxonomy == "mit-risk"
    assert quality.f1[FRAUD] == round(pooled.per_concept[FRAUD].f1, 4)
    assert quality.f1["Environmental harm"] is None  # no coded text: not measured
    assert quality.note("Environmental harm").startswith("experimental")


def test_eval_command_writes_reports_for_each_source(
    env_db: str, migrated: Engine, tmp_path: Path
) -> None:
    _store_records(migrated)
    result = CliRunner(env={"COLUMNS": "240"}).invoke(
        app, ["eval", "--taxonomy", "mit-risk", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "mit-repository: 2 coded texts" in result.output
    assert "aiid-incidents: 2 coded texts" in result.output
    assert "keyword baseline macro-F1" in result.output
    report = json.loads((tmp_path / "eval-aiid-incidents.json").read_text())
    assert report["passages"] == 2 and report["predicted_by"].startswith("concept-match-minilm")
    assert (tmp_path / "eval-mit-repository.md").read_text().startswith("# Evaluation against")
    assert (quality_dir("mit-risk") / "quality.json").exists()
