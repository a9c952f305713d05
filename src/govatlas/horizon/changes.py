"""Recording what a scan found: one ``Change`` per new full-text version.

A version whose instrument already had a full text is a *new version*: it is
diffed against the newest earlier text, provision by provision. A version
without a predecessor is a *new instrument*: every provision counts as added.
Either way the change keeps the diff's counts, the taxonomy concepts its
changed words touch (weightiest first, by the scores of the changes touching
them), a significance score, the most significant changes as one-line
highlights (e.g. "adds sec.3 on Red lines"), and the text of the provisions it
touches, so that keyword subscriptions can match them. A version gets at most
one change record, so recording twice is harmless.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy.orm import Session

from govatlas.horizon.diff import ProvisionChange, diff_versions, first_version_diff
from govatlas.horizon.significance import SignificanceModel, changed_text
from govatlas.store.horizon import version_has_change
from govatlas.store.horizon_texts import earlier_text_version
from govatlas.store.instruments import REFERENCE_FORMAT
from govatlas.store.models import Change, InstrumentVersion
from govatlas.vocabulary import ChangeKind

HIGHLIGHTS = 5
CHANGED_TEXT_CHARS = 20_000
MAX_NEW_PROVISIONS = 400  # a new instrument's concepts come from its first provisions


def _touched_text(change: ProvisionChange) -> str:
    """The provision a change touches, as it now reads, plus any words it deleted."""
    if change.new is None:
        return change.old.text if change.old else ""
    deleted = changed_text(change) if change.kind in ("modified", "moved") else ""
    return f"{change.new.text} {deleted}".strip()


def record_changes(
    session: Session,
    version_ids: Iterable[int],
    model: SignificanceModel,
    watch_id: int | None = None,
) -> list[Change]:
    """A ``Change`` for each full-text version in ``version_ids`` not yet recorded."""
    recorded = []
    for version_id in sorted(set(version_ids)):
        version = session.get(InstrumentVersion, version_id)
        if version is None or version.format == REFERENCE_FORMAT or version.replaces_id:
            continue  # a fuller rendering of a text already known is no change
        if version_has_change(session, version_id):
            continue
        earlier = earlier_text_version(session, version.instrument_id, version_id)
        if earlier is None:
            diff = first_version_diff(session, version.instrument_id, version_id)
            diff.changes = diff.changes[:MAX_NEW_PROVISIONS]
            kind = ChangeKind.NEW_INSTRUMENT
        else:
            diff = diff_versions(session, version.instrument_id, earlier, version_id)
            kind = ChangeKind.NEW_VERSION
        ranked = model.rank(diff)
        weight: Counter[str] = Counter()
        for significance in ranked:
            for concept in significance.concepts:
                weight[concept] += significance.score
        concepts = [c for c, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
        change = Change(
            kind=kind,
            instrument_id=version.instrument_id,
            old_version_id=earlier,
            new_version_id=version_id,
            watch_id=watch_id,
            counts=diff.counts,
            concepts=concepts,
            score=sum(s.score for s in ranked),
            highlights=[s.summary for s in ranked[:HIGHLIGHTS] if s.score > 0],
            changed_text=" ".join(_touched_text(s.change) for s in ranked)[:CHANGED_TEXT_CHARS],
        )
        session.add(change)
        recorded.append(change)
    session.flush()
    return recorded
