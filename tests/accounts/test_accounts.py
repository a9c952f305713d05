"""Reviewer accounts: argon2 hashes, sessions that expire and rotate, sign-in backoff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from govatlas.accounts.sessions import end_session, find_session, sign_in
from govatlas.accounts.throttle import FREE_FAILURES, check_throttle, record_failure
from govatlas.accounts.users import add_user, disable_user, verify
from govatlas.cli import app
from govatlas.errors import ExitCode, InvalidInputError, TooManyRequestsError
from govatlas.store.models import UserAccount, UserSession, utcnow
from govatlas.store.session import transaction

PASSWORD = "correct horse battery staple"


def test_passwords_are_argon2_hashes_and_checked(migrated: Engine) -> None:
    with transaction(migrated) as session:
        account = add_user(session, "ana", PASSWORD)
        assert (
            account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
        )
        assert verify(session, "ana", PASSWORD) is not None
        assert verify(session, "ana", "wrong password!") is None
        assert verify(session, "nobody", PASSWORD) is None
        long = "a long passphrase, " * 10  # 190 characters, kept whole
        add_user(session, "cy", long)
        assert verify(session, "cy", long) is not None
        assert verify(session, "cy", long[:-1]) is None
        with pytest.raises(InvalidInputError, match="at least 12"):
            add_user(session, "bo", "short")
        with pytest.raises(InvalidInputError, match="exists"):
            add_user(session, "ana", PASSWORD)
        with pytest.raises(InvalidInputError, match="not a usable account name"):
            add_user(session, "<script>", PASSWORD)


def test_sessions_expire_rotate_and_end_with_the_account(migrated: Engine) -> None:
    with transaction(migrated) as session:
        account = add_user(session, "ana", PASSWORD)
        first = sign_in(session, account)
        found = find_session(session, first)
        assert found is not None and found.name == "ana" and len(found.csrf) == 64
        second = sign_in(session, account, previous_token=first)  # rotation on sign-in
        assert find_session(session, first) is None and find_session(session, second) is not None
        assert session.scalar(select(UserSession.id)) != second  # only the hash is stored
        session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        assert find_session(session, second) is None  # expired
        third = sign_in(session, account)
        disable_user(session, "ana")
        assert find_session(session, third) is None
        assert verify(session, "ana", PASSWORD) is None  # a disabled account cannot sign in
        end_session(session, third)


def test_failed_sign_ins_back_off_per_account_and_client(migrated: Engine) -> None:
    with transaction(migrated) as session:
        for _ in range(FREE_FAILURES):
            check_throttle(session, "ana", "10.0.0.1")
            record_failure(session, "ana", "10.0.0.1")
        with pytest.raises(TooManyRequestsError) as caught:
            check_throttle(session, "ana", "10.0.0.2")  # the account is paused everywhere
        assert caught.value.retry_after >= 1
        with pytest.raises(TooManyRequestsError):
            check_throttle(session, "bo", "10.0.0.1")  # and the client for every account
        check_throttle(session, "bo", "10.0.0.3")


def test_users_commands_read_the_password_from_stdin_never_argv(env_db: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(app, ["users", "add", "ana", "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    prompted = runner.invoke(app, ["users", "add", "bo"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0 and "Added reviewer account 'bo'" in prompted.output
    differ = runner.invoke(app, ["users", "add", "cy"], input=f"{PASSWORD}\nsomething else!\n")
    assert differ.exit_code == ExitCode.INVALID_INPUT and "differ" in differ.output
    listed = runner.invoke(app, ["users", "list", "--format", "json"])
    assert '"name": "ana"' in listed.output and '"status": "enabled"' in listed.output
    assert PASSWORD not in listed.output
    assert runner.invoke(app, ["users", "disable", "ana"]).exit_code == 0
    assert '"status": "disabled"' in runner.invoke(app, ["users", "list", "-f", "json"]).output
    missing = runner.invoke(app, ["users", "disable", "nobody"])
    assert missing.exit_code == ExitCode.NOT_FOUND


def test_no_password_option_exists() -> None:
    result = CliRunner().invoke(app, ["users", "add", "ana", "--password", PASSWORD])
    assert result.exit_code == ExitCode.USAGE


def test_accounts_are_stored_with_their_names(migrated: Engine) -> None:
    with transaction(migrated) as session:
        add_user(session, "ana", PASSWORD)
        assert session.scalars(select(UserAccount.name)).all() == ["ana"]
