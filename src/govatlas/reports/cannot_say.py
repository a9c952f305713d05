"""What a report cannot say: the limits of its data and of its machine judgements.

A delegate circulating a figure needs to know where it stops being true: which
Member States the atlas has not researched, which texts it does not hold or
holds only in translation, which concepts no measured classifier reads (so
that "not assessed" is never read as "absent"), which comparisons rest on
machine suggestions nobody reviewed, and which readings (parameters,
definitions) no gold set has measured. ``cannot_say`` computes these statements
from the store and the report's own sections; the report prints them as one
section before its methodology.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from govatlas.analytics.definition_quality import measured as definitions_measured
from govatlas.analytics.parameter_quality import (
    ALL_PARAMETERS,
    DEADLINE_KINDS_COMPARED,
    DEADLINE_KINDS_SAME,
    KINDS_PROVISIONS,
    THRESHOLDS,
    THRESHOLDS_PROVISIONS,
    measured_figures,
    values_reliable,
)
from govatlas.i18n import N_, gettext, ngettext
from govatlas.store.versions import newest_text_language_counts

# Languages shown by name (the others by their code).
LANGUAGES = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "de": N_("German"),
    "ja": N_("Japanese"),
    "ko": N_("Korean"),
    "pt": N_("Portuguese"),
    "ar": N_("Arabic"),
    "ru": N_("Russian"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
    "unknown": N_("unknown"),
}


def _language_name(code: str) -> str:
    """A language by its name in the report's language, or by its code."""
    name = LANGUAGES.get(code)
    return gettext(name) if name else code


def _list(items: Sequence[str]) -> str:
    # Translators: the separator between the items of a list in a sentence ("A, B, C").
    return gettext(", ").join(items)


def _series(items: Sequence[str]) -> str:
    # Translators: the separator between clauses listed in a sentence ("a; b; c").
    return gettext("; ").join(items)


def _languages(session: Session) -> list[tuple[str, int]]:
    """Instruments with a full text, by the language of their newest one."""
    counts = newest_text_language_counts(session)
    return sorted(((lang or "unknown", n) for lang, n in counts), key=lambda x: -x[1])


def cannot_say(
    session: Session,
    rows: Sequence[Any],
    coverage: Sequence[dict[str, Any]],
    pairs: Sequence[dict[str, Any]],
) -> list[dict[str, str]]:
    """Statements, each with a short topic, in the order a reader should weigh them.
    ``rows`` are the report's instrument rows (``reports.landscape.InstrumentRow``)."""
    said: list[dict[str, str]] = []
    public = [r for r in rows if r.public]
    places = Counter(r.place_name or r.place for r in public)
    if public and places:
        place, most = places.most_common(1)[0]
        share = f"{most / len(public):.0%}"
        said.append(
            {
                "topic": gettext("Balance of the corpus"),
                "text": gettext(
                    "%(jurisdiction)s alone accounts for %(most)s of the %(public)s instruments "
                    "of public authorities (%(share)s), many of them bills; counts by region "
                    "or type reflect what the sources collected, not how much each region "
                    "regulates.",
                    jurisdiction=place,
                    most=most,
                    public=len(public),
                    share=share,
                ),
            }
        )
    languages = _languages(session)
    total = sum(n for _, n in languages)
    if total:
        top = _list(
            [
                gettext("%(language)s %(count)s", language=_language_name(lang), count=n)
                for lang, n in languages[:5]
            ]
        )
        english = dict(languages).get("en", 0)
        said.append(
            {
                "topic": gettext("Languages"),
                "text": ngettext(
                    "Of %(instruments)s with a stored text, %(num)s is recorded as English "
                    "(newest text, by language: %(languages)s); many texts of other states are "
                    "stored in English translation. The classifiers are measured on English "
                    "texts; figures on texts in other languages rest on multilingual readings "
                    "measured on far fewer examples.",
                    "Of %(instruments)s with a stored text, %(num)s are recorded as English "
                    "(newest text, by language: %(languages)s); many texts of other states are "
                    "stored in English translation. The classifiers are measured on English "
                    "texts; figures on texts in other languages rest on multilingual readings "
                    "measured on far fewer examples.",
                    english,
                    instruments=ngettext("%(num)s instrument", "%(num)s instruments", total),
                    languages=top,
                ),
            }
        )
    experimental: list[str] = []
    measured: list[str] = []
    for section in coverage:
        below = [c["label"] for c in section["columns"] if not c["headline"]]
        above = [c["label"] for c in section["columns"] if c["headline"]]
        if below:
            experimental.append(_concepts_of(section["name"], below))
        if above:
            measured.append(_concepts_of(section["name"], above))
    if experimental:
        said.append(
            {
                "topic": gettext("Concepts no measured classifier reads"),
                "text": gettext(
                    "These concepts have no provision classifier whose precision on the "
                    "project's test split reaches 0.85; their cells rest on people's labels "
                    'and exact mappings only, are otherwise "not assessed" (never 0), and no '
                    "summary sentence or policy option rests on them. %(concepts)s.",
                    concepts=_series(experimental),
                ),
            }
        )
    if measured:
        said.append(
            {
                "topic": gettext('"Not found" is not "absent"'),
                "text": gettext(
                    'For the concepts that are measured (%(concepts)s), "assessed, not found" '
                    "means the texts were read by a classifier whose recall is below 1: some "
                    "provisions on the concept are missed, which the intervals of section 3 "
                    "take into account.",
                    concepts=_series(measured),
                ),
            }
        )
    machine = [p for p in pairs if p["index"] is not None and p["index"].machine_note]
    missing = [p for p in pairs if p["index"] is None]
    one_sided = [p for p in pairs if p["reference"]]
    crosswalks = []
    # from the same flag as the summary's "rest on machine suggestions alone"
    alone = [p for p in machine if p["index"].machine_only]
    partly = [p for p in machine if not p["index"].machine_only]
    if alone:
        crosswalks.append(
            ngettext(
                "%(num)s index of %(pairs)s rests on machine-suggested links alone, which "
                "nobody has reviewed (counted by their probability)",
                "%(num)s indices of %(pairs)s rest on machine-suggested links alone, which "
                "nobody has reviewed (counted by their probability)",
                len(alone),
                pairs=len(pairs),
            )
        )
    if partly:
        crosswalks.append(
            ngettext(
                "%(num)s index of %(pairs)s rests partly on machine-suggested links nobody has "
                "reviewed (counted by their probability)",
                "%(num)s indices of %(pairs)s rest partly on machine-suggested links nobody "
                "has reviewed (counted by their probability)",
                len(partly),
                pairs=len(pairs),
            )
        )
    if one_sided:
        crosswalks.append(
            ngettext(
                "%(num)s is one-sided, because one framework's text is not stored in the atlas",
                "%(num)s are one-sided, because one framework's text is not stored in the atlas",
                len(one_sided),
            )
        )
    if missing:
        crosswalks.append(
            ngettext(
                "%(num)s pair has no crosswalk at all, which says nothing about their "
                "compatibility",
                "%(num)s pairs have no crosswalk at all, which says nothing about their "
                "compatibility",
                len(missing),
            )
        )
    if crosswalks:
        said.append(
            {
                "topic": gettext("Interoperability"),
                "text": gettext(
                    "Of the pairs of major frameworks: %(findings)s. An index counts "
                    "counterparts, not whether the obligations are equally strict.",
                    findings=_series(crosswalks),
                ),
            }
        )
    said.append(
        {
            "topic": gettext("Parameters and definitions"),
            "text": gettext(
                "Deadlines, thresholds, penalties and scopes are read from the texts by rules. "
                "In %(provisions)s provisions of texts the rules were not written or tuned on, "
                "people listed %(listed)s parameters and the rules found %(found)s of them "
                "(recall %(recall)s): fines %(penalties)s of %(penalties_listed)s, key "
                "definitions %(definitions)s of %(definitions_listed)s, deadlines %(deadlines)s "
                "of %(deadlines_listed)s, thresholds %(thresholds)s of %(thresholds_listed)s; "
                "%(right)s of the %(reported)s values they reported were people's. The kind of "
                "a deadline (reporting, publishing, "
                "answering a request...) was people's in %(kinds_same)s of "
                "%(kinds_compared)s, so deadlines of different duties may be set side by side. "
                "Definitions are compared by text similarity: %(definitions_measured)s. "
                "Every value is printed with the words "
                "it was read from (Annex B), so a reader can check it; a kind missing on one "
                "side means the rules read none, not that the text sets none."
            )
            % {
                **measured_figures(),
                "recall": f"{ALL_PARAMETERS.recall:.2f}",
                "kinds_same": DEADLINE_KINDS_SAME,
                "kinds_compared": DEADLINE_KINDS_COMPARED,
                "definitions_measured": definitions_measured(),
            }
            + " "
            + gettext(
                "The kinds were measured on %(kinds_provisions)s other provisions, drawn after "
                "the rules that give them last changed (the values those rules read did not "
                "change)."
            )
            % {"kinds_provisions": KINDS_PROVISIONS}
            + " "
            + gettext(
                "Those texts are all from the United States. In %(earlier_provisions)s "
                "earlier provisions that included frameworks and strategies of China, the "
                "United Kingdom, Singapore, Japan and Ghana, the rules found "
                "%(earlier_found)s of %(earlier_listed)s parameters and gave people's kind to "
                "%(earlier_kinds_same)s of %(earlier_kinds_compared)s deadlines."
            )
            % measured_figures()
            + " "
            + gettext(
                "Those are the figures of the rules as they stood then: the rules were since "
                "improved on those very provisions, which therefore no longer measure them."
            )
            + _thresholds_caveat(),
        }
    )
    said.append(
        {
            "topic": gettext("Time"),
            "text": gettext(
                "Figures are those of the dataset release named on the title page. Instruments "
                "adopted, amended or repealed after it, and stages the sources have not "
                "recorded, are not reflected."
            ),
        }
    )
    return said


def _concepts_of(taxonomy: str, concepts: Sequence[str]) -> str:
    """A taxonomy and some of its concepts: "FLI building blocks: Red lines, Audits"."""
    return gettext("%(taxonomy)s: %(concepts)s", taxonomy=taxonomy, concepts=_list(concepts))


def _thresholds_caveat() -> str:
    """Why no threshold is a summary's example, while their measured precision is below
    the floor (``parameter_quality.values_reliable``); nothing once it is not."""
    if values_reliable("threshold"):
        return ""
    return " " + (
        gettext(
            "Thresholds are counted only in the %(provisions)s provisions drawn after the rules "
            "that read them last changed: of the %(thresholds_reported)s thresholds the rules "
            "reported there, %(thresholds_right)s were people's (staffing floors were read as "
            "a size of employer, counts of workers in findings as thresholds), so no threshold "
            "is a summary's example; the tables still show each with the words it was read "
            "from."
        )
        % {
            "provisions": THRESHOLDS_PROVISIONS,
            "thresholds_reported": THRESHOLDS.reported,
            "thresholds_right": THRESHOLDS.right,
        }
    )
