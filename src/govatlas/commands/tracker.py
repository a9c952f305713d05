"""``govatlas tracker``: the building-block trackers across jurisdictions, and ``govatlas
gold trackers``: how well their rules read, measured on the trackers' gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.commands.provisions import gold_app
from govatlas.commands.review_options import AcceptOrReject, ReviewerOption
from govatlas.config import load_settings
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.incidents.domains import DOMAINS
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.trackers.corrections import assignments, review
from govatlas.trackers.facts import INCIDENT_REPORTING, TRACKERS
from govatlas.trackers.gold import measure, quality_record, read_gold, write_quality
from govatlas.trackers.playbook import contacts, playbook
from govatlas.trackers.quality_figures import quality_sentence
from govatlas.trackers.table import TrackerRow, tracker_rows

app = new_typer("Building-block trackers.")

# What a table shows of each tracker besides place, instrument and provision
SHOWN = {
    "red-lines": ("practice",),
    "incident-reporting": ("deadline", "recipient"),
    "penalties": ("max_amount", "currency", "turnover_share", "per"),
    "compute-thresholds": ("comparator", "threshold_value", "threshold_unit", "defines"),
}


def _name(name: str) -> str:
    if name not in TRACKERS:
        raise InvalidInputError(
            f"no tracker named {name!r}", f"choose one of: {', '.join(TRACKERS)}"
        )
    return name


def _confidence_line(tracker: str) -> str:
    return quality_sentence(tracker)[0]


def force(binding: str, status: str) -> str:
    """What a row's instrument binds today: "binding" only for adopted law not repealed."""
    if binding != "binding":
        return "non-binding"
    if status in ("in_force", "partly_in_force", "adopted"):
        return "binding, " + status.replace("_", " ")
    return status.replace("_", " ")


def _flat(row: TrackerRow) -> dict[str, object]:
    """One row for CSV: lists joined, the measured quality as one line."""
    found = row.as_dict()
    for key, value in list(found.items()):
        if isinstance(value, list):
            found[key] = " | ".join(str(v) for v in value)
    found["confidence"] = _confidence_line(row.tracker)
    return found


def _short(value: object, width: int = 60) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_row(row: TrackerRow) -> dict[str, object]:
    found = row.as_dict()
    shown: dict[str, object] = {
        "id": found["id"],
        "place": found["jurisdiction"],
        "instrument": _short(found["instrument_name"], 28),
        "force": force(str(found["binding"]), str(found["instrument_status"])),
        "provision": found["provision"],
    }
    for field in SHOWN[row.tracker]:
        value = found.get(field)
        if field == "turnover_share" and isinstance(value, float):
            value = f"{value:.1%}"
        elif field == "threshold_value" and isinstance(value, float) and value >= 1e15:
            value = f"{value:.0e}"
        shown[field] = _short(value, 40)
    shown["evidence"] = _short(found["evidence"], 60)
    return shown


@app.command("tracker")
def tracker_command(
    name: Annotated[
        str,
        typer.Argument(
            help="red-lines, incident-reporting, penalties or compute-thresholds.",
            show_default=False,
        ),
    ],
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option(
            "--jurisdiction",
            "-j",
            help="Only these places (codes: EU, USA, US-CA; a country takes its states).",
        ),
    ] = None,
    instrument: Annotated[
        list[str] | None, typer.Option("--instrument", "-i", help="Only these instruments (ids).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """One building block, side by side across jurisdictions, each fact with its provision.

    [bold]red-lines[/]: the practices a provision prohibits (social scoring, untargeted
    facial scraping, real-time remote biometric identification...), with the exceptions
    it states and the fine its instrument sets for breaching a prohibition.
    [bold]incident-reporting[/]: who must report which incident to whom, within how many
    hours. [bold]penalties[/]: maximum fines (amount, currency, share of turnover).
    [bold]compute-thresholds[/]: training compute (FLOP), computing capacity (FLOP/s),
    parameters, users and revenue that trigger duties.

    Facts are read by rules from every stored instrument's reading text (binding law in
    force first); each row gives the provision's path and text and the exact words read
    (evidence), its status (machine: read by the rules, not reviewed; reviewed: a person
    confirmed or corrected it; rejected facts are left out) with its id for
    `govatlas tracker-review`, and the rules' precision and recall measured on the
    trackers' gold (confidence). The build reads every text; a store built before the
    trackers existed is read on first use. JSON gives numbers as numbers: 1e25 for
    10^25 FLOP, 360 hours for 15 days, 0.07 for 7 % of turnover.

    Example: [bold]govatlas tracker red-lines[/]

    Example: [bold]govatlas tracker incident-reporting -j EU -j US-CA --format json[/]

    Example: [bold]govatlas tracker penalties -j USA --format csv[/]
    """
    tracker = _name(name)
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        if fmt is OutputFormat.TABLE:
            with console.status(f"Reading every stored text for {tracker}"):
                rows = tracker_rows(session, tracker, instrument, jurisdiction)
        else:
            rows = tracker_rows(session, tracker, instrument, jurisdiction)
    if fmt is OutputFormat.JSON:
        console.file.write(
            json.dumps([r.as_dict() for r in rows], indent=1, ensure_ascii=False) + "\n"
        )
        return
    if fmt is OutputFormat.CSV:
        render_rows(console, [_flat(r) for r in rows], fmt)
        return
    spec = TRACKERS[tracker]
    if not rows:
        console.print(f"No {tracker} facts read in the stored texts you chose.")
    else:
        render_rows(console, [_table_row(r) for r in rows], fmt, title=spec.title)
        places = len({r.instrument.jurisdiction for r in rows})
        reviewed = sum(1 for r in rows if r.fact.status == "reviewed")
        console.print(
            f"{len(rows)} fact(s) in {len({r.instrument.id for r in rows})} instrument(s) of "
            f"{places} place(s); {reviewed} reviewed, the others read by rules.",
            highlight=False,
        )
    console.print(escape(_confidence_line(tracker)), highlight=False)


GoldFolder = Annotated[
    Path,
    typer.Option("--gold", help="Folder of the trackers' gold."),
]


@gold_app.command("trackers")
def gold_trackers_command(
    gold: GoldFolder = Path("eval/gold/trackers"),
    split: Annotated[
        str, typer.Option("--split", help="dev (the texts the rules were written on) or test.")
    ] = "test",
    write: Annotated[
        bool,
        typer.Option("--write", help="Ship the figures with the package (each row's confidence)."),
    ] = False,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--bootstrap",
            min=0,
            help="0 leaves the intervals out; any other value gives them (the intervals "
            "are Jeffreys intervals on the counts, no longer resampled).",
        ),
    ] = 1000,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Field-level precision and recall of the trackers' rules on their gold.

    The gold (docs/guidelines/trackers.md; two independent passes, adjudicated) holds
    the facts people read in 256 passages; their texts come from the mirror
    (GOVATLAS_MIRROR). Each field is scored as sets per passage (practices; reporting
    deadlines in hours and whether a duty is set; fine amounts with currency and
    turnover shares; thresholds with units); recipients leniently. Intervals: 95 %
    Jeffreys intervals on the counts (honest on a handful of facts, where resampling
    collapses to a point). The test split never chose a rule.

    Example: [bold]govatlas gold trackers[/]

    Example: [bold]govatlas gold trackers --split test --write[/]
    """
    if split not in ("dev", "test"):
        raise InvalidInputError(f"no split named {split!r}", "choose dev or test")
    mirror = load_settings().mirror_dir
    if mirror is None or not mirror.is_dir():
        raise NotFoundError("the gold's texts are read from the mirror", "set GOVATLAS_MIRROR")
    console = new_console()
    with console.status("Reading the gold's passages from the mirror"):
        passages, facts = read_gold(gold, mirror)
    scores = measure(passages, facts, split, bootstrap)
    rows = [s.as_dict() for s in scores]
    if fmt is OutputFormat.TABLE:
        shown = [
            {
                **{
                    k: v for k, v in r.items() if k not in ("precision_interval", "recall_interval")
                },
                "precision 95%": r["precision_interval"],
                "recall 95%": r["recall_interval"],
            }
            for r in rows
        ]
        count = sum(1 for p in passages if p.split == split)
        render_rows(console, shown, fmt, title=f"Trackers' rules on the {split} split ({count})")
    else:
        render_rows(console, rows, fmt)
    if write:
        count = sum(1 for p in passages if p.split == split)
        path = write_quality(quality_record(scores, split, count))
        console.print(f"Wrote the figures every tracker row carries: {path}", highlight=False)


@app.command("tracker-review")
def tracker_review_command(
    fact_id: Annotated[
        int, typer.Argument(help="The fact's id (the tracker's table or JSON shows it).")
    ],
    decision: Annotated[
        AcceptOrReject, typer.Option("--decision", help="accept (confirm) or reject the fact.")
    ],
    by: ReviewerOption = None,
    set_fields: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Correct a field while accepting: FIELD=VALUE (repeatable). Red lines: "
            "practice; incident reporting: deadline_hours, recipient; penalties: max_amount, "
            "currency, turnover_share, per; thresholds: threshold_value, threshold_unit.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, in a few words.")] = None,
) -> None:
    """Review one tracker fact: confirm it, correct some of its fields, or reject it.

    A reviewed fact shows as reviewed; a rejected one is left out of the tracker. Either
    is a person's decision: later builds, which re-read every text, never change or
    re-add it. What the rules read stays recorded beside a correction.

    Example: [bold]govatlas tracker-review 42 --decision accept --by "A. Analyst"[/]

    Example: [bold]govatlas tracker-review 42 --decision accept --set deadline_hours=72 --by A[/]

    Example: [bold]govatlas tracker-review 43 --decision reject --by A --note "a cross-reference"[/]
    """
    if not by:
        raise InvalidInputError("a review needs the reviewer's name", "give --by NAME")
    values = assignments(set_fields or [])
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        fact = review(session, fact_id, decision.value, by, values, note)
        tracker, status = fact.tracker, fact.status
    new_console().print(f"Fact {fact_id} ({tracker}): {status} by {by}.", highlight=False)


@app.command("playbook")
def playbook_command(
    deployer: Annotated[
        str, typer.Option("--deployer", help="Where the deployer is (FRA, US-CA, EU...).")
    ],
    developer: Annotated[
        str | None, typer.Option("--developer", help="Where the developer is.")
    ] = None,
    harm: Annotated[
        str | None,
        typer.Option("--harm", help="The kind of harm, as an MIT risk domain (1-7)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Emergency response for a hypothetical incident: which reporting duties are
    triggered, to whom, by when.

    Lists the incident-reporting duties of binding law in force in every place whose
    law reaches the deployer or the developer (the place, its country, the EU for its
    members), with the recipient, the deadline and the provision, shortest deadline
    first; with --harm, duties whose incident words match the harm come first (what
    counts as an incident is each law's own definition: read the provision). The duties
    come from the incident-reporting tracker, whose measured quality is printed below.

    Example: [bold]govatlas playbook --deployer FRA --developer US-CA --harm 7[/]
    """
    if harm is not None and harm not in DOMAINS:
        raise InvalidInputError(f"no MIT risk domain {harm!r}", "choose 1 to 7")
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        duties = playbook(session, deployer, developer, harm)
        found = contacts(session, deployer, developer)
    console = new_console()
    if fmt is OutputFormat.JSON:
        console.file.write(
            json.dumps([d.as_dict() for d in duties], indent=1, ensure_ascii=False) + "\n"
        )
        return
    rows = []
    for d in duties:
        f = d.row.fields
        rows.append(
            {
                "place": d.row.instrument.jurisdiction,
                "instrument": _short(d.row.instrument.short_name, 24),
                "provision": d.row.fact.path,
                "within": f.get("deadline") or "no time stated",
                "to": _short(str(f.get("recipient") or "not named"), 36),
                "incident": f.get("incident"),
                "matches harm": ""
                if d.matches_harm is None
                else ("yes" if d.matches_harm else "check"),
                "why it applies": d.because,
            }
        )
    if not rows:
        console.print(
            "No incident-reporting duty of binding law in force was read for these places. "
            "That is not a finding that none exists: the rules miss wordings they do not read.",
            highlight=False,
        )
    else:
        render_rows(console, rows, fmt, title="Reporting duties for this incident")
    console.print(escape(_confidence_line(INCIDENT_REPORTING)), highlight=False)
    for contact in found:
        point = contact.point
        console.print(
            escape(
                f"Point of contact: {point.contact_point}, {point.name} ({point.kind}, "
                f"{point.jurisdiction}): {contact.because}"
            ),
            highlight=False,
        )
