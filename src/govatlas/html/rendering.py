"""The shared templates' environment: where they are, the helpers they call, rendering."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from govatlas import __version__
from govatlas.i18n.templating import install as install_translation

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def name_of(names: Mapping[str, str] | None, key: str | None) -> str:
    """The name a page shows for an id or a code (issue 22: names for people, ids in
    links); the id itself when no name is known or the page was given no names."""
    if not key:
        return ""
    return names.get(key, key) if names else key


def stylesheet() -> str:
    """The atlas's stylesheet, which standalone pages carry inline."""
    return (STATIC / "style.css").read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
    )
    environment.globals["name_of"] = name_of
    environment.globals["version"] = __version__
    install_translation(environment)
    return environment


def standalone_page(template: str, **context: Any) -> str:
    """A standalone page (``diff_standalone.html``, ``digest_standalone.html``): one
    HTML file with its stylesheet inline, for a reader with no atlas to serve it."""
    return _environment().get_template(template).render(css=stylesheet(), **context)
