"""``govatlas translations``: the corrections people made to a language's texts on the
review pages (``/reviews/translations``): list them, make one from the command line,
and export them into the catalogs and concept files so that the next release ships them.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.commands.review_options import ReviewerOption
from govatlas.errors import InvalidInputError
from govatlas.i18n.corrections import MESSAGE, SUBJECTS
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.store.translation_corrections import corrections_in_force
from govatlas.tabular import OutputFormat, render_rows
from govatlas.translation_review import correct_text, export_corrections, require_language

app = new_typer(
    "Translation corrections: the texts of the atlas and the reports, and the concepts' "
    "labels and definitions, as readers of each language corrected or confirmed them."
)
LanguageArgument = Annotated[str, typer.Argument(help="ar, zh, fr, ru or es.")]


@app.command("list")
def translations_list(
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Only this language.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The corrections in force (the newest for each text), oldest first, with who made
    each and whether they rewrote (human) or confirmed (reviewed) the text.

    Example: [bold]govatlas translations list --language fr[/]
    """
    if language is not None:
        require_language(language)
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = corrections_in_force(session, language)
    rows = [
        {
            "language": c.language,
            "kind": c.subject,
            "key": c.key,
            "part": c.part,
            "provenance": c.provenance,
            "reviewer": c.reviewer,
            "when": c.decided_at.isoformat(timespec="seconds") if c.decided_at else "",
            "text": c.text,
        }
        for c in found
    ]
    render_rows(new_console(), rows, fmt, title="Translation corrections in force")
    if not rows and fmt is OutputFormat.TABLE:
        new_console().print("No correction yet: readers make them at /reviews/translations.")


@app.command("correct")
def translations_correct(
    language: LanguageArgument,
    key: Annotated[
        str,
        typer.Argument(
            help="The English message exactly as written (its singular, for a plural), a "
            "concept's id (fli-blocks:red-lines) or a taxonomy's id."
        ),
    ],
    text: Annotated[str, typer.Argument(help="The translation (the same text confirms it).")],
    kind: Annotated[str, typer.Option("--kind", help="message, concept or taxonomy.")] = MESSAGE,
    part: Annotated[
        str,
        typer.Option(
            "--part",
            help="Which text: a plural's form (0, 1, ...), a concept's label or definition, "
            "a taxonomy's name or description. A message's one form needs none.",
        ),
    ] = "",
    by: ReviewerOption = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, for the history.")] = None,
) -> None:
    """Correct (or, giving the text as it stands, confirm) one text, as the review page
    does; the placeholders and markup of the English must be kept.

    Example: [bold]govatlas translations correct fr "Compare" "Comparer" --by ana[/]
    or [bold]govatlas translations correct fr fli-blocks:red-lines "Lignes rouges"
    --kind concept --part label --by ana[/]
    """
    if kind not in SUBJECTS:
        raise InvalidInputError(f"unknown kind {kind!r}", "message, concept or taxonomy")
    if not part and kind != MESSAGE:
        part = "label" if kind == "concept" else "name"
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        result = correct_text(
            session,
            require_language(language),
            kind,
            key,
            {part: text},
            by or getpass.getuser(),
            corrections_in_force(session, language),
            note=note,
        )
    word = "rewritten (human)" if result.provenance == "human" else "confirmed (reviewed)"
    new_console().print(f"{escape(language)}: {escape(key[:80])} {word}")


@app.command("export")
def translations_export(
    language: Annotated[
        list[str] | None,
        typer.Option("--language", "-l", help="Only these languages (repeatable)."),
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="Write into this folder (CODE/LC_MESSAGES/messages.po and CODE.yaml) "
            "instead of over the files govatlas ships.",
        ),
    ] = None,
) -> None:
    """Write the corrections in force into each language's catalog and concept file,
    each corrected text signed human or reviewed: in a source checkout, over the shipped
    files (review the diff and commit it), or into --to.

    Example: [bold]govatlas translations export --language fr --to exported/[/]
    """
    codes = [require_language(code) for code in language or ("ar", "zh", "fr", "ru", "es")]
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        found = corrections_in_force(session)
    console = new_console()
    for code in codes:
        for written in export_corrections(code, found, to):
            console.print(f"{code}: {written.texts} corrected texts -> {escape(str(written.path))}")
