"""Every page, checked by axe-core in a real browser (WCAG 2.2 A and AA rules): no serious or
critical violation; and at phone width (390 px) no page scrolls sideways.

axe-core comes from the npm registry (``scripts/fetch-web-assets.sh``, run by ``make
install``) into ``tests/vendor/``; it is injected into the page by the test, never served.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from govatlas.registry.attachments import attach
from govatlas.registry.demo import load_demo
from govatlas.registry.records import Content, Writer, edit_record, step, viewer_named
from govatlas.registry.revisions import revise_record
from govatlas.registry.signing import load_or_create
from govatlas.reports.briefs import build_country_brief
from govatlas.reports.render import write_report
from govatlas.reports.white_paper import build_white_paper
from govatlas.store.models import DatasetRelease
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from tests.analytics.test_commitments import add_facts
from tests.incidents.conftest import add_incident_records
from tests.ingest.pdf_fixture import make_pdf
from tests.network.conftest import add_convenings
from tests.web.conftest import SHOTS, plant_near_misses

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PAGES = [
    ("atlas", "/"),
    ("atlas-filtered", "/?binding=binding&sort=since&dir=desc"),
    ("atlas-adherence", "/?adherence=oecd-ai-principles-2019"),
    ("jurisdiction", "/jurisdictions/USA"),
    ("jurisdiction-eu", "/jurisdictions/EU"),
    ("instrument", "/instruments/nist-ai-rmf-1-0"),
    ("instrument-changes", "/instruments/nist-ai-rmf-1-0/changes"),
    ("search", "/search?q=risk+management"),
    ("compare", "/compare?a=iso-iec-42001&b=nist-ai-rmf-1-0"),
    ("taxonomies", "/taxonomies"),
    ("taxonomy", "/taxonomies/fli-blocks"),
    ("concept", "/concepts/fli-blocks:safety-standards"),
    ("data", "/data"),
    ("whats-new", "/whats-new"),
    ("companies", "/companies"),
    ("companies-compare", "/companies-compare"),
    ("commitments", "/commitments"),
    ("reviews", "/reviews"),
    ("reviews-labels", "/reviews/labels"),
    ("reviews-near-misses", "/reviews/near-misses"),
    ("trackers", "/trackers"),
    ("tracker", "/trackers/red-lines"),
    ("playbook", "/playbook?deployer=FRA&developer=USA&harm=7"),
    ("incidents", "/incidents"),
    ("incident", "/incidents/1"),
    ("registry", "/registry"),
    ("registry-record", "/registry/records/2"),
    ("registry-edition", "/registry/records/10"),
    ("convenings", "/convenings"),
    ("convening", "/convenings/summit-one"),
    ("network", "/network"),
    ("follow-up", "/follow-up"),
    ("login", "/login"),
    ("not-found", "/instruments/eu-ai-akt"),
]


def axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing; make install fetches it")
        pytest.skip("axe-core is not installed (make install, or scripts/fetch-web-assets.sh)")
    return AXE.read_text(encoding="utf-8")


def violations(tab: Any, source: str) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page the tab shows."""
    tab.evaluate(source)  # evaluated by the driver, so the page's script policy allows it
    found = tab.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        RULES,
    )
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.fixture
def rich_store(suggested_store: Engine, tmp_path: Path) -> Engine:
    """The web store with adherence facts, crosswalk suggestions, near misses, AI
    incidents and the registry's demo, so the review, commitment, incident and registry
    pages have rows to check."""
    add_facts(suggested_store)
    plant_near_misses(suggested_store)
    add_incident_records(suggested_store)
    signer = load_or_create(tmp_path / "registry.key")
    with transaction(suggested_store) as session:
        load_demo(session, signer)
    with transaction(suggested_store) as session:  # record 10: edition 2 of record 2, a file
        lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        edition = revise_record(lab, 2).id
        attach(lab, edition, "framework.pdf", make_pdf(["Article 1. Scope", "All models."]))
        text = "# Risk identification and evaluation\nTwo external red teams.\n\nNew paragraph."
        edit_record(lab, edition, Content("Annual report, second edition (demo)", "CLEAR", text))
        step(lab, edition, "submit")
        step(officer, edition, "review")
        step(officer, edition, "publish")
    add_convenings(suggested_store)
    return suggested_store


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation_on_any_page(
    rich_store: Engine, page: Any, base_url: str, width: int
) -> None:
    source = axe_source()
    page.set_viewport_size({"width": width, "height": 900})
    report: dict[str, list[dict[str, Any]]] = {}
    wide: dict[str, int] = {}
    for name, path in PAGES:
        page.goto(base_url + path)
        found = violations(page, source)
        if found:
            report[path] = found
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
        if width < 500:
            page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)
    assert report == {}, json.dumps(report, indent=1)
    assert wide == {}, f"pages wider than {width} px: {wide}"


@pytest.mark.parametrize("width", [1280, 390])
def test_reports_and_their_annexes_read_in_a_browser(
    web_store: Engine, page: Any, tmp_path: Path, width: int
) -> None:
    """The white paper, a brief and their annexes as HTML: no serious or critical
    violation, no sideways scroll at phone width."""
    with transaction(web_store) as session:
        if session.scalar(select(DatasetRelease.id)) is None:
            create_release(session)
    written = [
        write_report(build_white_paper(web_store), tmp_path, pdf=False),
        write_report(build_country_brief(web_store, "USA"), tmp_path, pdf=False, stem="usa"),
    ]
    files = [f.html for f in written] + [
        p for f in written for p in f.annexes if p.suffix == ".html"
    ]
    source = axe_source()
    page.set_viewport_size({"width": width, "height": 900})
    report: dict[str, list[dict[str, Any]]] = {}
    wide: dict[str, int] = {}
    for path in files:
        page.goto(path.as_uri())
        found = violations(page, source)
        if found:
            report[path.name] = found
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path.name] = scroll
    assert report == {}, json.dumps(report, indent=1)
    assert wide == {}, f"reports wider than {width} px: {wide}"
