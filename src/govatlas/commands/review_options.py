"""The options every review command shares, with the same names everywhere.

A decision is ``--decision`` (accept, reject; crosswalks also correct) and who
decides is ``--by``. The earlier spellings, ``--as NAME`` (crosswalk and industry
reviews) and ``--accept``/``--reject`` (label review), still work for one release:
they are hidden from ``--help`` and print a deprecation note on standard error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from govatlas.errors import InvalidInputError


class AcceptOrReject(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


ReviewerOption = Annotated[
    str | None, typer.Option("--by", help="Who decides (recorded with the decision).")
]
LegacyReviewerOption = Annotated[
    str | None, typer.Option("--as", hidden=True, help="Deprecated spelling of --by.")
]
LegacyAcceptOption = Annotated[
    bool | None,
    typer.Option("--accept/--reject", hidden=True, help="Deprecated: --decision accept|reject."),
]


def warn_deprecated(old: str, new: str) -> None:
    """One line on standard error: the old spelling works, for one more release."""
    Console(stderr=True).print(
        f"[yellow]{old} is deprecated and will be removed in the next release: use {new}[/]",
        highlight=False,
    )


def reviewer_of(by: str | None, legacy: str | None) -> str | None:
    """The reviewer named by ``--by``, or by the deprecated ``--as`` (with a note)."""
    if legacy is None:
        return by
    warn_deprecated("--as", "--by")
    if by is not None and by != legacy:
        raise InvalidInputError(f"--by {by!r} and --as {legacy!r} name two reviewers", "use --by")
    return legacy


def decision_of(decision: AcceptOrReject | None, legacy: bool | None) -> AcceptOrReject | None:
    """The decision given by ``--decision``, or by the deprecated ``--accept``/``--reject``."""
    if legacy is None:
        return decision
    old = AcceptOrReject.ACCEPT if legacy else AcceptOrReject.REJECT
    warn_deprecated(f"--{old.value}", f"--decision {old.value}")
    if decision is not None and decision is not old:
        raise InvalidInputError(
            f"--decision {decision.value} and --{old.value} disagree", "use --decision only"
        )
    return old
