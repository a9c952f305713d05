"""Country briefs and comparison briefs: a few pages each, same building blocks as the paper.

A country brief shows one jurisdiction's instruments, how far they cover the FLI
building blocks and risks (beside the share of all jurisdictions that do), and
the options its binding gaps suggest. A comparison brief puts two instruments
side by side: the interoperability index overall and per building block, what
each covers alone, conflicts, how they define shared terms, and the options.

Every sentence, label and citation claim a reader sees is a catalog message, shown in
the current language (``govatlas.i18n.speaking``); names, ids and figures are data and
come out the same in every language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govatlas.analytics.compare import SUGGESTION_MIN_CONFIDENCE, compare_instruments
from govatlas.analytics.concept_units import concept_units
from govatlas.analytics.coverage import NOT_ASSESSED, STATE_LABELS, coverage
from govatlas.analytics.definition_quality import differ_reliable
from govatlas.analytics.definition_quality import measured as definitions_measured
from govatlas.analytics.definition_verdicts import DIFFER_VERDICT
from govatlas.analytics.definitions import (
    compare_definitions,
    extract_definitions,
    verdict_rule,
)
from govatlas.analytics.interop import interoperability
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY
from govatlas.dates import dated
from govatlas.graphics.charts import bar_chart
from govatlas.i18n import N_, gettext, ngettext
from govatlas.reports.citations import Citations
from govatlas.reports.coverage import coverage_table, machine_labelled
from govatlas.reports.divergence import (
    differing,
    divergence_annex,
    divergence_sure,
    divergence_tables,
    headline_rows,
    left_out_sentence,
)
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
from govatlas.store.instruments import events_of, get_instrument
from govatlas.store.session import transaction
from govatlas.vocabulary import TYPE_LABELS, LegalEffect

BRIEF_TAXONOMIES = ("fli-blocks", "fli-risks")
# Words computed elsewhere as codes and shown by the brief templates, which translate
# them with ``_()``: a definition's verdict (analytics.definitions) and a parameter's
# status (analytics.divergence). Marked here so that the catalogs hold them.
SHOWN_WORDS = (
    N_("agree"),
    N_("differ"),
    N_("not comparable"),
    N_("same"),
    N_("partly the same"),
    N_("differs"),
    N_("only in A"),
    N_("only in B"),
    N_("terms named; compared by meaning in the definitions table"),
)


def _joined(items: Iterable[str]) -> str:
    """Items of a list inside a sentence: "law, bill, treaty"."""
    # Translators: the separator between the items of a list inside a sentence.
    return gettext(", ").join(items)


def _type_label(instrument_type: str) -> str:
    """An instrument type as the reader's language names it ("executive order")."""
    return gettext(TYPE_LABELS.get(instrument_type, instrument_type.replace("_", " ")))


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
        everything = citations.cite(
            gettext("Instruments of %(jurisdiction)s", jurisdiction=name), [r.id for r in rows]
        )
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
                evidence = sorted({p for ps in cell.evidence.values() for p in ps})[:200]
                concepts.append(
                    {
                        "label": label,
                        "state": cell.state,
                        "state_label": gettext(STATE_LABELS[cell.state]),
                        "instruments": [
                            {
                                "id": i,
                                "name": here.instruments[i].name if i in here.instruments else i,
                                "via": i in cell.via,
                            }
                            for i in cell.instruments
                        ],
                        # binding law in force here nobody has read for the concept: the
                        # state shown is a lower bound
                        "unread": [
                            here.instruments[i].name if i in here.instruments else i
                            for i in cell.unread
                        ],
                        "world_in_force": len(table.with_state(concept, ["binding-in-force"])),
                        "world_figure": table.interval(concept, "binding-in-force").figure,
                        "world_assessed": len(table.assessed(concept)),
                        "note": table.note(concept),
                        "cite": citations.cite(
                            gettext(
                                "Instruments applying in %(jurisdiction)s on %(concept)s",
                                jurisdiction=name,
                                concept=label,
                            ),
                            cell.instruments,
                            evidence,
                            machine=machine_labelled(here, evidence),
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
                dated(event.date, event.precision or "day"),  # 2018, not 2018-01-01
                event.kind.value,
                short_names.get(event.instrument_id, event.instrument_id),
            )
            for event in events_of(session, [r.id for r in rows])
        ]
        types = Counter(_type_label(r.type) for r in rows)
        blocks = sections[0]["concepts"]
        in_force = [c["label"] for c in blocks if c["state"] == "binding-in-force"]
        unassessed = sum(1 for c in blocks if c["state"] == NOT_ASSESSED)
        effects = Counter(r.effect for r in rows if r.public)
        if rows:
            parts = [_effect_count(e, effects[e.value]) for e in EFFECTS if effects[e.value]]
            private = sum(1 for r in rows if not r.public)
            if private:  # every instrument counted once: the parts add up to the total
                parts.append(
                    ngettext(
                        "%(num)s by other organisations (not public authorities: company, "
                        "professional or civil-society frameworks)",
                        "%(num)s by other organisations (not public authorities: company, "
                        "professional or civil-society frameworks)",
                        private,
                    )
                )
            holdings = ngettext(
                "%(jurisdiction)s has %(num)s instrument in release %(release)s: %(kinds)s.",
                "%(jurisdiction)s has %(num)s instruments in release %(release)s: %(kinds)s.",
                len(rows),
                jurisdiction=name,
                release=citations.release.tag,
                kinds=_joined(parts),
            )
        else:
            holdings = gettext(
                "Release %(release)s records no instrument of %(jurisdiction)s; absence from "
                "the atlas is not absence of rules.",
                release=citations.release.tag,
                jurisdiction=name,
            )
        blocks_text = _blocks_sentence(len(blocks), in_force, unassessed, name)
        summary: list[dict[str, Any]] = [
            {
                "text": holdings,
                "cite": everything,
                "sure": gettext(
                    "counted from the atlas's records; a stage is what the sources record"
                ),
            },
            {
                "text": blocks_text,
                "cite": everything,
                "sure": gettext(
                    "only blocks read by a classifier measured to the precision floor, or "
                    "labelled by people, count; the others are not assessed, never 0"
                ),
            },
        ]
        if options:
            summary.append(
                {
                    "text": ngettext(
                        "%(num)s policy option follows from its gaps, each naming the Member "
                        "States whose law in force covers the concept.",
                        "%(num)s policy options follow from its gaps, each naming the Member "
                        "States whose law in force covers the concept.",
                        len(options),
                    ),
                    "cite": options[0].findings[0].citation,
                    "sure": gettext("rules applied to the measured gaps above"),
                }
            )
        without_text = sum(1 for r in rows if not r.has_text)
        experimental = [
            c["label"] for sec in sections for c in sec["concepts"] if c["state"] == NOT_ASSESSED
        ]
        limits = [
            {
                "topic": gettext("Texts"),
                "text": ngettext(
                    "%(num)s instrument of %(jurisdiction)s has no stored text; their "
                    "coverage can only come from dataset tags.",
                    "%(num)s instruments of %(jurisdiction)s have no stored text; their "
                    "coverage can only come from dataset tags.",
                    without_text,
                    jurisdiction=name,
                )
                if rows
                else gettext(
                    "The atlas holds no instrument of %(jurisdiction)s: what applies there "
                    "comes only from the instruments that apply through membership and the "
                    "international commitments recorded for it.",
                    jurisdiction=name,
                ),
            },
            {
                "topic": gettext("Not assessed"),
                "text": gettext(
                    "%(concepts)s: no measured classifier read these here and nobody "
                    "labelled them; they are unknown, not absent.",
                    concepts=_joined(experimental),
                )
                if experimental
                else gettext("Every concept of the brief was assessed here."),
            },
            _time_limit(),
        ]
        context: dict[str, Any] = {
            "title": gettext("Country brief: %(jurisdiction)s", jurisdiction=name),
            "scope": gettext(
                "%(jurisdiction)s (%(code)s) and its subdivisions",
                jurisdiction=name,
                code=jurisdiction,
            ),
            "name": name,
            "summary": summary,
            "instruments": rows,
            "instruments_cite": everything,
            "types_chart": bar_chart(
                "types",
                gettext("Instruments of %(jurisdiction)s by type", jurisdiction=name),
                # Translators: the separator between the items of a chart's description.
                gettext("; ").join(
                    gettext("%(type)s: %(count)s", type=t, count=n) for t, n in types.most_common()
                ),
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
            "type_labels": TYPE_LABELS,
            "cannot_say": limits,
        }
        return ReportDocument.make("country", context, citations, session)


def not_assessed_by_units(weak: int, first: str, second: str) -> dict[str, Any]:
    """The summary line of a comparison with no provision pair shown (no person has linked
    the texts' provisions, no machine suggestion reaches the confidence listed): the
    correspondence is not assessed, never "all provisions have no counterpart"."""
    quality = FULL_TEXT_QUALITY
    return {
        "text": ngettext(
            "Which provisions of %(first_instrument)s and %(second_instrument)s correspond is "
            "not assessed: no person has linked their provisions, and no machine suggestion "
            "reaches p ≥ %(floor)s (%(num)s weaker suggestion counts in the index by its "
            "probability only).",
            "Which provisions of %(first_instrument)s and %(second_instrument)s correspond is "
            "not assessed: no person has linked their provisions, and no machine suggestion "
            "reaches p ≥ %(floor)s (%(num)s weaker suggestions count in the index by their "
            "probability only).",
            weak,
            first_instrument=first,
            second_instrument=second,
            floor=f"{SUGGESTION_MIN_CONFIDENCE:.2f}",
        ),
        "sure": gettext(
            "of the machine suggestions a build stores, people link %(linked)s of %(judged)s "
            "judged",
            linked=quality.stored_linked,
            judged=quality.stored,
        ),
    }


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
        pair = pair_result(comparison, citations, {k: v for k, v in names.items() if v})
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
                            gettext(
                                "%(first_instrument)s and %(second_instrument)s on %(concept)s",
                                first_instrument=a,
                                second_instrument=b,
                                concept=reading.label,
                            ),
                            [a, b],
                            [p for e in evidence for p in (e.a.id, e.b.id)],
                        ),
                    }
                )
        only = {
            "a": comparison.only_a[:12],
            "b": comparison.only_b[:12],
            "a_cite": citations.cite(
                gettext(
                    "Provisions of %(instrument)s without a counterpart in %(other_instrument)s",
                    instrument=a,
                    other_instrument=b,
                ),
                [a],
                [u.id for u in comparison.only_a],
            ),
            "b_cite": citations.cite(
                gettext(
                    "Provisions of %(instrument)s without a counterpart in %(other_instrument)s",
                    instrument=b,
                    other_instrument=a,
                ),
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
                    "text": ngettext(
                        "The interoperability index of %(first_instrument)s and "
                        "%(second_instrument)s is %(index)s, from %(num)s aligned provision "
                        "pair.",
                        "The interoperability index of %(first_instrument)s and "
                        "%(second_instrument)s is %(index)s, from %(num)s aligned provision "
                        "pairs.",
                        pair.overlaps,
                        first_instrument=names[a],
                        second_instrument=names[b],
                        index=pair.index.describe(names[a], names[b]),
                    ),
                    "cite": pair.citation,
                    "sure": gettext(
                        "machine-suggested links count by their calibrated probability until "
                        "reviewed; the interval is a bootstrap over provisions"
                    ),
                }
            )
        elif pair.index is not None:
            summary.append(
                {
                    "text": gettext(
                        "%(first_instrument)s and %(second_instrument)s have no "
                        "interoperability index: %(reason)s.",
                        first_instrument=names[a],
                        second_instrument=names[b],
                        reason=pair.index.describe(names[a], names[b]),
                    ),
                    "cite": pair.citation,
                }
            )
        else:
            summary.append(
                {
                    "text": gettext(
                        "No crosswalk is recorded between %(first_instrument)s and "
                        "%(second_instrument)s, so which of their provisions correspond is not "
                        "assessed.",
                        first_instrument=names[a],
                        second_instrument=names[b],
                    ),
                    "cite": citations.cite(
                        gettext(
                            "Relationships between %(first_instrument)s and %(second_instrument)s",
                            first_instrument=a,
                            second_instrument=b,
                        ),
                        [a, b],
                    ),
                    "sure": gettext(
                        "crosswalks recorded in the atlas; none means not compared, not "
                        "incompatible"
                    ),
                }
            )
        unit_pairs_shown = bool(
            comparison.matched_a
            or comparison.matched_b
            or comparison.conflicted_a
            or comparison.conflicted_b
        )
        if pair.index is not None and not unit_pairs_shown:
            summary.append(
                not_assessed_by_units(comparison.unlisted_suggestions, names[a], names[b])
            )
            summary[-1]["cite"] = pair.citation
        elif pair.index is not None:
            summary.append(
                {
                    "text": ngettext(
                        "%(first_alone)s of %(first_provisions)s provisions of "
                        "%(first_instrument)s and %(second_alone)s of %(second_provisions)s of "
                        "%(second_instrument)s have no counterpart in the other; %(num)s pair "
                        "conflicts.",
                        "%(first_alone)s of %(first_provisions)s provisions of "
                        "%(first_instrument)s and %(second_alone)s of %(second_provisions)s of "
                        "%(second_instrument)s have no counterpart in the other; %(num)s pairs "
                        "conflict.",
                        len(comparison.conflicts),
                        first_alone=len(comparison.only_a),
                        first_provisions=len(comparison.a_units),
                        first_instrument=names[a],
                        second_alone=len(comparison.only_b),
                        second_provisions=len(comparison.b_units),
                        second_instrument=names[b],
                    ),
                    "cite": only["a_cite"],
                    "sure": gettext(
                        "a provision without a recorded counterpart may still have one nobody "
                        "has linked yet"
                    ),
                }
            )
        # a summary sentence only on verdicts measured to the floor (definition_quality)
        if definition_views and differ_reliable():
            differ = sum(1 for d in definition_views if d["verdict"] == DIFFER_VERDICT)
            summary.append(
                {
                    "text": ngettext(
                        "Both define %(num)s term; %(differing)s of the definitions differ in "
                        "part or in whole.",
                        "Both define %(num)s terms; %(differing)s of the definitions differ in "
                        "part or in whole.",
                        len(definition_views),
                        differing=differ,
                    ),
                    "cite": definition_views[0]["cite"],
                    "sure": gettext(
                        "text similarity (%(rule)s); %(measured)s",
                        rule=verdict_rule(),
                        measured=definitions_measured(),
                    ),
                }
            )
        for table in divergence:
            # only parameters whose rules reach the precision floor count in a summary
            counted = headline_rows(table)
            if counted:
                summary.append(
                    {
                        "text": ngettext(
                            "Of %(num)s parameter both set that rules measured to the "
                            "precision floor read, %(differing)s differ at least in part.",
                            "Of %(num)s parameters both set that rules measured to the "
                            "precision floor read, %(differing)s differ at least in part.",
                            len(counted),
                            differing=differing(counted),
                        )
                        + left_out_sentence([table]),
                        "cite": counted[0]["cite"],
                        "sure": divergence_sure(),
                    }
                )
        annexes = [instrument_annex(rows, "A")]
        if divergence:
            annexes.append(divergence_annex(divergence, "B"))
        context: dict[str, Any] = {
            "title": gettext(
                "Comparison brief: %(first_instrument)s and %(second_instrument)s",
                first_instrument=names[a],
                second_instrument=names[b],
            ),
            "scope": gettext(
                "%(first_instrument)s and %(second_instrument)s",
                first_instrument=a,
                second_instrument=b,
            ),
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


def _effect_count(effect: LegalEffect, count: int) -> str:
    """How many instruments have a legal effect: "2 binding proposals (bills or drafts)"."""
    if effect is LegalEffect.BINDING_IN_FORCE:
        return ngettext("%(num)s binding law in force", "%(num)s binding law in force", count)
    if effect is LegalEffect.BINDING_ADOPTED:
        return ngettext(
            "%(num)s binding law adopted, in force not recorded",
            "%(num)s binding law adopted, in force not recorded",
            count,
        )
    if effect is LegalEffect.BINDING_PROPOSED:
        return ngettext(
            "%(num)s binding proposal (bill or draft)",
            "%(num)s binding proposals (bills or drafts)",
            count,
        )
    if effect is LegalEffect.NON_BINDING:
        return ngettext("%(num)s non-binding", "%(num)s non-binding", count)
    return ngettext(
        "%(num)s failed, repealed, superseded or suspended",
        "%(num)s failed, repealed, superseded or suspended",
        count,
    )


def _blocks_sentence(blocks: int, in_force: list[str], unassessed: int, name: str) -> str:
    """How many of the assessed building blocks binding law in force covers, and which."""
    assessed = blocks - unassessed
    if not assessed:
        return gettext(
            "None of the %(blocks)s building blocks of global AI governance is assessed here: "
            "no measured classifier read a text that applies in %(jurisdiction)s, and nobody "
            "labelled one. That is unknown, not absent.",
            blocks=blocks,
            jurisdiction=name,
        )
    covered, listed = len(in_force), _joined(in_force)
    if in_force and unassessed:
        return ngettext(
            "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
            "global AI governance assessed here (%(listed)s); %(num)s is not assessed.",
            "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
            "global AI governance assessed here (%(listed)s); %(num)s are not assessed.",
            unassessed,
            covered=covered,
            assessed=assessed,
            listed=listed,
        )
    if in_force:
        return gettext(
            "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
            "global AI governance assessed here (%(listed)s).",
            covered=covered,
            assessed=assessed,
            listed=listed,
        )
    if unassessed:
        return ngettext(
            "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
            "global AI governance assessed here; %(num)s is not assessed.",
            "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
            "global AI governance assessed here; %(num)s are not assessed.",
            unassessed,
            covered=covered,
            assessed=assessed,
        )
    return gettext(
        "Binding law in force covers %(covered)s of the %(assessed)s building blocks of "
        "global AI governance assessed here.",
        covered=covered,
        assessed=assessed,
    )


# The limit every brief states, in English (``_time_limit`` gives it in the current
# language).
TIME_LIMIT = {
    "topic": N_("Time"),
    "text": N_(
        "Figures are those of the dataset release named on the title page; what changed "
        "after it is not reflected."
    ),
}


def _time_limit() -> dict[str, str]:
    return {key: gettext(value) for key, value in TIME_LIMIT.items()}


def _compare_limits(
    pair: PairResult, a: str, b: str, parameters: bool = False
) -> list[dict[str, str]]:
    limits = []
    if pair.index is not None and pair.index.machine_note:
        limits.append(
            {
                "topic": gettext("Machine suggestions"),
                "text": gettext(
                    "Of the index, %(machine_share)s: a reviewer may reject them.",
                    machine_share=pair.index.machine_note,
                ),
            }
        )
    if pair.reference and pair.index is not None:
        limits.append(
            {
                "topic": gettext("One-sided"),
                # Translators: a sentence from the text the placeholder holds.
                "text": gettext("%(caveat)s.", caveat=pair.index.caveat(a, b)),
            }
        )
    limits.append(
        {
            "topic": gettext("What an index measures"),
            "text": gettext(
                "The index counts provisions with a counterpart, not whether the obligations "
                "are equally strict; the definitions are compared by text similarity "
                "(%(measured)s).",
                measured=definitions_measured(),
            ),
        }
    )
    if parameters:
        limits.append(
            {
                "topic": gettext("Parameters"),
                "text": gettext(
                    "Deadlines, thresholds, penalties and scopes are read from the texts by "
                    "rules not yet measured against a gold set. Every value is printed with the "
                    "words it was read from (Annex B); a kind missing on one side means the "
                    "rules read none, not that the text sets none."
                ),
            }
        )
    limits.append(_time_limit())
    return limits
