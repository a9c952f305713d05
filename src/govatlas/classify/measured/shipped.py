"""How well the provision classifiers label each concept, measured on the project's gold.

The supervised provision classifiers ship inside the package with their figures
(``data/provision-models/<taxonomy>.json``): per concept, the operating
threshold chosen on the dev split and the precision and recall measured on the
test split. Coverage uses a concept's labels only when its measured precision
reaches ``PRECISION_FLOOR`` on enough test positives; below that the concept is
"experimental" and its cells are "not assessed", never a headline and never the
basis of a policy option.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from govatlas.errors import GovatlasError
from govatlas.i18n import DEFAULT, gettext, ngettext, speaking
from govatlas.proportions import jeffreys_interval

PROVISION_MODEL = "provision-clf"
# Labels of the multilingual reading, on texts in languages the gold does not hold:
# measured on English only, they count in no coverage figure.
MULTILINGUAL_MODEL = "provision-clf-multilingual"
PRECISION_FLOOR = 0.85
FLOOR_SHOWN = f"{PRECISION_FLOOR:.2f}"  # as the notes write it
MIN_TEST_POSITIVES = 10
# A precision read from fewer test predictions than this is no measurement: one right
# prediction of one is "precision 1.00"
MIN_TEST_PREDICTED = 5
MODELS_PACKAGE = "govatlas.classify"
MODELS_FOLDER = "data/provision-models"
# The languages of the gold the classifiers are measured on. ``eval/gold`` records no
# language per passage: its passages are drawn from English texts (AGORA's full texts,
# the EU AI Act and NIST in English), so a model file that names none is English-only.
GOLD_LANGUAGES = ("en",)


@dataclass(frozen=True)
class MeasuredConcept:
    """One concept's classifier: its threshold and its figures on the test split."""

    taxonomy: str
    concept: str  # the concept's id within its taxonomy (notation)
    threshold: float
    precision: float | None
    recall: float | None
    f1: float | None
    test_positives: int
    precision_interval: tuple[float, float] | None = None
    recall_interval: tuple[float, float] | None = None
    test_predicted: int | None = None  # test passages the classifier labelled

    @property
    def confusion(self) -> tuple[int, int, int] | None:
        """True positives, false positives and false negatives on the test split,
        recovered from the rounded figures (recall x positives gives the true positives;
        the predicted count, or else the precision, the false positives); None when
        precision or recall was not measurable."""
        if self.precision is None or self.recall is None or self.test_positives <= 0:
            return None
        true = min(round(self.recall * self.test_positives), self.test_positives)
        if self.test_predicted is not None:
            predicted = max(self.test_predicted, true)
        elif self.precision > 0:
            predicted = max(round(true / self.precision), true)
        else:
            return None
        return true, predicted - true, self.test_positives - true

    @property
    def predicted(self) -> int | None:
        """Test passages the classifier labelled (recovered from the figures when the
        model file does not record it); None when not measurable."""
        if self.test_predicted is not None:
            return self.test_predicted
        found = self.confusion
        return None if found is None else found[0] + found[1]

    @property
    def assessable(self) -> bool:
        """Measured on enough positives and enough predictions, with precision at or
        above the floor."""
        return (
            self.precision is not None
            and self.test_positives >= MIN_TEST_POSITIVES
            and (self.predicted or 0) >= MIN_TEST_PREDICTED
            and self.precision >= PRECISION_FLOOR
        )

    @property
    def note(self) -> str:
        """Why a concept is experimental, or its figures when it is not, in English (the
        API, the downloads and the command line give it so)."""
        with speaking(DEFAULT):
            return self.shown_note

    @property
    def shown_note(self) -> str:
        """``note`` in the language of the page or report being rendered."""
        if self.precision is None or self.test_positives < MIN_TEST_POSITIVES:
            return ngettext(
                "experimental: %(num)s test positive, too few to measure",
                "experimental: %(num)s test positives, too few to measure",
                self.test_positives,
            )
        # three decimals where two would round a precision below the floor up to it
        shown = 3 if self.precision < PRECISION_FLOOR <= round(self.precision, 2) else 2
        precision, recall = f"{self.precision:.{shown}f}", f"{self.recall or 0:.2f}"
        figures = gettext(
            "precision %(precision)s, recall %(recall)s", precision=precision, recall=recall
        )
        predicted = self.predicted or 0
        if predicted < MIN_TEST_PREDICTED:
            return ngettext(
                "experimental: %(figures)s from %(num)s test prediction, too few to measure "
                "precision (at least %(minimum)s)",
                "experimental: %(figures)s from %(num)s test predictions, too few to measure "
                "precision (at least %(minimum)s)",
                predicted,
                figures=figures,
                minimum=MIN_TEST_PREDICTED,
            )
        if self.precision < PRECISION_FLOOR:
            return gettext(
                "experimental: %(figures)s (below the %(floor)s floor)",
                figures=figures,
                floor=FLOOR_SHOWN,
            )
        if self.precision_interval is None:
            return figures
        # a measured concept's headline says how few predictions its precision rests on
        low, high = self.precision_interval
        return gettext(
            "precision %(precision)s (95%% interval %(low)s–%(high)s, from %(predicted)s "
            "test predictions), recall %(recall)s",
            precision=precision,
            low=f"{low:.2f}",
            high=f"{high:.2f}",
            predicted=predicted,
            recall=recall,
        )


def reaches_floor(quality: MeasuredConcept | None) -> bool:
    """Whether a concept's machine labels count: a classifier is shipped for it and it is
    ``assessable`` (precision at the floor, measured on enough test passages)."""
    return quality is not None and quality.assessable


def _interval(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None


def with_score_intervals(measured: MeasuredConcept) -> MeasuredConcept:
    """The concept with Jeffreys intervals for its precision and recall, from its test
    confusion counts. The model files' percentile bootstrap over passages collapses to a
    point when every prediction was right (5 of 5 gives "1.00 [1.00–1.00]"); the
    Jeffreys interval of 5 of 5 is [0.60–1.00], as the coverage intervals assume
    (``analytics.coverage_intervals``). Without counts, the file's intervals stand."""
    counts = measured.confusion
    if counts is None:
        return measured
    true, false_positives, false_negatives = counts

    def interval(hits: int, total: int) -> tuple[float, float] | None:
        if total <= 0:
            return None
        low, high = jeffreys_interval(hits, total)
        return round(low, 3), round(high, 3)

    return replace(
        measured,
        precision_interval=interval(true, true + false_positives),
        recall_interval=interval(true, true + false_negatives),
    )


def parse_quality(taxonomy: str, data: dict[str, Any]) -> dict[str, MeasuredConcept]:
    found: dict[str, MeasuredConcept] = {}
    for concept, figures in data.get("concepts", {}).items():
        test = figures.get("test", {})
        found[str(concept)] = with_score_intervals(
            MeasuredConcept(
                taxonomy=taxonomy,
                concept=str(concept),
                threshold=float(figures["threshold"]),
                precision=None if test.get("precision") is None else float(test["precision"]),
                recall=None if test.get("recall") is None else float(test["recall"]),
                f1=None if test.get("f1") is None else float(test["f1"]),
                test_positives=int(test.get("positives", 0)),
                precision_interval=_interval(test.get("precision_ci")),
                recall_interval=_interval(test.get("recall_ci")),
                test_predicted=None if test.get("predicted") is None else int(test["predicted"]),
            )
        )
    return found


def _model_file(taxonomy: str) -> dict[str, Any] | None:
    path = resources.files(MODELS_PACKAGE).joinpath(f"{MODELS_FOLDER}/{taxonomy}.json")
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GovatlasError(
            f"the shipped classifier for {taxonomy} is damaged ({exc})", "reinstall govatlas"
        ) from exc
    return data if isinstance(data, dict) else None


@cache
def provision_languages(taxonomy: str) -> tuple[str, ...]:
    """Languages the shipped classifier of ``taxonomy`` was measured on."""
    data = _model_file(taxonomy) or {}
    quality = data.get("quality", data)
    languages = quality.get("languages") if isinstance(quality, dict) else None
    return tuple(str(x) for x in languages) if languages else GOLD_LANGUAGES


@cache
def shipped_taxonomies() -> tuple[str, ...]:
    """The taxonomies whose provision classifier ships in this installation."""
    folder = resources.files(MODELS_PACKAGE).joinpath(MODELS_FOLDER)
    if not folder.is_dir():
        return ()
    names = (entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return tuple(sorted(name.removesuffix(".json") for name in names))


@cache
def shipped_quality(taxonomy: str) -> dict[str, MeasuredConcept]:
    """The shipped classifier's figures per concept; empty when none is shipped."""
    path = resources.files(MODELS_PACKAGE).joinpath(f"{MODELS_FOLDER}/{taxonomy}.json")
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_quality(taxonomy, data.get("quality", data))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GovatlasError(
            f"the shipped classifier for {taxonomy} is damaged ({exc})", "reinstall govatlas"
        ) from exc
