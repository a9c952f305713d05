"""Incidents from records written for these tests: deduplicated and dated, classified
by domain and measured, counted by year with intervals, linked to rules, and shown."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.agreement import cohen_kappa as kappa
from govatlas.cli import app
from govatlas.incidents import rules as rules_module
from govatlas.incidents.ceiling import annotator_agreement
from govatlas.incidents.domain_model import _intervals, measure, predict_uncoded
from govatlas.incidents.overview import gaps, incident_views
from govatlas.incidents.records import Incident, load_incidents
from govatlas.incidents.trends import full_years, partial_years, trends, wilson
from tests.incidents.conftest import incidents_for_models

runner = CliRunner(env={"COLUMNS": "240"})


def test_records_become_deduplicated_incidents(incidents_store: Engine) -> None:
    with Session(incidents_store) as session:
        found = {i.id: i for i in load_incidents(session)}
    assert 8 not in found and found[1].duplicates == (8,)
    assert found[1].deployers == ("acme",) and found[1].date is not None
    assert (found[1].domain, found[1].subdomain) == ("1", "1.1")
    assert found[7].domain is None


def test_the_domain_model_is_measured_against_the_coding() -> None:
    figures = measure(incidents_for_models())
    assert figures.incidents == 42 and figures.accuracy >= 0.9
    assert figures.majority_accuracy == pytest.approx(6 / 42, abs=0.001)
    first = figures.of("1")
    assert first is not None and first.support == 6 and first.precision_interval is not None
    uncoded = Incident(99, None, "Loan bot", "biased hiring algorithm rejected women", (), (), ())
    assert predict_uncoded([*incidents_for_models(), uncoded]) == {99: "1"}


def test_trends_count_coded_and_predicted_apart_with_intervals() -> None:
    from datetime import date

    incidents = [
        Incident(1, date(2024, 1, 1), "a", "", (), (), (), "1"),
        Incident(2, date(2024, 2, 1), "b", "", (), (), (), "1"),
        Incident(3, date(2024, 3, 1), "c", "", (), (), ()),
        Incident(4, date(2010, 3, 1), "d", "", (), (), (), "7"),
    ]
    cells = {(c.year, c.domain): c for c in trends(incidents, {3: "7"})}
    assert (cells[(2024, "1")].coded, cells[(2024, "1")].predicted) == (2, 0)
    assert (cells[(2024, "7")].coded, cells[(2024, "7")].predicted) == (0, 1)
    assert cells[(2024, "1")].share == pytest.approx(2 / 3)
    low, high = cells[(2024, "1")].interval or (0, 0)
    assert low < 2 / 3 < high
    assert 2010 not in {year for year, _ in cells}
    assert wilson(0, 0) is None


def test_the_last_year_of_a_snapshot_says_it_is_partial() -> None:
    from datetime import date

    incidents = [
        Incident(1, date(2023, 12, 30), "a", "", (), (), (), "1"),
        Incident(2, date(2024, 3, 23), "b", "", (), (), (), "1"),
    ]
    cells = trends(incidents, {})
    assert partial_years(cells) == {2024: date(2024, 3, 23)}
    assert {c.year for c in full_years(cells)} == {2023}
    assert all(c.partial for c in cells if c.year == 2024)
    through_december = [*incidents, Incident(3, date(2024, 12, 31), "c", "", (), (), (), "1")]
    assert partial_years(trends(through_december, {})) == {}


def test_the_domain_models_intervals_do_not_collapse_on_few_incidents() -> None:
    precision, recall = _intervals(5, 0, 7)
    assert precision is not None and precision[1] == 1.0 and precision[0] < 0.7
    assert recall is not None and recall[0] < 5 / 12 < recall[1]
    assert _intervals(0, 0, 0) == (None, None)


def test_the_human_ceiling(incidents_store: Engine) -> None:
    assert kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    with Session(incidents_store) as session:
        found = {(a.field, a.pair): a for a in annotator_agreement(session)}
    level = found[("AI Harm Level", "1–2")]
    assert level.shared == 3 and level.agreement == pytest.approx(0.667, abs=0.001)
    assert found[("AI Harm Level", "1–3")].shared == 0


def test_links_to_rules_say_not_assessed_rather_than_none(
    incidents_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules_module, "shipped_quality", lambda _taxonomy: {})
    with Session(incidents_store) as session:
        views = {v.incident.id: v for v in incident_views(session)}
    assert views[7].domain_source == "model" and views[7].rules == []
    assert views[1].domain_source == "AIID"
    assert [r.risk for r in views[1].rules] == ["bias"] and not views[1].rules[0].assessed
    found = {g.subdomain: g.state for g in gaps(list(views.values()))}
    assert found["1.1"] == "not assessed" and found["5.1"] == "no FLI risk"


@pytest.mark.usefixtures("env_db")
def test_the_commands(incidents_store: Engine) -> None:
    result = runner.invoke(app, ["incidents", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 7 and {r["mit_domain_source"] for r in rows} == {"AIID", "model"}
    assert runner.invoke(app, ["incidents", "--gaps"]).exit_code == 0
    assert runner.invoke(app, ["incidents", "--trends", "--format", "csv"]).exit_code == 0
    one = runner.invoke(app, ["incident", "1", "--format", "json"])
    assert json.loads(one.output)["duplicates"] == [8]
    missing = runner.invoke(app, ["incident", "8"])
    assert missing.exit_code != 0 and "no incident 8" in missing.output
    bad = runner.invoke(app, ["incidents", "--domain", "9"])
    assert bad.exit_code != 0 and "1 to 7" in bad.output
