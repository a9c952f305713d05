"""``govatlas near-misses``: the provision classifiers' decisions just below a threshold,
waiting for a person (``classify.labels.near_misses``)."""

from __future__ import annotations

from typing import Annotated

import typer

from govatlas.classify.labels.near_misses import (
    EXCERPT_CHARS,
    count_near_misses,
    decide_near_miss,
    near_miss_queue,
)
from govatlas.classify.labels.uncertainty import NEAR_MISS_ODDS
from govatlas.commands.common import (
    LIST_LIMIT,
    FormatOption,
    ReviewLimitOption,
    new_console,
    open_engine,
    with_names,
)
from govatlas.commands.review_options import AcceptOrReject, ReviewerOption
from govatlas.errors import InvalidInputError
from govatlas.store.decisions import Reviewer
from govatlas.store.instruments import get_instrument, instrument_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import ReviewChannel

app = typer.Typer()
TABLE_EXCERPT_CHARS = 100  # a terminal's table; JSON and CSV get the full excerpt


@app.command("near-misses")
def near_misses_command(
    near_miss_id: Annotated[
        int | None,
        typer.Argument(help="Near miss to decide on with --decision; omit to list them."),
    ] = None,
    decision: Annotated[
        AcceptOrReject | None,
        typer.Option(
            "--decision",
            help="accept (the provision is on the concept after all) or reject (it is not).",
        ),
    ] = None,
    by: ReviewerOption = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why, recorded with the decision.")
    ] = None,
    taxonomy: Annotated[
        str | None, typer.Option("--taxonomy", help="List only near misses of this taxonomy.")
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option("--instrument", help="List only near misses on this instrument."),
    ] = None,
    limit: ReviewLimitOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the near misses waiting for review, or decide on one.

    A near miss is a provision whose probability for a concept falls just below the
    concept's operating threshold (the threshold's odds at most 3 times the
    probability's). It is not a label: coverage, reports and the atlas never count it.
    Reviews of these pairs are the ones that teach the classifiers (100 of them: +0.017
    macro-F1 on fli-risks' dev split, see eval/reports/review-value.md), so they come
    closest to the threshold first.

    Accepting one makes it an accepted label with the provision as evidence; rejecting
    it records that the provision is not on the concept. Both are in the decision log
    (`govatlas explain` shows them) and join training in `govatlas gold train
    --reviewed`. `govatlas review` lists the labels above the threshold.

    Example: [bold]govatlas near-misses --taxonomy fli-risks[/], then
    [bold]govatlas near-misses 42 --decision accept --by "A. Analyst"[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    if near_miss_id is None:
        if decision is not None:
            raise InvalidInputError(
                "--decision needs the near miss it is about", "give its id: near-misses ID"
            )
        with transaction(engine) as session:
            if instrument is not None:
                get_instrument(session, instrument)
            chars = TABLE_EXCERPT_CHARS if fmt is OutputFormat.TABLE else EXCERPT_CHARS
            waiting = near_miss_queue(session, taxonomy, instrument, limit or LIST_LIMIT, chars)
            total = count_near_misses(session, taxonomy, instrument)
            rows = [
                {
                    "id": w.near_miss.id,
                    "instrument": w.instrument_id,
                    "concept": w.near_miss.concept_id,
                    "probability": round(w.near_miss.score, 3),
                    "threshold": round(w.near_miss.threshold, 3),
                    "provision": w.provision_path,
                    "text": w.excerpt,
                }
                for w in waiting
            ]
            names = {
                "instrument": instrument_names(session, {w.instrument_id for w in waiting}),
                "concept": {w.near_miss.concept_id: w.concept_label for w in waiting},
            }
        render_rows(
            console,
            with_names(rows, names, fmt),
            fmt,
            title=f"Near misses waiting for review: {len(rows)} of {total}, closest first",
        )
        if fmt is OutputFormat.TABLE and not rows:
            console.print(
                "None waiting: `govatlas build` (or `govatlas label --taxonomy T`) keeps them, "
                f"below each threshold by at most {NEAR_MISS_ODDS:g}x in odds."
            )
        return
    if decision is None or not by:
        raise InvalidInputError(
            "a review needs a decision and a name", "add --decision accept|reject and --by NAME"
        )
    with transaction(engine) as session:
        who = Reviewer.named(session, by, ReviewChannel.CLI)
        label = decide_near_miss(
            session, near_miss_id, decision is AcceptOrReject.ACCEPT, who, note
        )
        label_id, status = label.id, label.review_status.value
    console.print(
        f"near miss {near_miss_id}: {status} as label {label_id}; "
        "`govatlas gold train --reviewed` learns from it",
        highlight=False,
    )
