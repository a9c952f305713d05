"""The interoperability white paper: landscape, coverage, interoperability, policy options.

``build_white_paper`` computes every figure from the store and returns a
``ReportDocument``: the template context plus the citation register. Sentences
that carry numbers are assembled here from the figures (never written in
advance), and each one cites what it rests on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.graphics.charts import (
    BINDING_COLOUR,
    NON_BINDING_COLOUR,
    Series,
    heatmap,
    line_chart,
    stacked_bars,
)
from govatlas.graphics.worldmap import choropleth
from govatlas.reports.citations import Citations
from govatlas.reports.coverage import CoverageTable, label_evidence, place_coverage
from govatlas.reports.document import ReportDocument, release_for
from govatlas.reports.frameworks import (
    definition_pairs,
    definition_view,
    framework_pairs,
    load_settings,
    present,
)
from govatlas.reports.landscape import (
    InstrumentRow,
    growth,
    instrument_rows,
    load_places,
    scope_members,
    split_counts,
)
from govatlas.reports.methodology import classifier_quality, label_review_share, source_rows
from govatlas.reports.policy import PolicyInputs, evaluate_rules, load_rules
from govatlas.store.models import Instrument, Jurisdiction, Taxonomy
from govatlas.store.session import transaction
from govatlas.vocabulary import JurisdictionKind

COVERAGE_TAXONOMIES = ("fli-blocks", "fli-risks", "oecd")
SPLIT = [Series("binding", BINDING_COLOUR), Series("non-binding", NON_BINDING_COLOUR)]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def landscape_section(
    rows: Sequence[InstrumentRow], citations: Citations, places_numeric: dict[str, str]
) -> dict[str, Any]:
    everything = citations.cite("Instruments in the report's scope", [r.id for r in rows])
    by_region = split_counts(rows, "region")
    by_type = split_counts(rows, "type")
    years, binding, non_binding = growth(rows)
    undated = sum(1 for r in rows if r.first_date is None)
    per_country = Counter(places_numeric[r.place] for r in rows if r.place in places_numeric)
    binding_total = sum(r.binding for r in rows)
    place_count = len({r.place for r in rows})
    charts = {
        "map": choropleth(
            "map",
            "Instruments by country",
            f"World map of {len(rows)} instruments by country (subnational instruments counted "
            f"for their country); {len(per_country)} countries have at least one.",
            dict(per_country),
        ),
        "region": stacked_bars(
            "region",
            "Instruments by region",
            "Binding and non-binding instruments per UN M49 continent: "
            + "; ".join(f"{k}: {b} binding, {n} non-binding" for k, (b, n) in by_region),
            by_region,
            SPLIT,
        ),
        "type": stacked_bars(
            "type",
            "Instruments by type",
            "Binding and non-binding instruments per type: "
            + "; ".join(f"{k}: {b} binding, {n} non-binding" for k, (b, n) in by_type),
            [(k.replace("_", " "), v) for k, v in by_type],
            SPLIT,
        ),
        "growth": line_chart(
            "growth",
            "Growth of the landscape",
            (
                f"Cumulative instruments by year of their first lifecycle event, {years[0]} to "
                f"{years[-1]}: {binding[-1]} binding and {non_binding[-1]} non-binding by the end."
            )
            if years
            else "No instrument is dated.",
            years,
            [(SPLIT[0], binding), (SPLIT[1], non_binding)],
        ),
    }
    return {
        "cite": everything,
        "total": len(rows),
        "binding": binding_total,
        "binding_share": _share(binding_total, len(rows)),
        "places": place_count,
        "countries": len(per_country),
        "by_region": by_region,
        "by_type": by_type,
        "years": (years[0], years[-1]) if years else None,
        "undated": undated,
        "charts": charts,
    }


def coverage_section(
    tables: dict[str, CoverageTable],
    taxonomy_names: dict[str, str],
    rows_shown: int,
    citations: Citations,
) -> list[dict[str, Any]]:
    sections = []
    for taxonomy, table in tables.items():
        shown = table.places[:rows_shown]
        columns = []
        for concept, label in table.concepts:
            covered = table.with_binding(concept)
            instruments = [
                i
                for p in table.places
                for i in table.cell(p, concept).binding + table.cell(p, concept).non_binding
            ]
            key = citations.cite(
                f"Coverage of {label} ({taxonomy})",
                instruments,
                table.provisions(instruments, concept),
            )
            columns.append(
                {
                    "id": concept,
                    "label": label,
                    "binding_places": len(covered),
                    "any_places": sum(
                        1
                        for p in table.places
                        if table.cell(p, concept).binding or table.cell(p, concept).non_binding
                    ),
                    "cite": key,
                }
            )
        cells = [
            [
                (len(table.cell(p, c).binding), len(table.cell(p, c).non_binding))
                for c, _ in table.concepts
            ]
            for p in shown
        ]
        name = taxonomy_names.get(taxonomy, taxonomy)
        sections.append(
            {
                "taxonomy": taxonomy,
                "name": name,
                "places": len(table.places),
                "shown": len(shown),
                "columns": columns,
                "chart": heatmap(
                    f"heat-{taxonomy}",
                    f"Coverage of {name}",
                    f"Heatmap of {len(shown)} jurisdictions with the most instruments against the "
                    f"{len(table.concepts)} concepts of {name}; each cell gives binding / "
                    "non-binding instruments covering the concept, colour by binding count. "
                    + "; ".join(
                        f"{c['label']}: binding in {c['binding_places']} of {len(table.places)}"
                        for c in columns
                    ),
                    [table.place_names.get(p, p) for p in shown],
                    [label for _, label in table.concepts],
                    cells,
                ),
            }
        )
    return sections


def _named(region: str, first: bool = False) -> str:
    """A region as a sentence names it ("the Americas")."""
    if region != "Americas":
        return region
    return "The Americas" if first else "the Americas"


def _summary(
    landscape: dict[str, Any],
    coverage: list[dict[str, Any]],
    pairs: list[dict[str, Any]],
    definitions: list[dict[str, Any]],
    options: list[Any],
    release_tag: str,
) -> list[dict[str, str]]:
    """Sentences with numbers, each filled from the figures and citing them."""
    sentences = [
        {
            "text": f"Release {release_tag} of the atlas covers {landscape['total']} instruments "
            f"from {landscape['places']} jurisdictions; {landscape['binding']} "
            f"({landscape['binding_share']}) are binding.",
            "cite": landscape["cite"],
        }
    ]
    if landscape["by_region"]:
        (top, (b, n)), *rest = landscape["by_region"]
        text = f"{_named(top, first=True)} accounts for the most instruments ({b + n})"
        if rest:
            second, (b2, n2) = rest[0]
            text += f", followed by {_named(second)} ({b2 + n2})"
        sentences.append({"text": text + ".", "cite": landscape["cite"]})
    blocks = next((c for c in coverage if c["taxonomy"] == "fli-blocks"), None)
    if blocks and blocks["columns"] and blocks["places"]:
        ranked = sorted(blocks["columns"], key=lambda c: (-c["binding_places"], c["label"]))
        best, worst = ranked[0], ranked[-1]
        if best["binding_places"] == worst["binding_places"]:
            text = (
                f"Each building block of global AI governance has binding coverage in "
                f"{best['binding_places']} of {blocks['places']} jurisdictions."
            )
        else:
            text = (
                f"Among the building blocks of global AI governance, binding coverage is "
                f"widest for {best['label'].lower()} ({best['binding_places']} of "
                f"{blocks['places']} jurisdictions) and narrowest for {worst['label'].lower()} "
                f"({worst['binding_places']} of {blocks['places']})."
            )
        sentences.append({"text": text, "cite": worst["cite"]})
    assessed = [p for p in pairs if p["index"] is not None]
    comparable = [p for p in assessed if not p["reference"]]
    if pairs:
        text = (
            f"Of {len(pairs)} pairs of major frameworks, {len(assessed)} have a recorded crosswalk"
        )
        cite = landscape["cite"]
        if comparable:
            high = max(comparable, key=lambda p: p["index"].value)
            text += (
                f"; the highest interoperability index is {high['a_name']} with "
                f"{high['b_name']} at {high['index'].value:.2f} "
                f"(95% interval {high['index'].low:.2f}-{high['index'].high:.2f})"
            )
            cite = high["cite"]
        sentences.append({"text": text + ".", "cite": cite})
        conflicts = sum(len(p["conflicts"]) for p in pairs)
        sentences.append(
            {
                "text": f"{conflicts} pair(s) of contrary provisions are recorded between them.",
                "cite": cite,
            }
        )
    if definitions:
        differ = sum(1 for d in definitions if d["verdict"] == "differ")
        terms = len({d["term"] for d in definitions})
        sentences.append(
            {
                "text": f"{terms} key term(s) are defined by two or more instruments; {differ} of "
                f"{len(definitions)} pairwise comparisons of their definitions differ.",
                "cite": definitions[0]["cite"],
            }
        )
    findings = sum(len(o.findings) for o in options)
    if options:
        sentences.append(
            {
                "text": f"{findings} finding(s) trigger {len(options)} policy option(s).",
                "cite": options[0].findings[0].citation,
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
        rows = instrument_rows(session, places, scope_members(places, jurisdictions))
        landscape = landscape_section(rows, citations, places.numeric)
        evidence = label_evidence(session)
        taxonomy_names = dict(session.execute(select(Taxonomy.id, Taxonomy.name)).all())
        tables = {
            t: place_coverage(session, t, rows, evidence)
            for t in COVERAGE_TAXONOMIES
            if t in taxonomy_names
        }
        coverage = coverage_section(tables, taxonomy_names, settings.heatmap_rows, citations)
        names = {r.id: r.short_name for r in rows}
        frameworks = present(session, settings.major_frameworks)
        names.update(_short_names(session, frameworks + list(settings.definition_instruments)))
        pairs = framework_pairs(session, frameworks, citations)
        defined = definition_pairs(
            session, present(session, settings.definition_instruments), settings.key_terms
        )
        options, quiet = evaluate_rules(
            load_rules(rules), PolicyInputs(tables, pairs, defined, names), citations
        )
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
            }
            for p in pairs
        ]
        matrix = [
            [next((v for v in pair_views if {v["a"], v["b"]} == {a, b}), None) for b in frameworks]
            for a in frameworks
        ]
        definition_views = [definition_view(d, names, citations) for d in defined]
        unreviewed, labels = label_review_share(session)
        countries = (
            session.scalar(
                select(func.count())
                .select_from(Jurisdiction)
                .where(Jurisdiction.kind == JurisdictionKind.COUNTRY)
            )
            or 0
        )
        context = {
            "title": "AI governance frameworks: landscape, interoperability and policy options",
            "scope": ", ".join(jurisdictions) if jurisdictions else "all jurisdictions",
            "landscape": landscape,
            "coverage": coverage,
            "pairs": pair_views,
            "matrix": matrix,
            "frameworks": [(f, names.get(f, f)) for f in frameworks],
            "definitions": definition_views,
            "options": options,
            "quiet_rules": quiet,
            "quality": quality,
            "sources": source_rows(session, mirror),
            "gaps": {
                "countries_without": countries - landscape["countries"],
                "countries": countries,
                "without_text": sum(1 for r in rows if not r.has_text),
                "undated": landscape["undated"],
                "unreviewed_labels": unreviewed,
                "labels": labels,
            },
            "annex": rows,
        }
        context["summary"] = _summary(
            landscape, coverage, pair_views, definition_views, options, ref.tag
        )
        return ReportDocument.make("interoperability", context, citations, session)


def _short_names(session: Session, ids: Sequence[str]) -> dict[str, str]:
    query = select(Instrument.id, Instrument.short_name).where(Instrument.id.in_(list(ids)))
    return {instrument: name for instrument, name in session.execute(query)}
