"""Country briefs and comparison briefs: a few pages each, same building blocks as the paper.

A country brief shows one jurisdiction's instruments, how far they cover the FLI
building blocks and risks (beside the share of all jurisdictions that do), and
the options its binding gaps suggest. A comparison brief puts two instruments
side by side: the interoperability index overall and per building block, what
each covers alone, conflicts, how they define shared terms, and the options.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.concept_units import concept_units
from govatlas.analytics.coverage import NOT_ASSESSED, STATE_LABELS, coverage
from govatlas.analytics.definitions import (
    VERDICT_RULE,
    compare_definitions,
    extract_definitions,
)
from govatlas.analytics.interop import interoperability
from govatlas.graphics.charts import bar_chart
from govatlas.reports.citations import Citations
from govatlas.reports.coverage import coverage_table
from govatlas.reports.divergence import DIVERGENCE_SURE, divergence_annex, divergence_tables
from govatlas.reports.document import ReportDocument, provision_labeller, release_for
from govatlas.reports.frameworks import PairResult, definition_view, pair_result
from govatlas.reports.landscape import (
    EFFECTS,
    instrument_annex,
    instrument_rows,
    load_places,
    scope_members,
)
from govatlas.reports.policy import (
    PolicyInputs,
    country_options,
    evaluate_rules,
    load_rules,
)
from govatlas.reports.wording import plural, verb
from govatlas.store.instruments import events_of, get_instrument
from govatlas.store.session import transaction
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, LegalEffect

BRIEF_TAXONOMIES = ("fli-blocks", "fli-risks")


def build_country_brief(
    engine: Engine,
    jurisdiction: str,
    *,
    release: str | None = None,
    rules: Path | None = None,
) -> ReportDocument:
    with transaction(engine) as session:
        citations = Citations(release_for(session, release))
        places = load_places(session)
        scope = scope_members(places, [jurisdiction])
        assert scope is not None
        everywhere = instrument_rows(session, places, None)
        rows = [r for r in everywhere if r.jurisdiction in scope]
        name = places.names[jurisdiction]
        everything = citations.cite(f"Instruments of {name}", [r.id for r in rows])
        short_names = {r.id: r.short_name for r in everywhere}
        place = places.countries.get(jurisdiction, jurisdiction)
        sections: list[dict[str, Any]] = []
        options = []
        for taxonomy in BRIEF_TAXONOMIES:
            table = coverage_table(session, taxonomy)
            here = (
                table.result if place in table.places else coverage(session, taxonomy, rows=[place])
            )
            concepts: list[dict[str, Any]] = []
            for concept, label in table.concepts:
                cell = here.cell(place, concept)
                concepts.append(
                    {
                        "label": label,
                        "state": cell.state,
                        "state_label": STATE_LABELS[cell.state],
                        "instruments": [
                            {
                                "id": i,
                                "name": here.instruments[i].name if i in here.instruments else i,
                                "via": i in cell.via,
                            }
                            for i in cell.instruments
                        ],
                        "world_in_force": len(table.with_state(concept, ["binding-in-force"])),
                        "world_figure": table.interval(concept, "binding-in-force").figure,
                        "world_assessed": len(table.assessed(concept)),
                        "note": table.note(concept),
                        "cite": citations.cite(
                            f"Instruments applying in {name} on {label}",
                            cell.instruments,
                            sorted({p for ps in cell.evidence.values() for p in ps})[:200],
                        )
                        if cell.instruments
                        else None,
                    }
                )
            sections.append(
                {"taxonomy": taxonomy, "places": len(table.places), "concepts": concepts}
            )
            if place in table.places:
                options += country_options(
                    load_rules(rules),
                    table,
                    place,
                    name,
                    citations,
                    short_names,
                    provision_labeller(session, short_names),
                )
        events = [
            (
                event.date,
                event.kind.value,
                short_names.get(event.instrument_id, event.instrument_id),
            )
            for event in events_of(session, [r.id for r in rows])
        ]
        types = Counter(r.type.replace("_", " ") for r in rows)
        blocks = sections[0]["concepts"]
        in_force = [c["label"] for c in blocks if c["state"] == "binding-in-force"]
        unassessed = sum(1 for c in blocks if c["state"] == NOT_ASSESSED)
        effects = Counter(r.effect for r in rows if r.public)
        assessed_blocks = len(blocks) - unassessed
        if rows:
            parts = [
                f"{effects[e.value]} {_effect_words(e, effects[e.value])}"
                for e in EFFECTS
                if effects[e.value]
            ]
            private = sum(1 for r in rows if not r.public)
            if private:  # every instrument counted once: the parts add up to the total
                parts.append(
                    f"{private} by other organisations (not public authorities: company, "
                    "professional or civil-society frameworks)"
                )
            holdings = (
                f"{name} has {plural(len(rows), 'instrument')} in release "
                f"{citations.release.tag}: " + ", ".join(parts) + "."
            )
        else:
            holdings = (
                f"Release {citations.release.tag} records no instrument of {name}; absence "
                "from the atlas is not absence of rules."
            )
        if assessed_blocks:
            blocks_text = (
                f"Binding law in force covers {len(in_force)} of the {assessed_blocks} "
                "building blocks of global AI governance assessed here"
                + (f" ({', '.join(in_force)})" if in_force else "")
                + (
                    f"; {unassessed} {verb(unassessed, 'is', 'are')} not assessed"
                    if unassessed
                    else ""
                )
                + "."
            )
        else:
            blocks_text = (
                f"None of the {len(blocks)} building blocks of global AI governance is assessed "
                f"here: no measured classifier read a text that applies in {name}, and nobody "
                "labelled one. That is unknown, not absent."
            )
        summary: list[dict[str, Any]] = [
            {
                "text": holdings,
                "cite": everything,
                "sure": "counted from the atlas's records; a stage is what the sources record",
            },
            {
                "text": blocks_text,
                "cite": everything,
                "sure": "only blocks read by a classifier measured to the precision floor, or "
                "labelled by people, count; the others are not assessed, never 0",
            },
        ]
        if options:
            summary.append(
                {
                    "text": f"{plural(len(options), 'policy option')} "
                    f"{verb(len(options), 'follows', 'follow')} from its gaps, each naming the "
                    "Member States whose law in force covers the concept.",
                    "cite": options[0].findings[0].citation,
                    "sure": "rules applied to the measured gaps above",
                }
            )
        without_text = sum(1 for r in rows if not r.has_text)
        experimental = [
            c["label"] for sec in sections for c in sec["concepts"] if c["state"] == NOT_ASSESSED
        ]
        limits = [
            {
                "topic": "Texts",
                "text": (
                    f"{plural(without_text, 'instrument')} of {name} "
                    f"{verb(without_text, 'has', 'have')} no stored text; their coverage can "
                    "only come from dataset tags."
                )
                if rows
                else f"The atlas holds no instrument of {name}: what applies there comes only "
                "from the instruments that apply through membership and the international "
                "commitments recorded for it.",
            },
            {
                "topic": "Not assessed",
                "text": (
                    f"{', '.join(experimental)}: no measured classifier read these here and "
                    "nobody labelled them; they are unknown, not absent."
                )
                if experimental
                else "Every concept of the brief was assessed here.",
            },
            TIME_LIMIT,
        ]
        context: dict[str, Any] = {
            "title": f"Country brief: {name}",
            "scope": f"{name} ({jurisdiction}) and its subdivisions",
            "name": name,
            "summary": summary,
            "instruments": rows,
            "instruments_cite": everything,
            "types_chart": bar_chart(
                "types",
                f"Instruments of {name} by type",
                "; ".join(f"{t}: {n}" for t, n in types.most_common()),
                types.most_common(),
            )
            if rows
            else "",
            "events": events,
            "coverage": sections,
            "options": options,
            "annex": rows,
            "annexes": [instrument_annex(rows, "A")],
            "instrument_names": short_names,
            "cannot_say": limits,
        }
        return ReportDocument.make("country", context, citations, session)


def build_compare_brief(
    engine: Engine,
    a: str,
    b: str,
    *,
    release: str | None = None,
    rules: Path | None = None,
) -> ReportDocument:
    with transaction(engine) as session:
        citations = Citations(release_for(session, release))
        first, second = get_instrument(session, a), get_instrument(session, b)
        names = {a: first.short_name, b: second.short_name}
        places = load_places(session)
        rows = instrument_rows(session, places, None, only={a, b})
        comparison = compare_instruments(session, a, b)
        pair = pair_result(comparison, citations)
        by_concept = []
        if comparison.unit_links:  # per concept only where units are linked
            readings = concept_units(session, comparison, "fli-blocks")
            result = interoperability(comparison, readings)
            for reading in readings:
                evidence = result.evidence.get(reading.concept, [])
                by_concept.append(
                    {
                        "label": reading.label,
                        "value": result.by_concept.get(reading.concept),
                        "measured": reading.measured,
                        "quality": reading.note,
                        "cite": citations.cite(
                            f"{a} and {b} on {reading.label}",
                            [a, b],
                            [p for e in evidence for p in (e.a.id, e.b.id)],
                        ),
                    }
                )
        only = {
            "a": comparison.only_a[:12],
            "b": comparison.only_b[:12],
            "a_cite": citations.cite(
                f"Provisions of {a} without a counterpart in {b}",
                [a],
                [u.id for u in comparison.only_a],
            ),
            "b_cite": citations.cite(
                f"Provisions of {b} without a counterpart in {a}",
                [b],
                [u.id for u in comparison.only_b],
            ),
        }
        definitions = compare_definitions(
            [*extract_definitions(session, a), *extract_definitions(session, b)]
        )
        definition_views = [definition_view(d, names, citations) for d in definitions]
        divergence = divergence_tables(session, [(a, b)], names, citations)
        inputs = PolicyInputs(
            {},
            [pair],
            definitions,
            names,
            {r.id: r.jurisdiction_name or r.jurisdiction for r in rows},
            provision_labeller(session, names),
        )
        options, _ = evaluate_rules(load_rules(rules), inputs, citations)
        summary: list[dict[str, Any]] = []
        if pair.index is not None and pair.index.measured:
            summary.append(
                {
                    "text": f"The interoperability index of {names[a]} and {names[b]} is "
                    f"{pair.index.describe(names[a], names[b])}, from "
                    f"{plural(pair.overlaps, 'aligned provision pair')}.",
                    "cite": pair.citation,
                    "sure": "machine-suggested links count by their calibrated probability "
                    "until reviewed; the interval is a bootstrap over provisions",
                }
            )
        elif pair.index is not None:
            summary.append(
                {
                    "text": f"{names[a]} and {names[b]} have no interoperability index: "
                    f"{pair.index.describe(names[a], names[b])}.",
                    "cite": pair.citation,
                }
            )
        else:
            summary.append(
                {
                    "text": f"No crosswalk is recorded between {names[a]} and {names[b]}, so "
                    "which of their provisions correspond is not assessed.",
                    "cite": citations.cite(f"Relationships between {a} and {b}", [a, b]),
                    "sure": "crosswalks recorded in the atlas; none means not compared, not "
                    "incompatible",
                }
            )
        if pair.index is not None:
            summary.append(
                {
                    "text": f"{len(comparison.only_a)} of {len(comparison.a_units)} provisions of "
                    f"{names[a]} and {len(comparison.only_b)} of {len(comparison.b_units)} of "
                    f"{names[b]} have no counterpart in the other; "
                    f"{plural(len(comparison.conflicts), 'pair')} "
                    f"{verb(len(comparison.conflicts), 'conflicts', 'conflict')}.",
                    "cite": only["a_cite"],
                    "sure": "a provision without a recorded counterpart may still have one nobody "
                    "has linked yet",
                }
            )
        if definition_views:
            differ = sum(1 for d in definition_views if d["verdict"] == "differ")
            summary.append(
                {
                    "text": f"Both define {plural(len(definition_views), 'term')}; {differ} of "
                    "the definitions differ.",
                    "cite": definition_views[0]["cite"],
                    "sure": f"text similarity ({VERDICT_RULE}), thresholds not measured "
                    "against people's judgement",
                }
            )
        for table in divergence:
            counted = [r for r in table["rows"] if r["counted"]]
            if counted:
                summary.append(
                    {
                        "text": f"Of {plural(len(counted), 'parameter')} both set (deadlines, "
                        f"thresholds, penalties, scope), {table['differ']} differ at least in "
                        "part.",
                        "cite": counted[0]["cite"],
                        "sure": DIVERGENCE_SURE,
                    }
                )
        annexes = [instrument_annex(rows, "A")]
        if divergence:
            annexes.append(divergence_annex(divergence, "B"))
        context: dict[str, Any] = {
            "title": f"Comparison brief: {names[a]} and {names[b]}",
            "scope": f"{a} and {b}",
            "a": names[a],
            "b": names[b],
            "summary": summary,
            "pair": pair,
            "by_concept": by_concept,
            "examples": comparison.overlaps[:15],
            "conflicts": comparison.conflicts,
            "only": only,
            "definitions": definition_views,
            "divergence": divergence,
            "options": options,
            "annex": rows,
            "annexes": annexes,
            "instrument_names": names,
            "cannot_say": _compare_limits(pair, names[a], names[b], bool(divergence)),
        }
        return ReportDocument.make("compare", context, citations, session)


def _effect_words(effect: LegalEffect, count: int) -> str:
    """The legal effect as a count reads it: "2 binding proposals (bills or drafts)"."""
    if effect is LegalEffect.BINDING_PROPOSED and count != 1:
        return "binding proposals (bills or drafts)"
    return LEGAL_EFFECT_LABELS[effect]


TIME_LIMIT = {
    "topic": "Time",
    "text": "Figures are those of the dataset release named on the title page; what changed "
    "after it is not reflected.",
}


def _compare_limits(
    pair: PairResult, a: str, b: str, parameters: bool = False
) -> list[dict[str, str]]:
    limits = []
    if pair.index is not None and pair.index.machine_note:
        limits.append(
            {
                "topic": "Machine suggestions",
                "text": f"Of the index, {pair.index.machine_note}: a reviewer may reject them.",
            }
        )
    if pair.reference and pair.index is not None:
        limits.append({"topic": "One-sided", "text": pair.index.caveat(a, b) + "."})
    limits.append(
        {
            "topic": "What an index measures",
            "text": "The index counts provisions with a counterpart, not whether the "
            "obligations are equally strict; the definitions are compared by text similarity.",
        }
    )
    if parameters:
        limits.append(
            {
                "topic": "Parameters",
                "text": "Deadlines, thresholds, penalties and scopes are read from the texts "
                "by rules not yet measured against a gold set. Every value is printed with "
                "the words it was read from (Annex B); a kind missing on one side means the "
                "rules read none, not that the text sets none.",
            }
        )
    limits.append(TIME_LIMIT)
    return limits
