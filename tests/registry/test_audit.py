"""The audit log finds every change made outside govatlas: an edited, removed, reordered
or truncated entry, a rewritten head, a log rolled back before a kept checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError
from govatlas.registry.audit import append, checkpoint, verify
from govatlas.registry.signing import SigningKey, load_or_create
from govatlas.store.registry_models import AuditEvent
from govatlas.store.session import transaction

runner = CliRunner()


def _verdict(engine: Engine, signer: SigningKey, kept: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return verify(session, signer.public, kept)


def _tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_an_intact_log_verifies_and_names_each_write(demo: Engine, signer: SigningKey) -> None:
    verdict = _verdict(demo, signer)
    assert verdict.ok and verdict.checked > 20
    with Session(demo) as session:
        first = session.get(AuditEvent, 1)
        assert first is not None and first.action == "party.add" and first.prev_hash == "0" * 64
        actions = {e.action for e in session.query(AuditEvent)}
    assert {"record.create", "record.submit", "record.publish", "record.return"} <= actions


@pytest.mark.parametrize(
    ("statements", "bad", "reason"),
    [
        (["UPDATE audit_event SET actor = 'mallory' WHERE id = 5"], 5, "was changed"),
        (["UPDATE audit_event SET payload = '{}' WHERE id = 9"], 9, "was changed"),
        (["DELETE FROM audit_event WHERE id = 7"], 7, "is missing"),
        (
            [  # two entries swap places
                "UPDATE audit_event SET id = -3 WHERE id = 3",
                "UPDATE audit_event SET id = 3 WHERE id = 4",
                "UPDATE audit_event SET id = 4 WHERE id = -3",
            ],
            3,
            "does not follow",
        ),
        (
            ["DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)"],
            None,
            "signed head names entry",
        ),
        (["DELETE FROM audit_event WHERE id > 10"], 11, "signed head names entry"),
        (["DELETE FROM audit_head"], 0, "head of the log is missing"),
        (["UPDATE audit_head SET signature = lower(signature) || ''"], None, None),
    ],
)
def test_every_change_is_found(
    demo: Engine,
    signer: SigningKey,
    statements: list[str],
    bad: int | None,
    reason: str | None,
) -> None:
    _tamper(demo, *statements)
    verdict = _verdict(demo, signer)
    if reason is None:  # a no-op rewrite of the head: still intact
        assert verdict.ok
        return
    assert not verdict.ok and reason in verdict.reason
    if bad is not None:
        assert verdict.bad_entry == bad


def test_a_forged_head_fails_its_signature(
    demo: Engine, signer: SigningKey, tmp_path: Path
) -> None:
    with Session(demo) as session:
        last = session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
        assert last is not None
        previous = last.prev_hash
        last_id = last.id
    # cut the last entry and point the head at the one before, signed with another key
    other = load_or_create(tmp_path / "other.key")
    from govatlas.registry.audit import head_message

    forged = other.sign(head_message(last_id - 1, previous))
    _tamper(
        demo,
        f"DELETE FROM audit_event WHERE id = {last_id}",
        f"UPDATE audit_head SET last_id = {last_id - 1}, last_hash = '{previous}', "
        f"signature = '{forged}'",
    )
    verdict = _verdict(demo, signer)
    assert not verdict.ok and "signature does not verify" in verdict.reason


def test_a_rollback_before_a_kept_checkpoint_is_found(demo: Engine, signer: SigningKey) -> None:
    with Session(demo) as session:
        kept = checkpoint(session)
    with transaction(demo) as session:
        append(session, signer, "someone", "record.note", "record:1")
    assert _verdict(demo, signer, kept).ok  # the log grew past the checkpoint: fine
    _tamper(demo, f"UPDATE audit_event SET actor = 'x' WHERE id = {kept['last_id']}")
    assert not _verdict(demo, signer, kept).ok


def test_a_head_missing_under_entries_stops_new_writes(demo: Engine, signer: SigningKey) -> None:
    _tamper(demo, "DELETE FROM audit_head")
    with transaction(demo) as session, pytest.raises(ConflictError, match="no signed head"):
        append(session, signer, "someone", "record.note", "record:1")


def test_the_verify_command_exits_non_zero_naming_the_entry(
    demo: Engine, env_db: str, tmp_path: Path
) -> None:
    good = runner.invoke(app, ["registry", "verify"])
    assert good.exit_code == 0 and "Audit log intact" in good.output
    assert "signature checked" in good.output
    out = tmp_path / "head.json"
    assert runner.invoke(app, ["registry", "checkpoint", "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["last_id"] > 0
    _tamper(demo, "UPDATE audit_event SET subject = 'record:99' WHERE id = 12")
    bad = runner.invoke(app, ["registry", "verify"])
    assert bad.exit_code == 1 and "entry 12" in bad.output
    kept = runner.invoke(app, ["registry", "verify", "--checkpoint", str(out)])
    assert kept.exit_code == 1
    pem = runner.invoke(app, ["registry", "public-key"])
    assert pem.exit_code == 0 and "BEGIN PUBLIC KEY" in pem.output
