"""The memory of published links: recognising targets by wording, the signal, storage."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.crosswalk.align import align, e5_passages
from govatlas.crosswalk.link_memory import (
    MATCH_JACCARD,
    LinkedTable,
    LinkMemory,
    build_memory,
    normalised,
    packaged_memory,
    read_memory,
    save_memory,
    signature,
)
from govatlas.errors import InvalidInputError
from govatlas.records import Passage

# Our own wording, shaped like AI RMF subcategories and the items other tables link to them.
GOVERN = "GOVERN 1.1: Legal and regulatory requirements involving AI are understood and documented."
MEASURE = "MEASURE 2.7: AI system security and resilience are evaluated and documented."
LINKED = [
    LinkedTable(
        "table-a",
        [
            ("Keep a register of the laws that apply to each AI product.", GOVERN),
            ("Test models against adversarial attacks before release.", MEASURE),
        ],
    ),
    LinkedTable("table-b", [("Penetration testing of machine learning services.", MEASURE)]),
]


def _axes(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """A toy embedding: law-ish texts on one axis, security-ish texts on another."""
    rows = []
    for text in texts:
        words = text.lower()
        law = sum(w in words for w in ("law", "legal", "regulat", "register"))
        security = sum(w in words for w in ("attack", "penetration", "security", "adversarial"))
        vector = np.array([law, security, 0.1], dtype=np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows)


def test_a_leading_label_case_and_punctuation_do_not_change_the_wording() -> None:
    assert normalised(GOVERN) == normalised(
        "legal and regulatory requirements involving AI are understood and documented"
    )
    assert (signature(GOVERN) == signature(GOVERN.removeprefix("GOVERN 1.1: ").upper())).all()


def test_different_subcategories_are_told_apart() -> None:
    agreement = float((signature(GOVERN) == signature(MEASURE)).mean())
    assert agreement < MATCH_JACCARD


def test_passages_with_the_same_wording_are_one_and_every_link_keeps_its_table() -> None:
    memory = build_memory(LINKED, _axes)
    assert memory.passages == 5  # MEASURE is linked from both tables but stored once
    assert memory.tables == ("table-a", "table-a", "table-b")
    assert memory.without({"table-b"}).tables == ("table-a", "table-a")


def test_targets_are_recognised_by_wording_not_by_id() -> None:
    memory = build_memory(LINKED, _axes)
    known = memory.recognise(
        [
            "Legal and regulatory requirements involving AI are understood and documented",
            "Staff budgets are planned for each year.",
        ]
    )
    assert known[0] is not None and known[1] is None


def test_the_signal_prefers_the_target_whose_partners_are_close_to_the_source() -> None:
    memory = build_memory(LINKED, _axes)
    queries = _axes(["Run red-team attacks on the model.", "List the regulations in force."])
    signal = memory.signal(queries, [GOVERN, MEASURE, "Budgets are planned."])
    assert signal is not None
    assert signal[0, 1] > signal[0, 0]  # attacks: the security subcategory
    assert signal[1, 0] > signal[1, 1]  # regulations: the legal subcategory
    # a target the memory does not know takes the row's mean: neither first nor last
    assert min(signal[0, :2]) < signal[0, 2] < max(signal[0, :2])


def test_the_transposed_signal_reads_the_known_sources_against_each_target() -> None:
    memory = build_memory(LINKED, _axes)
    # the AI RMF is the source: each target is read as a query against its partners
    targets = ["Run red-team attacks on the model.", "List the regulations in force."]
    signal = memory.transposed_signal(_axes(targets), [GOVERN, MEASURE])
    assert signal is not None and signal.shape == (2, 2)  # sources by targets
    assert signal[1, 0] > signal[1, 1]  # MEASURE (security): the attacks first
    assert signal[0, 1] > signal[0, 0]  # GOVERN (legal): the regulations first
    assert np.allclose(signal.mean(axis=1), 0.0, atol=1e-5)  # standardised per source
    assert memory.transposed_signal(_axes(targets), ["Budgets are planned."]) is None


def test_no_signal_when_the_memory_knows_none_of_the_targets() -> None:
    memory = build_memory(LINKED, _axes)
    assert memory.signal(_axes(["anything"]), ["Budgets are planned."]) is None
    assert memory.without({"table-a", "table-b"}).signal(_axes(["x law"]), [GOVERN]) is None
    empty = build_memory([], _axes)
    assert empty.passages == 0 and empty.signal(_axes(["law"]), [GOVERN]) is None


def test_the_memory_round_trips_through_its_file_without_any_text(tmp_path: Path) -> None:
    memory = build_memory(LINKED, _axes)
    path = tmp_path / "memory.npz"
    save_memory(memory, path)
    assert b"Penetration" not in path.read_bytes()
    again = read_memory(path)
    assert again.tables == memory.tables
    assert (again.signatures == memory.signatures).all()
    assert np.allclose(again.vectors, memory.vectors, atol=1e-3)
    assert (again.links == memory.links).all()


def test_a_damaged_memory_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "memory.npz"
    path.write_bytes(b"not numpy")
    with pytest.raises(InvalidInputError, match=r"memory\.npz: not a link memory"):
        read_memory(path)


def test_the_packaged_memory_holds_the_published_links() -> None:
    memory = packaged_memory()
    assert isinstance(memory, LinkMemory)
    assert memory.passages > 500 and len(memory.tables) > 4000
    assert memory.signatures.shape[0] == memory.vectors.shape[0]
    assert int(memory.links.max()) < memory.passages


def test_align_ranks_up_the_target_whose_partner_is_the_source() -> None:
    # The source is, word for word, what table-b linked to MEASURE.
    memory = build_memory(LINKED, e5_passages)
    sources = [Passage("s1", "Penetration testing of machine learning services.")]
    targets = [Passage("legal", GOVERN), Passage("security", MEASURE)]

    def margin(memory: LinkMemory | None) -> float:
        scores = {c.target_id: c.score for c in align(sources, targets, top=2, memory=memory)}
        return scores["security"] - scores["legal"]

    assert margin(memory) > margin(None)
    assert margin(memory.without({"table-a", "table-b"})) == pytest.approx(margin(None))


def test_align_command_output_is_unchanged_when_the_memory_knows_no_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.delenv("GOVATLAS_MIRROR", raising=False)
    rows = [("s1", "Test models against adversarial attacks before release.")]
    targets = [("t1", "Budgets are planned every year."), ("t2", "Staff are trained in security.")]
    outputs = []
    for flag in ("--memory", "--no-memory"):
        source, target = tmp_path / "s.csv", tmp_path / "t.csv"
        for path, content in ((source, rows), (target, targets)):
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([("id", "text"), *content])
        out = tmp_path / f"out{flag}.csv"
        args = ["crosswalk", "align", str(source), str(target), "--out", str(out), flag]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].splitlines()[0] == "source_id,target_id,rank,score,relationship"
