"""``govatlas users``: reviewer accounts for the web atlas (add, list, disable).

Passwords are read from a hidden prompt (typed twice) or, for scripts, from
standard input with ``--password-stdin``; never from the command line, where
other users of the machine could see them in the process list.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from govatlas.accounts.users import add_user, disable_user, list_users
from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import InvalidInputError
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer(
    "Reviewer accounts: people sign in to the web atlas with them, and their decisions "
    "are recorded under the account's name."
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InvalidInputError("no password on standard input", "pipe it in, one line")
        return line.rstrip("\r\n")
    password = typer.prompt("Password", hide_input=True)
    if typer.prompt("Repeat it", hide_input=True) != password:
        raise InvalidInputError("the two passwords differ", "run the command again")
    return str(password)


@app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The account name, e.g. ana.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a reviewer account (the password is prompted for, at least 12 characters).

    Example: [bold]govatlas users add ana[/], or in a script
    [bold]printf '%s\\n' "$PASSWORD" | govatlas users add ana --password-stdin[/]
    """
    engine = open_engine()
    require_current(engine)
    password = _read_password(password_stdin)
    with transaction(engine) as session:
        account = add_user(session, name, password)
        new_console().print(f"Added reviewer account {account.name!r} ({account.id})")


@app.command("list")
def users_list(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the reviewer accounts and whether each is enabled.

    Example: [bold]govatlas users list[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": u.id,
                "name": u.name,
                "created": u.created_at.isoformat(timespec="seconds"),
                "status": "disabled" if u.disabled_at else "enabled",
            }
            for u in list_users(session)
        ]
    render_rows(new_console(), rows, fmt, title="Reviewer accounts")


@app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="The account to disable.")],
) -> None:
    """Disable an account: it can no longer sign in and its sessions end now; the
    decisions it made keep its name.

    Example: [bold]govatlas users disable ana[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        account = disable_user(session, name)
        new_console().print(f"Disabled {account.name!r}; its sessions are ended")
