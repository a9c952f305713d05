"""``govatlas convenings`` and ``govatlas network``, and the atlas's convenings and
network pages and API, on the invented convenings."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.web.app import create_app

runner = CliRunner()


def test_the_list_keeps_its_contract(convened: Engine, env_db: str) -> None:
    shown = runner.invoke(app, ["convenings", "list", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    items = json.loads(shown.output)
    assert [i["id"] for i in items] == ["summit-one", "assembly", "summit-two"]  # by date
    first = items[0]
    assert {"id", "name", "date", "place", "participants", "outcomes"} <= set(first)
    assert first["participants"] == 7 and first["outcomes"] == ["test-declaration"]
    assert first["date"] == "2024-03-01" and first["place"] == "Nairobi, Kenya"


def test_show_participation_and_network_commands(
    convened: Engine, env_db: str, tmp_path: Path
) -> None:
    shown = runner.invoke(app, ["convenings", "show", "summit-one"])
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    assert "7 participants named, 5 of 193 UN Member States (3%); 9 reported" in said
    assert "lower bound" in said
    missing = runner.invoke(app, ["convenings", "show", "nope"])
    assert missing.exit_code != 0 and "no convening 'nope'" in missing.output
    table = runner.invoke(app, ["convenings", "participation", "--series", "test-summits"])
    assert table.exit_code == 0 and "summit-two" in table.output
    out = tmp_path / "network.graphml"
    made = runner.invoke(app, ["network", "show", "--export", "graphml", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert nx.read_graphml(out).number_of_nodes() == 8
    folder = tmp_path / "csv"
    made = runner.invoke(app, ["network", "show", "--export", "csv", "--out", str(folder)])
    assert made.exit_code == 0 and (folder / "edges.csv").is_file()
    bad = runner.invoke(app, ["network", "show", "--export", "png", "--out", str(out)])
    assert bad.exit_code != 0 and "graphml or csv" in bad.output
    listed = runner.invoke(app, ["network", "show", "--format", "json"])
    assert json.loads(listed.output)["left_out_universal"] == ["assembly"]


def test_the_pages_and_the_api(convened: Engine, env_db: str) -> None:
    with TestClient(create_app(convened)) as client:
        page = client.get("/convenings")
        assert page.status_code == 200 and "First Test Summit" in page.text
        assert "lower bound: 7 of 9 reported named" in page.text
        assert '<option value="test-summits"' in page.text  # the series stored, not a list
        one = client.get("/convenings/summit-one")
        assert one.status_code == 200
        assert "endorsed test-declaration" in one.text and "https://example.org/report" in one.text
        assert "Member States not among the participants (188)" in one.text
        assert client.get("/convenings/nope").status_code == 404
        network = client.get("/network")
        assert network.status_code == 200 and "<svg" in network.text
        assert 'role="img"' in network.text and "Test Assembly" not in network.text
        api = client.get("/api/v1/convenings?series=test-summits").json()
        assert [i["id"] for i in api["items"]] == ["summit-one", "summit-two"]
        assert api["items"][0]["complete"] is False
        detail = client.get("/api/v1/convenings/summit-two").json()
        assert detail["named"][0] == {
            "party": "BRA",
            "acts": ["endorsed test-statement"],
            "sources": ["https://example.org/test-statement"],
        }
        graph = client.get("/api/v1/network").json()
        assert graph["left_out_universal"] == ["assembly"] and len(graph["nodes"]) == 8
        everyone = client.get("/api/v1/network?universal=true").json()
        assert len(everyone["nodes"]) == 195
        exported = client.get("/api/v1/network.graphml")
        assert exported.status_code == 200 and "graphml" in exported.headers["content-type"]


def test_the_white_paper_measures_the_participation_gap(convened: Engine) -> None:
    from sqlalchemy.orm import Session

    from govatlas.reports.citations import Citations, ReleaseRef
    from govatlas.reports.participation import participation_findings

    citations = Citations(ReleaseRef("r1", "test", "0" * 64))
    with Session(convened) as session:
        findings = participation_findings(session, citations)
    assert findings is not None
    assert findings.universal == ["Test Assembly"]
    first, assembly, second = findings.lines  # by date
    assert (first["name"], first["participants"], first["states"]) == ("First Test Summit", 7, 5)
    assert (first["africa"], first["sids"], first["complete"]) == (2, 1, False)
    assert assembly["states"] == 193 and second["states"] == 4
    cited = citations.entries[findings.cite]
    assert cited.instruments == ["test-declaration", "test-resolution", "test-statement"]
    assert "https://example.org/test-declaration" in cited.sources
    annex = findings.annex("D")
    assert annex.slug == "participation" and len(annex.rows) == 3
    assert annex.rows[0][:4] == ("First Test Summit", "2024-03-01", 7, 9)


def test_a_convenings_commitments_are_followed_up_in_the_registry(
    convened: Engine, signer_key: Path, env_db: str
) -> None:
    from sqlalchemy.orm import Session

    from govatlas.network.convenings import get_convening
    from govatlas.network.follow_up import follow_ups
    from govatlas.registry.records import Writer, add_party, create_record, step
    from govatlas.registry.signing import load_or_create
    from govatlas.registry.visibility import Viewer
    from govatlas.store.session import transaction

    admin = Viewer(None, "test (administrator)", "administrator")
    with transaction(convened) as session:
        writer = Writer(session, load_or_create(signer_key), admin)
        add_party(writer, "acme-ai", "Acme AI", "company")
        made = create_record(
            writer,
            "commitment",
            "Test pledge",
            "acme-ai",
            "CLEAR",
            instrument_id="test-declaration",
        )
        for action in ("submit", "review", "publish"):
            step(writer, made.id, action)
    with Session(convened) as session:
        (follow,) = follow_ups(session, get_convening(session, "summit-one"))
        assert follow_ups(session, get_convening(session, "summit-two")) == []
    assert follow.instrument_id == "test-declaration" and follow.summary.organisations == 1
    with TestClient(create_app(convened)) as client:
        page = client.get("/convenings/summit-one").text
        assert "Follow-up: the commitments it produced" in page and "Test pledge" in page
        api = client.get("/api/v1/convenings/summit-one").json()
        assert api["follow_up"][0]["instrument"] == "test-declaration"
