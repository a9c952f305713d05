"""Templates and the small filters they use (snippet highlighting, numbers, dates)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from govatlas import __version__
from govatlas.graphics.worldmap import NO_RECORD_DEFS
from govatlas.html import TEMPLATES as SHARED_TEMPLATES
from govatlas.html import name_of
from govatlas.provision_labels import provision_label
from govatlas.store.search import SearchHit, segments
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, STAGE_LABELS
from govatlas.web.auth import page_csrf, reviewer_name, signed_in

HERE = Path(__file__).parent
STATIC = HERE / "static"
# the atlas's own templates, then those it shares with the pages the CLI writes
templates = Jinja2Templates(directory=[HERE / "templates", SHARED_TEMPLATES])


def highlight(hit: SearchHit) -> Markup:
    """A search hit's snippet, escaped, with its matched terms marked (by their spans:
    no character of the text itself can open or close a mark)."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if matched else escape(piece)
        for piece, matched in segments(hit.snippet, hit.highlights)
    )


def query(params: dict[str, object], **changes: object) -> str:
    """A query string from ``params`` with ``changes`` applied, empty values dropped."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)}, doseq=True)


def has_vendor(name: str) -> bool:
    return (STATIC / "vendor" / name).is_file()


def counted(number: int | None, noun: str, plural: str | None = None) -> str:
    """ "1 instrument", "2 instruments", "0 instruments": a count with its noun agreeing."""
    n = number or 0
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


templates.env.filters["highlight"] = highlight
templates.env.filters["counted"] = counted
templates.env.globals["query"] = query
templates.env.filters["cited"] = provision_label  # art.53.1.c -> Art. 53(1)(c)
templates.env.globals["map_defs"] = Markup(NO_RECORD_DEFS)
templates.env.globals["stage_labels"] = {s.value: label for s, label in STAGE_LABELS.items()}
templates.env.globals["effect_labels"] = {
    e.value: label for e, label in LEGAL_EFFECT_LABELS.items()
}
templates.env.globals["has_vendor"] = has_vendor
templates.env.globals["name_of"] = name_of
templates.env.globals["version"] = __version__
templates.env.globals["signed_in"] = signed_in
templates.env.globals["page_csrf"] = page_csrf
templates.env.globals["reviewer_name"] = reviewer_name
