"""What became of what convenings asked to be done next: follow-up actions with owners
and due dates (``data/follow-up.yaml``, stored at build), and whether they happened.

An action's evidence is looked up in the store each time it is asked for, so that it
follows the data: a later convening, a catalog instrument's lifecycle event, the number
of parties that ratified, the registry's reports (with what organisations published in
the catalog), a new version found by horizon scanning, or a dated public source. Its
status is one of:

- ``done``: evidence dated on or before the due date (or there is no due date);
- ``done late``: the earliest evidence is after the due date (by how many days is said);
- ``in part``: some of what is needed is there (3 of 5 ratifications; 5 of 16
  companies), not all;
- ``open``: nothing yet, and not yet due (or no due date);
- ``no evidence recorded``: nothing, and the due date has passed. This is what govatlas
  holds, never a finding that the action was not taken.

A due date given to the month or year is due at the end of that month or year.
Evidence dated before the convening does not count (except the registry's: a framework
an organisation published earlier still answers a commitment it made).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.dates import dated
from govatlas.errors import InvalidInputError
from govatlas.registry.compliance import commitment_statuses
from govatlas.registry.visibility import PUBLIC
from govatlas.store.adherence import acts_on
from govatlas.store.convenings import convenings_by_date, follow_up_actions
from govatlas.store.instruments import changes_of, lifecycle_events
from govatlas.store.models import Instrument, utcnow
from govatlas.store.network_models import Convening, FollowUpAction
from govatlas.vocabulary import AdherenceAct, LifecycleKind

DONE = "done"
DONE_LATE = "done late"
IN_PART = "in part"
OPEN = "open"
NO_EVIDENCE = "no evidence recorded"
STATUSES = (DONE, DONE_LATE, IN_PART, OPEN, NO_EVIDENCE)
EVIDENCE_KINDS = ("convening", "instrument", "adherence", "registry", "change", "source")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Found:
    """One piece of evidence as the store holds it today."""

    kind: str
    label: str
    href: str | None
    on: date | None  # when it happened; None when it has not (or has no date)
    done: bool
    progress: str | None = None  # "2 of 5 ratified"
    partial: bool = False  # some of what is needed is there
    precision: str = "day"  # of ``on``: day, month or year

    @property
    def shown_on(self) -> str | None:
        return dated(self.on, self.precision) if self.on else None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "label": self.label,
            "href": self.href,
            "date": self.shown_on,
            "happened": self.done,
            "progress": self.progress,
        }


@dataclass(frozen=True)
class ActionStatus:
    action: FollowUpAction
    status: str
    found: list[Found]
    happened_on: date | None
    days_late: int | None
    happened_precision: str = "day"

    @property
    def shown_due(self) -> str | None:
        return shown_due(self.action)

    @property
    def shown_happened(self) -> str | None:
        return dated(self.happened_on, self.happened_precision) if self.happened_on else None

    def as_dict(self) -> dict[str, object]:
        a = self.action
        last_day = due_by(a)
        return {
            "id": a.id,
            "convening": a.convening_id,
            "outcome": a.outcome_id,
            "action": a.action,
            "owners": a.owners,
            "due": shown_due(a),
            "due_by": last_day.isoformat() if last_day else None,
            "stated_in": a.stated_in,
            "status": self.status,
            "happened_on": self.shown_happened,
            "days_late": self.days_late,
            "evidence": [f.as_dict() for f in self.found],
        }


@dataclass
class SyncedActions:
    actions: int = 0
    skipped: list[str] = field(default_factory=list)  # convening not stored


def action_data() -> list[dict[str, Any]]:
    text = resources.files("govatlas.network").joinpath("data/follow-up.yaml").read_text("utf-8")
    return cast(list[dict[str, Any]], yaml.safe_load(text) or [])


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInputError(f"{where}: {value!r} is not a date", "use YYYY-MM-DD") from None


def validate_action(item: dict[str, Any]) -> None:
    """Refuse, in one line, an action the data file gets wrong (before anything is
    written): a missing field, an unknown evidence kind, an undated source."""
    name = item.get("id") or "an action"
    for key in ("id", "convening", "action", "stated_in"):
        if not item.get(key):
            raise InvalidInputError(f"follow-up action {name}: no {key}", "every action needs one")
    if str(item.get("due_precision", "day")) not in PRECISIONS:
        raise InvalidInputError(
            f"follow-up action {name}: due_precision {item['due_precision']!r}",
            "day, month or year",
        )
    _date(item.get("due"), f"follow-up action {name}")
    for evidence in item.get("evidence") or []:
        kinds = [k for k in EVIDENCE_KINDS if k in evidence]
        if len(kinds) != 1:
            raise InvalidInputError(
                f"follow-up action {name}: evidence {evidence!r} needs exactly one kind",
                ", ".join(EVIDENCE_KINDS),
            )
        if kinds[0] == "source" and _date(evidence.get("date"), str(name)) is None:
            raise InvalidInputError(
                f"follow-up action {name}: a source needs its date", "date: YYYY-MM-DD"
            )
        _check_vocabulary(evidence, str(name))


def _check_vocabulary(evidence: dict[str, Any], name: str) -> None:
    act = str(evidence.get("act", "ratified"))
    if "adherence" in evidence and act not in {a.value for a in AdherenceAct}:
        raise InvalidInputError(
            f"follow-up action {name}: no adherence act {act!r}",
            ", ".join(a.value for a in AdherenceAct),
        )
    needed = evidence.get("needed", 1)
    if "adherence" in evidence and (not isinstance(needed, int) or needed < 1):
        raise InvalidInputError(f"follow-up action {name}: needed must be a whole number from 1")
    event = str(evidence.get("event", "adopted"))
    if "instrument" in evidence and event not in {k.value for k in LifecycleKind}:
        raise InvalidInputError(
            f"follow-up action {name}: no lifecycle event {event!r}",
            ", ".join(k.value for k in LifecycleKind),
        )


def sync_follow_up(session: Session, items: list[dict[str, Any]] | None = None) -> SyncedActions:
    """Make the stored actions equal to the data file's (or ``items``); an action whose
    convening is not stored is left out and named. Everything is checked first."""
    wanted = action_data() if items is None else items
    for item in wanted:
        validate_action(item)
    result = SyncedActions()
    session.execute(delete(FollowUpAction))
    for item in wanted:
        if session.get(Convening, item["convening"]) is None:
            result.skipped.append(f"{item['id']}: convening {item['convening']} not stored")
            continue
        session.add(
            FollowUpAction(
                id=item["id"],
                convening_id=item["convening"],
                outcome_id=item.get("outcome"),
                action=" ".join(str(item["action"]).split()),
                owners=[str(o) for o in item.get("owners") or []],
                due_on=_date(item.get("due"), item["id"]),
                due_precision=str(item.get("due_precision", "day")),
                stated_in=item["stated_in"],
                evidence=[_plain(e) for e in item.get("evidence") or []],
            )
        )
        result.actions += 1
    session.flush()
    return result


def _plain(evidence: dict[str, Any]) -> dict[str, str | int]:
    return {k: v if isinstance(v, int) else str(v) for k, v in evidence.items()}


def due_by(action: FollowUpAction) -> date | None:
    """The last day the action is due (the end of the month or year when so given)."""
    due = action.due_on
    if due is None:
        return None
    if action.due_precision == "year":
        return date(due.year, 12, 31)
    if action.due_precision == "month":
        return date(due.year, due.month, calendar.monthrange(due.year, due.month)[1])
    return due


def shown_due(action: FollowUpAction) -> str | None:
    return dated(action.due_on, action.due_precision) if action.due_on else None


def _name(instrument: Instrument) -> str:
    return instrument.short_name or instrument.title


def _convening(session: Session, ref: str, after: date) -> Found:
    found = session.get(Convening, ref)
    if found is None:
        return Found("convening", f"{ref} (not in this build)", None, None, False)
    happened = found.start_on >= after
    return Found(
        "convening",
        found.name,
        f"/convenings/{found.id}",
        found.start_on if happened else None,
        happened,
    )


def _instrument(session: Session, evidence: dict[str, Any], after: date) -> Found:
    ref = str(evidence["instrument"])
    found = session.get(Instrument, ref)
    if found is None:
        return Found("instrument", f"{ref} (not in the catalog)", None, None, False)
    kind = LifecycleKind(str(evidence["event"])) if "event" in evidence else None
    events = [e for e in lifecycle_events(session, ref, kind) if e.date >= after]
    note = f": {evidence['note']}" if evidence.get("note") else ""
    href = f"/instruments/{ref}"
    if not events:
        wanted = str(evidence.get("event", "dated")).replace("_", " ")
        return Found("instrument", f"{_name(found)}: not yet {wanted}", href, None, False)
    first = events[0]
    label = f"{_name(found)} ({first.kind.value.replace('_', ' ')}){note}"
    return Found("instrument", label, href, first.date, True, precision=first.precision)


def _adherence(session: Session, evidence: dict[str, Any], after: date) -> Found:
    ref = str(evidence["adherence"])
    act = AdherenceAct(str(evidence.get("act", "ratified")))
    needed = int(evidence.get("needed", 1))
    dated_acts = sorted(
        (a.date, a.precision)
        for a in acts_on(session, ref, act)
        if a.date is not None and a.date >= after
    )
    dates = [d for d, _ in dated_acts]
    instrument = session.get(Instrument, ref)
    name = _name(instrument) if instrument is not None else ref
    progress = f"{len(dates)} of {needed} {act.value}"
    done = len(dates) >= needed
    return Found(
        "adherence",
        f"{name}: {progress}",
        f"/instruments/{ref}" if instrument is not None else None,
        dates[needed - 1] if done else None,
        done,
        progress,
        0 < len(dates) < needed,
        dated_acts[needed - 1][1] if done else "day",
    )


def _registry(session: Session, ref: str) -> Found:
    statuses = [
        s
        for s in commitment_statuses(session, PUBLIC)
        if s.commitment.instrument_id == ref and not s.open_to_all
    ]
    firsts: list[date | None] = []
    for status in statuses:
        dated = [r.published_at.date() for r in status.reports if r.published_at is not None]
        dated += [e.first for e in status.evidence if e.first is not None]
        if status.reports or status.evidence:
            firsts.append(min(dated) if dated else None)
    answered, owners = len(firsts), len(statuses)
    progress = (
        f"{answered} of {owners} organisations: a report in the registry or a publication "
        "in the catalog"
    )
    done = owners > 0 and answered == owners
    known = [d for d in firsts if d is not None]
    on = max(known) if done and known and len(known) == answered else None
    return Found(
        "registry", progress, "/registry/compliance", on, done, progress, 0 < answered < owners
    )


def _change(session: Session, ref: str, after: date) -> Found:
    later = [c for c in changes_of(session, ref) if c.detected_at.date() >= after]
    instrument = session.get(Instrument, ref)
    name = _name(instrument) if instrument is not None else ref
    if not later:
        return Found("change", f"{name}: no new version detected", None, None, False)
    first = later[0]
    return Found(
        "change",
        f"new version of {name} detected",
        f"/instruments/{ref}",
        first.detected_at.date(),
        True,
    )


def resolve(session: Session, action: FollowUpAction) -> list[Found]:
    """Each piece of the action's evidence, as the store holds it today."""
    convening = session.get(Convening, action.convening_id)
    after = convening.start_on if convening is not None else date.min
    found = []
    for evidence in action.evidence:
        if "convening" in evidence:
            found.append(_convening(session, str(evidence["convening"]), after))
        elif "instrument" in evidence:
            found.append(_instrument(session, evidence, after))
        elif "adherence" in evidence:
            found.append(_adherence(session, evidence, after))
        elif "registry" in evidence:
            found.append(_registry(session, str(evidence["registry"])))
        elif "change" in evidence:
            found.append(_change(session, str(evidence["change"]), after))
        elif "source" in evidence:
            on = _date(evidence.get("date"), action.id)
            label = str(evidence.get("title") or evidence["source"])
            found.append(Found("source", label, str(evidence["source"]), on, True))
    return found


def action_status(
    session: Session, action: FollowUpAction, today: date | None = None
) -> ActionStatus:
    found = resolve(session, action)
    day = today or utcnow().date()
    due = due_by(action)
    done = [f for f in found if f.done]
    if done:
        known = sorted((f for f in done if f.on is not None), key=lambda f: f.on or date.max)
        first = known[0] if known else None
        happened = first.on if first else None
        late = (happened - due).days if happened and due and happened > due else None
        status = DONE_LATE if late else DONE
        return ActionStatus(
            action, status, found, happened, late, first.precision if first else "day"
        )
    if any(f.partial for f in found):
        return ActionStatus(action, IN_PART, found, None, None)
    status = NO_EVIDENCE if due is not None and day > due else OPEN
    return ActionStatus(action, status, found, None, None)


def follow_up_of(
    session: Session, convening_id: str, today: date | None = None
) -> list[ActionStatus]:
    """A convening's follow-up actions, due first (undated last), each with its status."""
    actions = follow_up_actions(session, convening_id)
    ordered = sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.max, a.id))
    return [action_status(session, a, today) for a in ordered]


def all_follow_up(
    session: Session, series: str | None = None, today: date | None = None
) -> list[ActionStatus]:
    """Every convening's follow-up actions (oldest convening first), or one series'."""
    found = []
    for convening in convenings_by_date(session, series):
        found.extend(follow_up_of(session, convening.id, today))
    return found


def tally(statuses: list[ActionStatus]) -> dict[str, int]:
    """How many actions stand in each status (every status listed, 0 included)."""
    counts = Counter(s.status for s in statuses)
    return {status: counts.get(status, 0) for status in STATUSES}
