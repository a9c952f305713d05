"""Interoperability commands: compare, coverage, interop and definitions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session

from govatlas.analytics.compare import (
    SUGGESTION_MIN_CONFIDENCE,
    Comparison,
    ProvisionRef,
    compare_instruments,
    compare_sides,
)
from govatlas.analytics.concept_units import ConceptUnits, concept_units
from govatlas.analytics.definition_quality import measured as measured_verdicts
from govatlas.analytics.definitions import (
    KEY_TERMS,
    VERDICT_RULE,
    Definition,
    compare_definitions,
    extract_definitions,
)
from govatlas.analytics.divergence import Divergence, Found, divergence
from govatlas.analytics.interop import IndexValue, interoperability
from govatlas.analytics.parameter_quality import (
    ALL_PARAMETERS,
    DEADLINE_KINDS_COMPARED,
    DEADLINE_KINDS_SAME,
    GOLD_PROVISIONS,
    GOLD_TEXTS,
    THRESHOLDS,
    THRESHOLDS_PROVISIONS,
)
from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY
from govatlas.errors import InvalidInputError
from govatlas.excerpts import excerpt
from govatlas.provision_labels import provision_label
from govatlas.store.instruments import (
    get_instrument,
    instrument_names,
    instruments_with_text_in,
)
from govatlas.store.migrate import require_current
from govatlas.store.models import Jurisdiction
from govatlas.store.relationships import aligned_instruments
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.taxonomy import load_taxonomies

app = new_typer("Interoperability between instruments and jurisdictions.")
LimitOption = Annotated[int, typer.Option(min=1, max=10000, help="Rows shown per section.")]


def _print_comparison(console: Console, c: Comparison, limit: int, names: dict[str, str]) -> None:
    a, b = names.get(c.a, c.a), names.get(c.b, c.b)
    if not (c.unit_links or c.concept_links or c.unlisted_suggestions):
        console.print(
            f"No relationship links [bold]{escape(a)}[/] ({len(c.a_units)} units) and "
            f"[bold]{escape(b)}[/] ({len(c.b_units)} units) yet: which units correspond is "
            "not assessed (not compared, not incompatible)."
        )
        console.print(
            f"Suggest links for review: govatlas crosswalk suggest {escape(c.a)} {escape(c.b)}"
        )
        return
    concept_level = len(c.concept_level)
    units_assessed = bool(c.matched_a or c.matched_b or c.conflicted_a or c.conflicted_b)
    if units_assessed:
        console.print(
            f"[bold]{escape(a)}[/] ({len(c.a_units)} units, {len(c.matched_a)} with a "
            f"counterpart) vs [bold]{escape(b)}[/] ({len(c.b_units)} units, "
            f"{len(c.matched_b)} with a counterpart): "
            f"{len(c.overlaps)} overlaps, {len(c.conflicts)} conflicts"
            + (
                f"; {concept_level} of them concept-level (an end is a concept or reference "
                "item, not a unit: no unit has a counterpart through them)"
                if concept_level
                else ""
            )
        )
    else:  # links, but none between units that is shown: a count of 0 would be no finding
        console.print(
            f"[bold]{escape(a)}[/] ({len(c.a_units)} units) vs [bold]{escape(b)}[/] "
            f"({len(c.b_units)} units): which of their units correspond is not assessed "
            "(not 0): no person has linked their units, and no machine suggestion reaches "
            f"the confidence shown here (p ≥ {SUGGESTION_MIN_CONFIDENCE:.2f})."
            + (
                f" {concept_level} concept-level overlap(s) are listed (an end is a concept "
                "or reference item, not a unit)."
                if concept_level
                else ""
            )
        )
    if c.unlisted_suggestions:
        quality = FULL_TEXT_QUALITY
        console.print(
            f"{c.unlisted_suggestions} machine suggestion(s) under the confidence shown here "
            f"are not listed (of the suggestions a build stores, people link "
            f"{quality.stored_linked} of {quality.stored} judged); `govatlas interop` counts "
            "them by their probability. To review them: govatlas crosswalk review "
            f"--instrument {escape(c.a)} --counterpart {escape(c.b)}"
        )
    sections = (
        ("Overlaps", c.overlaps),
        ("Conflicts (contrary)", c.conflicts),
    )
    for title, pairs in sections:
        rows = [
            {
                "A": p.a.label,
                "type": p.type.value,
                "B": p.b.label,
                "how": "suggested" if p.suggested else p.method.value,
                "level": "unit" if p.unit_level else "concept",
                "confidence": p.confidence,
                "A text": _shown(p.a),
                "B text": _shown(p.b),
            }
            for p in pairs[:limit]
        ]
        if rows:
            render_rows(console, rows, OutputFormat.TABLE, title=f"{title} ({len(pairs)})")
    if not units_assessed:
        console.print(
            "What only one side covers: not assessed (no unit pair is linked by a person or "
            "suggested with confidence yet)."
        )
        return
    for title, units in ((f"Only in {a}", c.only_a), (f"Only in {b}", c.only_b)):
        rows = [
            {"provision": provision_label(u.path), "text": u.excerpt[:120]} for u in units[:limit]
        ]
        if rows:
            render_rows(console, rows, OutputFormat.TABLE, title=f"{title} ({len(units)})")


def _shown(end: ProvisionRef) -> str:
    """A listed pair's end in a table cell: 80 characters of its words, after what draft a
    published crosswalk's item names, if any."""
    words = excerpt(end.display, 80)
    return f"[{end.note}] {words}" if end.note else words


def _values(found: tuple[Found, ...], limit: int) -> str:
    shown = [
        f"{excerpt(f.parameter.label, 90)} ({provision_label(f.provision.path)})"
        for f in found[:limit]
    ]
    if len(found) > limit:
        shown.append(f"and {len(found) - limit} more")
    return "; ".join(shown) if shown else "none read"  # not read is not "not set"


def _print_divergence(console: Console, d: Divergence, names: tuple[str, str], limit: int) -> None:
    rows = [
        {
            "parameter": f"{row.family_label}: {row.label}",
            names[0]: _values(row.a, limit),
            names[1]: _values(row.b, limit),
            "status": row.status.replace("only in A", f"only in {names[0]}").replace(
                "only in B", f"only in {names[1]}"
            )
            + (" (aligned)" if row.aligned else ""),
        }
        for row in d.rows
    ]
    both, differ = len(d.judged), len(d.differing)
    title = (
        f"Divergence: {both} parameters both sides set for the same duty, {differ} differ "
        "at least in part"
    )
    if rows:
        render_rows(console, rows, OutputFormat.TABLE, title=title)
    else:
        console.print("Divergence: no deadline, threshold, penalty or key definition was read.")
    console.print(
        f"Read by rules. On {GOLD_PROVISIONS} provisions of {GOLD_TEXTS} they were not "
        "written on, "
        f"they read {ALL_PARAMETERS.right} of the {ALL_PARAMETERS.listed} parameters people "
        f"listed there and {ALL_PARAMETERS.reported - ALL_PARAMETERS.right} that people did "
        f"not; a deadline's kind was people's in {DEADLINE_KINDS_SAME} of "
        f"{DEADLINE_KINDS_COMPARED}; of the {THRESHOLDS.reported} thresholds (compute, harm, "
        "and the revenue, users and employees of a scope) they read on "
        f"{THRESHOLDS_PROVISIONS} provisions drawn after their rules last changed, "
        f"{THRESHOLDS.right} were people's (docs/divergence.md)."
    )
    for p in d.contrary[:limit]:
        requires, prohibits = (names[0], names[1]) if p.a_requires else (names[1], names[0])
        console.print(
            f"Proposed contrary (for review): {requires} requires what {prohibits} prohibits "
            f"({p.verb}: {', '.join(p.shared)}): {p.a.path} / {p.b.path}"
        )


def _divergence_rows(d: Divergence) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "section": "divergence",
            "parameter": f"{row.family}:{row.kind}",
            "a_instrument": ", ".join(sorted({f.provision.instrument for f in row.a})) or None,
            "a_provision": "; ".join(f.provision.path for f in row.a) or None,
            "a_value": "; ".join(f.parameter.label for f in row.a) or None,
            "a_evidence": " | ".join(f.evidence for f in row.a) or None,
            "b_instrument": ", ".join(sorted({f.provision.instrument for f in row.b})) or None,
            "b_provision": "; ".join(f.provision.path for f in row.b) or None,
            "b_value": "; ".join(f.parameter.label for f in row.b) or None,
            "b_evidence": " | ".join(f.evidence for f in row.b) or None,
            "status": row.status,
            "aligned": row.aligned,
        }
        for row in d.rows
    ]
    rows += [
        {
            "section": "contrary_proposal",
            "a_instrument": p.a.instrument,
            "a_provision": p.a.path,
            "type": "contrary",
            "b_instrument": p.b.instrument,
            "b_provision": p.b.path,
            "review_status": "proposed",
            "a_evidence": p.a_sentence,
            "b_evidence": p.b_sentence,
            "status": "a requires, b prohibits" if p.a_requires else "b requires, a prohibits",
        }
        for p in d.contrary
    ]
    return rows


def _comparison_rows(c: Comparison, names: dict[str, str]) -> list[dict[str, object]]:
    """One row per pair or unit; ``..._instrument`` holds ids, ``..._instrument_name``
    the names (CSV only: the JSON keeps its fields)."""
    rows: list[dict[str, object]] = []
    for section, pairs in (("overlap", c.overlaps), ("conflict", c.conflicts)):
        rows += [
            {
                "section": section,
                "a_instrument": p.a.instrument,
                "a_instrument_name": names.get(p.a.instrument, p.a.instrument),
                "a_provision": p.a.path,
                "type": p.type.value,
                "b_instrument": p.b.instrument,
                "b_instrument_name": names.get(p.b.instrument, p.b.instrument),
                "b_provision": p.b.path,
                "method": p.method.value,
                "review_status": p.review_status.value,
                "confidence": p.confidence,
                "relationship_id": p.relationship_id,
                "level": "unit" if p.unit_level else "concept",
            }
            for p in pairs
        ]
    for section, units in (("only_a", c.only_a), ("only_b", c.only_b)):
        rows += [
            {
                "section": section,
                "a_instrument" if section == "only_a" else "b_instrument": u.instrument,
                f"{section[-1]}_instrument_name": names.get(u.instrument, u.instrument),
                "a_provision" if section == "only_a" else "b_provision": u.path,
            }
            for u in units
        ]
    return rows


@app.command("compare")
def compare(
    a: Annotated[str, typer.Argument(help="First instrument id.")],
    b: Annotated[str, typer.Argument(help="Second instrument id.")],
    human_only: Annotated[
        bool, typer.Option("--human-only", help="Ignore unreviewed machine suggestions.")
    ] = False,
    limit: LimitOption = 15,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Put two instruments side by side: overlaps, conflicts, what only one covers, and
    where they diverge (deadlines, thresholds, penalties, definitions).

    Aligned by stored relationships (imported crosswalks, reviews, and suggestions from
    `govatlas crosswalk suggest` unless --human-only); every row names its provisions.
    Divergence rows give each side's values with the words they were read from;
    proposed contrary pairs are for review and never stored.

    Example: [bold]govatlas compare eu-ai-act nist-ai-rmf-1-0[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        result = compare_instruments(session, a, b, human_only)
        sides = [u.instrument for u in (*result.a_units, *result.b_units)]
        names = instrument_names(session, [a, b, *sides])
        short = (get_instrument(session, a).short_name, get_instrument(session, b).short_name)
    diverged = divergence(result)
    console = new_console()
    named = fmt is OutputFormat.CSV  # a spreadsheet's reader sees names; JSON keeps its shape
    if fmt is OutputFormat.TABLE:
        _print_comparison(console, result, limit, names)
        _print_divergence(console, diverged, short, limit)
    else:
        render_rows(
            console,
            _comparison_rows(result, names) + _divergence_rows(diverged),
            fmt,
            columns=[
                "section",
                "a_instrument",
                *(["a_instrument_name"] if named else []),
                "a_provision",
                "type",
                "b_instrument",
                *(["b_instrument_name"] if named else []),
                "b_provision",
                "method",
                "review_status",
                "confidence",
                "relationship_id",
                "level",
                "parameter",
                "a_value",
                "a_evidence",
                "b_value",
                "b_evidence",
                "status",
                "aligned",
            ],
        )


def _jurisdiction_instruments(session: Session, jurisdiction: str) -> list[str]:
    if session.get(Jurisdiction, jurisdiction) is None:
        raise InvalidInputError(f"no jurisdiction {jurisdiction!r}", "use an id such as USA or EU")
    with_text = instruments_with_text_in(session, jurisdiction)
    if not with_text:
        raise InvalidInputError(
            f"{jurisdiction} has no instrument with stored text", "ingest first"
        )
    return with_text


def _readings(session: Session, comparison: Comparison, taxonomy: str) -> list[ConceptUnits]:
    if taxonomy not in load_taxonomies():
        raise InvalidInputError(
            f"unknown taxonomy {taxonomy!r}", "see `govatlas taxonomy list` for the ids"
        )
    return concept_units(session, comparison, taxonomy)


INDEX_COLUMNS = [
    "scope",
    "index",
    "95% low",
    "95% high",
    "basis",
    "A units",
    "A matched",
    "B units",
    "B matched",
    "conflicts",
    "concept-level links",
    "note",
]


def _index_row(name: str, value: IndexValue | None, a: str, b: str) -> dict[str, object]:
    if value is None:
        return {"scope": name, "index": None, "note": "no units on one side"}
    note = value.caveat(a, b)
    if value.interval == "jeffreys":
        note = "; ".join(filter(None, [note, "every unit scores alike: Jeffreys interval"]))
    return {
        "scope": name,
        "index": value.value,
        "95% low": value.low,
        "95% high": value.high,
        "basis": value.basis,
        "A units": value.a_units,
        "A matched": value.a_matched,
        "B units": value.b_units,
        "B matched": value.b_matched,
        "conflicts": value.conflicts,
        "concept-level links": value.concept_links,
        "note": note,
    }


@app.command("interop")
def interop(
    a: Annotated[
        str, typer.Argument(help="Instrument id (or jurisdiction id with --jurisdictions).")
    ],
    b: Annotated[str, typer.Argument(help="Instrument id (or jurisdiction id).")],
    jurisdictions: Annotated[
        bool,
        typer.Option("--jurisdictions", help="A and B are jurisdictions: all their instruments."),
    ] = False,
    concepts: Annotated[
        list[str] | None,
        typer.Option(
            "--concepts",
            help="Also per concept of this taxonomy (repeatable), over the units labelled "
            "with it, each with its classifier's measured precision and recall.",
        ),
    ] = None,
    human_only: Annotated[bool, typer.Option("--human-only", help="Ignore suggestions.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Interoperability index of two instruments or jurisdictions, with 95% intervals.

    index = mean over the units of both sides of match strength x (1 - conflict
    strength), where a unit's match strength is its strongest link to a unit of the other
    side: 1 if human, the probability if machine-suggested (not reviewed). Bootstrap
    interval over units (Jeffreys when all units score alike). Concept-level links are
    counted apart and give no value; a side known only by cited reference items gives a
    one-sided value (basis "reference-only"). Per concept on the units labelled with it
    (people's labels and the provision classifier's); the note gives the classifier's
    precision and recall on the test split, and "experimental" where the precision is below
    0.85: such a value is no finding. See docs/interoperability-index.md.

    Example: [bold]govatlas interop eu-ai-act nist-ai-rmf-1-0 --concepts fli-blocks[/]
    """
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        if jurisdictions:
            a_all, b_all = (
                _jurisdiction_instruments(session, a),
                _jurisdiction_instruments(session, b),
            )
            a_side, b_side = aligned_instruments(session, a_all, b_all)
            if not (a_side and b_side):
                raise InvalidInputError(
                    f"no instrument of {a} has been aligned with one of {b}, so there is "
                    "nothing to measure (never compared is not 0)",
                    f"align two of their instruments first, e.g. govatlas crosswalk suggest "
                    f"{a_all[0]} {b_all[0]}",
                )
            comparison = compare_sides(session, sorted(a_side), sorted(b_side), human_only)
            if fmt is OutputFormat.TABLE:
                console.print(
                    f"Measured on the {len(a_side)} of {a}'s {len(a_all)} instruments with a "
                    f"text and the {len(b_side)} of {b}'s {len(b_all)} that have been aligned "
                    "with the other side; the others were never compared and count nowhere, "
                    "not as 0.",
                    highlight=False,
                )
        else:
            comparison = compare_instruments(session, a, b, human_only)
        readings = [r for t in concepts or [] for r in _readings(session, comparison, t)]
    with console.status("Computing the index"):
        result = interoperability(comparison, readings)
    rows = [_index_row("overall", result.overall, a, b)]
    for reading in readings:
        value = result.by_concept.get(reading.concept)
        row = _index_row(reading.concept, value, a, b)
        found = "no unit of either side is labelled with it" if value is None else row["note"]
        row["note"] = "; ".join(filter(None, [reading.note, str(found or "")]))
        rows.append(row)
    render_rows(console, rows, fmt, title=f"Interoperability: {a} vs {b}", columns=INDEX_COLUMNS)


@app.command("definitions")
def definitions(
    instruments: Annotated[list[str], typer.Argument(help="Two or more instrument ids.")],
    term: Annotated[
        list[str] | None, typer.Option("--term", help="Only this term (repeatable).")
    ] = None,
    all_terms: Annotated[
        bool, typer.Option("--all-terms", help="Every shared term, not only the key ones.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Compare how instruments define the same terms (AI system, provider, deployer...).

    Each pair gets a verdict: agree (MiniLM cosine of the two definitions 0.87 or more),
    differ (in part or in whole), or not comparable (a definition cut off where its list
    begins, or one that only points to another text). A pointer to the statutes US texts
    cite most for AI (section 5002 of the NAIIA, section 238(g) of the FY2019 NDAA) set
    against a definition in words is compared with what the statute says: its
    similarity is then that of the words with the statute's. Two definitions that would
    agree differ where only one takes something out ("does not include ...") or adds to
    it at length, or where one follows the OECD's definition before its 2023 revision and
    the other the revised one. A definition that only points to a text the atlas holds
    ("as provided in Section 3(c) of Executive Order 14110", "as defined in Article 3(1)
    of the AI Act") is compared as that text's definition. The line under the table says
    how often people judged the same way.

    Example: [bold]govatlas definitions eu-ai-act colorado-sb24-205 california-sb-53[/]
    """
    if len(instruments) < 2:
        raise InvalidInputError("give at least two instruments", "e.g. eu-ai-act colorado-sb24-205")
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with transaction(engine) as session:
        found = [d for i in instruments for d in extract_definitions(session, i)]
    wanted = term or (None if all_terms else list(KEY_TERMS))
    with console.status("Comparing definitions"):
        pairs = compare_definitions(found, wanted)
    if not pairs:
        hint = (
            "No term is defined by two or more of them"
            if all_terms or term
            else "No key term is defined by two or more of them"
        )
        more = "" if all_terms or term else "; try --all-terms"
        console.print(f"{hint} ({', '.join(instruments)}: {len(found)} definitions found){more}.")
        return
    rows = [
        {
            "term": p.term,
            "A": p.a.instrument,
            "B": p.b.instrument,
            "verdict": p.verdict,  # before the similarity: it stays at 80 columns
            # what decided: for a pointer to a statute against words, the words' cosine
            # with the statute's
            "similarity": p.restated if p.restated is not None else p.similarity,
            "only in A": " ".join(p.only_a),
            "only in B": " ".join(p.only_b),
            # a definition read as the stored text it points to names that text
            "A provision": _where(p.a),
            "B provision": _where(p.b),
        }
        for p in pairs
    ]
    render_rows(console, rows, fmt, title="Definition divergence")
    if fmt == OutputFormat.TABLE:
        console.print(f"Verdicts: {VERDICT_RULE}; {measured_verdicts()}.")


def _where(definition: Definition) -> str | None:
    """The provision that holds a definition, and the text whose definition it is read as
    when it only points to one ("sec.6 -> us-eo-14110")."""
    if definition.points_to is None:
        return definition.provision_path
    return f"{definition.provision_path or ''} -> {definition.points_to}".strip()
