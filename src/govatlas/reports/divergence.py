"""Divergence tables for reports: the parameters two frameworks set, side by side.

Each row of a pair is a kind of parameter both set (incident-reporting deadline,
training-compute threshold, maximum fine, definition of a key term), with every
value of each side, the provision it sits in and the words it was read from, and
its own citation of those provisions. Kinds only one side sets are listed by name
(what the other leaves unset, or sets in words the rules do not read). Only rows with
a verdict count among the parameters both set or that differ: a definition is
compared by meaning in the definitions table, and values that are not the same duty
are shown side by side without one (``analytics.divergence``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from govatlas.analytics import parameter_quality
from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.divergence import (
    DIFFERS,
    ONLY_A,
    ONLY_B,
    PARTLY,
    Divergence,
    DivergenceRow,
    Found,
)
from govatlas.analytics.divergence import divergence as diverge
from govatlas.analytics.parameter_quality import measured_figures
from govatlas.errors import GovatlasError
from govatlas.excerpts import excerpt
from govatlas.i18n import N_, gettext, ngettext
from govatlas.provision_labels import provision_label
from govatlas.reports.annexes import Annex
from govatlas.reports.citations import Citations

VALUES_SHOWN = 2  # per side in the report's body; the annex lists every value
# how sure a sentence resting on the divergence tables is (the parameters' annex is B),
# with the rules' measured recall and precision (``analytics.parameter_quality``)
DIVERGENCE_SURE = N_(
    "values read from the texts by rules, each shown with its words in Annex B; in "
    "%(provisions)s provisions of texts the rules were not written or tuned on, they found "
    "%(found)s of the %(listed)s parameters people listed (fines %(penalties)s of "
    "%(penalties_listed)s, key definitions %(definitions)s of %(definitions_listed)s, "
    "deadlines %(deadlines)s of %(deadlines_listed)s, thresholds %(thresholds)s of "
    "%(thresholds_listed)s), and %(right)s of the %(reported)s values they reported were "
    "people's"
)


# thresholds are measured on fewer provisions than the other families (parameter_quality)
THRESHOLDS_COUNTED = N_(
    "(thresholds only in the %(threshold_provisions)s provisions drawn after the rules that "
    "read them last changed)"
)


def divergence_sure() -> str:
    """``DIVERGENCE_SURE`` in the current language, with the measured figures."""
    figures = measured_figures()
    return gettext(DIVERGENCE_SURE) % figures + " " + gettext(THRESHOLDS_COUNTED) % figures


EVIDENCE_CHARS = 220


def _value(found: Found) -> dict[str, Any]:
    return {
        "value": found.parameter.short_label,
        "path": found.provision.path,
        "label": provision_label(found.provision.path),
        "evidence": excerpt(found.evidence, EVIDENCE_CHARS),
    }


def _counts_asdiffering(row: DivergenceRow) -> bool:
    return row.diverges and not row.minor


def _row(row: DivergenceRow, a: str, b: str, citations: Citations) -> dict[str, Any]:
    provisions = [f.provision.id for f in (*row.a, *row.b)]
    key = citations.cite(
        gettext(
            "%(parameter)s as set by %(first_instrument)s and by %(second_instrument)s",
            parameter=row.label,
            first_instrument=a,
            second_instrument=b,
        ),
        [a, b],
        provisions,
    )
    return {
        "family": row.family_label,
        "family_code": row.family,
        "kind": row.kind,
        "label": row.label,
        "status": row.status,
        # only rows with a verdict count: not definitions (compared by meaning apart), not
        # values of different duties listed side by side
        "counted": row.judged,
        "aligned": row.aligned,
        "a": [_value(f) for f in row.a[:VALUES_SHOWN]],
        "a_more": max(0, len(row.a) - VALUES_SHOWN),
        "b": [_value(f) for f in row.b[:VALUES_SHOWN]],
        "b_more": max(0, len(row.b) - VALUES_SHOWN),
        "every": [("a", _value(f)) for f in row.a] + [("b", _value(f)) for f in row.b],
        "cite": key,
    }


def pair_divergence(
    result: Divergence, names: Mapping[str, str], citations: Citations
) -> dict[str, Any]:
    a, b = result.a, result.b
    return {
        "a": a,
        "b": b,
        "a_name": names.get(a, a),
        "b_name": names.get(b, b),
        "rows": [_row(r, a, b, citations) for r in result.compared if not r.minor],
        "differ": sum(1 for r in result.differing if _counts_asdiffering(r)),
        "only_a": [r.label for r in result.rows if r.status == ONLY_A and not r.minor],
        "only_b": [r.label for r in result.rows if r.status == ONLY_B and not r.minor],
        "contrary": [
            {
                "a_path": p.a.path,
                "b_path": p.b.path,
                "a_sentence": excerpt(p.a_sentence, EVIDENCE_CHARS),
                "b_sentence": excerpt(p.b_sentence, EVIDENCE_CHARS),
                "requires": names.get(a, a) if p.a_requires else names.get(b, b),
                "cite": citations.cite(
                    gettext(
                        "Proposed contrary: %(first_instrument)s %(first_path)s and "
                        "%(second_instrument)s %(second_path)s",
                        first_instrument=a,
                        first_path=p.a.path,
                        second_instrument=b,
                        second_path=p.b.path,
                    ),
                    [a, b],
                    [p.a.id, p.b.id],
                ),
            }
            for p in result.contrary
        ],
    }


def divergence_tables(
    session: Session,
    pairs: Sequence[tuple[str, str]],
    names: Mapping[str, str],
    citations: Citations,
) -> list[dict[str, Any]]:
    """One table per pair whose texts are stored and where both set some parameter."""
    tables = []
    for a, b in pairs:
        try:
            comparison = compare_instruments(session, a, b)
        except GovatlasError:  # no stored text to read: nothing to compare
            continue
        result = diverge(comparison)
        table = pair_divergence(result, names, citations)
        if table["rows"]:
            tables.append(table)
    return tables


def divergence_annex(tables: Sequence[Mapping[str, Any]], letter: str) -> Annex:
    """Every value of every compared parameter, with the provision and the words it was
    read from: the evidence behind the report's divergence tables."""
    rows: list[tuple[str | int | None, ...]] = []
    for table in tables:
        for row in table["rows"]:
            for side, value in row["every"]:
                name = table["a_name"] if side == "a" else table["b_name"]
                rows.append(
                    (
                        f"{table['a_name']} / {table['b_name']}",
                        row["label"],
                        row["family"],
                        row["status"],
                        name,
                        value["value"],
                        value["label"],
                        value["path"],
                        value["evidence"],
                        row["cite"],
                    )
                )
    return Annex(
        "parameters",
        letter,
        gettext("Parameters compared, with their evidence"),
        gettext(
            "For each pair of binding texts compared, every value of every parameter both set "
            "(deadlines, thresholds, penalties, scope, definitions), the provision it sits in "
            "and the words it was read from. Values are read by rules, not by people; a kind "
            "the rules read on one side only is not listed (which says nothing of what the "
            "other text sets)."
        ),
        (
            N_("Pair"),
            N_("Parameter"),
            N_("Family"),
            N_("Status"),
            N_("Instrument"),
            N_("Value"),
            N_("Provision"),
            N_("Path"),
            N_("Evidence"),
            N_("Citation"),
        ),
        rows,
    )


# The parameter a summary sentence gives as its example, most telling first, with the
# family whose measured precision it rests on. A kind is an example only while the values
# of its family reach the precision floor, and a deadline only while the rules' deadline
# kinds do too: below it, two deadlines set side by side may be of different duties.
HEADLINE_KINDS = {
    "compute": "threshold",
    "incident-reporting": "deadline",
    "fine": "penalty",
    "revenue": "threshold",
    "users": "threshold",
    "employees": "threshold",
}


# how a sentence names a family of parameters
FAMILY_NAMES = {
    "deadline": N_("deadlines"),
    "threshold": N_("thresholds"),
    "penalty": N_("fines"),
    "scope": N_("scope"),
    "definition": N_("definitions"),
}


def family_headlines(family: str) -> bool:
    """``parameter_quality.family_headlines`` (looked up when called, so tests may stand
    in for the measured figures)."""
    return parameter_quality.family_headlines(family)


def headline_kinds() -> tuple[str, ...]:
    """``HEADLINE_KINDS`` that a headline may rest on, as measured."""
    return tuple(kind for kind, family in HEADLINE_KINDS.items() if family_headlines(family))


def _counted(table: Mapping[str, Any]) -> int:
    """The parameters a table compares value by value (definitions and values of
    different duties are not)."""
    return sum(1 for r in table["rows"] if r["counted"])


def headline_rows(table: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The rows a summary counts: compared value by value, by rules measured to the floor."""
    return [r for r in table["rows"] if r["counted"] and family_headlines(r["family_code"])]


def differing(rows: Sequence[Mapping[str, Any]]) -> int:
    return sum(1 for r in rows if r["status"] in (DIFFERS, PARTLY))


def left_out(tables: Sequence[Mapping[str, Any]]) -> str:
    """The families of the rows the summary leaves to section 4, as it names them."""
    families = dict.fromkeys(
        r["family_code"]
        for t in tables
        for r in t["rows"]
        if r["counted"] and not family_headlines(r["family_code"])
    )
    return ", ".join(gettext(FAMILY_NAMES.get(f, f)) for f in families)


def left_out_sentence(tables: Sequence[Mapping[str, Any]]) -> str:
    """ " Parameters read by rules below the floor (...) are compared in the divergence
    tables...", with a leading space, or nothing when none is left out."""
    families = left_out(tables)
    if not families:
        return ""
    return " " + gettext(
        "Parameters read by rules below the floor (%(families)s) and definitions are "
        "compared in the divergence tables and counted in no summary.",
        families=families,
    )


def divergence_sentences(tables: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The first pair's divergence with a numeric example, then the other pairs in one,
    each counting only the parameters whose rules are measured to the precision floor
    (the others are compared in the tables and named as left out)."""
    every = [t for t in tables if _counted(t)]
    tables = [t for t in every if headline_rows(t)]
    if not tables:
        return []
    first, *rest = tables
    rows = headline_rows(first)
    counted, differ = len(rows), differing(rows)
    parameters = ngettext("%(num)s parameter", "%(num)s parameters", counted)
    cite = rows[0]["cite"]
    kinds = headline_kinds()
    headline = sorted(
        (r for r in rows if r["status"] != "same" and r["kind"] in kinds),
        key=lambda r: kinds.index(r["kind"]),
    )
    if headline:
        row = headline[0]
        text = ngettext(
            "%(first_instrument)s and %(second_instrument)s both set %(parameters)s that rules "
            "measured to the precision floor read for the same duty; %(num)s differs at least "
            "in part, among them %(example_parameter)s: %(first_values)s against "
            "%(second_values)s.",
            "%(first_instrument)s and %(second_instrument)s both set %(parameters)s that rules "
            "measured to the precision floor read for the same duty; %(num)s differ at least "
            "in part, among them %(example_parameter)s: %(first_values)s against "
            "%(second_values)s.",
            differ,
            first_instrument=first["a_name"],
            second_instrument=first["b_name"],
            parameters=parameters,
            example_parameter=row["label"].lower(),
            first_values="; ".join(v["value"] for v in row["a"]),
            second_values="; ".join(v["value"] for v in row["b"]),
        )
        cite = row["cite"]
    else:
        text = ngettext(
            "%(first_instrument)s and %(second_instrument)s both set %(parameters)s that rules "
            "measured to the precision floor read for the same duty; %(num)s differs at least "
            "in part.",
            "%(first_instrument)s and %(second_instrument)s both set %(parameters)s that rules "
            "measured to the precision floor read for the same duty; %(num)s differ at least "
            "in part.",
            differ,
            first_instrument=first["a_name"],
            second_instrument=first["b_name"],
            parameters=parameters,
        )
    text += left_out_sentence(every)
    sentences = [{"text": text, "cite": cite}]
    if rest:
        shared = sum(len(headline_rows(t)) for t in rest)
        differ = sum(differing(headline_rows(t)) for t in rest)
        sentences.append(
            {
                "text": ngettext(
                    "Across %(pairs)s of binding texts (laws, bills and treaties, whatever "
                    "their stage), %(num)s of the %(parameters)s both sides set that such "
                    "rules read differs at least in part.",
                    "Across %(pairs)s of binding texts (laws, bills and treaties, whatever "
                    "their stage), %(num)s of the %(parameters)s both sides set that such "
                    "rules read differ at least in part.",
                    differ,
                    pairs=ngettext("%(num)s other pair", "%(num)s other pairs", len(rest)),
                    parameters=ngettext("%(num)s parameter", "%(num)s parameters", shared),
                ),
                "cite": headline_rows(rest[0])[0]["cite"],
            }
        )
    return sentences
