"""Coverage count intervals on hand-made cases: they contain the count, widen with weaker or
less measured classifiers, are exact on people's labels, absent when experimental, and the
same from run to run; the store's evidence feeds them and the CLI shows them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.analytics import coverage as coverage_module
from govatlas.analytics.coverage import coverage
from govatlas.analytics.coverage_intervals import (
    COUNTED_STATES,
    COVERED,
    Basis,
    CountInterval,
    CountSimulation,
    CoverageIntervals,
    Holding,
    Measured,
    Unit,
    miss_probability,
)
from govatlas.classify.measured.shipped import (
    MIN_TEST_PREDICTED,
    PRECISION_FLOOR,
    PROVISION_MODEL,
    MeasuredConcept,
    parse_quality,
    shipped_quality,
)
from govatlas.cli import app
from govatlas.store.models import Label, LabellingRun, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, ReviewStatus, Status
from tests.analytics.test_coverage import BLOCK, _instrument, _label, _read_by_the_model, _with_text
from tests.measured import at_the_floor, measure

IN_FORCE = (0,)
ANY = (0, 1, 2, 3)


def _units(machine: int = 0, unflagged: int = 0, people: int = 0, absent: int = 0) -> list[Unit]:
    """Rows with one national law in force each: covered by machine labels only, read with
    nothing found, covered by people's labels, or coded absent by people."""
    units = [
        Unit(f"m{i}", True, (Holding(f"m-law-{i}", 0, Basis.MACHINE),)) for i in range(machine)
    ]
    units += [
        Unit(f"u{i}", True, (Holding(f"u-law-{i}", 0, Basis.UNFLAGGED),)) for i in range(unflagged)
    ]
    units += [Unit(f"p{i}", True, (Holding(f"p-law-{i}", 0, Basis.PEOPLE),)) for i in range(people)]
    units += [Unit(f"a{i}", True) for i in range(absent)]
    return units


def _width(found: CountInterval) -> int:
    assert found.low is not None and found.high is not None
    return found.high - found.low


@pytest.mark.parametrize(
    ("units", "measured"),
    [
        (_units(machine=29, unflagged=39), Measured(2, 0, 9, 29, 68)),  # low recall: undercount
        (_units(machine=29, absent=39), Measured(8, 3, 2)),  # low precision: overcount
        (_units(machine=5, unflagged=10, people=3, absent=50), Measured(9, 1, 3, 5, 15)),
        (_units(unflagged=20), Measured(10, 1, 10, 0, 20)),
    ],
)
def test_the_interval_contains_the_stated_count(units: list[Unit], measured: Measured) -> None:
    simulation = CountSimulation(units, measured)
    for ranks in (IN_FORCE, ANY):
        found = simulation.interval(ranks)
        assert found.low is not None and found.high is not None and found.median is not None
        assert found.low <= found.count <= found.high
        assert found.low >= 0 and found.high <= found.assessed == len(units)
    assert simulation.interval(ANY).count == sum(u.stated_rank == 0 for u in units)


def test_lower_precision_widens_the_interval() -> None:
    units = _units(machine=20, absent=20)
    sharp = CountSimulation(units, Measured(30, 1, 10)).interval(IN_FORCE)
    loose = CountSimulation(units, Measured(30, 12, 10)).interval(IN_FORCE)
    assert _width(loose) > _width(sharp)
    assert loose.low is not None and sharp.low is not None and loose.low < sharp.low


def test_figures_measured_on_fewer_positives_widen_the_interval() -> None:
    """The same precision (1.00) and recall (0.50), measured on 4 or on 40 test positives."""
    units = _units(machine=10, unflagged=10, absent=20)
    few = CountSimulation(units, Measured(2, 0, 2, 10, 20)).interval(IN_FORCE)
    many = CountSimulation(units, Measured(20, 0, 20, 10, 20)).interval(IN_FORCE)
    assert _width(few) > _width(many)


def test_a_count_resting_on_people_alone_is_exact() -> None:
    found = CountSimulation(_units(people=7, absent=11), Measured(2, 0, 9, 4, 10)).interval(ANY)
    assert (found.count, found.low, found.high, found.assessed) == (7, 7, 7, 18)
    assert found.text == "7 (95% interval 7–7) of 18 assessed"


def test_experimental_and_unmeasured_concepts_have_no_interval() -> None:
    units = _units(machine=3, people=2, absent=5)
    found = CountSimulation(units, None).interval(ANY)
    assert (found.count, found.low, found.high, found.median) == (5, None, None, None)
    assert found.figure == "5" and found.text == "5 of 10 assessed"
    below_floor = MeasuredConcept("t", "c", 0.5, 0.6, 0.5, 0.55, 40, test_predicted=20)
    too_few = MeasuredConcept("t", "c", 0.5, 1.0, 0.5, 0.67, 4, test_predicted=2)
    unmeasurable = MeasuredConcept("t", "c", 0.5, None, 0.0, 0.0, 12, test_predicted=0)
    for quality in (below_floor, too_few, unmeasurable, None):
        assert Measured.from_quality(quality, 3, 10) is None
    measured = MeasuredConcept("t", "c", 0.5, 0.9, 0.6, 0.72, 40, test_predicted=27)
    assert Measured.from_quality(measured, 3, 10) == Measured(24, 3, 16, 3, 10)


def test_the_same_seed_gives_the_same_interval() -> None:
    units = _units(machine=12, unflagged=30, people=2)
    measured = Measured(8, 1, 2, 12, 42)
    first = CountSimulation(units, measured, seed=7, stream="fli-blocks:x")
    second = CountSimulation(units, measured, seed=7, stream="fli-blocks:x")
    assert first.levels is not None and second.levels is not None
    assert (first.levels == second.levels).all()
    assert first.interval(IN_FORCE) == second.interval(IN_FORCE)


def test_one_instrument_is_right_or_wrong_in_every_row_it_applies_in() -> None:
    """EU law labelled by the machine alone covers its 27 member states, or none."""
    units = [Unit(f"s{i}", True, (Holding("eu-reg", 0, Basis.MACHINE),)) for i in range(27)]
    simulation = CountSimulation(units, Measured(6, 2, 3))
    assert simulation.levels is not None
    per_draw = (simulation.levels == 0).sum(axis=1)
    assert set(per_draw.tolist()) == {0, 27}
    found = simulation.interval(IN_FORCE)
    assert (found.count, found.low, found.high) == (27, 0, 27)


def test_a_missed_law_may_outrank_what_was_found() -> None:
    """People found a non-binding text; the classifier read the law in force and found
    nothing: the row is covered in every draw, in force in some."""
    unit = Unit(
        "x",
        True,
        (Holding("strategy", 3, Basis.PEOPLE), Holding("law", 0, Basis.UNFLAGGED)),
    )
    simulation = CountSimulation([unit], Measured(2, 0, 18, 1, 2))
    assert simulation.interval(ANY) == CountInterval(1, 1, 1, 1, 1)
    in_force = simulation.interval(IN_FORCE)
    assert in_force.count == 0 and in_force.high == 1
    assert simulation.interval((3,)).low == 0  # non-binding only, unless the law is missed


def test_miss_probability_follows_the_base_rate() -> None:
    precision, recall = np.array([1.0, 1.0, 1.0]), np.array([0.5, 0.5, 0.5])
    # a fifth flagged at recall 0.5: two fifths truly cover, one fifth missed among four
    # fifths unflagged; more flagged than recall allows: every unflagged one is missed
    found = miss_probability(precision, recall, np.array([0.2, 0.6, 0.0]))
    assert found.tolist() == pytest.approx([0.25, 1.0, 0.0])


def test_test_counts_come_from_the_shipped_model_file() -> None:
    path = resources.files("govatlas.classify").joinpath("data/provision-models/fli-blocks.json")
    test = json.loads(path.read_text("utf-8"))["models"]["institutional-arrangements"]["quality"]
    right = round(test["test"]["precision"] * test["test"]["predicted"])
    figures = shipped_quality("fli-blocks")["institutional-arrangements"]
    assert figures.assessable == (
        test["test"]["precision"] >= PRECISION_FLOOR
        and test["test"]["positives"] >= 10
        and test["test"]["predicted"] >= MIN_TEST_PREDICTED
    )
    assert figures.confusion == (
        right,
        test["test"]["predicted"] - right,
        test["test"]["positives"] - right,
    )
    parsed = parse_quality(
        "t",
        {
            "concepts": {
                "c": {"threshold": 0.5, "test": {"precision": 0.75, "recall": 0.5, "positives": 12}}
            }
        },
    )
    assert parsed["c"].confusion == (6, 2, 6)  # no predicted count: from the precision


def _measure(monkeypatch: pytest.MonkeyPatch, precision: float = 0.9) -> None:
    measured = MeasuredConcept(
        "fli-blocks", "emergency-response", 0.5, precision, 0.5, 0.64, 40, test_predicted=22
    )
    monkeypatch.setattr(
        coverage_module,
        "shipped_quality",
        lambda taxonomy: {"emergency-response": measured} if taxonomy == "fli-blocks" else {},
    )


def _model_label(session: Session, provision: int, status: ReviewStatus) -> None:
    session.add(
        Label(
            concept_id=BLOCK,
            provision_id=provision,
            method=LabelMethod.MODEL,
            model_id=PROVISION_MODEL,
            score=0.9,
            review_status=status,
        )
    )


def test_the_store_says_what_each_state_rests_on(
    built: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _measure(monkeypatch)
    with transaction(built) as session:
        for ident, country in (("nor-law", "NOR"), ("swe-law", "SWE"), ("dnk-law", "DNK")):
            _instrument(
                session, ident, country, InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE
            )
        _read_by_the_model(session, "nor-law")  # read, nothing found
        flagged = _with_text(session, "swe-law")  # read, labelled by the classifier
        _model_label(session, flagged, ReviewStatus.UNREVIEWED)
        session.add(
            LabellingRun(
                version_id=session.get(Provision, flagged).version_id,  # type: ignore[union-attr]
                taxonomy_id="fli-blocks",
                model_id=PROVISION_MODEL,
                model_version="t",
                units=1,
            )
        )
        _model_label(session, _with_text(session, "dnk-law"), ReviewStatus.ACCEPTED)
        _instrument(session, "isl-law", "ISL", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
        _label(session, "isl-law")  # a person's label
        _instrument(session, "che-law", "CHE", InstrumentType.LAW, Binding.BINDING, Status.IN_FORCE)
    rows = ["NOR", "SWE", "DNK", "ISL", "CHE"]
    with Session(built) as session:
        result = coverage(session, "fli-blocks", rows=rows)
    intervals = CoverageIntervals(result, rows)
    bases = {u.name: [h.basis for h in u.holdings] for u in intervals.units("emergency-response")}
    assert bases == {
        "NOR": [Basis.UNFLAGGED],
        "SWE": [Basis.MACHINE],
        "DNK": [Basis.PEOPLE],  # accepted by a person: exact
        "ISL": [Basis.PEOPLE],
        "CHE": [],  # not assessed: outside the count
    }
    # of the two texts the classifier read, it labelled one: NOR may be a missed cover
    assert intervals.reading("emergency-response") == (1, 2)
    found = intervals.interval("emergency-response", "binding-in-force")
    assert found.count == result.count("emergency-response", ["binding-in-force"], rows) == 3
    assert found.assessed == 4
    assert found.low is not None and found.high is not None
    assert 2 <= found.low <= 3 < found.high == 4  # SWE may be wrong, NOR missed
    assert intervals.measured("emergency-response")
    # red lines has no measured classifier: a count, no interval
    assert not intervals.measured("red-lines")
    assert intervals.interval("red-lines", COVERED).low is None
    records = intervals.records()
    assert len(records) == len(result.concepts) * len(COUNTED_STATES)
    first = next(r for r in records if r["concept"] == "emergency-response")
    assert {"count", "count_low", "count_high", "count_median", "assessed", "experimental"} <= set(
        first
    )


def test_the_cli_shows_counts_with_intervals(
    crosswalked: Engine, env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A provision of NIST's AI RMF labelled by the shipped classifier on institutional
    arrangements (measured to the floor here): the count carries an interval;
    experimental concepts' do not."""
    concept = "institutional-arrangements"
    measure(monkeypatch, {"fli-blocks": {concept: at_the_floor("fli-blocks", concept)}})
    with transaction(crosswalked) as session:
        provision = session.scalars(select(Provision).where(Provision.path == "govern.1.1")).first()
        assert provision is not None
        session.add(
            Label(
                concept_id="fli-blocks:institutional-arrangements",
                provision_id=provision.id,
                method=LabelMethod.MODEL,
                model_id=PROVISION_MODEL,
                score=0.9,
            )
        )
    runner = CliRunner(env={"COLUMNS": "240"})
    args = ["coverage", "--by", "instrument", "--counts", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = {(r["concept"], r["state"]): r for r in json.loads(result.output)}
    institutions = rows[("institutional-arrangements", COVERED)]
    assert institutions["count"] >= 1 and not institutions["experimental"]
    assert institutions["count_low"] <= institutions["count"] <= institutions["count_high"]
    red_lines = rows[("red-lines", COVERED)]
    assert red_lines["experimental"] and red_lines["count_low"] is None
    table = runner.invoke(app, ["coverage", "--by", "instrument"])
    assert table.exit_code == 0, table.output
    assert "95% interval" in table.output
    assert "experimental: " in table.output and "(no interval)" in table.output


def test_the_worked_example_in_the_docs_is_what_the_code_gives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """docs/coverage-intervals.md recomputes its example from a shipped model file; the
    figure it states is the one its snippet prints."""
    text = (Path(__file__).parents[2] / "docs" / "coverage-intervals.md").read_text("utf-8")
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(snippet, "docs/coverage-intervals.md", "exec"), {})
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("29 (95% interval ") and f"**{printed}**" in text
