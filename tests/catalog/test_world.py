"""The world catalog: adherence to international instruments, research notes, checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govatlas.catalog import load_catalog, read_catalog
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.cli import app
from govatlas.vocabulary import AdherenceAct, ResearchFinding

FIXTURE_CATALOG = Path(__file__).parents[1] / "fixtures" / "catalog"
runner = CliRunner()


def _catalog_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(FIXTURE_CATALOG, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_adherence_and_research_are_read_and_checked(tmp_path: Path) -> None:
    folder = _catalog_with(
        tmp_path,
        "adherence-test.yaml",
        "- {instrument: gamma-guidance, act: adhered, date: 2019-05-22, "
        "source: 'https://example.org/a', parties: [FRA, DEU, EU]}\n",
    )
    (folder / "research-test.yaml").write_text(
        "- {jurisdiction: ERI, finding: checked_absence, checked: 2026-12-01, "
        "sources: ['https://example.org/survey']}\n"
        "- {jurisdiction: TUV, finding: not_researched}\n",
        encoding="utf-8",
    )
    catalog = load_catalog(folder)
    [record] = catalog.adherence
    assert record.act is AdherenceAct.ADHERED and record.parties == ("FRA", "DEU", "EU")
    assert {n.jurisdiction: n.finding for n in catalog.research} == {
        "ERI": ResearchFinding.CHECKED_ABSENCE,
        "TUV": ResearchFinding.NOT_RESEARCHED,
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "adherence-x.yaml",
            "- {instrument: nope, act: signed, source: 'https://example.org/a', parties: [FRA]}\n",
            "unknown instrument 'nope'",
        ),
        (
            "adherence-x.yaml",
            "- {instrument: alpha-act, act: signed, source: 'https://example.org/a', "
            "parties: [ATLANTIS]}\n",
            "unknown jurisdiction or actor 'ATLANTIS'",
        ),
        (
            "adherence-x.yaml",
            "- {instrument: alpha-act, act: signed, source: 'https://example.org/a', "
            "parties: [FRA, FRA]}\n",
            "parties listed twice: FRA",
        ),
        (
            "adherence-x.yaml",
            "- {instrument: alpha-act, act: waved, source: 'https://example.org/a', "
            "parties: [FRA]}\n",
            "act",
        ),
        (
            "research-x.yaml",
            "- {jurisdiction: FRA, finding: not_researched}\n",
            "lists instruments of FRA",
        ),
        ("research-x.yaml", "- {jurisdiction: TWN, finding: not_researched}\n", "not a UN"),
        (
            "research-x.yaml",
            "- {jurisdiction: ERI, finding: checked_absence}\n",
            "checked absence needs",
        ),
        (
            "instruments-twin.yaml",
            "- {id: alpha-again, title: 'Alpha Act on Automated Systems', short_name: AB, "
            "type: law, binding: binding, jurisdiction: FRA, urls: ['https://example.org/x'], "
            "events: [{kind: adopted, date: 2023-06-15}]}\n",
            "same title and place as 'alpha-act'",
        ),
        (
            "instruments-bill.yaml",
            "- {id: a-bill, title: 'A bill in force', short_name: AB, type: bill, "
            "binding: binding, jurisdiction: FRA, urls: ['https://example.org/x'], "
            "events: [{kind: in_force, date: 2023-06-15}]}\n",
            "a bill that entered into force is a law",
        ),
    ],
)
def test_bad_entries_are_named(tmp_path: Path, name: str, text: str, message: str) -> None:
    _, problems = read_catalog(_catalog_with(tmp_path, name, text))
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def test_the_packaged_catalog_covers_the_world() -> None:
    catalog = load_catalog()
    members = un_member_states()
    with_instrument = {e.jurisdiction for e in catalog.entries} & members
    noted = {n.jurisdiction for n in catalog.research}
    assert not with_instrument & noted
    # every UN Member State is either listed, or researched with a finding recorded
    assert len(with_instrument) >= 150, len(with_instrument)
    assert all(e.urls for e in catalog.entries)
    assert len({e.id for e in catalog.entries}) == len(catalog.entries)
    acts = {(a.instrument, a.act) for a in catalog.adherence}
    assert ("coe-framework-convention-ai", AdherenceAct.SIGNED) in acts
    assert ("oecd-ai-principles-2019", AdherenceAct.ADHERED) in acts


def test_jurisdictions_contract(env_db: str) -> None:
    result = runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG), "--no-ingest"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["jurisdictions", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    keys = {"id", "name", "kind", "un_member", "instruments", "with_text", "adheres_to"}
    assert all(set(r) == keys for r in rows)
    members = [r for r in rows if r["un_member"]]
    assert len(members) == 193 and {r["kind"] for r in members} == {"un-member-state"}
    france = next(r for r in rows if r["id"] == "FRA")
    assert france["instruments"] >= 1 and isinstance(france["adheres_to"], list)
    assert next(r for r in rows if r["id"] == "EU")["kind"] == "supranational"
    assert not any(r["un_member"] for r in rows if r["id"] in ("TWN", "EU", "UNSPECIFIED"))


def test_every_international_instrument_the_landscape_names_has_recorded_parties() -> None:
    """The international and regional instruments whose parties the atlas shows (issue
    #24, item 2) each have at least one act with its source; the AU strategy, the ASEAN
    guide and the Latin American declarations give regional baselines."""
    catalog = load_catalog()
    with_parties = {a.instrument for a in catalog.adherence if a.parties and a.source}
    expected = {
        "oecd-ai-principles-2019",
        "g20-ai-principles",
        "unesco-recommendation-ethics-ai",
        "unga-res-78-265",
        "unga-res-78-311",
        "unga-res-79-325",
        "coe-framework-convention-ai",
        "bletchley-declaration",
        "seoul-declaration",
        "frontier-ai-safety-commitments",
        "paris-statement-inclusive-sustainable-ai",
        "hiroshima-ai-process-friends-group",
        "au-continental-ai-strategy",
        "asean-guide-ai-governance-ethics",
        "santiago-declaration-ethical-ai-lac",
        "cartagena-declaration-ai-lac",
        "international-network-ai-safety-institutes",
    }
    assert expected <= with_parties, sorted(expected - with_parties)
    catalogued = {e.id for e in catalog.entries}
    assert with_parties <= catalogued, sorted(with_parties - catalogued)
