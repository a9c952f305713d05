"""The atlas in a real browser: Debian's chromium driven by Playwright.

Screenshots of every step are written to a temporary folder (printed at the end)
so a person can look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.crosswalk.suggest import suggest_crosswalk
from govatlas.graphics.states import ACT_COLOURS
from govatlas.graphics.worldmap import EMPTY
from tests.analytics.test_commitments import add_facts
from tests.web.conftest import PASSWORD, REVIEWER, SHOTS, plant_near_misses
from tests.web.test_accessibility import axe_source, violations

pytestmark = pytest.mark.browser


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_every_page_loads(page: object, base_url: str) -> None:
    for name, path in [
        ("atlas", "/"),
        ("jurisdiction", "/jurisdictions/USA"),
        ("instrument", "/instruments/nist-ai-rmf-1-0"),
        ("search", "/search"),
        ("compare", "/compare"),
        ("taxonomies", "/taxonomies"),
        ("taxonomy", "/taxonomies/fli-blocks"),
        ("concept", "/concepts/fli-blocks:safety-standards"),
        ("data", "/data"),
        ("whats-new", "/whats-new"),
        ("companies", "/companies"),
        ("companies-compare", "/companies-compare"),
    ]:
        response = page.goto(base_url + path)  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert page.locator("h1").count() == 1  # type: ignore[attr-defined]
        _shot(page, name)


def test_filter_the_map(page: object, base_url: str) -> None:
    page.goto(base_url + "/")  # type: ignore[attr-defined]
    shapes = page.locator("figure.map svg path")  # type: ignore[attr-defined]
    if shapes.count() == 0:
        pytest.skip("map data not installed (scripts/fetch-web-assets.sh)")
    assert shapes.count() > 150
    france = page.locator('path[data-country="FRA"]')  # type: ignore[attr-defined]
    assert france.get_attribute("fill") != EMPTY  # alpha-act is French
    page.select_option("select[name=binding]", "non_binding")  # type: ignore[attr-defined]
    page.click("form.filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"binding=non_binding"))  # type: ignore[attr-defined]
    table = page.locator("table.instruments").inner_text()  # type: ignore[attr-defined]
    assert "Gamma Guidance" in table and "Alpha Act" not in table
    assert page.locator('path[data-country="FRA"]').get_attribute("fill") == EMPTY  # type: ignore[attr-defined]
    _shot(page, "atlas-filtered")


@pytest.mark.parametrize("width", [1280, 390])
def test_map_of_adherence_to_an_instrument(
    page: object, web_store: Engine, base_url: str, width: int
) -> None:
    add_facts(web_store)
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(base_url + "/")  # type: ignore[attr-defined]
    if page.locator("figure.map svg path").count() == 0:  # type: ignore[attr-defined]
        pytest.skip("map data not installed (scripts/fetch-web-assets.sh)")
    page.select_option("select[name=adherence]", "gamma-guidance")  # type: ignore[attr-defined]
    page.click("form.filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"adherence=gamma-guidance"))  # type: ignore[attr-defined]
    legend = page.locator("#adherence-legend")  # type: ignore[attr-defined]
    legend.wait_for()
    text = legend.inner_text()
    assert "adhered (3)" in text and "no record (190)" in text and "checked absence" in text
    kenya = page.locator('path[data-country="KEN"]')  # type: ignore[attr-defined]
    assert kenya.get_attribute("data-act") == "adhered"
    assert kenya.get_attribute("fill") == ACT_COLOURS["adhered"]
    assert (
        page.locator('path[data-country="BRA"]').get_attribute("fill")
        == (  # type: ignore[attr-defined]
            ACT_COLOURS["no-record"]
        )
    )
    box = legend.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width  # the legend fits the screen
    _shot(page, f"atlas-adherence-{width}")
    page.click("#adherence-legend a")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/commitments"))  # type: ignore[attr-defined]
    page.select_option("select[name=a]", "FRA")  # type: ignore[attr-defined]
    page.select_option("select[name=b]", "USA")  # type: ignore[attr-defined]
    page.click("form.filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"a=FRA&b=USA"))  # type: ignore[attr-defined]
    # delta-order's list of parties is partial: left out of the index (1 of 2, not 1 of 3)
    assert "0.50" in page.locator("#index").inner_text()  # type: ignore[attr-defined]
    _shot(page, f"commitments-{width}")


def test_search_open_a_result_and_jump_to_the_provision(page: object, base_url: str) -> None:
    page.goto(base_url + "/search")  # type: ignore[attr-defined]
    page.fill("input[name=q]", "legal requirements")  # type: ignore[attr-defined]
    page.press("input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("ol.hits li")  # type: ignore[attr-defined]
    assert page.locator("ol.hits mark").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "search-results")
    page.locator("ol.hits a.hit").first.click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/instruments/.+#p\d+"))  # type: ignore[attr-defined]
    anchor = page.url.split("#")[1]  # type: ignore[attr-defined]
    assert page.locator(f"#{anchor}").is_visible()  # type: ignore[attr-defined]
    page.goto(base_url + "/instruments/nist-ai-rmf-1-0")  # type: ignore[attr-defined]
    page.locator("details.toc a").nth(1).click()  # type: ignore[attr-defined]
    target = page.url.split("#")[1]  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelector(':target').id") == target  # type: ignore[attr-defined]


def test_why_this_label_popover(page: object, base_url: str) -> None:
    page.goto(base_url + "/instruments/nist-ai-rmf-1-0")  # type: ignore[attr-defined]
    why = page.locator("details.why").first  # type: ignore[attr-defined]
    popover = why.locator(".popover")
    assert not popover.is_visible()
    why.locator("summary").click()
    assert popover.is_visible()
    text = popover.inner_text()
    assert "Why this label" in text and "test-model" in text and "unreviewed" in text
    _shot(page, "why-popover")
    why.locator("summary").press("Enter")  # keyboard closes it again
    assert not popover.is_visible()


def test_run_a_compare(page: object, base_url: str) -> None:
    page.goto(base_url + "/compare")  # type: ignore[attr-defined]
    page.select_option("select[name=a]", "iso-iec-42001")  # type: ignore[attr-defined]
    page.select_option("select[name=b]", "cltc-taxonomy-of-trustworthiness-for-ai")  # type: ignore[attr-defined]
    page.click("form.filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("h2#overlaps")  # type: ignore[attr-defined]
    # nothing links the two: not assessed, never "(0)"
    assert "Overlaps (not assessed)" in page.inner_text("h2#overlaps")  # type: ignore[attr-defined]
    page.goto(base_url + "/compare?a=nist-ai-rmf-1-0&b=iso-iec-42001")  # type: ignore[attr-defined]
    assert "Overlaps (4)" in page.inner_text("h2#overlaps")  # type: ignore[attr-defined]
    rows = page.locator("table.side-by-side tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 4 and "related" in rows.first.inner_text()
    _shot(page, "compare")


def test_review_a_suggestion_from_the_queue(page: object, web_store: Engine, base_url: str) -> None:
    suggest_crosswalk(web_store, "eu-ai-act", "nist-ai-rmf-1-0", top=3)
    page.goto(base_url + "/reviews")  # type: ignore[attr-defined]
    waiting = page.inner_text("main")  # type: ignore[attr-defined]
    total = int(re.search(r"(\d+) suggestions waiting", waiting).group(1))  # type: ignore[union-attr]
    page.click("text=Sign in")  # type: ignore[attr-defined]
    page.fill("input[name=name]", REVIEWER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("tr.decide form")  # type: ignore[attr-defined]
    assert page.url.endswith("/reviews")  # type: ignore[attr-defined]
    form = page.locator("tr.decide form").first  # type: ignore[attr-defined]
    form.locator("select").select_option("intersects")
    _shot(page, "review-queue")
    form.locator("button[value=accept]").click()
    page.wait_for_selector("tr.decide form")  # type: ignore[attr-defined]
    after = page.inner_text("main")  # type: ignore[attr-defined]
    assert f"{total - 1} suggestions waiting" in after
    assert "as ana" in page.locator("tr.decide form").first.inner_text()  # type: ignore[attr-defined]
    pair = "/reviews?instrument=eu-ai-act&counterpart=nist-ai-rmf-1-0"
    page.goto(base_url + pair)  # type: ignore[attr-defined]
    page.click("form.rerank button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("p.status")  # type: ignore[attr-defined]
    status = page.inner_text("p.status")  # type: ignore[attr-defined]
    assert "Suggested again with the decisions so far" in status
    assert "learnt from people's links on 1 unit;" in status
    _shot(page, "review-suggest-again")


def test_review_a_label_from_the_label_queue(page: object, base_url: str) -> None:
    page.goto(base_url + "/login?next=/reviews/labels")  # type: ignore[attr-defined]
    page.fill("input[name=name]", REVIEWER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("tr.decide form")  # type: ignore[attr-defined]
    tab = page.locator("nav.tabs a[aria-current=page]")  # type: ignore[attr-defined]
    assert tab.inner_text().startswith("Labels (")
    waiting = page.inner_text("main")  # type: ignore[attr-defined]
    total = int(re.search(r"(\d+) labels? waiting", waiting).group(1))  # type: ignore[union-attr]
    form = page.locator("tr.decide form").first  # type: ignore[attr-defined]
    _shot(page, "review-labels")
    form.locator("button[value=accept]").click()
    page.wait_for_selector("nav.tabs")  # type: ignore[attr-defined]
    assert f"{total - 1} label" in page.inner_text("main")  # type: ignore[attr-defined]


def test_decide_a_near_miss_from_its_queue_at_phone_width(
    page: object, web_store: Engine, base_url: str
) -> None:
    plant_near_misses(web_store)
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(base_url + "/login?next=/reviews/near-misses")  # type: ignore[attr-defined]
    page.fill("input[name=name]", REVIEWER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("tr.decide form")  # type: ignore[attr-defined]
    tab = page.locator("nav.tabs a[aria-current=page]")  # type: ignore[attr-defined]
    assert tab.inner_text().replace("\n", " ") == "Near misses (3)"
    assert "3 near misses waiting" in page.inner_text("main")  # type: ignore[attr-defined]
    button = page.locator("tr.decide form button[value=accept]").first  # type: ignore[attr-defined]
    box = button.bounding_box()
    assert (
        box is not None and box["x"] + box["width"] <= 390
    )  # reachable without scrolling sideways
    _shot(page, "review-near-misses-phone")
    button.click()
    page.wait_for_selector("nav.tabs")  # type: ignore[attr-defined]
    assert "2 near misses waiting" in page.inner_text("main")  # type: ignore[attr-defined]


def test_review_suggestions_in_a_spreadsheet(
    page: object, web_store: Engine, base_url: str, tmp_path: Path
) -> None:
    suggest_crosswalk(web_store, "eu-ai-act", "nist-ai-rmf-1-0", top=3)
    page.goto(base_url + "/login?next=/reviews")  # type: ignore[attr-defined]
    page.fill("input[name=name]", REVIEWER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("details.sheet-box")  # type: ignore[attr-defined]
    waiting = page.inner_text("main")  # type: ignore[attr-defined]
    total = int(re.search(r"(\d+) suggestions waiting", waiting).group(1))  # type: ignore[union-attr]
    page.click("summary:has-text('Review in a spreadsheet')")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("details.sheet-box a[download]")  # type: ignore[attr-defined]
    sheet = tmp_path / "sheet.csv"
    info.value.save_as(sheet)
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",decision,type,reviewer,note") and len(lines) > 2
    lines[1] = lines[1].removesuffix(",,,,") + ",reject,,,"  # the first suggestion, rejected
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    page.set_input_files("details.sheet-box input[name=sheet]", str(sheet))  # type: ignore[attr-defined]
    _shot(page, "review-sheet")
    page.click("text=Apply the sheet")  # type: ignore[attr-defined]
    page.wait_for_selector("p.status")  # type: ignore[attr-defined]
    after = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Review sheet applied: 1 rejected." in after
    assert f"{total - 1} suggestions waiting" in after


def test_the_api_explorer_starts_under_the_content_security_policy(
    page: object, base_url: str
) -> None:
    if not (
        Path(__file__).parents[2] / "src/govatlas/web/static/vendor/swagger-ui-bundle.js"
    ).is_file():
        pytest.skip("Swagger UI not installed (scripts/fetch-web-assets.sh)")
    page.goto(base_url + "/api/v1/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".swagger-ui .info .title")  # type: ignore[attr-defined]
    assert "govatlas" in page.locator(".swagger-ui .info .title").inner_text()  # type: ignore[attr-defined]
    _shot(page, "api-docs")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_tracker_from_the_menu_to_a_provision(
    page: object, web_store: Engine, base_url: str, width: int
) -> None:
    """Trackers in the menu; the red-lines page leads with the practices banned where, and
    a fact's provision link opens the provision; at phone width nothing runs off the page."""
    from govatlas.ingest.linking import Linker
    from govatlas.ingest.pipeline import store_document
    from govatlas.records import SourceDocument
    from govatlas.store.session import transaction
    from govatlas.trackers.refresh import refresh_tracker_facts
    from tests.trackers.test_table import TEXT

    with transaction(web_store) as session:
        store_document(
            session,
            Linker(session),
            SourceDocument(
                "test", "alpha-act", "alpha-act", text=TEXT, known_instrument="alpha-act"
            ),
        )
        refresh_tracker_facts(session)
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(base_url + "/trackers")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Red lines: prohibited practices").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/trackers/red-lines$"))  # type: ignore[attr-defined]
    assert page.locator("#where").is_visible()  # type: ignore[attr-defined]
    assert "Social scoring" in page.locator("table.tracker-overview").inner_text()  # type: ignore[attr-defined]
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    _shot(page, f"tracker-red-lines-{width}")
    page.locator("table.tracker-facts a[href*='/provisions/']").first.click()  # type: ignore[attr-defined]
    # the provision link opens the instrument's text at the provision
    page.wait_for_url(re.compile(r"/instruments/alpha-act(\?[^#]*)?#p\d+$"))  # type: ignore[attr-defined]
    assert page.locator("h1").count() == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_registry_record_from_draft_to_published(
    page: object,
    web_store: Engine,
    base_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    from govatlas.registry.demo import load_demo, scenario
    from govatlas.registry.signing import load_or_create
    from govatlas.store.session import transaction

    key = tmp_path / "registry.key"
    monkeypatch.setenv("GOVATLAS_REGISTRY_KEY", str(key))
    with transaction(web_store) as session:
        load_demo(session, load_or_create(key))
    password = str(scenario()["password"])
    tab = page
    tab.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]

    def sign_in_as(name: str) -> None:
        tab.goto(base_url + "/login?next=/registry")  # type: ignore[attr-defined]
        tab.fill("input[name=name]", name)  # type: ignore[attr-defined]
        tab.fill("input[name=password]", password)  # type: ignore[attr-defined]
        tab.click("main form button[type=submit]")  # type: ignore[attr-defined]
        tab.wait_for_url(re.compile(r"/registry$"))  # type: ignore[attr-defined]

    title = f"Incident desk opening hours ({width})"
    sign_in_as("demo-ministry-submitter")
    draft = tab.locator("form.registry-draft")  # type: ignore[attr-defined]
    draft.locator("select[name=kind]").select_option("measure")
    draft.locator("input[name=title]").fill(title)
    draft.locator("textarea[name=body]").fill("The desk answers around the clock.")
    draft.locator("select[name=tlp]").select_option("CLEAR")
    _shot(tab, f"registry-draft-{width}")
    assert violations(tab, axe_source()) == []  # the draft form, signed in
    draft.locator("button[type=submit]").click()
    tab.wait_for_url(re.compile(r"/registry/records/\d+$"))  # type: ignore[attr-defined]
    record_url = tab.url  # type: ignore[attr-defined]
    assert "draft" in tab.inner_text("main")  # type: ignore[attr-defined]
    tab.click("button[value=submit]")  # type: ignore[attr-defined]
    tab.wait_for_selector("text=submitted")  # type: ignore[attr-defined]
    tab.click("header button.link")  # type: ignore[attr-defined]  (sign out)
    sign_in_as("demo-officer")
    tab.goto(record_url)  # type: ignore[attr-defined]
    tab.click("button[value=review]")  # type: ignore[attr-defined]
    tab.wait_for_selector("button[value=publish]")  # type: ignore[attr-defined]
    _shot(tab, f"registry-review-{width}")
    assert violations(tab, axe_source()) == []  # the workflow form, signed in
    tab.click("button[value=publish]")  # type: ignore[attr-defined]
    tab.wait_for_selector("text=published")  # type: ignore[attr-defined]
    assert tab.locator("button[value=publish]").count() == 0  # type: ignore[attr-defined]
    tab.click("header button.link")  # type: ignore[attr-defined]
    tab.goto(base_url + "/registry")  # type: ignore[attr-defined]
    listed = tab.inner_text("table.registry-list")  # type: ignore[attr-defined]
    assert title in listed and "Compute used to train" not in listed  # public: CLEAR only
    assert tab.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]
    _shot(tab, f"registry-public-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_network_page_draws_who_meets_whom_and_follow_up_is_listed(
    page: object, web_store: Engine, base_url: str, width: int
) -> None:
    from tests.network.conftest import add_convenings

    add_convenings(web_store)
    tab = page
    tab.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    tab.goto(base_url + "/convenings")  # type: ignore[attr-defined]
    tab.click("text=First Test Summit")  # type: ignore[attr-defined]
    tab.wait_for_url(re.compile(r"/convenings/summit-one$"))  # type: ignore[attr-defined]
    assert "First Test Summit" in tab.inner_text("h1")  # type: ignore[attr-defined]
    tab.goto(base_url + "/network")  # type: ignore[attr-defined]
    picture = tab.locator("svg.network")  # type: ignore[attr-defined]
    assert picture.is_visible()
    assert tab.locator("svg.network circle").count() == 8  # type: ignore[attr-defined]
    box = picture.bounding_box()
    assert box is not None and box["width"] <= width
    wide = tab.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert wide <= width, f"the page scrolls sideways at {width}px"
    assert violations(tab, axe_source()) == []
    _shot(tab, f"network-{width}")
    tab.click("text=Convenings")  # type: ignore[attr-defined]
    tab.click("text=what they asked to be done next")  # type: ignore[attr-defined]
    tab.wait_for_url(re.compile(r"/follow-up$"))  # type: ignore[attr-defined]
    rows = tab.inner_text("table.follow-up")  # type: ignore[attr-defined]
    assert "Meet again within six months" in rows and "0 of 3 ratified" in rows
    tab.select_option("select[name=status]", "open")  # type: ignore[attr-defined]
    tab.click("text=Show")  # type: ignore[attr-defined]
    tab.wait_for_url(re.compile(r"status=open"))  # type: ignore[attr-defined]
    assert "Meet again" not in tab.inner_text("main")  # type: ignore[attr-defined]
    wide = tab.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert wide <= width, f"the follow-up page scrolls sideways at {width}px"
    assert violations(tab, axe_source()) == []
    _shot(tab, f"follow-up-{width}")
