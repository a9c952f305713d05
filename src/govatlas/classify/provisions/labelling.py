"""Labelling provisions with the shipped provision classifiers, in the store or in a CSV.

The classifiers read every provision of an instrument's reading version (its own
words: a parent's text without its children's, so every character is read once),
with its heading, and keep the concepts above each concept's threshold on
operative text. In the store each label keeps its probability and its provision
as evidence, starts unreviewed, and a ``labelling_run`` records that the model
read the whole version, so that "found nothing" is an answer. People's decisions
are never touched: only the model's own unreviewed labels are replaced.
``label_passages_csv`` is the same decision on passages given as ``id,text``,
with no database.

A text in a language the gold does not hold (a version whose detected language is
not English; in a CSV, a passage the detector confidently reads as another
language) is read by the taxonomy's multilingual reading instead
(``provision_model.MULTILINGUAL``). Its labels are stored under their own model id
(``MULTILINGUAL_MODEL``) and say that their method was measured on English only;
coverage counts none of them and keeps such a text "not assessed".
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.encoders.embeddings import Embedder, embedder_of
from govatlas.classify.labels.uncertainty import is_near_miss
from govatlas.classify.measured.shipped import (
    MODELS_FOLDER,
    MODELS_PACKAGE,
    MULTILINGUAL_MODEL,
    PROVISION_MODEL,
    provision_languages,
)
from govatlas.classify.provisions.model import (
    ENGLISH,
    MULTILINGUAL,
    ProvisionModel,
    encode,
    load_model,
)
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.ingest.language import detect_language
from govatlas.spreadsheet_cells import csv_writer
from govatlas.store.coverage_rows import newest_text_versions, public_authority_instruments
from govatlas.store.embedding_cache import add_vectors, stored_vectors
from govatlas.store.instruments import reading_version
from govatlas.store.models import (
    InstrumentVersion,
    Label,
    LabelEvidence,
    LabellingRun,
    NearMiss,
)
from govatlas.store.models import content_hash as text_hash
from govatlas.store.provision_labelling import (
    clear_near_misses,
    decided_pairs,
    delete_unreviewed_labels,
    labelling_run,
    runs_of,
    stale_machine_labels,
    version_languages,
    version_passages,
)
from govatlas.store.taxonomies import concept_id
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import LabelMethod, LegalEffect, legal_effect

PROVISION_TAXONOMIES = ("fli-blocks", "fli-risks", "fli-benefits", "oecd", "un", "technology")
MIN_CHARS = 12  # shorter provisions (a number, a bare heading mark) say nothing on their own
CSV_FIELD_LIMIT = 1_000_000
CACHE_SUFFIX = "+reading"
MULTILINGUAL_FOLDER = "multilingual"
# A CSV passage goes to the multilingual reading only when, list marks stripped, it does
# not read as English (``ingest.language``) and the detector is this sure of another
# language. On the 3,749 gold passages the detector alone sent 34 English ones elsewhere
# ("(d) Within 90 days..." reads as French at 0.83); with these guards, only the 3
# written in Chinese.
PASSAGE_LANGUAGE_SCORE = 0.6
LIST_MARK = re.compile(r"^\s*(?:(?:\(?[A-Za-z0-9]{1,5}[.)]|[-•*§])\s*)+")
READINGS = (PROVISION_MODEL, MULTILINGUAL_MODEL)  # the model ids of both readings' labels


@cache
def shipped_model(taxonomy: str, reading: str = ENGLISH) -> ProvisionModel:
    """The classifier shipped for ``taxonomy`` (its English reading, or with
    ``reading=MULTILINGUAL`` the one for other languages), or a clear error."""
    if taxonomy not in PROVISION_TAXONOMIES:
        raise InvalidInputError(
            f"no provision classifier for {taxonomy!r}",
            f"taxonomies with one: {', '.join(PROVISION_TAXONOMIES)}",
        )
    folder = MODELS_FOLDER if reading == ENGLISH else f"{MODELS_FOLDER}/{MULTILINGUAL_FOLDER}"
    path = resources.files(MODELS_PACKAGE).joinpath(f"{folder}/{taxonomy}.json")
    if not path.is_file():
        which = "" if reading == ENGLISH else f"{reading} "
        option = "" if reading == ENGLISH else " --multilingual"
        raise NotFoundError(
            f"the {which}provision classifier for {taxonomy} is not shipped in this installation",
            f"train it with `govatlas gold train{option}` (needs the gold set and the mirror)",
        )
    return load_model(Path(str(path)))


def shipped_models(taxonomies: Sequence[str] = PROVISION_TAXONOMIES) -> list[ProvisionModel]:
    """The provision classifiers shipped for these taxonomies (those present)."""
    found = []
    for name in taxonomies:
        try:
            found.append(shipped_model(name))
        except NotFoundError:
            continue
    return found


def multilingual_models(taxonomies: Sequence[str]) -> dict[str, ProvisionModel]:
    """The multilingual readings shipped for these taxonomies (those present)."""
    found = {}
    for taxonomy in taxonomies:
        try:
            found[taxonomy] = shipped_model(taxonomy, MULTILINGUAL)
        except NotFoundError:
            continue
    return found


def model_version(model: ProvisionModel) -> str:
    return hashlib.sha256(str(model.trained_on).encode()).hexdigest()[:12]


def label_model_id(model: ProvisionModel) -> str:
    """The model id its labels and runs are stored under."""
    return MULTILINGUAL_MODEL if model.reading == MULTILINGUAL else PROVISION_MODEL


def in_measured_language(language: str | None, taxonomy: str) -> bool:
    """Whether a text in ``language`` (None: unknown) is read by the English reading:
    the languages its gold holds, or an unknown language."""
    return language is None or language.split("-")[0].lower() in provision_languages(taxonomy)


def reader_for(
    model: ProvisionModel, multilingual: Mapping[str, ProvisionModel], language: str | None
) -> ProvisionModel:
    """The reading that labels a text in ``language``: the multilingual one for a
    language the gold does not hold, when it is shipped; else ``model``."""
    if in_measured_language(language, model.taxonomy):
        return model
    return multilingual.get(model.taxonomy, model)


def decide_texts(
    model: ProvisionModel,
    texts: Sequence[str],
    headings: Sequence[str],
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[set[str]], dict[str, np.ndarray]]:
    """Concepts per text at the model's thresholds, and every concept's probability."""
    taxonomy = load_taxonomies()[model.taxonomy]
    keywords = KeywordClassifier(list(taxonomy.concepts))
    features = encode(model, texts, headings, embedder, keywords, progress)
    return model.decide(features), model.probabilities(features)


def passage_language(text: str) -> str | None:
    """A passage's language when it reads as English or the detector is sure of it
    (``PASSAGE_LANGUAGE_SCORE``), else None."""
    return detect_language(LIST_MARK.sub("", text), PASSAGE_LANGUAGE_SCORE)


def passage_languages(texts: Sequence[str]) -> list[str | None]:
    return [passage_language(t) for t in texts]


def read_passages_csv(path: Path) -> list[tuple[str, str]]:
    """(id, text) rows of a CSV with ``id`` and ``text`` columns; problems name the line."""
    if not path.is_file():
        raise NotFoundError(f"{path} is not a file", "give a CSV with columns id,text")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"id", "text"} <= set(reader.fieldnames):
                raise InvalidInputError(
                    f"{path.name} needs the columns id and text", "the first line is the header"
                )
            rows, seen = [], set()
            for line, row in enumerate(reader, 2):
                ident = (row.get("id") or "").strip()
                if not ident:
                    raise InvalidInputError(f"{path.name} line {line}: no id")
                if ident in seen:
                    raise InvalidInputError(f"{path.name} line {line}: id {ident!r} repeats")
                seen.add(ident)
                rows.append((ident, row.get("text") or ""))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInputError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc
    return rows


def label_passages_csv(
    taxonomy: str,
    source: Path,
    out: Path,
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``id`` then one 0/1 column per concept of the taxonomy, in its order.

    Passages confidently in another language than the gold's are read by the
    multilingual reading when it is shipped (module docstring)."""
    model = shipped_model(taxonomy)
    rows = read_passages_csv(source)
    texts = [t for _, t in rows]
    decided: list[set[str]] = [set() for _ in rows]
    multilingual = multilingual_models([taxonomy])
    languages = passage_languages(texts) if multilingual else [None] * len(rows)
    groups: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        reader = reader_for(model, multilingual, language)
        groups.setdefault(reader.reading, []).append(index)
    for reading, indexes in groups.items():
        reader = model if reading == ENGLISH else multilingual[taxonomy]
        reader_embedder = (
            embedder
            if reader.embedding_model == embedder.model_id
            else embedder_of(reader.embedding_model)
        )
        found, _ = decide_texts(
            reader, [texts[i] for i in indexes], [""] * len(indexes), reader_embedder, progress
        )
        for index, labels in zip(indexes, found, strict=True):
            decided[index] = labels
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(["id", *model.concepts])
        for (ident, _), labels in zip(rows, decided, strict=True):
            writer.writerow([ident, *(1 if c in labels else 0 for c in model.concepts)])
    return len(rows)


# A recital (the numbered reasons before an EU act's articles) states why the act
# provides what it does, never a duty: the guidelines' findings-purpose kind, which is
# never evidence of a concept (docs/guidelines/README.md §10: "recital explaining an
# obligation"). The classifiers read such a passage (so the text counts as read whole)
# but it is never labelled, whatever its words.
NEVER_EVIDENCE = ("recital",)


@dataclass(frozen=True)
class ReadingPassage:
    provision: int
    heading: str
    text: str
    path: str = ""

    @property
    def never_evidence(self) -> bool:
        """Whether the passage's place in the text says it is never evidence (a recital)."""
        return self.path.split(".", 1)[0] in NEVER_EVIDENCE


def reading_passages(session: Session, version_id: int) -> list[ReadingPassage]:
    """Every provision's own words (parents without their children's text), long enough."""
    return [
        ReadingPassage(pid, heading or "", text.strip(), path)
        for pid, heading, text, path in version_passages(session, version_id)
        if text and len(text.strip()) >= MIN_CHARS
    ]


def cached_vectors(session: Session, embedder: Embedder, strings: Sequence[str]) -> np.ndarray:
    """Vectors of ``strings`` from the store's cache, embedding (and caching) the rest.

    Kept under their own cache key (the model id plus ``CACHE_SUFFIX``): these are
    heading-and-text readings, not the provision texts semantic search embeds."""
    cache_id = f"{embedder.model_id}{CACHE_SUFFIX}"
    digests = [text_hash(s) for s in strings]
    found: dict[str, np.ndarray] = {
        digest: np.frombuffer(blob, dtype=np.float32)
        for digest, blob in stored_vectors(session, cache_id, digests)
    }
    missing = {d: s for d, s in zip(digests, strings, strict=True) if d not in found}
    if missing:
        items = list(missing.items())
        vectors = embedder.embed([s for _, s in items])
        add_vectors(
            session, cache_id, [(d, v.tobytes()) for (d, _), v in zip(items, vectors, strict=True)]
        )
        found.update({d: v for (d, _), v in zip(items, vectors, strict=True)})
    return np.vstack([found[d] for d in digests]) if digests else np.zeros((0, embedder.dimension))


@cache
def _keywords(taxonomy: str) -> KeywordClassifier:
    return KeywordClassifier(list(load_taxonomies()[taxonomy].concepts))


@dataclass(frozen=True)
class ModelReading:
    """What one model (in the reading that fits the text's language) found in a version's
    passages: the concepts per passage, every concept's probabilities, and which passages
    are operative text. Plain data, so a batch worker can compute it and send it back."""

    model: ProvisionModel
    labels: list[set[str]]
    probabilities: dict[str, np.ndarray]
    operative: np.ndarray


def passage_readings(passages: Sequence[ReadingPassage]) -> list[str]:
    """The strings the classifiers embed: heading, then text."""
    return [f"{p.heading}. {p.text}" if p.heading else p.text for p in passages]


def read_version(
    models: Sequence[ProvisionModel],
    passages: Sequence[ReadingPassage],
    language: str | None,
    vectors_of: Callable[[ProvisionModel], np.ndarray],
    multilingual: Mapping[str, ProvisionModel] | None = None,
) -> list[ModelReading]:
    """Every model's reading of a version's passages; no store involved. ``vectors_of``
    gives the passages' vectors in the embedding a reader uses (``passage_readings``)."""
    texts = [p.text for p in passages]
    headings = [p.heading for p in passages]
    found: list[ModelReading] = []
    for model in models:
        reader = reader_for(model, multilingual or {}, language)
        labels: list[set[str]] = []
        probs: dict[str, np.ndarray] = {}
        operative = np.zeros(len(passages), dtype=bool)
        if passages:
            features = reader.features(
                vectors_of(reader), texts, headings, _keywords(reader.taxonomy)
            )
            labels = reader.decide(features)
            probs = reader.probabilities(features)
            operative = reader.operative(features)
            for row, passage in enumerate(passages):
                if passage.never_evidence:
                    labels[row], operative[row] = set(), False
        found.append(ModelReading(reader, labels, probs, operative))
    return found


def store_readings(
    session: Session,
    version_id: int,
    passages: Sequence[ReadingPassage],
    readings: Sequence[ModelReading],
    language: str | None,
) -> int:
    """Replace the version's machine labels and near misses with these readings (people's
    decisions stay); how many labels were stored. Storing the same readings twice leaves
    the store as storing them once."""
    written = 0
    for found in readings:
        written += _store(
            session, found.model, version_id, passages, found.labels, found.probabilities, language
        )
        _store_near_misses(
            session,
            found.model,
            version_id,
            passages,
            found.labels,
            found.probabilities,
            found.operative,
            language,
        )
    session.flush()
    return written


def label_instrument_provisions(
    session: Session,
    models: Sequence[ProvisionModel],
    instrument_id: str,
    embedder: Embedder,
    multilingual: Mapping[str, ProvisionModel] | None = None,
) -> int | None:
    """Label one instrument's reading version with every model; None when it has no text.

    A version in a language the gold does not hold is read by each taxonomy's
    ``multilingual`` reading when one is given. The passages are embedded once per
    embedding model (cached in the store) and read by each model."""
    version = reading_version(session, instrument_id)
    if version is None:
        return None
    passages = reading_passages(session, version.id)
    readings = passage_readings(passages)
    vectors: dict[str, np.ndarray] = {}

    def vectors_of(reader: ProvisionModel) -> np.ndarray:
        key = reader.embedding_model
        if key not in vectors:
            chosen = embedder if key == embedder.model_id else embedder_of(key)
            vectors[key] = cached_vectors(session, chosen, readings).astype(np.float64)
        return vectors[key]

    found = read_version(models, passages, version.language, vectors_of, multilingual)
    return store_readings(session, version.id, passages, found, version.language)


def _provenance(model: ProvisionModel, language: str | None) -> str:
    """What a label or near miss of ``model`` says about where it comes from."""
    provenance = f"{label_model_id(model)} {model_version(model)}: supervised on the project's gold"
    if model.reading == MULTILINGUAL:
        provenance += (
            f"; multilingual reading ({model.embedding_model}) of a text in "
            f"{language or 'another language'}: measured on English only"
        )
    return provenance


def _store_near_misses(
    session: Session,
    model: ProvisionModel,
    version_id: int,
    passages: Sequence[ReadingPassage],
    labels: Sequence[set[str]],
    probs: Mapping[str, np.ndarray],
    operative: np.ndarray,
    language: str | None = None,
) -> int:
    """Replace the version's near misses of the model's concepts: operative passages a
    concept's probability misses by little (``uncertainty.is_near_miss``), unless a
    person already decided the pair. Not labels: only reviewers see them."""
    concept_ids = {c: concept_id(model.taxonomy, c) for c in model.concepts}
    clear_near_misses(session, version_id, list(concept_ids.values()))
    decided = decided_pairs(session, version_id, list(concept_ids.values()))
    model_id, version_tag = label_model_id(model), model_version(model)
    provenance = _provenance(model, language)
    kept = 0
    for row, (passage, found) in enumerate(zip(passages, labels, strict=True)):
        if not operative[row]:
            continue
        for concept, cid in concept_ids.items():
            if concept in found or concept not in probs or (passage.provision, cid) in decided:
                continue
            probability, threshold = float(probs[concept][row]), model.models[concept].threshold
            if is_near_miss(probability, threshold):
                session.add(
                    NearMiss(
                        concept_id=cid,
                        provision_id=passage.provision,
                        score=probability,
                        threshold=threshold,
                        model_id=model_id,
                        model_version=version_tag,
                        provenance=provenance,
                    )
                )
                kept += 1
    return kept


def _store(
    session: Session,
    model: ProvisionModel,
    version_id: int,
    passages: Sequence[ReadingPassage],
    labels: Sequence[set[str]],
    probs: dict[str, np.ndarray],
    language: str | None = None,
) -> int:
    """Replace the classifiers' unreviewed labels on the version (either reading's);
    people's decisions stay."""
    model_id = label_model_id(model)
    concept_ids = [concept_id(model.taxonomy, c) for c in model.concepts]
    stale_ids = stale_machine_labels(session, version_id, READINGS, concept_ids)
    if stale_ids:
        delete_unreviewed_labels(session, stale_ids)
    decided = decided_pairs(session, version_id, concept_ids)
    version_tag = model_version(model)
    provenance = _provenance(model, language)
    written = 0
    for row, (passage, found) in enumerate(zip(passages, labels, strict=True)):
        for concept in sorted(found):
            cid = concept_id(model.taxonomy, concept)
            if (passage.provision, cid) in decided:
                continue  # a person already decided this provision and concept
            score = float(probs[concept][row]) if concept in probs else None
            label = Label(
                concept_id=cid,
                provision_id=passage.provision,
                score=score,
                method=LabelMethod.MODEL,
                model_id=model_id,
                model_version=version_tag,
                provenance=provenance,
            )
            label.evidence.append(
                LabelEvidence(
                    provision_id=passage.provision,
                    start_offset=0,
                    end_offset=len(passage.text),
                    score=score,
                )
            )
            session.add(label)
            written += 1
    session.execute(  # the other reading's run, from when the text's language differed
        delete(LabellingRun).where(
            LabellingRun.version_id == version_id,
            LabellingRun.taxonomy_id == model.taxonomy,
            LabellingRun.model_id.in_([m for m in READINGS if m != model_id]),
        )
    )
    run = labelling_run(session, version_id, model.taxonomy, model_id)
    if run is None:
        session.add(
            LabellingRun(
                version_id=version_id,
                taxonomy_id=model.taxonomy,
                model_id=model_id,
                model_version=version_tag,
                units=len(passages),
            )
        )
    else:
        run.model_version, run.units = version_tag, len(passages)
    return written


def instruments_to_label(
    session: Session,
    models: Sequence[ProvisionModel],
    multilingual: Mapping[str, ProvisionModel] | None = None,
) -> list[str]:
    """Instruments that count in coverage (a public authority's, not failed or repealed)
    whose reading version the reading that fits its language (``reader_for``) has not
    read yet in its shipped version. The others are labelled on request
    (``govatlas label --instrument``), never by default."""
    counting = {
        ident
        for ident, _, _, _, binding, status in public_authority_instruments(session)
        if legal_effect(binding, status) is not LegalEffect.LAPSED
    }
    reading = {
        instrument: version
        for instrument, version in newest_text_versions(session).items()
        if instrument in counting
    }
    languages = version_languages(session, list(reading.values()))
    done: dict[int, set[tuple[str, str, str]]] = {}
    for version_id, taxonomy, model_id, tag in runs_of(session, READINGS):
        done.setdefault(version_id, set()).add((taxonomy, model_id, tag))

    def wanted(version: int) -> set[tuple[str, str, str]]:
        readers = [reader_for(m, multilingual or {}, languages.get(version)) for m in models]
        return {(r.taxonomy, label_model_id(r), model_version(r)) for r in readers}

    return sorted(i for i, v in reading.items() if not wanted(v) <= done.get(v, set()))


def reading_share(session: Session, version_id: int) -> float:
    """Share of a version's non-space characters inside the passages the classifiers read."""
    version = session.get(InstrumentVersion, version_id)
    if version is None or not version.text.strip():
        return 0.0
    total = sum(1 for ch in version.text if not ch.isspace())
    read = sum(
        sum(1 for ch in p.text if not ch.isspace()) for p in reading_passages(session, version_id)
    )
    return min(1.0, read / total) if total else 0.0
