"""``govatlas industry ...``: indicator frameworks, company assessments, trends, readiness."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govatlas.commands.common import (
    FormatOption,
    SeenVersionOption,
    new_console,
    new_typer,
    open_engine,
)
from govatlas.commands.review_options import (
    LegacyReviewerOption,
    ReviewerOption,
    reviewer_of,
)
from govatlas.config import load_settings
from govatlas.errors import InvalidInputError
from govatlas.industry.concepts import indicator_concepts
from govatlas.industry.editions import review_mapping
from govatlas.industry.profiles import edition_totals, profile, trend
from govatlas.industry.readiness import LinkedScore, readiness
from govatlas.industry.refresh import refresh_industry
from govatlas.industry.suggested_assessments import (
    evaluate_suggestions,
    review_suggestion,
    store_suggestions,
    suggest,
    suggestions_of,
)
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.sources.files import DocumentOptions, document_from, is_url
from govatlas.store.decisions import Reviewer
from govatlas.store.industry import edition_mapping_counts, edition_mappings, organisation_names
from govatlas.store.industry import frameworks_by_publication as editions
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import InstrumentType, ReviewChannel, ReviewStatus

app = new_typer(
    "Industry insights: indicator frameworks such as the Foundation Model Transparency Index, "
    "company scores with their justifications, comparisons, and trends over comparable "
    "indicators only."
)
EditionOption = Annotated[
    str | None,
    typer.Option("--edition", help="fmti-2023, fmti-2024 or fmti-2025 (default: latest)."),
]


@app.command("import")
def import_command(
    mirror: Annotated[
        Path | None, typer.Option(help="Mirror with fmti/ (default: GOVATLAS_MIRROR).")
    ] = None,
) -> None:
    """Import FMTI's three editions (indicators, scores, justifications) and map the editions'
    indicators to each other. Safe to run again. `govatlas build` runs it too.

    Example: [bold]govatlas industry import --mirror ../shared/corpus[/]
    """
    engine = open_engine()
    require_current(engine)
    folder = mirror or load_settings().mirror_dir
    if folder is None:
        raise InvalidInputError("no mirror configured", "pass --mirror or set GOVATLAS_MIRROR")
    console = new_console()
    with (
        console.status("Importing FMTI, mapping editions, linking concepts and obligations"),
        transaction(engine) as session,
    ):
        refreshed = refresh_industry(session, folder)
        result, linked, obligations = (
            refreshed.fmti,
            refreshed.concept_links,
            refreshed.obligation_links,
        )
        mapped = edition_mapping_counts(session)
    rows = [
        {
            "edition": c.edition,
            "indicators": c.indicators,
            "organisations": c.organisations,
            "scores": c.scores,
            "justifications": c.justifications,
        }
        for c in result.editions
    ]
    render_rows(console, rows, OutputFormat.TABLE, title="FMTI imported")
    console.print(
        f"edition mappings: {mapped.get(ReviewStatus.ACCEPTED, 0)} accepted, "
        f"{mapped.get(ReviewStatus.UNREVIEWED, 0)} to review (`govatlas industry mappings`), "
        f"{mapped.get(ReviewStatus.REJECTED, 0)} rejected; "
        f"{linked} links from indicators to governance concepts, {obligations} to legal obligations"
    )


@app.command("frameworks")
def frameworks_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Indicator frameworks and their editions.

    Example: [bold]govatlas industry frameworks[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": f.id,
                "name": f.name,
                "published": f.published.isoformat() if f.published else "",
                "indicators": len(f.indicators),
                "domains": len({i.domain for i in f.indicators}),
                "source": f.source or "",
            }
            for f in editions(session)
        ]
    render_rows(new_console(), rows, fmt, title="Indicator frameworks")


@app.command("companies")
def companies_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Assessed organisations with their score in each edition.

    Example: [bold]govatlas industry companies --format csv[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        totals = edition_totals(session)
        names = organisation_names(session)
        known = [f.id for f in editions(session)]
    table = {
        org: {"id": org, "name": names[org], **{e: scores.get(e, "") for e in known}}
        for org, scores in totals.items()
    }
    render_rows(
        new_console(), sorted(table.values(), key=lambda r: str(r["id"])), fmt, title="Companies"
    )


@app.command("show")
def show_command(
    organisation: Annotated[str, typer.Argument(help="Id, name or alias, e.g. anthropic.")],
    edition: EditionOption = None,
    indicators: Annotated[
        bool, typer.Option("--indicators", help="Every indicator, not subdomains.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """A company's profile: score per domain and subdomain, or per indicator with the
    justification. Example: [bold]govatlas industry show anthropic --edition fmti-2025[/]"""
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = profile(session, organisation, edition)
        if indicators:
            linked = indicator_concepts(session, [s.indicator.id for s in found.scores])
            rows = [
                {
                    "domain": s.indicator.domain,
                    "subdomain": s.indicator.subdomain,
                    "indicator": s.indicator.name,
                    "concepts": ", ".join(linked.get(s.indicator.id, [])[:4]),
                    "score": s.score,
                    "justification": (s.justification or "")[:300],
                }
                for s in found.scores
            ]
        else:
            rows = [
                {"part": part, "score": int(score), "of": count}
                for part, (score, count) in {**found.by_domain(), **found.by_subdomain()}.items()
            ]
    title = f"{found.organisation.name}, {found.edition}: {int(found.total)} of {len(found.scores)}"
    render_rows(new_console(), rows, fmt, title=title)


@app.command("compare")
def compare_command(
    organisations: Annotated[list[str], typer.Argument(help="Two or more organisations.")],
    edition: EditionOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Companies side by side, subdomain by subdomain, in one edition.
    Example: [bold]govatlas industry compare openai anthropic google --edition fmti-2025[/]"""
    if len(organisations) < 2:
        raise InvalidInputError("compare needs two or more organisations")
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        wanted = edition or max(f.id for f in editions(session))
        profiles = [profile(session, o, wanted) for o in organisations]
    parts = list(profiles[0].by_subdomain())
    rows = [
        {
            "subdomain": part,
            **{p.organisation.name: int(p.by_subdomain()[part][0]) for p in profiles},
        }
        for part in parts
    ]
    rows.append({"subdomain": "Total", **{p.organisation.name: int(p.total) for p in profiles}})
    render_rows(new_console(), rows, fmt, title=f"Compared in {wanted}")


@app.command("trend")
def trend_command(
    organisation: Annotated[str, typer.Argument(help="Id, name or alias.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """A company's scores across editions, on the indicators an accepted mapping declares
    comparable (editions' totals are shown apart: 2025 asks different questions).

    Example: [bold]govatlas industry trend meta[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = trend(session, organisation)
        known = [f.id for f in editions(session)]
    console = new_console()
    console.print(
        "Totals (not comparable across the 2025 redefinition): "
        + ", ".join(f"{e} {int(s)}/{n}" for e, (s, n) in found.totals.items())
    )
    rows = [
        {
            "indicator": next(iter(line.indicators.values())),
            **{e: ("" if e not in line.scores else int(line.scores[e])) for e in known},
        }
        for line in found.lines
    ]
    render_rows(console, rows, fmt, title=f"{found.organisation.name}: comparable indicators")


@app.command("mappings")
def mappings_command(
    status: Annotated[ReviewStatus | None, typer.Option(help="Only this review status.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Mappings between editions' indicators, to review (accepted ones feed trends).

    Example: [bold]govatlas industry mappings --status unreviewed[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": m.id,
                "from": m.indicator_id,
                "to": m.target_indicator_id,
                "type": m.type.value,
                "status": m.review_status.value,
                "confidence": m.confidence,
                "rationale": m.rationale or "",
                "version": m.review_version,
            }
            for m in edition_mappings(session, status)
        ]
    render_rows(new_console(), rows, fmt, title="Indicator mappings between editions")


@app.command("review-mapping")
def review_mapping_command(
    mapping_id: Annotated[
        int, typer.Argument(help="Mapping id from `govatlas industry mappings`.")
    ],
    decision: Annotated[str, typer.Option("--decision", help="accept or reject.")],
    reviewer: ReviewerOption = None,
    version: SeenVersionOption = None,
    legacy_reviewer: LegacyReviewerOption = None,
) -> None:
    """Accept or reject a mapping between two editions' indicators; the decision is
    recorded with who and when (`govatlas industry mappings` shows the versions).

    Example: [bold]govatlas industry review-mapping 7 --decision accept --by ana[/]"""
    who_decides = _required_reviewer(reviewer, legacy_reviewer)
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        who = Reviewer.named(session, who_decides, ReviewChannel.CLI)
        mapping = review_mapping(session, mapping_id, decision, who, version)
        new_console().print(f"mapping {mapping.id} is {mapping.review_status.value}")


@app.command("readiness")
def readiness_command(
    organisation: Annotated[str, typer.Argument(help="Id, name or alias.")],
    regulation: Annotated[
        str, typer.Option("--regulation", help="Which obligations: eu-ai-act-gpai or nist-ai-rmf.")
    ] = "eu-ai-act-gpai",
    edition: EditionOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Which obligations a company's disclosed practice already evidences, which are
    unevidenced, with the evidence (the FMTI justification of a linked indicator).

    A justification that says the practice is absent ("No data augmentation is
    performed") earns FMTI's point but evidences nothing: such an obligation is
    "disclosed absent" (docs/guidelines/disclosure-absence.md gives the rule's measured
    precision and recall).

    Example: [bold]govatlas industry readiness anthropic --regulation eu-ai-act-gpai[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = readiness(session, organisation, regulation, edition)
        rows = [
            {
                "obligation": row.provision.path,
                "status": row.status,
                "indicators": "; ".join(
                    f"{link.indicator.name} = {'' if link.score is None else int(link.score)}"
                    for link in row.links
                ),
                "evidence": _evidence_text(row.evidence),
                "text": " ".join(row.provision.text.split())[:160],
            }
            for row in found.rows
        ]
    console = new_console()
    render_rows(
        console,
        rows,
        fmt,
        title=f"{found.organisation} against {found.regulation.title} ({found.edition}): "
        f"{found.count('evidenced')} evidenced, {found.count('disclosed absent')} disclosed "
        f"as absent, {found.count('unevidenced')} unevidenced, "
        f"{found.count('not covered')} not covered by any indicator",
    )


def _evidence_text(link: LinkedScore | None) -> str:
    if link is None:
        return ""
    shown = (link.justification or "")[:240]
    return f"says absent: {shown}" if link.says_absent else shown


@app.command("assist")
def assist_command(
    organisation: Annotated[str, typer.Argument(help="Id, name or alias.")],
    document: Annotated[
        str,
        typer.Option(
            "--document",
            help="Instrument id of its document, or a PDF/HTML/text file or URL (ingested first).",
        ),
    ],
    edition: Annotated[str, typer.Option("--edition", help="Indicator edition.")] = "fmti-2025",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Suggest, from a company's document, which indicators it satisfies, with the evidence
    provision and a confidence. Suggestions are stored unreviewed and never count as scores
    until accepted (`govatlas industry review-suggestion`).

    Example: [bold]govatlas industry assist anthropic
    --document anthropic-responsible-scaling-policy[/]
    """
    engine = open_engine()
    require_current(engine)
    if is_url(document) or Path(document).is_file():
        loaded = document_from(document, DocumentOptions(type=InstrumentType.COMPANY_FRAMEWORK))
        with transaction(engine) as session:
            stored_document = store_document(session, Linker(session), loaded)
        assert stored_document.instrument_id is not None
        document = stored_document.instrument_id
    with transaction(engine) as session:
        found = suggest(session, document, edition)
        stored = store_suggestions(session, organisation, found, document)
        ids = {a.indicator_id: a.id for a in suggestions_of(session, organisation)}
        rows = [
            {
                "suggestion": ids.get(s.indicator.id, ""),
                "indicator": s.indicator.name,
                "suggested": "satisfied" if s.satisfied else "not satisfied",
                "confidence": s.confidence,
                "evidence": f"{s.provision_path}: {s.quote[:160]}",
            }
            for s in found
        ]
    render_rows(new_console(), rows, fmt, title=f"{stored} suggestion(s) stored for review")


@app.command("review-suggestion")
def review_suggestion_command(
    suggestion: Annotated[
        int, typer.Argument(help="Suggestion id from `govatlas industry assist`.")
    ],
    decision: Annotated[str, typer.Option("--decision", help="accept or reject.")],
    reviewer: ReviewerOption = None,
    score: Annotated[
        float | None, typer.Option("--score", help="Correct the suggested value (0 or 1).")
    ] = None,
    version: SeenVersionOption = None,
    legacy_reviewer: LegacyReviewerOption = None,
) -> None:
    """Accept (optionally correcting the value) or reject an assisted suggestion. Each
    decision is kept with who and when; to decide again, pass the version you saw.

    Example: [bold]govatlas industry review-suggestion 12 --decision accept --by ana[/]"""
    who_decides = _required_reviewer(reviewer, legacy_reviewer)
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        who = Reviewer.named(session, who_decides, ReviewChannel.CLI)
        found = review_suggestion(session, suggestion, decision, who, score, version)
        new_console().print(
            f"suggestion {found.id} is {found.review_status.value}, score {found.score}"
        )


@app.command("assist-eval")
def assist_eval_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Evaluate assisted suggestions against FMTI's human scores for the same company and
    period (companies' frontier-safety documents in the corpus): precision and recall of
    "satisfied" per domain.

    Example: [bold]govatlas industry assist-eval[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        scores, used = evaluate_suggestions(session)
    console = new_console()
    if not used:
        console.print("no company document of the evaluation pairs is in the store")
        return
    console.print("Pairs: " + "; ".join(used))
    rows = [
        {
            "domain": d.domain,
            "indicator pairs": d.pairs,
            "precision": "" if d.precision is None else round(d.precision, 3),
            "recall": "" if d.recall is None else round(d.recall, 3),
            "true positives": d.true_positive,
            "false positives": d.false_positive,
            "false negatives": d.false_negative,
        }
        for d in scores
    ]
    render_rows(console, rows, fmt, title="Assisted assessment against FMTI's human scores")


def _required_reviewer(by: str | None, legacy: str | None) -> str:
    """Who decides: an industry review always names them."""
    who = reviewer_of(by, legacy)
    if not who:
        raise InvalidInputError("a review needs a name", "add --by NAME")
    return who
