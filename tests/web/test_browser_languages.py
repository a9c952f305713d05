"""The six languages in a real browser: the switcher, right-to-left Arabic, no sideways
scroll at phone width, the map unmirrored (issue 33)."""

from __future__ import annotations

import pytest

from govatlas.i18n import speaking
from govatlas.i18n.catalogs import translations_for
from tests.web.conftest import PASSWORD, REVIEWER, SHOTS

pytestmark = pytest.mark.browser


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _word(code: str, english: str) -> str:
    with speaking(code):
        return translations_for(code).gettext(english)


def test_the_switcher_changes_the_language_and_keeps_it(page: object, base_url: str) -> None:
    page.goto(base_url + "/search?q=risk")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    page.click('nav.languages a[hreflang="fr"]')  # type: ignore[attr-defined]
    page.wait_for_url("**/fr/search?q=risk")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "fr"  # type: ignore[attr-defined]
    assert page.locator("nav[aria-label] >> text=" + _word("fr", "Compare")).count() >= 1  # type: ignore[attr-defined]
    # a link of the page keeps the language, and so does a page reached without a prefix
    page.click('header.site a[href="/fr/compare"]')  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "fr"  # type: ignore[attr-defined]
    page.goto(base_url + "/taxonomies")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "fr"  # type: ignore[attr-defined]
    page.click('nav.languages a[hreflang="en"]')  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_reads_right_to_left(page: object, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(base_url + "/ar/")  # type: ignore[attr-defined]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"  # type: ignore[attr-defined]
    # the brand starts at the right edge, the first column of a table on the right
    brand = page.locator("a.brand").bounding_box()  # type: ignore[attr-defined]
    assert brand["x"] + brand["width"] > width / 2
    # the map keeps its own geometry
    svg = page.locator("figure.map svg")  # type: ignore[attr-defined]
    if svg.count():
        assert svg.first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    scroll = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert scroll <= width + 1, f"the Arabic page scrolls sideways at {width}px ({scroll}px)"
    _shot(page, f"atlas-ar-{width}")


@pytest.mark.parametrize(
    ("code", "path"),
    [
        ("zh", "/"),
        ("zh", "/taxonomies/fli-blocks"),
        ("ar", "/taxonomies/fli-blocks"),
        ("ar", "/instruments/alpha-act"),
        ("fr", "/search?q=risk"),
        ("ru", "/compare"),
        ("es", "/data"),
    ],
)
def test_pages_render_in_each_language(page: object, base_url: str, code: str, path: str) -> None:
    response = page.goto(f"{base_url}/{code}{path}")  # type: ignore[attr-defined]
    assert response.status == 200  # type: ignore[attr-defined]
    assert page.locator("h1").count() == 1  # type: ignore[attr-defined]
    nav = page.locator('nav[aria-label="' + _word(code, "Main") + '"]')  # type: ignore[attr-defined]
    assert nav.count() == 1
    assert _word(code, "Search") in nav.inner_text()
    _shot(page, f"{code}-{path.strip('/').replace('/', '-').replace('?', '-') or 'atlas'}")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_corrects_arabic_on_the_review_page(
    page: object, base_url: str, width: int
) -> None:
    """Sign in, find a message, correct it right to left, and see it in the header."""
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(base_url + "/ar/login?next=/ar/reviews/translations%3Fq%3DCompare%26show%3Dall")  # type: ignore[attr-defined]
    page.fill("input[name=name]", REVIEWER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form button[type=submit]")  # type: ignore[attr-defined]
    form = page.locator("form.translation:has(input[name=key][value=Compare])")  # type: ignore[attr-defined]
    form.wait_for()
    box = form.locator("textarea")
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert box.input_value() == _word("ar", "Compare")
    scroll = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert scroll <= width + 1, f"the review page scrolls sideways at {width}px ({scroll}px)"
    _shot(page, f"reviews-translations-ar-{width}")
    box.fill("قارِن الأطر")
    form.locator("button").click()
    page.wait_for_selector("p[role=status]")  # type: ignore[attr-defined]
    assert page.locator('header.site a[href="/ar/compare"]').inner_text() == "قارِن الأطر"  # type: ignore[attr-defined]
