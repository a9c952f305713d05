"""``govatlas convenings`` and ``govatlas network``: the convenings of global AI
governance, who took part, who is missing, and the network they form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.network.convenings import (
    all_convenings,
    get_convening,
    participants,
    participants_recorded,
)
from govatlas.network.follow_up import follow_ups
from govatlas.network.graph import build_network, csv_tables, graphml
from govatlas.network.outcome_actions import STATUSES, all_follow_up, follow_up_of, tally
from govatlas.network.participation import all_participation, participation
from govatlas.network.people import add_part, add_person, delete_person, find_person
from govatlas.store.convenings import all_people, outcomes_of, people_at
from govatlas.store.migrate import require_current
from govatlas.store.network_models import Person
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer(
    "Convenings of global AI governance (summits, General Assembly plenaries, ministerial "
    "meetings): who took part, read from who endorsed, signed or adopted what each "
    "produced, and who is missing among the 193 UN Member States."
)


@app.command("list")
def list_convenings(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Every convening: its date, place, how many participants the sources name ("not
    recorded" where no outcome in the catalog names them; null in JSON), and the catalog
    instruments it produced.

    Example: [bold]govatlas convenings list --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = []
        for convening in all_convenings(session):
            recorded = participants_recorded(session, convening.id)
            named = participants(session, convening) if recorded else None
            rows.append(
                {
                    "id": convening.id,
                    "name": convening.name,
                    "date": convening.start_on.isoformat(),
                    "place": convening.place,
                    # None: not recorded (no outcome in the catalog), never 0
                    "participants": None if named is None else len(named),
                    "reported_participants": convening.reported_participants,
                    "outcomes": [o.instrument_id for o in outcomes_of(session, convening.id)],
                    "series": convening.series,
                }
            )
    if fmt is OutputFormat.TABLE:
        for row in rows:
            row["participants"] = (
                "not recorded" if row["participants"] is None else row["participants"]
            )
    render_rows(
        new_console(),
        rows,
        fmt,
        title="Convenings",
        columns=None if fmt is not OutputFormat.TABLE else ["id", "date", "place", "participants"],
    )


@app.command("show")
def show_convening(
    convening_id: Annotated[str, typer.Argument(help="A convening's id (`convenings list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """One convening: organisers, outcomes, every participant with the act and source
    that make it one, and participation against the 193 Member States.

    Example: [bold]govatlas convenings show ai-seoul-summit-2024[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        convening = get_convening(session, convening_id)
        recorded = participants_recorded(session, convening.id)
        found = participation(session, convening) if recorded else None
        document: dict[str, Any] = {
            "id": convening.id,
            "name": convening.name,
            "start": convening.start_on.isoformat(),
            "end": convening.end_on.isoformat(),
            "place": convening.place,
            "organisers": convening.organisers,
            "format": convening.format,
            "sources": convening.sources,
            "outcomes": [
                {"instrument": o.instrument_id, "role": o.role}
                for o in outcomes_of(session, convening.id)
            ],
            "outcomes_elsewhere": convening.outcomes_elsewhere,
            "participants_recorded": recorded,
            "reported_participants": convening.reported_participants,
            "participants": None
            if found is None
            else [
                {"party": p.party, "acts": list(p.acts), "sources": list(p.sources)}
                for p in found.participants
            ],
            "participation": None if found is None else found.as_dict(),
            "notes": [] if found is None else found.notes,
            "follow_up": [f.as_dict() for f in follow_ups(session, convening)],
            "actions": [a.as_dict() for a in follow_up_of(session, convening.id)],
        }
    if as_json:
        typer.echo(json.dumps(document, indent=1, ensure_ascii=False))
        return
    console = new_console()
    console.print(f"[bold]{escape(convening.name)}[/] ({document['start']}, {convening.place})")
    part = document["participation"]
    if part is None:
        reported = document["reported_participants"]
        console.print(
            "Participants: not recorded (no outcome in the catalog to read them from)"
            + (f"; {reported} reported" if reported else ""),
            highlight=False,
        )
        for outcome in document["outcomes_elsewhere"]:
            console.print(f"Outcome: {outcome}", highlight=False)
    else:
        console.print(
            f"{part['participants']} participants named, {part['member_states']} of 193 UN "
            f"Member States ({part['member_share']:.0%})"
            + ("" if part["complete"] else f"; {part['reported_participants']} reported"),
            highlight=False,
        )
        for note in document["notes"]:
            console.print(f"[yellow]Note:[/] {note}", highlight=False)
        shares = [*part["by_region"], *part["vulnerable"]]
        rows = [{"group": g["group"], "present": g["present"], "of": g["members"]} for g in shares]
        render_rows(console, rows, OutputFormat.TABLE, title="Member States present, by group")
    for follow in document["follow_up"]:
        states = ", ".join(f"{n} {state}" for state, n in follow["states"].items() if n)
        elsewhere = follow["evidence_outside_registry"]["organisations"]
        console.print(
            f"Follow-up: {follow['title']}: {follow['organisations']} organisations"
            + (f", due {follow['due_on']}" if follow["due_on"] else "")
            + f"; {states}"
            + f"; published elsewhere (catalog): {elsewhere}",
            highlight=False,
        )
    for action in document["actions"]:
        console.print(escape(_action_line(action)), highlight=False)


def _action_line(action: dict[str, Any]) -> str:
    when = action["happened_on"]
    late = f", {action['days_late']} days after the due date" if action["days_late"] else ""
    due = f" (due {action['due']})" if action["due"] else ""
    progress = "; ".join(e["progress"] for e in action["evidence"] if e["progress"])
    return (
        f"Action{due}: {action['action']} [{action['status']}"
        + (f" {when}{late}" if when else "")
        + (f"; {progress}" if progress and not when else "")
        + "]"
    )


@app.command("follow-up")
def follow_up_command(
    series: Annotated[
        str | None, typer.Option("--series", help="Only one series, e.g. ai-summits.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help=f"Only actions in one status: {', '.join(STATUSES)}."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """What convenings asked to be done next, who owns it, when it is due, and whether it
    happened, with the evidence: a later convening, an instrument's lifecycle event,
    ratifications, the registry's reports, a new version found by horizon scanning, or a
    dated public source. "No evidence recorded" is what govatlas holds, never a finding
    that the action was not taken.

    Example: [bold]govatlas convenings follow-up --status "done late"[/]
    """
    if status is not None and status not in STATUSES:
        raise InvalidInputError(f"no status {status!r}", ", ".join(STATUSES))
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = [s for s in all_follow_up(session, series) if status in (None, s.status)]
        documents = [s.as_dict() for s in found]
        counts = tally(found)
        rows = [
            {
                "convening": s.action.convening_id,
                "action": s.action.action,
                "owners": ", ".join(s.action.owners),
                "due": documents[i]["due"] or "",
                "status": s.status,
                "happened": s.shown_happened or "",
                "evidence": "; ".join(
                    f.progress or f.label for f in s.found if f.done or f.progress
                ),
            }
            for i, s in enumerate(found)
        ]
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps({"counts": counts, "items": documents}, indent=1, ensure_ascii=False))
        return
    console = new_console()
    render_rows(console, rows, fmt, title="Follow-up actions")
    if fmt is OutputFormat.TABLE:
        console.print(", ".join(f"{n} {s}" for s, n in counts.items()) + ".", highlight=False)


@app.command("participation")
def participation_command(
    series: Annotated[
        str | None, typer.Option("--series", help="Only one series, e.g. ai-summits.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Who is present and who is missing, convening by convening (oldest first): share of
    the 193 Member States, of Africa's 54, of least developed countries and of small
    island developing states. A convening whose sources name fewer participants than
    were reported is marked incomplete (its shares are lower bounds).

    Example: [bold]govatlas convenings participation --series ai-summits[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = all_participation(session, series)
        if fmt is OutputFormat.JSON:
            typer.echo(json.dumps([p.as_dict() for p in found], indent=1, ensure_ascii=False))
            return
        rows = []
        for p in found:
            shares = {k: f"{g.present}/{g.members}" for k, g in p.headline().items()}
            rows.append(
                {
                    "convening": p.convening.id,
                    "date": p.convening.start_on.isoformat(),
                    "member_states": len(p.states),
                    "share": f"{p.member_share:.0%}",
                    **shares,
                    "complete": "yes" if p.complete else "no (lower bound)",
                }
            )
    render_rows(new_console(), rows, fmt, title="Participation")


network_app = new_typer(
    "The network of states and organisations linked by the convenings they shared: "
    "measures, clusters and exports (GraphML, CSV)."
)


@network_app.command("show")
def network_command(
    export: Annotated[
        str | None, typer.Option("--export", help="graphml or csv (with --out).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The GraphML file, or the folder for nodes.csv and edges.csv."),
    ] = None,
    include_universal: Annotated[
        bool,
        typer.Option(
            "--include-universal",
            help="Also link the convenings where nearly every Member State took part.",
        ),
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="How many participants to list.")] = 20,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The participation network: each participant's convenings, partners, strength,
    betweenness and eigenvector centrality (what each means: `docs/network.md`), and its
    clusters; or export it.

    Example: [bold]govatlas network show --export graphml --out network.graphml[/]
    """
    if export is not None and export not in ("graphml", "csv"):
        raise InvalidInputError(f"cannot export as {export!r}", "graphml or csv")
    if export is not None and out is None:
        raise InvalidInputError("--export needs --out", "a file for graphml, a folder for csv")
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        network = build_network(session, include_universal)
    console = new_console()
    if export == "graphml" and out is not None:
        out.write_text(graphml(network), encoding="utf-8")
        console.print(f"Wrote {out} ({network.graph.number_of_nodes()} nodes).", highlight=False)
        return
    if export == "csv" and out is not None:
        out.mkdir(parents=True, exist_ok=True)
        nodes, edges = csv_tables(network)
        (out / "nodes.csv").write_text(nodes, encoding="utf-8")
        (out / "edges.csv").write_text(edges, encoding="utf-8")
        console.print(f"Wrote {out / 'nodes.csv'} and {out / 'edges.csv'}.", highlight=False)
        return
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(network.as_dict(), indent=1, ensure_ascii=False))
        return
    console.print(
        f"{network.graph.number_of_nodes()} participants, {network.graph.number_of_edges()} "
        f"links, {len(network.used)} convenings linked; left out as universal: "
        f"{', '.join(network.left_out) or 'none'}.",
        highlight=False,
    )
    render_rows(console, [m.as_dict() for m in network.measures[:top]], fmt, title="Most connected")


people_app = new_typer(
    "People in their public roles at convenings, only as their organisations publish them "
    "(name, role, organisation, where it is published; a gender only as self-declared), "
    "and deleting a person everywhere."
)


@people_app.command("add")
def add_person_command(
    name: Annotated[str, typer.Option("--name", help="As the organisation publishes it.")],
    role: Annotated[str, typer.Option("--role", help="The public role, e.g. Minister of ...")],
    organisation: Annotated[str, typer.Option("--organisation", help="Whom they act for.")],
    source: Annotated[str, typer.Option("--source", help="Where the organisation publishes it.")],
    gender: Annotated[
        str | None,
        typer.Option(
            "--gender",
            help="Only as the person declared it: woman, man, non-binary, self-described.",
        ),
    ] = None,
) -> None:
    """Record a person in a public role (no contact details are accepted).

    Example: [bold]govatlas people add --name "A. Example" --role "Minister of Digital Affairs"
    --organisation "Government of Examplia" --source https://example.org/ministers[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        made = add_person(session, name, role, organisation, source, gender)
        person_id = made.id
    new_console().print(f"Recorded person {person_id}.", highlight=False)


@people_app.command("part")
def add_part_command(
    person: Annotated[str, typer.Argument(help="The person's id or exact name.")],
    convening_id: Annotated[str, typer.Argument(help="The convening's id.")],
    part: Annotated[str, typer.Option("--part", help="chair, speaker, head of delegation...")],
    source: Annotated[str, typer.Option("--source", help="Where the programme says so.")],
) -> None:
    """Record a person's public part in a convening.

    Example: [bold]govatlas people part 1 ai-action-summit-2025 --part speaker
    --source https://example.org/programme[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        add_part(session, find_person(session, person), convening_id, part, source)
    new_console().print(f"Recorded {person}'s part in {convening_id}.", highlight=False)


@people_app.command("list")
def list_people_command(
    convening_id: Annotated[
        str | None, typer.Option("--convening", help="Only the people of one convening.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The people recorded, in their public roles.

    Example: [bold]govatlas people list --convening ai-action-summit-2025[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        if convening_id is not None:
            found = people_at(session, get_convening(session, convening_id).id)
            rows = [
                _person_row(p) | {"part": r.part, "part_source": r.source_url} for p, r in found
            ]
        else:
            rows = [_person_row(p) for p in all_people(session)]
    render_rows(new_console(), rows, fmt, title="People in public roles")


def _person_row(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation,
        "source": person.source_url,
    }


@people_app.command("delete")
def delete_person_command(
    person: Annotated[str, typer.Argument(help="The person's id or exact name.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Remove a person everywhere the atlas holds them (the person and every part they
    had in a convening): what a request to be forgotten runs.

    Example: [bold]govatlas people delete 3 --yes[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = find_person(session, person)
        if not yes and not typer.confirm(f"Delete {found.name} everywhere?"):
            raise typer.Exit(ExitCode.FAILURE)
        deleted = delete_person(session, person)
    new_console().print(
        f"Deleted {deleted.name} and {deleted.parts} part(s) in convenings; nothing else "
        "held them.",
        highlight=False,
    )
