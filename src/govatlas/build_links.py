"""The build's stages after the texts are ingested: what links them, then what labels
them, in the order each needs (crosswalks cite texts; labels and trackers read them).

1. the published crosswalks in the mirror, as human relationships;
2. machine crosswalks among the major frameworks not aligned yet;
3. the Foundation Model Transparency Index editions, mapped and linked;
4. labels: AGORA tags, then the shipped provision classifiers (when asked);
5. the building-block trackers' facts, read from every reading text.

A domain run: the CLI (``govatlas build``, ``make atlas``), a test or any other caller
gives it ``RunEvents`` to watch (each stage says what it did in a line, as the terminal
shows it) and a ``Stop`` checked between stages and units of work. Each stage writes in
its own transactions, so a run stopped part-way keeps what it finished and the next
resumes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from govatlas.classify.labelling_runs import (
    RunResult,
    label_agora,
    label_with_provision_classifiers,
)
from govatlas.crosswalk.importer import import_published_tables
from govatlas.crosswalk.known_tables import CROSSWALK_FOLDER
from govatlas.crosswalk.machine import MachineCrosswalks, build_machine_crosswalks
from govatlas.industry.fmti import FOLDER as FMTI_FOLDER
from govatlas.industry.fmti import ImportResult
from govatlas.industry.refresh import refresh_industry
from govatlas.interrupts import Stop
from govatlas.run_events import QUIET, RunEvents
from govatlas.store.session import transaction
from govatlas.trackers.facts import TRACKERS
from govatlas.trackers.refresh import RefreshResult, refresh_tracker_facts


@dataclass(frozen=True)
class LinkedAndLabelled:
    """What each stage did (None: the stage had nothing to read, or was not asked)."""

    crosswalk_tables: int
    human_relationships: int
    machine: MachineCrosswalks
    fmti: ImportResult | None
    agora: RunResult | None
    provisions: RunResult | None
    trackers: RefreshResult


def link_and_label(
    engine: Engine,
    mirror: Path,
    events: RunEvents = QUIET,
    stop: Stop | None = None,
    label: bool = True,
) -> LinkedAndLabelled:
    """Run stages 1-5 over the store and the mirror (module docstring)."""
    check = stop.check if stop is not None else _carry_on
    tables = relationships = 0
    if (mirror / CROSSWALK_FOLDER).is_dir():
        with events.working("Importing the published crosswalks"):
            counts = import_published_tables(engine, mirror / CROSSWALK_FOLDER, None, stop)
        tables, relationships = len(counts), sum(c.relationships for c in counts)
        events.note(f"Crosswalks: {tables} tables, {relationships} human relationships")
    check("after the crosswalks")
    with events.working("Machine crosswalks among the major frameworks"):
        machine = build_machine_crosswalks(engine, events.status, check)
    events.note(_machine_line(machine))
    fmti = None
    if (mirror / FMTI_FOLDER).is_dir():
        with (
            events.working("Importing the Foundation Model Transparency Index"),
            transaction(engine) as session,
        ):
            fmti = refresh_industry(session, mirror).fmti
        events.note(
            "FMTI: "
            + ", ".join(
                f"{c.edition} {c.scores} scores ({c.organisations} companies)"
                for c in fmti.editions
            )
        )
    check("after the FMTI import")
    agora = provisions = None
    if label:
        agora = label_agora(engine, events, stop)
        provisions = label_with_provision_classifiers(engine, events, stop=stop)
    check("after labelling")
    trackers = _read_trackers(engine, events, check)
    return LinkedAndLabelled(tables, relationships, machine, fmti, agora, provisions, trackers)


def _machine_line(machine: MachineCrosswalks) -> str:
    made = [p for p in machine.pairs if p.result is not None]
    left_out = ", ".join(f"{f} ({why})" for f, why in machine.skipped)
    return (
        f"Machine crosswalks: {len(machine.pairs)} pairs of major frameworks "
        f"({len(made)} aligned now, {len(machine.pairs) - len(made)} unchanged), "
        f"{machine.suggestions} machine-suggested links stored unreviewed with their "
        f"probability, in {machine.seconds:.0f} s" + (f"; left out: {left_out}" if left_out else "")
    )


def _carry_on(where: str = "") -> None:
    """No stop was given: never stop."""


def _read_trackers(
    engine: Engine, events: RunEvents, check: Callable[[str], None]
) -> RefreshResult:
    """The building-block trackers' facts, read from every reading text (``trackers``)."""

    def progress(done: int, total: int) -> None:
        events.status(f"Building-block trackers: {done} of {total} texts read")

    def between() -> None:
        check("while reading the trackers")

    with (
        events.working("Building-block trackers: reading every text"),
        transaction(engine) as session,
    ):
        found = refresh_tracker_facts(session, progress=progress, check=between)
    sync = found.sync
    events.note(
        "Trackers: "
        + ", ".join(f"{name} {found.counts.get(name, 0)}" for name in TRACKERS)
        + f" facts in {found.instruments} texts (+{sync.added}, -{sync.removed}, "
        f"{sync.updated} updated, {sync.kept} reviewed kept) in {found.seconds:.0f} s"
    )
    return found
