"""The build as a new user runs it: Ctrl-C at any stage, resume, and end exactly where
a clean build ends; an unchanged re-run changes nothing and says so."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from govatlas import build as build_module
from govatlas import build_links
from govatlas.cli import app
from govatlas.crosswalk import importer
from govatlas.crosswalk.importer import import_crosswalk
from govatlas.crosswalk.known_tables import read_published
from govatlas.errors import ExitCode, NotFoundError
from govatlas.ingest import runner
from govatlas.store.digest import store_digest
from govatlas.store.engine import make_engine
from govatlas.store.models import DatasetRelease, InstrumentVersion
from govatlas.store.session import transaction
from tests.conftest import FIXTURE_CATALOG, FIXTURE_MIRROR, fresh_database

cli = CliRunner()
BUILD = ["build", "--catalog", str(FIXTURE_CATALOG)]
# (module, function, the call after which Ctrl-C arrives): one point in every stage
INTERRUPTS: dict[str, tuple[Any, str, int]] = {
    "catalog": (build_module, "sync_catalog", 1),
    "ingest": (runner, "store_document", 4),
    "crosswalks": (importer, "import_crosswalk", 1),
    "labels": (build_links, "label_agora", 1),
}


def _ctrl_c_after(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: int) -> None:
    """Send SIGINT to this process right after the ``calls``-th call of ``name``."""
    original: Callable[..., Any] = getattr(module, name)
    seen = [0]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        seen[0] += 1
        if seen[0] == calls:
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(module, name, interrupted)


def _digest(url: str) -> str:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return store_digest(session)
    finally:
        engine.dispose()


def _releases(url: str) -> int:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return int(session.scalar(select(func.count()).select_from(DatasetRelease)) or 0)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def clean_digest(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("clean")
    with pytest.MonkeyPatch.context() as patch, fresh_database(folder) as url:
        patch.setenv("GOVATLAS_DB", url)
        patch.setenv("GOVATLAS_MIRROR", str(FIXTURE_MIRROR))
        result = cli.invoke(app, BUILD)
        assert result.exit_code == 0, result.output
        return _digest(url)


@pytest.mark.parametrize("stage", sorted(INTERRUPTS))
def test_interrupted_then_resumed_build_equals_a_clean_build(
    stage: str, env_db: str, clean_digest: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        _ctrl_c_after(patch, *INTERRUPTS[stage])
        stopped = cli.invoke(app, BUILD)
    assert stopped.exit_code == ExitCode.INTERRUPTED == 130, stopped.output
    output = " ".join(stopped.output.split())
    assert "interrupted" in output and "no dataset release was frozen" in output
    assert "Traceback" not in output
    assert _releases(env_db) == 0  # nothing frozen from a partial store
    resumed = cli.invoke(app, BUILD)
    assert resumed.exit_code == 0, resumed.output
    assert _digest(env_db) == clean_digest


def test_an_unchanged_rerun_changes_nothing_and_says_so(env_db: str) -> None:
    first = cli.invoke(app, BUILD)
    assert first.exit_code == 0 and "Nothing changed" not in first.output
    again = cli.invoke(app, BUILD)
    assert again.exit_code == 0, again.output
    output = " ".join(again.output.split())
    assert "catalog instruments unchanged (" in output  # not "updated 4"
    assert "Nothing changed: the store already held exactly these inputs." in output
    assert "unchanged)" in output and _releases(env_db) == 1


def test_the_crosswalk_import_refuses_to_run_before_the_texts_it_cites(built: Engine) -> None:
    """Finding 11: importing before NIST is ingested used to file placeholder reference
    versions on nist-ai-rmf-1-0; now it names what to ingest first."""
    [crosswalk, *_] = read_published(FIXTURE_MIRROR / "crosswalks")
    with (
        pytest.raises(NotFoundError, match="whose text is not ingested yet"),
        transaction(built) as session,
    ):
        import_crosswalk(session, crosswalk)
    with transaction(built) as session:
        assert session.scalar(select(func.count()).select_from(InstrumentVersion)) == 0


def test_models_live_beside_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govatlas.classify.agora.tasks import model_dir
    from govatlas.config import models_dir

    monkeypatch.setenv("GOVATLAS_DB", f"sqlite:///{tmp_path / 'one.db'}")
    assert models_dir() == tmp_path / "one-models" and model_dir().parent == models_dir()
    monkeypatch.setenv("GOVATLAS_DB", f"sqlite:///{tmp_path / 'two.db'}")
    assert models_dir() == tmp_path / "two-models"  # never shared between databases
    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "chosen"))
    assert models_dir() == tmp_path / "chosen"


def test_a_rebuild_keeps_review_decisions(env_db: str) -> None:
    """Finding 2: reject a label (as the API does), re-ingest unchanged input with
    `govatlas ingest --source agora --limit 1`, then `govatlas build`: the label and its
    decision are still there."""
    from govatlas.classify.labels.instrument_labels import review
    from govatlas.store.decisions import Reviewer, history
    from govatlas.store.models import Label
    from govatlas.vocabulary import ReviewChannel, ReviewStatus

    assert cli.invoke(app, BUILD).exit_code == 0
    engine = make_engine(env_db)
    with transaction(engine) as session:
        label = session.scalars(
            select(Label).where(Label.provenance.startswith("agora:")).order_by(Label.id)
        ).first()
        assert label is not None
        review(session, label.id, False, Reviewer("ana", ReviewChannel.API))
        label_id = label.id
    again = cli.invoke(app, ["ingest", "--source", "agora", "--limit", "1"])
    assert again.exit_code == 0, again.output
    assert cli.invoke(app, BUILD).exit_code == 0
    with transaction(engine) as session:
        kept = session.get(Label, label_id)
        assert kept is not None and kept.review_status is ReviewStatus.REJECTED
        assert [d.reviewer for d in history(session, kept)] == ["ana"]
    engine.dispose()


def test_linking_and_labelling_is_a_domain_run_with_its_events(ingested: Engine) -> None:
    """``build_links.link_and_label`` without the CLI: each stage says what it did."""
    from tests.classify.test_labelling_runs import Recorder

    recorder = Recorder()
    done = build_links.link_and_label(ingested, FIXTURE_MIRROR, recorder, label=False)
    assert (done.crosswalk_tables, done.human_relationships) == (2, 7)
    assert done.agora is None and done.provisions is None  # not asked to label
    notes = [e for e in recorder.events if e.startswith("note: ")]
    assert notes[0] == "note: Crosswalks: 2 tables, 7 human relationships"
    assert notes[1].startswith("note: Machine crosswalks: ")
    assert notes[-1].startswith("note: Trackers: ")
    assert "working: Building-block trackers: reading every text" in recorder.events
