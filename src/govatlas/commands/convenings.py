"""``govatlas convenings`` and ``govatlas network``: the convenings of global AI
governance, who took part, who is missing, and the network they form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import InvalidInputError
from govatlas.network.convenings import all_convenings, get_convening, outcomes_of, participants
from govatlas.network.follow_up import follow_ups
from govatlas.network.graph import build_network, csv_tables, graphml
from govatlas.network.participation import all_participation, participation
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer(
    "Convenings of global AI governance (summits, General Assembly plenaries, ministerial "
    "meetings): who took part, read from who endorsed, signed or adopted what each "
    "produced, and who is missing among the 193 UN Member States."
)


@app.command("list")
def list_convenings(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Every convening: its date, place, how many participants the sources name, and
    the catalog instruments it produced.

    Example: [bold]govatlas convenings list --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = []
        for convening in all_convenings(session):
            named = participants(session, convening)
            rows.append(
                {
                    "id": convening.id,
                    "name": convening.name,
                    "date": convening.start_on.isoformat(),
                    "place": convening.place,
                    "participants": len(named),
                    "reported_participants": convening.reported_participants,
                    "outcomes": [o.instrument_id for o in outcomes_of(session, convening.id)],
                    "series": convening.series,
                }
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
        found = participation(session, convening)
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
            "participants": [
                {"party": p.party, "acts": list(p.acts), "sources": list(p.sources)}
                for p in found.participants
            ],
            "participation": found.as_dict(),
            "notes": found.notes,
            "follow_up": [f.as_dict() for f in follow_ups(session, convening)],
        }
    if as_json:
        typer.echo(json.dumps(document, indent=1, ensure_ascii=False))
        return
    console = new_console()
    part = document["participation"]
    console.print(f"[bold]{convening.name}[/] ({document['start']}, {convening.place})")
    console.print(
        f"{part['participants']} participants named, {part['member_states']} of 193 UN Member "
        f"States ({part['member_share']:.0%})"
        + ("" if part["complete"] else f"; {part['reported_participants']} reported"),
        highlight=False,
    )
    for note in found.notes:
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
            africa = p.share_of("Africa")
            ldc = p.share_of("least developed countries")
            sids = p.share_of("small island developing states")
            rows.append(
                {
                    "convening": p.convening.id,
                    "date": p.convening.start_on.isoformat(),
                    "member_states": len(p.states),
                    "share": f"{p.member_share:.0%}",
                    "africa": f"{africa.present}/{africa.members}" if africa else "",
                    "ldc": f"{ldc.present}/{ldc.members}" if ldc else "",
                    "sids": f"{sids.present}/{sids.members}" if sids else "",
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
