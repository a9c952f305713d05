"""The translation review page: a delegation reads its language's texts beside the
English and corrects them (``/reviews/translations``).

Each text shows who made it (a machine, a person, or a machine checked by a person).
A signed-in reviewer rewrites a text or confirms it as it stands; the correction is
recorded under their name (``translation_review``) and shown on every page and report
in that language from the next request on. The language reviewed is the page's own
(``/fr/reviews/translations`` reviews French) unless ``language`` names another.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import GovatlasError
from govatlas.i18n import N_, gettext
from govatlas.i18n.corrections import CONCEPT, MESSAGE, TAXONOMY
from govatlas.i18n.languages import DEFAULT, LANGUAGES
from govatlas.store.contention import retrying
from govatlas.store.translation_corrections import corrections_in_force
from govatlas.translation_review import SHOW_CHOICES, correct_text, review_texts
from govatlas.web.auth import page_csrf, require_form_write, reviewer_name
from govatlas.web.rendering import templates
from govatlas.web.review_pages import QUEUE_PAGE_SIZE, here, local_path, queue_sizes
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
KIND_CHOICES = ((MESSAGE, N_("Interface messages")), (CONCEPT, N_("Concepts and taxonomies")))
SHOW_WORDS = {
    "machine": N_("not yet checked by a person"),
    "corrected": N_("corrected or confirmed by people"),
    "all": N_("all"),
}
PART_WORDS = {
    "label": N_("label"),
    "definition": N_("definition"),
    "name": N_("name"),
    "description": N_("description"),
}
assert set(SHOW_WORDS) == set(SHOW_CHOICES)
LanguageParam = Annotated[str | None, Query(max_length=8)]


def reviewed_language(request: Request, chosen: str | None) -> str | None:
    """The language to review: the one asked for, else the page's; None on an English
    page that names none (the page asks for one)."""
    if chosen:
        return chosen
    code: str = getattr(request.state, "language", DEFAULT)
    return None if code == DEFAULT else code


@router.get("/reviews/translations", response_class=HTMLResponse)
def translation_review_page(
    request: Request,
    session: SessionDep,
    language: LanguageParam = None,
    kind: Annotated[str, Query(pattern="^(message|concept)$")] = MESSAGE,
    q: Annotated[str | None, Query(max_length=200)] = None,
    show: Annotated[str, Query(pattern="^(all|machine|corrected)$")] = "machine",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    saved: Annotated[str | None, Query(pattern="^(human|reviewed)$")] = None,
) -> Response:
    """A language's texts beside the English, those no person has checked first."""
    code = reviewed_language(request, language)
    context: dict[str, Any] = {
        "language_code": code,
        "review_languages": [other for other in LANGUAGES if other.code != DEFAULT],
        "kind": kind,
        "kinds": [(value, gettext(words)) for value, words in KIND_CHOICES],
        "q": q or "",
        "show": show,
        "shows": [(value, gettext(SHOW_WORDS[value])) for value in ("machine", "corrected", "all")],
        "part_words": {part: gettext(words) for part, words in PART_WORDS.items()},
        "saved": saved,
        "items": [],
        "total": 0,
        "page": page,
        "page_size": QUEUE_PAGE_SIZE,
        "csrf": page_csrf(request),
        "reviewer": reviewer_name(request),
        "here": here(request),
        "message": None,
        "filters": {"language": language, "kind": kind, "q": q, "show": show},
        **queue_sizes(session),
    }
    if code is not None:
        try:
            found = review_texts(
                code, corrections_in_force(session, code), subject=kind, words=q, show=show
            )
            context["total"] = len(found)
            context["items"] = found[(page - 1) * QUEUE_PAGE_SIZE : page * QUEUE_PAGE_SIZE]
        except GovatlasError as exc:
            context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews_translations.html", context)


@router.post("/reviews/translations")
def correct_from_page(
    request: Request,
    language: Annotated[str, Form(min_length=2, max_length=8)],
    subject: Annotated[str, Form(pattern=f"^({MESSAGE}|{CONCEPT}|{TAXONOMY})$")],
    key: Annotated[str, Form(min_length=1, max_length=4000)],
    part: Annotated[list[str], Form(max_length=10)],
    text: Annotated[list[str], Form(max_length=10)],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    version: Annotated[int | None, Form(ge=0)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
    next: Annotated[str, Form(max_length=2000)] = "/reviews/translations",
    anchor: Annotated[str, Form(max_length=40, pattern="^[a-z0-9-]*$")] = "",
) -> Response:
    """Record the signed-in reviewer's correction (or confirmation) of one text, then
    back to the page it was made on, saying what was recorded."""
    who = require_form_write(request, csrf)
    if len(part) != len(text):
        raise GovatlasError("the form's parts and texts do not pair up", "reload the page")

    def work(session: Session) -> str:
        result = correct_text(
            session,
            language,
            subject,
            key,
            dict(zip(part, text, strict=True)),
            who.name,
            corrections_in_force(session, language),
            note=note or None,
            seen_version=version,
        )
        return result.provenance

    provenance = retrying(app_state(request).engine, work)
    back = local_path(next)
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(
        f"{back}{joiner}{urlencode({'saved': provenance})}" + (f"#{anchor}" if anchor else ""),
        status_code=303,
    )
