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

from govatlas.reports.wording import plural, verb
from govatlas.store.versions import newest_text_language_counts

# Languages shown by name (the others by their code).
LANGUAGES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "ar": "Arabic",
    "ru": "Russian",
    "it": "Italian",
    "nl": "Dutch",
}


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
        said.append(
            {
                "topic": "Balance of the corpus",
                "text": f"{place} alone accounts for {most} of the {len(public)} instruments "
                f"of public authorities ({most / len(public):.0%}), many of them bills; "
                "counts by region or type reflect what the sources collected, not how much "
                "each region regulates.",
            }
        )
    languages = _languages(session)
    total = sum(n for _, n in languages)
    if total:
        top = ", ".join(f"{LANGUAGES.get(lang, lang)} {n}" for lang, n in languages[:5])
        english = dict(languages).get("en", 0)
        said.append(
            {
                "topic": "Languages",
                "text": f"Of {plural(total, 'instrument')} with a stored text, {english} "
                f"{verb(english, 'is', 'are')} recorded as English (newest text, by language: "
                f"{top}); many texts of other states are stored in English translation. The "
                "classifiers "
                "are measured on English texts; figures on texts in other languages rest on "
                "multilingual readings measured on far fewer examples.",
            }
        )
    experimental: list[str] = []
    measured: list[str] = []
    for section in coverage:
        below = [c["label"] for c in section["columns"] if not c["headline"]]
        above = [c["label"] for c in section["columns"] if c["headline"]]
        if below:
            experimental.append(f"{section['name']}: {', '.join(below)}")
        if above:
            measured.append(f"{section['name']}: {', '.join(above)}")
    if experimental:
        said.append(
            {
                "topic": "Concepts no measured classifier reads",
                "text": "These concepts have no provision classifier whose precision on the "
                "project's test split reaches 0.85; their cells rest on people's labels and "
                'exact mappings only, are otherwise "not assessed" (never 0), and no summary '
                "sentence or policy option rests on them. " + "; ".join(experimental) + ".",
            }
        )
    if measured:
        said.append(
            {
                "topic": '"Not found" is not "absent"',
                "text": "For the concepts that are measured ("
                + "; ".join(measured)
                + '), "assessed, not found" means the texts were read by a classifier whose '
                "recall is below 1: some provisions on the concept are missed, which the "
                "intervals of section 3 take into account.",
            }
        )
    machine = [p for p in pairs if p["index"] is not None and p["index"].machine_note]
    missing = [p for p in pairs if p["index"] is None]
    one_sided = [p for p in pairs if p["reference"]]
    crosswalks = []
    if machine:
        crosswalks.append(
            f"{plural(len(machine), 'index', 'indices')} of {len(pairs)} rest partly on "
            "machine-suggested links nobody has reviewed (counted by their probability)"
        )
    if one_sided:
        crosswalks.append(
            f"{len(one_sided)} {verb(len(one_sided), 'is', 'are')} one-sided, because one "
            "framework's text is not public"
        )
    if missing:
        crosswalks.append(
            f"{plural(len(missing), 'pair')} {verb(len(missing), 'has', 'have')} no crosswalk "
            "at all, which says nothing about their compatibility"
        )
    if crosswalks:
        said.append(
            {
                "topic": "Interoperability",
                "text": "Of the pairs of major frameworks: " + "; ".join(crosswalks) + ". An "
                "index counts counterparts, not whether the obligations are equally strict.",
            }
        )
    said.append(
        {
            "topic": "Parameters and definitions",
            "text": "Deadlines, thresholds, penalties and scopes are read from the texts by "
            "rules, and definitions compared by text similarity; neither is measured against "
            "a gold set yet. Every value is printed with the words it was read from (Annex B), "
            "so a reader can check it; a kind missing on one side means the rules read none, "
            "not that the text sets none.",
        }
    )
    said.append(
        {
            "topic": "Time",
            "text": "Figures are those of the dataset release named on the title page. "
            "Instruments adopted, amended or repealed after it, and stages the sources have not "
            "recorded, are not reflected.",
        }
    )
    return said
