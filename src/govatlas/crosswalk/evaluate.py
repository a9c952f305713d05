"""How well candidate generation recovers the published human crosswalks.

For each imported table, its source provisions are the queries and the distinct
target provisions it cites are the candidates. Reported per table:

- ``recall@k``: share of a source's gold targets found in its top k, with the
  denominator capped at k (a source with 12 gold targets can still reach 1.0
  at k = 10), averaged over sources;
- ``MRR``: mean reciprocal rank of the first gold target.

A table has *full text* when the typical provision on each side is more than a
title (median length at least ``FULL_TEXT_CHARS``); tables that pair titles only
(ISO clause names, AI Verify test names) are reported but say less about how
well texts are aligned.

The shipped ranker (``align.SHIPPED_RANKER``, fixed weights) is compared with
every single signal it fuses (BM25, character n-grams, MiniLM, e5) and with two
fitted rankers: weights refitted on the *other* tables only (leave-one-table-out,
``refit``), and on the tables whose source framework differs from the evaluated
table's (``new pair``: how a fitted ranker fares on a framework it never saw).
Another figure shows what reviewing buys (``simulated_review``):
the fused ranker with review assist (``assist``) once ``REVIEWED_SHARE`` of the
table's sources are reviewed, scored on the others (mean of ``REVIEW_DRAWS``
random draws). Tasks made of people's own judgements (``crosswalk.reviewed_tasks``)
are learnt from but not evaluated, and never when both their instruments are
among the evaluated table's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder
from govatlas.crosswalk.align import (
    DEFAULT_WEIGHTS,
    FEATURES,
    PairFeatures,
    VectorCache,
    e5_passages,
    pair_features,
)
from govatlas.crosswalk.link_memory import LinkedTable, LinkMemory, build_memory
from govatlas.crosswalk.neighbour_votes import assist_weight, assisted
from govatlas.crosswalk.published import CITATION_PREFIX
from govatlas.crosswalk.scaling import Matrix
from govatlas.records import Passage
from govatlas.store.crosswalk_rows import cited_pairs, instruments_of, provision_texts_by_id

KS = (1, 5, 10)
FULL_TEXT_CHARS = 80
REVIEWED_SHARE = 0.2
REVIEW_DRAWS = 10


@dataclass
class GoldTable:
    """One published crosswalk as an evaluation task."""

    key: str
    sources: list[Passage]
    targets: list[Passage]
    gold: dict[int, set[int]]  # source index -> target indexes
    instruments: frozenset[str] = frozenset()
    evaluated: bool = True  # False: learnt from, never evaluated (reviewed judgements)
    source_instruments: frozenset[str] = frozenset()  # the framework the sources come from

    @property
    def pairs(self) -> int:
        return sum(len(g) for g in self.gold.values())

    @property
    def full_text(self) -> bool:
        return all(
            float(np.median([len(p.text) for p in side])) >= FULL_TEXT_CHARS
            for side in (self.sources, self.targets)
        )


@dataclass
class Scores:
    recall: dict[int, float]
    mrr: float

    @staticmethod
    def columns(prefix: str, ks: Sequence[int] = KS) -> list[str]:
        return [f"{prefix}recall@{k}" for k in ks] + [f"{prefix}mrr"]

    def row(self, prefix: str) -> dict[str, float]:
        values = [round(v, 3) for v in self.recall.values()] + [round(self.mrr, 3)]
        return dict(zip(self.columns(prefix, list(self.recall)), values, strict=True))


SINGLE_SIGNALS = {"bm25": "bm25", "chars": "chars", "minilm": "dense", "e5": "e5_csls"}


@dataclass
class TableResult:
    key: str
    sources: int
    targets: int
    pairs: int
    fused: Scores  # the shipped ranker
    lexical: Scores
    embedding: Scores
    full_text: bool
    weights: dict[str, float] = field(default_factory=dict)  # the leave-one-out refit's
    reviewed_pairs: int = 0  # pairs of people's own judgements learnt from
    assisted: Scores | None = None  # after REVIEWED_SHARE of the sources are reviewed
    singles: dict[str, Scores] = field(default_factory=dict)  # every signal alone
    refit: Scores | None = None  # weights fitted on the other tables
    new_pair: Scores | None = None  # weights fitted on tables of other source frameworks
    unremembered: Scores | None = None  # the shipped ranker without the memory of links

    @property
    def best_single(self) -> tuple[str, Scores]:
        """The single signal with the best recall@10 on this table."""
        name = max(self.singles, key=lambda k: self.singles[k].recall[max(KS)])
        return name, self.singles[name]

    def row(self, separator: str = " ") -> dict[str, object]:
        """One flat row: sizes, then the fused ranker and the two baselines."""
        row: dict[str, object] = {
            "table": self.key,
            "full text": "yes" if self.full_text else "titles",
            "sources": self.sources,
            "targets": self.targets,
            "pairs": self.pairs,
            "reviewed pairs learnt": self.reviewed_pairs,
        }
        row.update(self.fused.row(""))
        unremembered = f"without memory{separator}"
        if self.unremembered is None:  # no memory was read, or it knew none of the targets
            row.update(dict.fromkeys(Scores.columns(unremembered)))
        else:
            row.update(self.unremembered.row(unremembered))
        row.update(self.lexical.row(f"bm25{separator}"))
        row.update(self.embedding.row(f"minilm{separator}"))
        for name, scores in self.singles.items():
            if name not in ("bm25", "minilm"):
                row.update(scores.row(f"{name}{separator}"))
        for name, fitted in (
            (f"refit{separator}", self.refit),
            (f"new pair{separator}", self.new_pair),
        ):
            if fitted is None:
                row.update(dict.fromkeys(Scores.columns(name)))
            else:
                row.update(fitted.row(name))
        prefix = f"{round(REVIEWED_SHARE * 100)}% reviewed{separator}"
        if self.assisted is None:  # too few sources to hold any out: the columns stay empty
            row.update(dict.fromkeys(Scores.columns(prefix)))
        else:
            row.update(self.assisted.row(prefix))
        return row


def ranking_scores(scores: Matrix, gold: Mapping[int, set[int]], ks: Sequence[int] = KS) -> Scores:
    """Capped recall@k and MRR of a score matrix against gold target indexes."""
    recall: dict[int, list[float]] = {k: [] for k in ks}
    reciprocal = []
    for i, targets in gold.items():
        order = list(np.argsort(-scores[i], kind="stable"))
        for k in ks:
            found = len(set(order[:k]) & targets)
            recall[k].append(found / min(len(targets), k))
        first = min(order.index(j) for j in targets)
        reciprocal.append(1.0 / (first + 1))
    return Scores({k: float(np.mean(v)) for k, v in recall.items()}, float(np.mean(reciprocal)))


def simulated_review(
    scores: Matrix,
    source_cosine: Matrix,
    gold: Mapping[int, set[int]],
    share: float = REVIEWED_SHARE,
    draws: int = REVIEW_DRAWS,
    seed: int = 0,
) -> Scores | None:
    """Ranking figures on the unreviewed sources once ``share`` of them are reviewed
    (their gold targets known), averaged over ``draws`` random choices of which.

    None when the table has too few sources to leave any out.
    """
    sources = sorted(gold)
    count = round(share * len(sources))
    if count < 1 or count >= len(sources):
        return None
    rng = np.random.default_rng(seed)
    runs = []
    for _ in range(draws):
        chosen = set(rng.choice(sources, count, replace=False).tolist())
        linked = {i: gold[i] for i in chosen}
        ranked = assisted(scores, source_cosine, linked, assist_weight(DEFAULT_WEIGHTS))
        runs.append(ranking_scores(ranked, {i: g for i, g in gold.items() if i not in chosen}))
    return Scores(
        {k: float(np.mean([run.recall[k] for run in runs])) for k in runs[0].recall},
        float(np.mean([run.mrr for run in runs])),
    )


def gold_tables(session: Session, citations: Sequence[str]) -> list[GoldTable]:
    """Evaluation tasks from the imported relationships of each citation."""
    tables = []
    for citation in citations:
        pairs = cited_pairs(session, citation)
        if not pairs:
            continue
        source_ids = sorted({s for s, _ in pairs})
        target_ids = sorted({t for _, t in pairs})
        texts = provision_texts_by_id(session, source_ids + target_ids)
        instruments = instruments_of(session, source_ids + target_ids)
        source_index = {p: i for i, p in enumerate(source_ids)}
        target_index = {p: i for i, p in enumerate(target_ids)}
        gold: dict[int, set[int]] = defaultdict(set)
        for s, t in pairs:
            gold[source_index[s]].add(target_index[t])
        tables.append(
            GoldTable(
                citation.removeprefix(CITATION_PREFIX),
                [Passage(str(p), texts[p]) for p in source_ids],
                [Passage(str(p), texts[p]) for p in target_ids],
                dict(gold),
                frozenset(instruments),
                source_instruments=frozenset(instruments_of(session, source_ids)),
            )
        )
    return tables


def _labels(table: GoldTable) -> np.ndarray:
    labels = np.zeros((len(table.sources), len(table.targets)), dtype=np.int8)
    for i, targets in table.gold.items():
        labels[i, list(targets)] = 1
    return labels


def fit_weights(features: Sequence[PairFeatures], labels: Sequence[np.ndarray]) -> dict[str, float]:
    """Logistic-regression weights of the fused score, from gold pairs."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([f.stacked().reshape(-1, len(FEATURES)) for f in features])
    y = np.concatenate([label.ravel() for label in labels])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(x, y)
    return {name: round(float(w), 3) for name, w in zip(FEATURES, model.coef_[0], strict=True)}


@dataclass
class ScoredTables:
    """Every table's pair features and gold labels, computed once."""

    tables: list[GoldTable]
    features: list[PairFeatures]
    labels: list[np.ndarray]


def linked_table(table: GoldTable) -> LinkedTable:
    """A table's human pairs as texts, as the memory of published links reads them."""
    pairs = [
        (table.sources[s].text, table.targets[t].text)
        for s, targets in sorted(table.gold.items())
        for t in sorted(targets)
    ]
    return LinkedTable(table.key, pairs)


def table_memory(tables: Sequence[GoldTable], cache: VectorCache | None = None) -> LinkMemory:
    """The memory of the published tables' links (``crosswalk.link_memory``)."""
    published = [linked_table(t) for t in tables if t.evaluated]
    return build_memory(published, lambda texts: e5_passages(texts, cache))


def score_tables(
    tables: Sequence[GoldTable],
    embedder: Embedder | None = None,
    progress: Callable[[str], None] = lambda _: None,
    remembered: Sequence[GoldTable] = (),
    cache: VectorCache | None = None,
) -> ScoredTables:
    """Every table's signals. With ``remembered`` tables, each table is also scored by
    the memory of their links, less its own (so none is scored by its own answers)."""
    cache = cache or VectorCache()
    memory = table_memory(remembered, cache) if remembered else None
    features = []
    for table in tables:
        progress(f"scoring {table.key}")
        own = memory.without({table.key}) if memory is not None else None
        features.append(pair_features(table.sources, table.targets, embedder, cache, memory=own))
    return ScoredTables(list(tables), features, [_labels(t) for t in tables])


RELATED_GRID = np.arange(-1.0, 4.01, 0.25)


def related_threshold(scored: ScoredTables, weights: Mapping[str, float]) -> float:
    """The fused score from which a pair is best called related: the threshold with
    the highest F1 against every table's human pairs taken together."""
    scores = np.concatenate([f.fused(weights).ravel() for f in scored.features])
    gold = np.concatenate([label.ravel() for label in scored.labels]).astype(bool)

    def f1(threshold: float) -> float:
        chosen = scores >= threshold
        found = int((chosen & gold).sum())
        return 2 * found / (int(chosen.sum()) + int(gold.sum()) or 1)

    return float(max(RELATED_GRID, key=f1))


def _learnt_from(tables: Sequence[GoldTable], index: int) -> list[int]:
    """What the ranker evaluated on table ``index`` may learn from (module docstring)."""
    evaluated = tables[index]
    return [
        i
        for i, table in enumerate(tables)
        if i != index and (table.evaluated or not table.instruments <= evaluated.instruments)
    ]


def _other_sources(tables: Sequence[GoldTable], index: int, others: Sequence[int]) -> list[int]:
    """Of ``others``, the tables whose source framework is not the evaluated table's."""
    own = tables[index].source_instruments
    return [i for i in others if not (own and tables[i].source_instruments & own)]


def _fitted(scored: ScoredTables, learnt: Sequence[int]) -> dict[str, float]:
    if not learnt:
        return {}
    return fit_weights([scored.features[i] for i in learnt], [scored.labels[i] for i in learnt])


def evaluate_scored(scored: ScoredTables) -> list[TableResult]:
    """Every evaluated table: the shipped ranker, each single signal, and rankers
    fitted leaving the table (``refit``) or its source framework (``new pair``) out."""
    tables, features = scored.tables, scored.features
    results = []
    for index, table in enumerate(tables):
        if not table.evaluated:
            continue
        others = _learnt_from(tables, index)
        weights = _fitted(scored, others)
        elsewhere = _other_sources(tables, index, others)
        new_pair = _fitted(scored, elsewhere) if elsewhere != others else weights
        pairs = features[index]
        shipped = pairs.ranked()
        results.append(
            TableResult(
                table.key,
                len(table.sources),
                len(table.targets),
                table.pairs,
                ranking_scores(shipped, table.gold),
                ranking_scores(pairs.features["bm25"], table.gold),
                ranking_scores(pairs.cosine, table.gold),
                table.full_text,
                weights,
                sum(tables[i].pairs for i in others if not tables[i].evaluated),
                simulated_review(shipped, pairs.source_cosine, table.gold),
                {
                    name: ranking_scores(
                        pairs.cosine if feature == "dense" else pairs.features[feature], table.gold
                    )
                    for name, feature in SINGLE_SIGNALS.items()
                    if feature == "dense" or feature in pairs.features
                },
                ranking_scores(pairs.fused(weights), table.gold) if weights else None,
                ranking_scores(pairs.fused(new_pair), table.gold) if new_pair else None,
                ranking_scores(pairs.fused(), table.gold) if "memory" in pairs.features else None,
            )
        )
    return results


def evaluate_tables(
    tables: Sequence[GoldTable],
    embedder: Embedder | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[TableResult]:
    """Every evaluated table scored (``evaluate_scored``), the shipped ranker with the
    memory of the other tables' links."""
    return evaluate_scored(score_tables(tables, embedder, progress, remembered=tables))
