"""International commitments on a tiny hand-made set of adherence facts.

The fixture catalog's instruments stand in for international ones: alpha-act is
"signed" by France and the United States and "ratified" by France; gamma-guidance
"adhered" to by France, Germany and Kenya; delta-order "endorsed" by the United
States and China. France {alpha, gamma} and the United States {alpha, delta} share
one of three instruments: a Jaccard index of 1/3.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.analytics.commitments import (
    NO_RECORD,
    AdherenceFacts,
    PartyAct,
    Place,
    adherence_map,
    compare_parties,
    instrument_summary,
    jaccard,
    member_regions,
    shared_commitments,
    world_matrix,
)
from govatlas.cli import app
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.models import Adherence
from govatlas.store.session import transaction
from govatlas.vocabulary import AdherenceAct

SOURCE = "https://example.org/parties"
FACTS = [
    ("alpha-act", AdherenceAct.SIGNED, date(2024, 9, 5), "day", ["FRA", "USA"]),
    ("alpha-act", AdherenceAct.RATIFIED, date(2025, 3, 1), "month", ["FRA"]),
    ("gamma-guidance", AdherenceAct.ADHERED, date(2019, 5, 22), "day", ["FRA", "DEU", "KEN"]),
    ("delta-order", AdherenceAct.ENDORSED, None, "day", ["USA", "CHN"]),
]
runner = CliRunner(env={"COLUMNS": "200"})


def add_facts(engine: Engine) -> None:
    with transaction(engine) as session:
        for instrument, act, day, precision, parties in FACTS:
            for party in parties:
                session.add(
                    Adherence(
                        instrument_id=instrument,
                        party=party,
                        act=act,
                        date=day,
                        precision=precision,
                        source_url=f"{SOURCE}/{instrument}",
                        note="Partial list." if instrument == "delta-order" else None,
                    )
                )


@pytest.fixture
def adhering(built: Engine) -> Engine:
    add_facts(built)
    return built


def _act(instrument: str, *acts: AdherenceAct) -> PartyAct:
    return PartyAct(instrument, acts, "", ())


def test_jaccard_on_hand_made_sets() -> None:
    assert jaccard({"a", "b", "c"}, {"b", "c", "d"}) == 0.5
    assert jaccard({"a"}, {"a"}) == 1.0
    assert jaccard({"a"}, {"b"}) == 0.0
    assert jaccard(set(), set()) is None
    facts = AdherenceFacts(
        {
            "AAA": {i: _act(i, AdherenceAct.ADHERED) for i in ("i1", "i2", "i3", "i4")},
            "BBB": {i: _act(i, AdherenceAct.ENDORSED) for i in ("i3", "i4", "i5")},
        },
        {"i1": "One", "i2": "Two", "i3": "Three", "i4": "Four", "i5": "Five"},
        {},
    )
    result = compare_parties(facts, Place("AAA", "A", True), Place("BBB", "B", True))
    assert result.index == pytest.approx(2 / 5)
    assert [s.instrument for s in result.shared] == ["i4", "i3"]  # by name: Four, Three
    assert [a.instrument for a in result.only_a] == ["i1", "i2"]
    assert [a.instrument for a in result.only_b] == ["i5"]
    nobody = compare_parties(facts, Place("CCC", "C", True), Place("DDD", "D", True))
    assert nobody.index is None and "nothing to compare" in nobody.describe()


def test_shared_commitments_of_two_states(adhering: Engine) -> None:
    with transaction(adhering) as session:
        result = shared_commitments(session, "fra", "United States")
        assert (result.a.id, result.b.id) == ("FRA", "USA")
        # delta-order's list of parties is partial: France's lack of a record there says
        # nothing, so that row counts in neither part of the index
        assert result.index == pytest.approx(1 / 2)
        assert [x.instrument for x in result.uncounted] == ["delta-order"]
        [shared] = result.shared
        assert shared.instrument == "alpha-act"
        # France signed and ratified: the ratification leads, with its date and precision
        assert shared.a.acts == (AdherenceAct.RATIFIED, AdherenceAct.SIGNED)
        assert shared.a.date == "2025-03"
        assert shared.b.acts == (AdherenceAct.SIGNED,) and shared.b.date == "2024-09-05"
        assert [a.instrument for a in result.only_a] == ["gamma-guidance"]
        assert [a.instrument for a in result.only_b] == ["delta-order"]
        record = result.as_dict()
        assert record["index"] == 0.5 and record["union_count"] == 2
        assert [x["instrument"] for x in record["uncounted_partial"]] == ["delta-order"]
        rows = result.rows()
        assert rows[0]["France act"] == "ratified, signed"
        assert {r["held by"] for r in rows} == {
            "both",
            "France only",
            "United States on record (partial list: the other not known)",
        }
        assert next(r for r in rows if r["held by"] == "France only")["United States act"] == (
            "no record"
        )
        with pytest.raises(NotFoundError, match="ATLANTIS"):
            shared_commitments(session, "FRA", "ATLANTIS")
        with pytest.raises(InvalidInputError, match="twice"):
            shared_commitments(session, "FRA", "France")


def test_world_matrix_and_summary_by_region(adhering: Engine) -> None:
    with transaction(adhering) as session:
        regions = member_regions(session)
        matrix = world_matrix(session)
        summary = {s.instrument: s for s in instrument_summary(session)}
        france_map = adherence_map(session, "gamma-guidance")
    assert len(regions) == 193 and regions["KEN"] == "Africa" and regions["FRA"] == "Europe"
    assert len(matrix.states) == 193
    # most Member States first; all three instruments have at least two
    assert [i for i, _ in matrix.instruments] == ["gamma-guidance", "alpha-act", "delta-order"]
    cell = matrix.cell("FRA", "alpha-act")
    assert cell is not None and cell.act is AdherenceAct.RATIFIED
    assert matrix.cell("KEN", "alpha-act") is None  # no record, not "not adhering"
    records = {r["id"]: r for r in matrix.records()}
    assert records["KEN"]["cells"]["alpha-act"] is None  # type: ignore[index]
    row = next(r for r in matrix.table_rows() if r["id"] == "USA")
    assert (
        row["Alpha Act"] == "signed" and row["Delta Order"] == "endorsed"
    )  # headed by short names
    gamma = summary["gamma-guidance"]
    assert (gamma.adhering, gamma.members) == (3, 193)
    by_region = {r.region: r for r in gamma.regions}
    assert set(by_region) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert (by_region["Europe"].adhering, by_region["Africa"].adhering) == (2, 1)
    assert by_region["Europe"].members + by_region["Africa"].members < 193
    assert gamma.spread == pytest.approx(2 / by_region["Europe"].members)
    assert gamma.acts == {"adhered": 3}
    assert summary["delta-order"].partial and not gamma.partial
    assert summary["alpha-act"].sources == (f"{SOURCE}/alpha-act",)
    assert france_map.counts == {"adhered": 3, NO_RECORD: 190}
    assert france_map.classes["KEN"] == "adhered"


def test_adherence_map_of_an_unknown_instrument(adhering: Engine) -> None:
    with transaction(adhering) as session, pytest.raises(NotFoundError):
        adherence_map(session, "beta-bill")


def test_commitments_command(adhering: Engine, env_db: str) -> None:
    table = runner.invoke(app, ["commitments", "FRA", "USA"])
    assert table.exit_code == 0, table.output
    flat = " ".join(table.output.split())
    assert "index 0.50" in flat and "1 more held by one side on a list of parties" in flat
    assert "not a checked absence" in table.output
    as_json = json.loads(runner.invoke(app, ["commitments", "FRA", "USA", "-f", "json"]).output)
    assert as_json["a"]["id"] == "FRA" and as_json["shared"][0]["instrument"] == "alpha-act"
    csv_out = runner.invoke(app, ["commitments", "FRA", "USA", "-f", "csv"]).output
    header, first = csv_out.splitlines()[:2]
    assert (
        header == "instrument,held by,France act,France date,United States act,United States date"
    )
    assert first.startswith('Alpha Act,both,"ratified, signed",2025-03,signed,2024-09-05')
    matrix = runner.invoke(app, ["commitments", "--matrix", "-f", "csv"]).output.splitlines()
    assert matrix[0] == "id,name,region,Gamma Guidance,Alpha Act,Delta Order" and len(matrix) == 194
    summary = runner.invoke(app, ["commitments", "--summary"])
    assert summary.exit_code == 0 and "Member States" in summary.output
    rows = json.loads(runner.invoke(app, ["commitments", "--summary", "-f", "json"]).output)
    assert rows[0]["instrument"] == "gamma-guidance" and rows[0]["member_states"] == 3
    for args, code, words in [
        (["commitments", "FRA", "ATLANTIS"], 6, "no jurisdiction 'ATLANTIS'"),
        (["commitments", "FRA"], 3, "need exactly two"),
        (["commitments"], 3, "choose one"),
        (["commitments", "--matrix"], 3, "too wide for a table"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == code and words in result.output, result.output
