"""Which MIT risk domain an incident belongs to, for incidents AIID has not coded.

AIID codes most incidents with an MIT risk domain; the rest (about one in eight) get a
prediction from a model trained on the coded ones: word and word-pair tf-idf of the
title and description, and a multinomial logistic regression. It is measured the way
it is used: 5-fold stratified cross-fitting over the coded incidents, each incident
predicted by a model that never saw it, scored against AIID's own coding per domain
(precision, recall, F1, with 95 % Jeffreys intervals on precision and recall), beside the
majority-class baseline. A prediction is shown as a prediction, with the model's
measured figures for its domain; it never links an incident to an FLI risk (a domain
names no subdomain).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline

from govatlas.incidents.domains import DOMAINS
from govatlas.incidents.records import Incident
from govatlas.proportions import jeffreys_interval

FOLDS = 5
Interval = tuple[float, float] | None
SEED = 13


def _pipeline() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english"),
        LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced"),
    )


@dataclass(frozen=True)
class DomainScore:
    domain: str
    support: int
    precision: float | None
    recall: float | None
    f1: float | None
    precision_interval: tuple[float, float] | None
    recall_interval: tuple[float, float] | None


@dataclass(frozen=True)
class DomainModelQuality:
    incidents: int
    accuracy: float
    macro_f1: float
    majority_accuracy: float
    domains: list[DomainScore]

    def of(self, domain: str) -> DomainScore | None:
        return next((d for d in self.domains if d.domain == domain), None)


def _prf(truth: list[str], predicted: list[str], domain: str) -> tuple[int, int, int]:
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == domain)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if p == domain and t != domain)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == domain and p != domain)
    return tp, fp, fn


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _intervals(tp: int, fp: int, fn: int) -> tuple[Interval, Interval]:
    """95 % Jeffreys intervals of precision and recall (``proportions``): a bootstrap over
    incidents collapses on a domain with a handful of them; none without a denominator."""

    def bounds(hits: int, total: int) -> Interval:
        if not total:
            return None
        low, high = jeffreys_interval(hits, total)
        return (round(low, 3), round(high, 3))

    return bounds(tp, tp + fp), bounds(tp, tp + fn)


def cross_fit(incidents: list[Incident]) -> tuple[list[str], list[str]]:
    """AIID's domain and the cross-fitted prediction, for every coded incident."""
    coded = [i for i in incidents if i.domain in DOMAINS]
    texts = [i.text for i in coded]
    truth = [str(i.domain) for i in coded]
    predicted = [""] * len(coded)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(texts, truth):
        model = _pipeline().fit([texts[k] for k in train], [truth[k] for k in train])
        for k, label in zip(test, model.predict([texts[k] for k in test]), strict=True):
            predicted[k] = str(label)
    return truth, predicted


def measure(incidents: list[Incident]) -> DomainModelQuality:
    truth, predicted = cross_fit(incidents)
    scores = []
    for domain in DOMAINS:
        tp, fp, fn = _prf(truth, predicted, domain)
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
        scores.append(
            DomainScore(
                domain,
                tp + fn,
                None if p is None else round(p, 3),
                None if r is None else round(r, 3),
                None if f1 is None else round(f1, 3),
                *_intervals(tp, fp, fn),
            )
        )
    f1s = [s.f1 for s in scores if s.f1 is not None and s.support]
    majority = Counter(truth).most_common(1)[0][1] / len(truth)
    accuracy = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth)
    return DomainModelQuality(
        len(truth),
        round(accuracy, 3),
        round(sum(f1s) / len(f1s), 3),
        round(majority, 3),
        scores,
    )


def predict_uncoded(incidents: list[Incident]) -> dict[int, str]:
    """A predicted domain for every incident AIID has not coded."""
    coded = [i for i in incidents if i.domain in DOMAINS]
    rest = [i for i in incidents if i.domain not in DOMAINS]
    if not coded or not rest:
        return {}
    model = _pipeline().fit([i.text for i in coded], [str(i.domain) for i in coded])
    return {
        i.id: str(label)
        for i, label in zip(rest, model.predict([i.text for i in rest]), strict=True)
    }
