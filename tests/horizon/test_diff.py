"""Provision-level diffs: by path, by similarity for renumbered provisions, word by word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.cli import app
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.horizon.diff import diff_versions, pick_version, versions_of, word_diff
from govatlas.horizon.significance import TAXONOMIES, rank_changes
from govatlas.ingest.pipeline import store_provisions
from govatlas.records import ProvisionDraft
from govatlas.store.instruments import add_version
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies

OLD = [
    ("art.1", "Providers shall keep logs for six months."),
    ("art.2", "Deployers shall inform people that they interact with a chatbot."),
    ("art.3", "Member States shall designate a market surveillance authority."),
    ("art.4", "This Act enters into force on 1 January 2025."),
]
NEW = [
    ("art.1", "Providers shall keep logs for twelve months."),  # modified
    ("art.2", "Deployers shall inform people that they interact with a chatbot."),  # unchanged
    ("art.3", "Serious incidents shall be reported within fifteen days."),  # added (number reused)
    ("art.4", "Member States shall designate a market surveillance authority."),  # moved from 3
    # art.4 of OLD (entry into force) is removed
]


def _store(engine: Engine, rows: list[tuple[str, str]]) -> int:
    text = "\n".join(body for _, body in rows)
    drafts, position = [], 0
    for path, body in rows:
        drafts.append(ProvisionDraft(path, "article", None, position, position + len(body)))
        position += len(body) + 1
    with transaction(engine) as session:
        version, _ = add_version(session, "alpha-act", text, format="txt", language="en")
        store_provisions(session, version, drafts)
        return version.id


@pytest.fixture
def two_versions(built: Engine) -> tuple[Engine, int, int]:
    return built, _store(built, OLD), _store(built, NEW)


def test_changes_are_classified(two_versions: tuple[Engine, int, int]) -> None:
    engine, old, new = two_versions
    with transaction(engine) as session:
        result = diff_versions(session, "alpha-act", old, new)
    kinds = {
        (c.kind, c.old.path if c.old else None, c.new.path if c.new else None)
        for c in result.changes
    }
    assert ("modified", "art.1", "art.1") in kinds
    assert ("unchanged", "art.2", "art.2") in kinds
    assert ("moved", "art.3", "art.4") in kinds
    assert ("added", None, "art.3") in kinds
    assert ("removed", "art.4", None) in kinds
    assert result.counts == {"added": 1, "removed": 1, "modified": 1, "moved": 1, "unchanged": 1}
    modified = next(c for c in result.changes if c.kind == "modified")
    assert [(w.old, w.new) for w in modified.words if w.op != "equal"] == [("six", "twelve")]
    assert modified.changed_words == 1


def test_word_diff() -> None:
    ops = word_diff("a b c d", "a x c d e")
    assert [(o.op, o.old, o.new) for o in ops] == [
        ("equal", "a", "a"),
        ("replace", "b", "x"),
        ("equal", "c d", "c d"),
        ("insert", "", "e"),
    ]


def test_versions_are_picked_by_id_or_hash(two_versions: tuple[Engine, int, int]) -> None:
    engine, old, _ = two_versions
    with transaction(engine) as session:
        versions = versions_of(session, "alpha-act")
        assert pick_version(versions, str(old)).id == old
        prefix = versions[0].content_hash[:8]
        assert pick_version(versions, prefix).id == versions[0].id
        with pytest.raises(NotFoundError):
            pick_version(versions, "zzzzzzzz")
        with pytest.raises(InvalidInputError):
            diff_versions(session, "alpha-act", old, old)


def test_diff_command_terminal_json_and_html(
    two_versions: tuple[Engine, int, int], env_db: str, tmp_path: Path
) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    listed = runner.invoke(app, ["diff", "alpha-act", "--list"])
    assert listed.exit_code == 0 and "Versions of alpha-act" in listed.output
    out = tmp_path / "diff.html"
    result = runner.invoke(app, ["diff", "alpha-act", "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 modified" in result.output and "art.3 → art.4" in result.output
    page = out.read_text(encoding="utf-8")
    assert "<del>six</del>" in page and "<ins>twelve</ins>" in page
    as_json = json.loads(runner.invoke(app, ["diff", "alpha-act", "-f", "json"]).output)
    assert as_json["counts"]["moved"] == 1
    top = json.loads(
        runner.invoke(app, ["diff", "alpha-act", "--significant", "2", "-f", "json"]).output
    )
    assert len(top) == 2 and top[0]["score"] >= top[1]["score"]
    missing = runner.invoke(app, ["diff", "no-such-act"])
    assert missing.exit_code == 6


def test_significance_ranks_changes_that_touch_concepts(
    two_versions: tuple[Engine, int, int],
) -> None:
    engine, old, new = two_versions
    with transaction(engine) as session:
        result = diff_versions(session, "alpha-act", old, new)
    concepts = concepts_of(load_taxonomies(), list(TAXONOMIES))
    ranked = rank_changes(result, ConceptMatcher(concepts), {c: s.label for c, s in concepts})
    assert {s.change.kind for s in ranked} == {"added", "removed", "modified", "moved"}
    assert ranked == sorted(ranked, key=lambda s: -s.score)
    incident = next(s for s in ranked if s.change.kind == "added")
    assert "fli-blocks:emergency-response" in incident.concepts
    assert incident.summary.startswith("adds art.3 on ")
    moved = next(s for s in ranked if s.change.kind == "moved")
    assert moved.score == 0  # renumbered, not reworded
