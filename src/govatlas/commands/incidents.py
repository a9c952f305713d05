"""``govatlas incidents``: AI incidents with their risk domains and the rules that would
have covered them, trends by domain and year, and how well incidents are classified."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:  # the domain model needs scikit-learn: loaded only when a command runs
    from govatlas.incidents.domain_model import DomainModelQuality
    from govatlas.incidents.overview import IncidentView

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.incidents.ceiling import Agreement, annotator_agreement
from govatlas.incidents.domains import DOMAINS
from govatlas.incidents.quality_figures import quality_document, write_quality
from govatlas.incidents.records import load_incidents
from govatlas.incidents.trends import trends, undated
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer("AI incidents.")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(view: IncidentView) -> dict[str, object]:
    i = view.incident
    covered = sorted({p for r in view.rules if r.assessed for p in r.places})
    if not view.rules:
        rules = "no FLI risk named" if i.subdomain else "not linked"
    elif not any(r.assessed for r in view.rules):
        rules = "not assessed"
    else:
        rules = f"{len(covered)} place(s): {', '.join(covered[:6])}" if covered else "none"
    return {
        "id": i.id,
        "date": i.date.isoformat() if i.date else "",
        "title": _short(i.title, 44),
        "domain": f"{view.domain or '?'} ({view.domain_source})",
        "subdomain": i.subdomain or "",
        "FLI risks": ", ".join(r.risk for r in view.rules),
        "binding rules in force": rules,
    }


@app.command("incidents")
def incidents_command(
    domain: Annotated[
        str | None, typer.Option("--domain", help="Only this MIT risk domain (1-7).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only incidents of this year.")] = None,
    show_trends: Annotated[
        bool, typer.Option("--trends", help="Incidents by MIT domain and year, with intervals.")
    ] = False,
    show_gaps: Annotated[
        bool,
        typer.Option(
            "--gaps", help="Per MIT subdomain: the FLI risks it names and whether rules cover them."
        ),
    ] = False,
    quality: Annotated[
        bool,
        typer.Option(
            "--quality", help="How well the domain model classifies incidents, beside people."
        ),
    ] = False,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="With --quality: also write the figures into the package, where the web "
            "and the API read them (for maintainers, after the AIID snapshot changes).",
        ),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows in the table.")] = 30,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The AI Incident Database's incidents (deduplicated), each with its MIT risk domain
    (AIID's own coding, or the domain model's prediction, marked "model"), the FLI risks
    its subdomain names, and the places whose binding law in force covers those risks
    (coverage's evidence: people's labels or measured classifiers above the precision
    floor; "not assessed" where a risk's classifier is below it). Newest first.

    --trends counts incidents per domain and year (AIID-coded and predicted apart) with
    95 % Wilson intervals on each domain's share; --gaps lists the incident types (MIT
    subdomains) with their FLI risks and whether any binding rule in force covers them;
    --quality gives the domain model's cross-fitted precision and recall per domain
    against AIID's coding, and CSET's annotators' agreement as the human ceiling.

    Example: [bold]govatlas incidents --domain 1 --year 2024[/]

    Example: [bold]govatlas incidents --gaps[/]

    Example: [bold]govatlas incidents --trends --format csv[/]
    """
    from govatlas.incidents.domain_model import measure
    from govatlas.incidents.overview import gaps, incident_views

    if domain is not None and domain not in DOMAINS:
        raise InvalidInputError(f"no MIT risk domain {domain!r}", "choose 1 to 7")
    if sum([show_trends, show_gaps, quality]) > 1:
        raise InvalidInputError("choose one of --trends, --gaps and --quality", "or none")
    if write and not quality:
        raise InvalidInputError("--write writes the --quality figures", "add --quality")
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        if quality:
            with console.status("Cross-fitting the domain model (about 20 s)"):
                incidents = load_incidents(session)
                if not any(i.domain in DOMAINS for i in incidents):
                    raise NotFoundError(
                        "the store holds no AIID incidents coded with an MIT domain",
                        "run `govatlas build` with the AIID snapshot in the mirror",
                    )
                figures = measure(incidents)
                ceiling = annotator_agreement(session)
            _print_quality(console, figures, ceiling, fmt)
            if write:
                path = write_quality(quality_document(figures, ceiling))
                console.print(f"Wrote {escape(str(path))}", highlight=False)
            return
        with console.status("Reading incidents and the rules that cover their risks"):
            views = incident_views(session)
    if show_gaps:
        found = [g.as_dict() for g in gaps(views)]
        render_rows(console, found, fmt, title="Incident types and the rules that cover them")
        if fmt is OutputFormat.TABLE:
            console.print(
                "no FLI risk: the subdomain names none of FLI's risks; not assessed: the "
                "risk's classifier is below the precision floor, so coverage is unknown, "
                "not absent. Places are those of binding instruments in force with "
                "evidence (not the members a treaty or the EU reaches).",
                highlight=False,
            )
        return
    if show_trends:
        predicted = {v.incident.id: v.domain for v in views if v.domain_source == "model"}
        cells = trends([v.incident for v in views], {k: v for k, v in predicted.items() if v})
        rows = [
            {
                "year": c.year,
                "domain": c.domain,
                "label": DOMAINS[c.domain],
                "coded": c.coded,
                "predicted": c.predicted,
                "share": round(c.share, 3),
                "interval": c.interval,
                "year_total": c.year_total,
            }
            for c in cells
            if domain is None or c.domain == domain
        ]
        render_rows(console, rows, fmt, title="Reported AI incidents by MIT domain and year")
        if fmt is OutputFormat.TABLE:
            console.print(
                f"{undated([v.incident for v in views])} incidents before 2015 or undated are "
                "left out. These are reported incidents: a rise may be a rise in reporting.",
                highlight=False,
            )
        return
    chosen = [
        v
        for v in views
        if (domain is None or v.domain == domain) and (year is None or v.incident.year == year)
    ]
    chosen.sort(key=lambda v: (v.incident.date is not None, v.incident.date), reverse=True)
    if fmt is OutputFormat.JSON:
        console.file.write(json.dumps([v.as_dict() for v in chosen], indent=1) + "\n")
        return
    render_rows(
        console,
        [_row(v) for v in (chosen if fmt is OutputFormat.CSV else chosen[:limit])],
        fmt,
        title=f"AI incidents ({len(chosen)})",
    )


def _print_quality(
    console: Console, figures: DomainModelQuality, agreements: list[Agreement], fmt: OutputFormat
) -> None:
    """The domain model's figures, then the human ceiling."""
    rows = [
        {
            "domain": d.domain,
            "label": DOMAINS[d.domain],
            "incidents": d.support,
            "precision": d.precision,
            "precision 95%": d.precision_interval,
            "recall": d.recall,
            "recall 95%": d.recall_interval,
            "f1": d.f1,
        }
        for d in figures.domains
    ]
    if fmt is OutputFormat.JSON:
        console.file.write(
            json.dumps(
                {
                    "incidents": figures.incidents,
                    "accuracy": figures.accuracy,
                    "macro_f1": figures.macro_f1,
                    "majority_accuracy": figures.majority_accuracy,
                    "domains": rows,
                    "human_ceiling": [a.__dict__ for a in agreements],
                },
                indent=1,
            )
            + "\n"
        )
        return
    render_rows(console, rows, fmt, title="MIT domain of an incident: model against AIID's coding")
    console.print(
        escape(
            f"{figures.incidents} AIID-coded incidents, 5-fold cross-fitted: accuracy "
            f"{figures.accuracy:.2f} (always the commonest domain: "
            f"{figures.majority_accuracy:.2f}), macro-F1 {figures.macro_f1:.2f}."
        ),
        highlight=False,
    )
    render_rows(
        console,
        [a.__dict__ for a in agreements],
        fmt,
        title="Human ceiling: CSET's annotators coding the same incidents",
    )


@app.command("incident")
def incident_command(
    incident_id: Annotated[int, typer.Argument(help="The AIID incident number.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """One incident: its date, deployers and developers, MIT domain, FLI risks, and the
    places whose binding law in force covers those risks, instrument by instrument.

    Example: [bold]govatlas incident 1[/]
    """
    from govatlas.incidents.overview import incident_views

    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        views = {v.incident.id: v for v in incident_views(session)}
    if incident_id not in views:
        raise NotFoundError(
            f"no incident {incident_id} in the store",
            "`govatlas incidents` lists them (duplicates are folded into their original)",
        )
    found = views[incident_id].as_dict()
    console = new_console()
    if fmt is OutputFormat.JSON:
        console.file.write(json.dumps(found, indent=1) + "\n")
        return
    render_rows(
        console,
        [
            {"field": k, "value": json.dumps(v) if isinstance(v, list | dict) else v}
            for k, v in found.items()
        ],
        fmt,
    )
