"""Every word a reader sees in a template goes through a catalog (issue 33)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.i18n.template_text import untranslated

PACKAGE = Path(__file__).parents[2] / "src" / "govatlas"
TEMPLATES = sorted(
    [
        *(PACKAGE / "web" / "templates").glob("*.html"),
        *(PACKAGE / "html" / "templates").glob("*.html"),
    ]
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_visible_word_is_translatable(template: Path) -> None:
    left = untranslated(template.read_text(encoding="utf-8"))
    assert not left, f"{template.name}: not translatable: {left[:20]}"


def test_the_check_finds_what_it_should() -> None:
    assert untranslated("<p>Hello</p>") == ["Hello"]
    assert untranslated('<p title="Open it">{{ _("x") }}</p>') == ["Open", "it"]
    assert untranslated("<p>{% trans n=1 %}Hello {{ n }}{% endtrans %}</p>") == []
    assert untranslated('<p>{{ _("Hello there") }} {{ x or "none set" }}</p>') == [
        "literal 'none set'"
    ]
    assert untranslated("<p>govatlas · {{ n }} JSON</p>") == []
    assert untranslated('<a href="/x" class="note big">{{ y }}</a>') == []
