"""Errors that users see, and the exit codes the CLI maps them to.

Every failure a user can cause or fix (bad input, an unreachable database, an
outdated schema) is raised as a ``GovatlasError`` carrying a one-line message
and a hint saying what to do; the CLI prints both and exits with the code, never
a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes with meaning, so scripts can react to the kind of failure."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    INVALID_INPUT = 3
    STORE_UNAVAILABLE = 4
    STORE_OUTDATED = 5
    NOT_FOUND = 6
    BUSY = 7
    CONFLICT = 8
    INTERRUPTED = 130  # Ctrl-C: the shell's convention


class GovatlasError(Exception):
    """A failure with a message for the user and a hint on how to fix it."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInputError(GovatlasError):
    """Input data (a file, an argument, a URL) is malformed."""

    exit_code = ExitCode.INVALID_INPUT


class NotFoundError(GovatlasError):
    """An id or name does not exist. ``kind`` (instrument, concept, jurisdiction,
    taxonomy) and ``suggestions`` (the closest known ids) are set when the code that
    raised it knows them (``near_names.unknown``), so the web can link them."""

    exit_code = ExitCode.NOT_FOUND
    kind: str | None = None
    suggestions: tuple[str, ...] = ()


class StoreUnavailableError(GovatlasError):
    """The database URL is wrong or the server cannot be reached."""

    exit_code = ExitCode.STORE_UNAVAILABLE


class StoreOutdatedError(GovatlasError):
    """The database schema is not at the revision this code needs."""

    exit_code = ExitCode.STORE_OUTDATED


class PermissionDeniedError(GovatlasError):
    """A write was attempted without the credentials it needs."""


class BusyError(GovatlasError):
    """Another process holds the lock this work needs (e.g. a scan already running, or
    a write that keeps the database locked)."""

    exit_code = ExitCode.BUSY


class ConflictError(GovatlasError):
    """The row changed since the person deciding saw it (a stale review version)."""

    exit_code = ExitCode.CONFLICT


class StoppedByUserError(GovatlasError):
    """Ctrl-C: the work stopped after its current unit, with everything before it kept."""

    exit_code = ExitCode.INTERRUPTED


class TooManyRequestsError(GovatlasError):
    """Too many sign-ins or writes in a short time; wait and try again."""

    def __init__(self, message: str, hint: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message, hint)
        self.retry_after = retry_after
