"""The weekly digest: what changed in one ISO week, most significant first.

New versions of known instruments lead (ordered by significance score), then
new instruments, then the watches that failed during the week, so an analyst
sees both what moved and where the scan could not look.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.store.horizon import changes_since, check_count, failed_checks
from govatlas.store.models import Change, Watch
from govatlas.vocabulary import ChangeKind


@dataclass(frozen=True)
class WatchFailure:
    watch: Watch
    when: datetime
    detail: str


@dataclass
class Digest:
    week: str
    start: datetime
    end: datetime
    new_versions: list[Change]
    new_instruments: list[Change]
    failures: list[WatchFailure]
    checks: int


def week_bounds(week: str | None, today: date | None = None) -> tuple[str, datetime, datetime]:
    """``2026-W48`` (or the current week) as its label, Monday 00:00 UTC and the next Monday."""
    if week is None:
        year, number, _ = (today or datetime.now(UTC).date()).isocalendar()
    else:
        try:
            year_text, number_text = week.upper().split("-W")
            year, number = int(year_text), int(number_text)
            date.fromisocalendar(year, number, 1)
        except ValueError as exc:
            raise InvalidInputError(
                f"{week!r} is not an ISO week", "write it like 2026-W48"
            ) from exc
    monday = date.fromisocalendar(year, number, 1)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return f"{year}-W{number:02d}", start, start + timedelta(days=7)


def build_digest(session: Session, week: str | None = None) -> Digest:
    label, start, end = week_bounds(week)
    changes = changes_since(session, start, before=end)
    latest: dict[int, WatchFailure] = {}
    for event, watch in failed_checks(session, start, end):
        latest.setdefault(watch.id, WatchFailure(watch, event.started_at, event.detail or ""))
    checks = check_count(session, start, end)
    return Digest(
        label,
        start,
        end,
        [c for c in changes if c.kind is ChangeKind.NEW_VERSION],
        [c for c in changes if c.kind is ChangeKind.NEW_INSTRUMENT],
        list(latest.values()),
        checks,
    )
