"""The interoperability white paper: landscape, coverage, interoperability, policy options.

``build_white_paper`` computes every figure from the store and returns a
``ReportDocument``: the template context plus the citation register. Sentences
that carry numbers are assembled here from the figures (never written in
advance), and each one cites what it rests on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.commitments import instrument_summary
from govatlas.analytics.coverage import NOT_ASSESSED, STATE_LABELS, STATES
from govatlas.analytics.coverage_intervals import COVERED as ANY_COVER
from govatlas.analytics.definition_quality import differ_reliable
from govatlas.analytics.definition_quality import measured as definitions_measured
from govatlas.analytics.definition_verdicts import DIFFER_VERDICT, NOT_COMPARABLE
from govatlas.analytics.definitions import verdict_rule
from govatlas.analytics.places import MemberStateKnowledge, member_state_knowledge
from govatlas.crosswalk.align import FULL_TEXT_JUDGED
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY
from govatlas.crosswalk.machine import MIN_PROBABILITY
from govatlas.graphics.charts import Series, line_chart, stacked_bars
from govatlas.graphics.states import EFFECT_COLOURS, state_grid
from govatlas.graphics.worldmap import choropleth
from govatlas.i18n import N_, current_code, gettext, ngettext
from govatlas.reports.annexes import Annex
from govatlas.reports.cannot_say import cannot_say
from govatlas.reports.citations import Citations
from govatlas.reports.commitments import commitments_section
from govatlas.reports.coverage import CoverageTable, coverage_annex, coverage_table
from govatlas.reports.divergence import (
    divergence_annex,
    divergence_sentences,
    divergence_sure,
    divergence_tables,
)
from govatlas.reports.document import ReportDocument, provision_labeller, release_for
from govatlas.reports.frameworks import (
    definition_pairs,
    definition_view,
    framework_pairs,
    load_settings,
    present,
)
from govatlas.reports.incidents import incident_findings
from govatlas.reports.landscape import (
    EFFECTS,
    InstrumentRow,
    growth,
    instrument_annex,
    instrument_rows,
    load_places,
    scope_members,
    split_counts,
)
from govatlas.reports.methodology import (
    agora_quality_annex,
    classifier_quality,
    provision_figures,
    source_rows,
)
from govatlas.reports.participation import ParticipationFindings, participation_findings
from govatlas.reports.policy import PolicyInputs, evaluate_rules, load_rules
from govatlas.reports.registry import registry_findings
from govatlas.reports.technologies import technologies_section
from govatlas.reports.trackers import tracker_annex, tracker_tables
from govatlas.store.instruments import instrument_place_names, short_names
from govatlas.store.session import transaction
from govatlas.store.shown_labels import label_review_share
from govatlas.store.taxonomies import taxonomy_names
from govatlas.taxonomy.translations import taxonomy_name
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, TYPE_LABELS, LegalEffect, Topic

COVERED = tuple(STATES[:4])  # the four states in which a concept is covered

COVERAGE_TAXONOMIES = ("fli-blocks", "fli-risks", "fli-benefits", "oecd", "technology")
# taxonomies whose coverage table by Member State is an annex, not in the body: the
# technologies have a section of their own (Member States and instruments per technology)
ANNEXED_COVERAGE = ("technology",)


def effect_series() -> list[Series]:
    """The charts' series, one per legal effect, named in the current language."""
    return [Series(gettext(LEGAL_EFFECT_LABELS[e]), EFFECT_COLOURS[e]) for e in EFFECTS]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else gettext("n/a")


def _listed(items: Iterable[str]) -> str:
    """Items of a list inside a sentence ("a: 1; b: 2")."""
    # Translators: the separator between the items of a list inside a sentence.
    return gettext("; ").join(items)


def _counted(label: str, count: int) -> str:
    """One item of a list of counts ("binding law in force: 3")."""
    return gettext("%(label)s: %(count)s", label=label, count=count)


def landscape_section(
    rows: Sequence[InstrumentRow],
    citations: Citations,
    places_numeric: dict[str, str],
    knowledge: MemberStateKnowledge,
) -> dict[str, Any]:
    public = [r for r in rows if r.public]
    everything = citations.cite(gettext("Instruments in the report's scope"), [r.id for r in rows])
    by_region = split_counts(public, "region")
    by_type = split_counts(public, "type")
    years, series = growth(public)
    undated = sum(1 for r in public if r.first_date is None)
    per_country = Counter(places_numeric[r.place] for r in public if r.place in places_numeric)
    effects = Counter(r.effect for r in public)
    # data-protection laws count for their rules on automated decisions, but are not AI law
    about_ai = Counter(r.effect for r in public if r.topic == Topic.AI.value)
    data_protection = Counter(r.effect for r in public if r.topic == Topic.DATA_PROTECTION.value)
    place_count = len({r.place for r in public})
    described = _listed(
        _counted(gettext(LEGAL_EFFECT_LABELS[e]), effects[e.value])
        for e in EFFECTS
        if effects[e.value]
    )
    series_of_effects = effect_series()
    charts = {
        "map": choropleth(
            "map",
            gettext("Instruments by country"),
            gettext(
                "World map of %(instruments)s instruments of public authorities by country "
                "(subnational instruments counted for their country); %(countries)s countries "
                "have at least one. Of the %(members)s UN Member States, %(with_text)s have a "
                "stored text, %(metadata_only)s metadata only, %(checked_absence)s were checked "
                "and have none, and %(not_researched)s are not yet researched (grey: no data, "
                "not no rules).",
                instruments=len(public),
                countries=len(per_country),
                members=knowledge.members,
                with_text=knowledge.with_text,
                metadata_only=knowledge.metadata_only,
                checked_absence=knowledge.checked_absence,
                not_researched=knowledge.not_researched,
            ),
            dict(per_country),
        ),
        "region": stacked_bars(
            "region",
            gettext("Instruments by region and legal effect"),
            gettext(
                "Instruments per UN M49 continent by what they do today: %(counts)s",
                counts=_listed(_counted(k, sum(v)) for k, v in by_region),
            ),
            by_region,
            series_of_effects,
        ),
        "type": stacked_bars(
            "type",
            gettext("Instruments by type and legal effect"),
            # the types are named by their codes here (as in the English this replaced)
            gettext(
                "Instruments per type by what they do today: %(counts)s",
                counts=_listed(_counted(k, sum(v)) for k, v in by_type),
            ),
            [(gettext(TYPE_LABELS.get(k, k.replace("_", " "))), v) for k, v in by_type],
            series_of_effects,
        ),
        "growth": line_chart(
            "growth",
            gettext("Growth of the landscape"),
            gettext(
                "Cumulative instruments by year of their first lifecycle event, %(first_year)s "
                "to %(last_year)s, by legal effect today: %(counts)s.",
                first_year=years[0],
                last_year=years[-1],
                counts=described,
            )
            if years
            else gettext("No instrument is dated."),
            years,
            list(zip(series_of_effects, series, strict=True)),
        ),
    }
    return {
        "cite": everything,
        "total": len(public),
        "non_public": len(rows) - len(public),
        "effects": [
            (
                gettext(LEGAL_EFFECT_LABELS[e]),
                effects[e.value],
                about_ai[e.value],
                data_protection[e.value],
                effects[e.value] - about_ai[e.value] - data_protection[e.value],
            )
            for e in EFFECTS
        ],
        "in_force_ai": about_ai[LegalEffect.BINDING_IN_FORCE.value],
        "in_force_data_protection": data_protection[LegalEffect.BINDING_IN_FORCE.value],
        "in_force": effects[LegalEffect.BINDING_IN_FORCE.value],
        "adopted": effects[LegalEffect.BINDING_ADOPTED.value],
        "proposed": effects[LegalEffect.BINDING_PROPOSED.value],
        "non_binding": effects[LegalEffect.NON_BINDING.value],
        "lapsed": effects[LegalEffect.LAPSED.value],
        "places": place_count,
        "countries": len(per_country),
        "by_region": by_region,
        "by_type": by_type,
        "effect_names": [gettext(LEGAL_EFFECT_LABELS[e]) for e in EFFECTS],
        "years": (years[0], years[-1]) if years else None,
        "undated": undated,
        "knowledge": knowledge,
        "charts": charts,
    }


def grid_order(table: CoverageTable) -> list[str]:
    """The Member States in the order a coverage grid shows them: most cells covered by
    binding law in force, then most covered by anything, then by name (when every state
    ties on a UN resolution's cover, an alphabetical grid would say nothing)."""
    return sorted(
        table.places,
        key=lambda p: (
            -sum(table.cell(p, c).state == "binding-in-force" for c, _ in table.concepts),
            -sum(table.cell(p, c).covered for c, _ in table.concepts),
            table.place_names.get(p, p),
        ),
    )


def coverage_section(
    tables: dict[str, CoverageTable],
    taxonomy_names: dict[str, str],
    rows_shown: int,
    citations: Citations,
) -> list[dict[str, Any]]:
    """Per taxonomy: each concept's states over the Member States in scope, with evidence."""
    sections = []
    state_labels = {state: gettext(label) for state, label in STATE_LABELS.items()}
    for taxonomy, table in tables.items():
        columns: list[dict[str, Any]] = []
        for concept, label in table.concepts:
            states = table.states(concept)
            covered = table.with_state(concept, COVERED)
            evidence = table.provisions(covered, concept)
            key = citations.cite(
                gettext(
                    "Coverage of %(concept)s (%(taxonomy_id)s) in UN Member States",
                    concept=label,
                    taxonomy_id=taxonomy,
                ),
                table.instruments(covered, concept),
                evidence,
                machine=table.machine_labelled(evidence),
            )
            columns.append(
                {
                    "id": concept,
                    "label": label,
                    "states": {state: states.get(state, 0) for state in STATES},
                    # what the tables print: None ("–") where nothing is counted because
                    # the concept is not assessed, never a 0 that reads as "none"
                    "shown": {
                        state: states.get(state, 0)
                        if states.get(state, 0) or table.headline(concept)
                        else None
                        for state in STATES
                    },
                    # places whose state is known (no binding law in force left unread)
                    "assessed": len(table.assessed(concept)),
                    "unread": table.unread(concept),
                    # not assessed: nothing read, or binding law in force there unread
                    "not_assessed": states.get(NOT_ASSESSED, 0) + table.unread(concept),
                    # counts with their 95% intervals (none when experimental)
                    "intervals": {
                        state: table.interval(concept, state) for state in (*COVERED, ANY_COVER)
                    },
                    "headline": table.headline(concept),
                    "note": table.note(concept),
                    "cite": key,
                }
            )
        ranked = grid_order(table)
        shown = [p for p in ranked if any(table.cell(p, c).covered for c, _ in table.concepts)]
        shown = shown[:rows_shown]
        name = taxonomy_names.get(taxonomy, taxonomy)
        none_assessed = sum(
            1
            for p in table.places
            if all(table.cell(p, c).state == NOT_ASSESSED for c, _ in table.concepts)
        )
        sections.append(
            {
                "taxonomy": taxonomy,
                "name": name,
                "places": len(table.places),
                "shown": len(shown),
                "none_assessed": none_assessed,
                "columns": columns,
                "chart": state_grid(
                    f"heat-{taxonomy}",
                    gettext("Coverage of %(taxonomy)s in UN Member States", taxonomy=name),
                    gettext(
                        "%(shown)s UN Member States with the most concepts covered by binding "
                        "law in force, then by any instrument, against the %(concepts)s "
                        "concepts of %(taxonomy)s; each cell is coloured by the strongest legal "
                        "effect found (binding law in force, adopted, proposed, non-binding), "
                        "or white when assessed and not found, hatched when not assessed. "
                        "%(counts)s",
                        shown=len(shown),
                        concepts=len(table.concepts),
                        taxonomy=name,
                        counts=_listed(
                            gettext(
                                "%(concept)s: binding law in force in %(in_force)s of %(places)s",
                                concept=c["label"],
                                in_force=c["states"]["binding-in-force"],
                                places=len(table.places),
                            )
                            for c in columns
                        ),
                    ),
                    [table.place_names.get(p, p) for p in shown],
                    [label for _, label in table.concepts],
                    [[table.cell(p, c).state for c, _ in table.concepts] for p in shown],
                    state_labels,
                )
                if shown
                else "",
            }
        )
    return sections


def _named(region: str, first: bool = False) -> str:
    """A region (in the report's language) as a sentence names it ("the Americas")."""
    if region != gettext("Americas"):
        return region
    return gettext("The Americas") if first else gettext("the Americas")


RECORDS = N_("counted from the atlas's records; a stage is what the sources record")


def coverage_sentence(section: dict[str, Any]) -> dict[str, Any]:
    """The summary's sentence on one taxonomy's coverage: the best and the worst covered
    of its measured concepts, each with its own count of Member States not assessed."""
    measured = [c for c in section["columns"] if c["headline"] and c["assessed"]]
    if not measured:
        return {
            "text": gettext(
                "%(taxonomy)s: no concept is yet labelled by a classifier measured to the "
                "precision floor (0.85), so coverage is experimental and no figure on it is a "
                "finding.",
                taxonomy=section["name"],
            ),
            "cite": section["columns"][0]["cite"] if section["columns"] else "",
            "sure": gettext("see the classifiers' precision and recall in section 7"),
        }
    ranked = sorted(
        measured, key=lambda c: (-c["states"]["binding-in-force"] / c["assessed"], c["label"])
    )
    best, worst = ranked[0], ranked[-1]
    figures = {
        "taxonomy": section["name"],
        "best": best["label"],
        "best_in_force": best["intervals"]["binding-in-force"].figure,
        "best_assessed": best["assessed"],
        "best_not_assessed": section["places"] - best["assessed"],
    }
    if worst is best:
        text = gettext(
            "%(taxonomy)s: binding law in force covers %(best)s in %(best_in_force)s of "
            "%(best_assessed)s Member States assessed (%(best_not_assessed)s not assessed).",
            **figures,
        )
    else:
        text = gettext(
            "%(taxonomy)s: binding law in force covers %(best)s in %(best_in_force)s of "
            "%(best_assessed)s Member States assessed (%(best_not_assessed)s not assessed), "
            "and %(worst)s in %(worst_in_force)s of %(worst_assessed)s "
            "(%(worst_not_assessed)s not assessed).",
            **figures,
            worst=worst["label"],
            worst_in_force=worst["intervals"]["binding-in-force"].figure,
            worst_assessed=worst["assessed"],
            worst_not_assessed=section["places"] - worst["assessed"],
        )
    if worst is best:
        return {
            "text": text,
            "cite": best["cite"],
            "sure": gettext(
                "%(note)s; the interval is the count's 95%% interval", note=best["note"]
            ),
        }
    # each concept of the sentence with its own measurement and its own evidence
    return {
        "text": text,
        "cite": [best["cite"], worst["cite"]],
        "sure": gettext(
            "%(first)s: %(first_note)s; %(second)s: %(second_note)s; the intervals are the "
            "counts' 95%% intervals",
            first=best["label"],
            first_note=best["note"],
            second=worst["label"],
            second_note=worst["note"],
        ),
    }


def crosswalk_sentence(pairs: list[dict[str, Any]], records_cite: str) -> dict[str, str]:
    """The summary's sentence on the major frameworks' crosswalks: how many pairs have
    one, and the highest index resting on links people made (machine suggestions alone
    make no headline)."""
    assessed = [p for p in pairs if p["index"] is not None]
    comparable = [p for p in assessed if p["index"].comparable and not p["reference"]]
    concept_only = [p for p in assessed if p["index"].basis == "concept-level"]
    cite = records_cite
    sure = gettext("crosswalks recorded in the atlas")
    # what the index says, a clause after the count of crosswalks (none: the count alone)
    index_clause = ""
    # A headline rests on people's links: machine suggestions carry calibrated
    # probabilities, but no one has reviewed them one by one.
    reviewed = [p for p in comparable if (p["index"].human_value or 0) > 0]
    if reviewed:
        high = max(reviewed, key=lambda p: p["index"].value)
        index_clause = gettext(
            "the highest interoperability index with provision-level links people made is "
            "%(framework_a)s with %(framework_b)s at %(index)s (95%% interval "
            "%(low)s–%(high)s)",
            framework_a=high["a_name"],
            framework_b=high["b_name"],
            index=format(high["index"].value, ".2f"),
            low=format(high["index"].low, ".2f"),
            high=format(high["index"].high, ".2f"),
        )
        cite = high["cite"]
        if high["index"].machine_note:
            sure = gettext(
                "%(human_value)s of it from human links; the rest machine-suggested links "
                "counted by their calibrated probability, not reviewed",
                human_value=format(high["index"].human_value, ".2f"),
            )
    elif comparable:
        index_clause = ngettext(
            "%(num)s index of them rests on machine suggestions alone, which are not a "
            "finding (section 4)",
            "%(num)s indices of them rest on machine suggestions alone, which are not a "
            "finding (section 4)",
            len(comparable),
        )
        sure = gettext(
            "machine-suggested links, not reviewed; their probabilities are calibrated on "
            "%(judged)s pairs of full comparisons that two annotators (AI assistants "
            "following a written guideline) judged",
            judged=FULL_TEXT_JUDGED,
        )
    counts = {
        "pairs": len(pairs),
        "crosswalked": len(assessed),
        "concept_only": len(concept_only),
        "index_clause": index_clause,
    }
    if concept_only and index_clause:
        text = gettext(
            "Of %(pairs)s pairs of major frameworks, %(crosswalked)s have a recorded crosswalk "
            "(%(concept_only)s of them only between concepts or reference items, with no "
            "provision-level alignment to measure); %(index_clause)s.",
            **counts,
        )
    elif concept_only:
        text = gettext(
            "Of %(pairs)s pairs of major frameworks, %(crosswalked)s have a recorded crosswalk "
            "(%(concept_only)s of them only between concepts or reference items, with no "
            "provision-level alignment to measure).",
            **counts,
        )
    elif index_clause:
        text = gettext(
            "Of %(pairs)s pairs of major frameworks, %(crosswalked)s have a recorded "
            "crosswalk; %(index_clause)s.",
            **counts,
        )
    else:
        text = gettext(
            "Of %(pairs)s pairs of major frameworks, %(crosswalked)s have a recorded crosswalk.",
            **counts,
        )
    return {"text": text, "cite": cite, "sure": sure}


def definitions_sentence(definitions: list[dict[str, Any]]) -> dict[str, str] | None:
    """How the key terms' definitions compare, as a summary sentence: only while "differ"
    is measured to the floor (``definition_quality.differ_reliable``), naming the pairs that
    cannot be compared only when there are some."""
    if not definitions or not differ_reliable():
        return None
    differ = sum(1 for d in definitions if d["verdict"] == DIFFER_VERDICT)
    unread = sum(1 for d in definitions if d["verdict"] == NOT_COMPARABLE)
    terms = len({d["term"] for d in definitions})
    return {
        "text": ngettext(
            "%(num)s key term is defined by two or more instruments; in %(differ)s of "
            "%(comparisons)s pairwise comparisons the definitions differ in part or in "
            "whole, and %(not_comparable)s cannot be compared from their words.",
            "%(num)s key terms are defined by two or more instruments; in %(differ)s of "
            "%(comparisons)s pairwise comparisons the definitions differ in part or in "
            "whole, and %(not_comparable)s cannot be compared from their words.",
            terms,
            differ=differ,
            comparisons=len(definitions),
            not_comparable=unread,
        )
        if unread
        else ngettext(
            "%(num)s key term is defined by two or more instruments; in %(differ)s of "
            "%(comparisons)s pairwise comparisons the definitions differ in part or in "
            "whole.",
            "%(num)s key terms are defined by two or more instruments; in %(differ)s of "
            "%(comparisons)s pairwise comparisons the definitions differ in part or in "
            "whole.",
            terms,
            differ=differ,
            comparisons=len(definitions),
        ),
        "cite": definitions[0]["cite"],
        # the rule itself is built from its thresholds in English
        "sure": gettext(
            "text similarity (%(rule)s); %(measured)s",
            rule=verdict_rule(),
            measured=definitions_measured(),
        ),
    }


def _summary(
    landscape: dict[str, Any],
    coverage: list[dict[str, Any]],
    pairs: list[dict[str, Any]],
    definitions: list[dict[str, Any]],
    options: list[Any],
    release_tag: str,
) -> list[dict[str, str]]:
    """Findings with numbers, each filled from the figures, citing them and saying how
    sure it is (``sure``): a count of records, a measured classifier with its precision
    and recall, machine suggestions nobody reviewed, or rules not measured on gold.

    Coverage sentences use only concepts whose classifier reaches the precision
    floor, and count over the UN Member States assessed, saying how many were not;
    each count carries its 95% interval (``analytics.coverage_intervals``)."""
    knowledge: MemberStateKnowledge = landscape["knowledge"]
    sentences = [
        {
            "text": gettext(
                "Release %(release)s of the atlas holds %(instruments)s of public authorities "
                "from %(jurisdictions)s: %(in_force)s binding law in force (%(in_force_ai)s "
                "about AI itself, %(in_force_data_protection)s data-protection laws counted "
                "for their rules on automated decisions, the rest wider digital or sectoral "
                "law), %(adopted)s binding law adopted whose entry into force is not "
                "recorded, %(proposed)s binding proposals (bills and drafts, not law), "
                "%(non_binding)s non-binding, and %(lapsed)s failed, repealed, superseded or "
                "suspended by a court.",
                release=release_tag,
                instruments=ngettext(
                    "%(num)s instrument", "%(num)s instruments", landscape["total"]
                ),
                jurisdictions=ngettext(
                    "%(num)s jurisdiction", "%(num)s jurisdictions", landscape["places"]
                ),
                in_force=landscape["in_force"],
                in_force_ai=landscape["in_force_ai"],
                in_force_data_protection=landscape["in_force_data_protection"],
                adopted=landscape["adopted"],
                proposed=landscape["proposed"],
                non_binding=landscape["non_binding"],
                lapsed=landscape["lapsed"],
            ),
            "cite": landscape["cite"],
            "sure": gettext(RECORDS),
        },
        {
            "text": gettext(
                "Of the %(members)s UN Member States, %(with_instrument)s have at least one "
                "instrument in the atlas (%(with_text)s with a stored text, %(metadata_only)s "
                "with metadata only) and %(with_strategy)s an adopted national AI strategy or "
                "policy (%(with_draft_strategy)s more a draft only); %(checked_absence)s were "
                "checked and have none, and %(not_researched)s are not yet researched.",
                members=knowledge.members,
                with_instrument=knowledge.with_instrument,
                with_text=knowledge.with_text,
                metadata_only=knowledge.metadata_only,
                with_strategy=knowledge.with_strategy,
                with_draft_strategy=knowledge.with_draft_strategy,
                checked_absence=knowledge.checked_absence,
                not_researched=knowledge.not_researched,
            ),
            "cite": landscape["cite"],
            "sure": gettext(
                "the atlas's research status per Member State; absence from the atlas is not "
                "absence of rules"
            ),
        },
    ]
    sentences += [coverage_sentence(section) for section in coverage]
    if landscape["by_region"]:
        (top, counts), *rest = landscape["by_region"]
        if rest:
            second, counts2 = rest[0]
            text = gettext(
                "%(region)s accounts for the most instruments (%(count)s), followed by "
                "%(second_region)s (%(second_count)s).",
                region=_named(top, first=True),
                count=sum(counts),
                second_region=_named(second),
                second_count=sum(counts2),
            )
        else:
            text = gettext(
                "%(region)s accounts for the most instruments (%(count)s).",
                region=_named(top, first=True),
                count=sum(counts),
            )
        sentences.append({"text": text, "cite": landscape["cite"], "sure": gettext(RECORDS)})
    if pairs:
        sentences.append(crosswalk_sentence(pairs, landscape["cite"]))
        cite = sentences[-1]["cite"]
        conflicts = sum(len(p["conflicts"]) for p in pairs)
        sentences.append(
            {
                "text": ngettext(
                    "%(num)s pair of contrary provisions is recorded between them.",
                    "%(num)s pairs of contrary provisions are recorded between them.",
                    conflicts,
                ),
                "cite": cite,
                "sure": gettext(
                    "only recorded relationships count; proposed contraries await review"
                ),
            }
        )
    said = definitions_sentence(definitions)
    if said is not None:
        sentences.append(said)
    findings = sum(len(o.findings) for o in options)
    if options:
        sentences.append(
            {
                "text": ngettext(
                    "%(num)s finding triggers %(options)s (section 5), each naming the "
                    "jurisdictions, instruments and provisions behind it and what it would "
                    "change.",
                    "%(num)s findings trigger %(options)s (section 5), each naming the "
                    "jurisdictions, instruments and provisions behind it and what it would "
                    "change.",
                    findings,
                    options=ngettext(
                        "%(num)s policy option", "%(num)s policy options", len(options)
                    ),
                ),
                "cite": options[0].findings[0].citation,
                "sure": gettext(
                    "rules applied to the figures above; no option rests on an experimental concept"
                ),
            }
        )
    return sentences


def build_white_paper(
    engine: Engine,
    *,
    jurisdictions: Sequence[str] | None = None,
    release: str | None = None,
    mirror: Path | None = None,
    rules: Path | None = None,
) -> ReportDocument:
    settings = load_settings()
    with transaction(engine) as session:
        ref = release_for(session, release)  # first: a missing release fails fast
    quality = classifier_quality(engine)
    with transaction(engine) as session:
        citations = Citations(ref)
        places = load_places(session)
        scope = scope_members(places, jurisdictions)
        rows = instrument_rows(session, places, scope)
        knowledge = member_state_knowledge(session)
        landscape = landscape_section(rows, citations, places.numeric, knowledge)
        commitments = commitments_section(instrument_summary(session), citations)
        code = current_code.get()
        taxonomy_titles = {
            taxonomy: taxonomy_name(taxonomy, title, code)
            for taxonomy, title in taxonomy_names(session).items()
        }
        tables = {
            t: coverage_table(session, t, scope)
            for t in COVERAGE_TAXONOMIES
            if t in taxonomy_titles
        }
        coverage = coverage_section(tables, taxonomy_titles, settings.heatmap_rows, citations)
        technologies = technologies_section(
            session, tables.get("technology"), [r.id for r in rows if r.public], citations
        )
        names = {r.id: r.short_name for r in rows}
        frameworks = present(session, settings.major_frameworks)
        names.update(_short_names(session, frameworks + list(settings.definition_instruments)))
        pairs = framework_pairs(session, frameworks, citations)
        defined = definition_pairs(
            session, present(session, settings.definition_instruments), settings.key_terms
        )
        places_of = {r.id: r.jurisdiction_name or r.jurisdiction for r in rows}
        places_of.update(instrument_place_names(session, frameworks))
        inputs = PolicyInputs(
            tables, pairs, defined, names, places_of, provision_labeller(session, names)
        )
        options, quiet = evaluate_rules(load_rules(rules), inputs, citations)
        pair_views = [
            {
                "a": p.a,
                "b": p.b,
                "a_name": names.get(p.a, p.a),
                "b_name": names.get(p.b, p.b),
                "index": p.index,
                "overlaps": p.overlaps,
                "only_a": p.only_a,
                "only_b": p.only_b,
                "a_units": p.a_units,
                "b_units": p.b_units,
                "conflicts": p.conflicts,
                "examples": p.examples,
                "cite": p.citation,
                "reference": p.reference,
                "concept_links": p.concept_links,
                "unlisted_suggestions": p.unlisted_suggestions,
                "index_text": p.index.describe(names.get(p.a, p.a), names.get(p.b, p.b))
                if p.index
                else None,
            }
            for p in pairs
        ]
        matrix = [
            [next((v for v in pair_views if {v["a"], v["b"]} == {a, b}), None) for b in frameworks]
            for a in frameworks
        ]
        definition_views = [definition_view(d, names, citations) for d in defined]
        compared = [
            (a, b) for a, b in settings.divergence_pairs if len(present(session, [a, b])) == 2
        ]
        names.update(_short_names(session, [i for pair in compared for i in pair]))
        divergences = divergence_tables(session, compared, names, citations)
        unreviewed, labels = label_review_share(session)
        participation = participation_findings(session, citations)
        trackers = tracker_tables(session, citations)
        context = {
            "title": gettext(
                "AI governance frameworks: landscape, interoperability and policy options"
            ),
            "scope": ", ".join(jurisdictions) if jurisdictions else gettext("all jurisdictions"),
            "landscape": landscape,
            "commitments": commitments,
            "coverage": coverage,
            "coverage_in_body": [c for c in coverage if c["taxonomy"] not in ANNEXED_COVERAGE],
            "technologies": technologies,
            "pairs": pair_views,
            "matrix": matrix,
            "frameworks": [(f, names.get(f, f)) for f in frameworks],
            "definitions": definition_views,
            "verdict_rule": verdict_rule(),  # built from its thresholds
            "definitions_measured": definitions_measured(),
            "machine_quality": FULL_TEXT_QUALITY,
            "machine_floor": MIN_PROBABILITY,
            "divergence": divergences,
            "trackers": trackers,
            "incidents": incident_findings(session, citations),
            "registry": registry_findings(session, citations),
            "participation": participation,
            "options": options,
            "quiet_rules": quiet,
            "quality": quality,
            "provision_quality": provision_figures(COVERAGE_TAXONOMIES),
            "sources": source_rows(session, mirror),
            "gaps": {
                "knowledge": knowledge,
                "without_text": sum(1 for r in rows if r.public and not r.has_text),
                "undated": landscape["undated"],
                "unreviewed_labels": unreviewed,
                "labels": labels,
            },
            "annex": rows,
            "instrument_names": names,
            "annexes": _annexes(rows, divergences, quality, participation, coverage, trackers),
            "cannot_say": cannot_say(session, rows, coverage, pair_views),
        }
        summary = _summary(landscape, coverage, pair_views, definition_views, options, ref.tag)
        for sentence in commitments["sentences"]:
            sentence.setdefault("sure", gettext("adherence records, each with its source"))
        summary[2:2] = commitments["sentences"]  # after the landscape and what is known
        at = len(summary) - 1 if options else len(summary)  # before the policy options
        diverging = divergence_sentences(divergences)
        for sentence in diverging:
            sentence.setdefault("sure", divergence_sure())
        context["summary"] = summary[:at] + diverging + summary[at:]
        return ReportDocument.make("interoperability", context, citations, session)


def _annexes(
    rows: Sequence[InstrumentRow],
    divergences: list[dict[str, Any]],
    quality: dict[str, Any],
    participation: ParticipationFindings | None,
    coverage: Sequence[dict[str, Any]] = (),
    trackers: Sequence[dict[str, Any]] = (),
) -> list[Annex]:
    """Annex A: the instruments; B: the parameters compared; then the coverage tables the
    body leaves out (``ANNEXED_COVERAGE``), the experimental trackers, the AGORA tag model
    per tag and participation in convenings, where there are any."""
    annexes = [instrument_annex(rows, "A"), divergence_annex(divergences, "B")]
    for section in coverage:
        if section["taxonomy"] in ANNEXED_COVERAGE:
            annexes.append(coverage_annex(section, chr(ord("A") + len(annexes))))
    experimental_trackers = tracker_annex(trackers, chr(ord("A") + len(annexes)))
    if experimental_trackers is not None:
        annexes.append(experimental_trackers)
    if quality["available"]:
        annexes.append(agora_quality_annex(quality, chr(ord("A") + len(annexes))))
    if participation is not None:
        annexes.append(participation.annex(chr(ord("A") + len(annexes))))
    return annexes


def _short_names(session: Session, ids: Sequence[str]) -> dict[str, str]:
    return {i: name for i, name in short_names(session, ids).items() if name is not None}
