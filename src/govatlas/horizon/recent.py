"""Read models of detected changes: plain dicts for the web page, the API and the digest.

``recent_changes`` answers "what is new?": changes detected by scans in the
last N days (new versions and new instruments, most significant first) and the
lifecycle events (adopted, in force, amended...) dated in the same period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from govatlas.store.horizon import events_between, top_changes_since
from govatlas.store.instruments import concept_names
from govatlas.store.models import Change
from govatlas.vocabulary import ChangeKind

MAX_ROWS = 500


def concept_labels(session: Session, changes: Iterable[Change]) -> dict[str, str]:
    """Concept id -> preferred label, for the concepts these changes touch."""
    return concept_names(session, {cid for c in changes for cid in c.concepts})


def diff_path(change: Change) -> str:
    """The web atlas path that shows the change (base URL not included)."""
    if change.old_version_id is None:
        return f"/instruments/{change.instrument_id}"
    return (
        f"/instruments/{change.instrument_id}/changes"
        f"?from={change.old_version_id}&to={change.new_version_id}"
    )


def change_view(change: Change, labels: dict[str, str]) -> dict[str, Any]:
    detected = change.detected_at
    if detected.tzinfo is None:
        detected = detected.replace(tzinfo=UTC)
    return {
        "id": change.id,
        "kind": change.kind.value,
        "instrument": change.instrument_id,
        "title": change.instrument.title,
        "jurisdiction": change.instrument.jurisdiction_id,
        "detected_at": detected.isoformat(timespec="seconds"),
        "old_version": change.old_version_id,
        "new_version": change.new_version_id,
        "counts": dict(change.counts),
        "score": change.score,
        "concepts": [{"id": c, "label": labels.get(c, c)} for c in change.concepts],
        "highlights": list(change.highlights),
        "diff_path": diff_path(change),
    }


def change_views(session: Session, changes: Sequence[Change]) -> list[dict[str, Any]]:
    labels = concept_labels(session, changes)
    return [change_view(c, labels) for c in changes]


def recent_changes(session: Session, days: int, today: date | None = None) -> dict[str, Any]:
    since = datetime.now(UTC) - timedelta(days=days)
    changes = top_changes_since(session, since, MAX_ROWS)
    views = change_views(session, changes)
    last_day = today or datetime.now(UTC).date()
    first_day = last_day - timedelta(days=days)
    events = [
        {
            "date": event.date.isoformat(),
            "kind": event.kind.value,
            "instrument": instrument.id,
            "title": instrument.title,
            "jurisdiction": instrument.jurisdiction_id,
        }
        for event, instrument in events_between(session, first_day, last_day, MAX_ROWS)
    ]
    return {
        "days": days,
        "new_versions": [v for v in views if v["kind"] == ChangeKind.NEW_VERSION.value],
        "new_instruments": [v for v in views if v["kind"] == ChangeKind.NEW_INSTRUMENT.value],
        "events": events,
    }
