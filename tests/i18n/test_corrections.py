"""Corrections readers make to a language's texts: what a correction must keep, how it
overrides the shipped translation, and how it is recorded and exported (issue 33)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError, ExitCode, InvalidInputError, NotFoundError
from govatlas.i18n import corrections, gettext, ngettext, speaking
from govatlas.i18n.catalogs import catalog_entries, plural_index, provenance_counts
from govatlas.i18n.checks import translation_problem
from govatlas.i18n.corrections import Correction
from govatlas.store.engine import make_engine
from govatlas.store.migrate import upgrade
from govatlas.store.session import transaction
from govatlas.store.translation_corrections import (
    correction_history,
    corrections_in_force,
    install_corrections,
)
from govatlas.store.translation_models import TranslationCorrection
from govatlas.taxonomy import translations
from govatlas.translation_review import correct_text, export_corrections, review_texts


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    upgrade(engine)
    return engine


def _fr(message: str) -> str:
    with speaking("fr"):
        return gettext(message)


def _entry(code: str, plural: bool) -> tuple[str, ...]:
    return next(e.english for e in catalog_entries(code) if e.plural == plural and "%(" in e.key)


@pytest.mark.parametrize(
    ("english", "text", "problem"),
    [
        (("%(n)s instruments",), "%(n)s instruments", None),
        (("%(n)s instruments",), "instruments", "leaves out %(n)s"),
        (("%(n)s instruments",), "%(n)s %(m)s", "adds %(m)s"),
        (('See <a href="%(url)s">it</a>.',), 'Voir <a href="%(url)s">ça</a>.', None),
        (('See <a href="%(url)s">it</a>.',), 'Voir <a href="x" onclick="y">ça</a>.', "leaves out"),
        (('See <a href="%(url)s">it</a>.',), "Voir %(url)s <b>ça</b>.", "markup differs"),
        (('<a href="%(url)s">it</a>',), '<a href="%(url)s" onclick="x">ça</a>', "a tag"),
        (("Plain",), "<script>alert(1)</script>", "markup differs"),
        (("Plain",), "a < b", "not part of a tag"),
        (("Plain",), "  ", "empty"),
        (("one instrument", "%(num)s instruments"), "un instrument", None),
    ],
)
def test_a_correction_keeps_placeholders_and_markup(
    english: tuple[str, ...], text: str, problem: str | None
) -> None:
    found = translation_problem(english, text, exact_markup=True)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_every_shipped_translation_passes_the_correction_rules() -> None:
    """A reviewer can confirm any shipped text as it stands."""
    for code in ("ar", "zh", "fr", "ru", "es"):
        for entry in catalog_entries(code):
            for text in entry.shipped:
                assert translation_problem(entry.english, text, exact_markup=True) is None, (
                    code,
                    entry.key,
                )


def test_a_correction_overrides_the_catalog_until_withdrawn() -> None:
    shipped = _fr("Compare")
    assert shipped != "Compare"
    corrections.replace(
        1, [Correction("fr", "message", "Compare", "", "Mettre en regard", "human", "ana")]
    )
    assert _fr("Compare") == "Mettre en regard"
    with speaking("es"):
        assert gettext("Compare") != "Mettre en regard"  # other languages untouched
    assert gettext("Compare") == "Compare"  # English is the source
    corrections.replace(2, [])
    assert _fr("Compare") == shipped


def test_a_plural_correction_is_chosen_by_the_languages_rule() -> None:
    singular, plural = next(e.english for e in catalog_entries("ar") if e.plural)
    forms = [f"صيغة {i} %(num)s" for i in range(6)]
    corrections.replace(
        1,
        [Correction("ar", "message", singular, str(i), forms[i], "human", "ana") for i in range(6)],
    )
    with speaking("ar"):
        for number in (0, 1, 2, 3, 11, 100):
            expected = forms[plural_index("ar", number)].replace("%(num)s", str(number))
            assert ngettext(singular, plural, number, count=number) == expected


def test_concept_labels_read_a_correction_first() -> None:
    english = "Red lines"
    shipped = translations.concept_label("fli-blocks:red-lines", english, "fr")
    assert translations.provenance("fr", "fli-blocks", "red-lines") == "machine"
    corrections.replace(
        1,
        [
            Correction(
                "fr",
                "concept",
                "fli-blocks:red-lines",
                "label",
                "Limites à ne pas franchir",
                "human",
                "ana",
            )
        ],
    )
    assert translations.concept_label("fli-blocks:red-lines", english, "fr") != shipped
    assert translations.provenance("fr", "fli-blocks", "red-lines") == "human"


def test_corrections_are_recorded_with_history_and_counted(store: Engine) -> None:
    before = provenance_counts("fr")
    with transaction(store) as session:
        first = correct_text(
            session, "fr", "message", "Compare", {"": "Mettre en regard"}, "ana", []
        )
    assert first.provenance == "human"
    with transaction(store) as session:
        in_force = corrections_in_force(session, "fr")
        # confirming what is shown now is a review
        again = correct_text(
            session, "fr", "message", "Compare", {"": "Mettre en regard"}, "bo", in_force
        )
    assert again.provenance == "reviewed"
    with Session(store) as session:
        assert install_corrections(session)
        assert not install_corrections(session)  # nothing new: not read again
        history = correction_history(session, "fr", "message", "Compare")
    assert [(h.reviewer, h.provenance) for h in history] == [("bo", "reviewed"), ("ana", "human")]
    assert _fr("Compare") == "Mettre en regard"
    after = provenance_counts("fr")
    assert after["reviewed"] == before["reviewed"] + 1
    assert after["machine"] == before["machine"] - 1
    assert sum(after[k] for k in ("machine", "human", "reviewed")) == after["messages"]


def test_a_bad_correction_is_refused_and_nothing_is_written(store: Engine) -> None:
    key = _entry("fr", plural=False)[0]
    cases = [
        ("fr", "message", key, {"": "sans marque"}, InvalidInputError, "leaves out"),
        ("en", "message", "Compare", {"": "Compare"}, InvalidInputError, "English"),
        ("de", "message", "Compare", {"": "Vergleichen"}, InvalidInputError, "unknown language"),
        ("fr", "message", "No such message at all", {"": "x"}, NotFoundError, "no message"),
        ("fr", "concept", "fli-blocks:red-lines", {"colour": "x"}, InvalidInputError, "no part"),
    ]
    for code, subject, text_key, texts, error, words in cases:
        with pytest.raises(error, match=words), transaction(store) as session:
            correct_text(session, code, subject, text_key, texts, "ana", [])
    with Session(store) as session:
        assert session.scalar(select(func.count()).select_from(TranslationCorrection)) == 0


def test_a_stale_form_cannot_overwrite_a_newer_correction(store: Engine) -> None:
    with transaction(store) as session:
        correct_text(session, "fr", "message", "Compare", {"": "Mettre en regard"}, "ana", [])
    with pytest.raises(ConflictError), transaction(store) as session:
        correct_text(
            session,
            "fr",
            "message",
            "Compare",
            {"": "Confronter"},
            "bo",
            corrections_in_force(session, "fr"),
            seen_version=0,  # the page was shown before ana's correction
        )


def test_review_texts_filter_and_show_what_is_in_force(store: Engine) -> None:
    with transaction(store) as session:
        correct_text(session, "fr", "message", "Compare", {"": "Mettre en regard"}, "ana", [])
        found = corrections_in_force(session, "fr")
    corrected = review_texts("fr", found, show="corrected")
    assert [(t.key, t.current, t.provenance, t.reviewer) for t in corrected] == [
        ("Compare", ("Mettre en regard",), "human", "ana")
    ]
    waiting = review_texts("fr", found, show="machine")
    assert "Compare" not in {t.key for t in waiting}
    assert len(waiting) == len(catalog_entries("fr")) - 1
    assert all(
        "instrument" in " ".join((t.key, *t.english, *t.current)).casefold()
        for t in review_texts("fr", found, words="Instrument")
    )
    concepts = review_texts("fr", found, subject="concept")
    assert {"taxonomy", "concept"} == {t.subject for t in concepts}


def test_export_writes_corrections_into_the_catalog_and_concept_file(
    store: Engine, tmp_path: Path
) -> None:
    with transaction(store) as session:
        correct_text(session, "fr", "message", "Compare", {"": "Mettre en regard"}, "ana", [])
        correct_text(
            session, "fr", "concept", "fli-blocks:red-lines", {"label": "Limites"}, "ana", []
        )
        found = corrections_in_force(session)
    written = export_corrections("fr", found, tmp_path / "out")
    assert [w.texts for w in written] == [1, 1]
    with written[0].path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    message = catalog.get("Compare")
    assert message is not None and message.string == "Mettre en regard"
    assert "provenance: human" in message.user_comments
    assert len([m for m in catalog if m.id]) == len(catalog_entries("fr"))
    data = yaml.safe_load(written[1].path.read_text(encoding="utf-8"))
    concept = data["taxonomies"]["fli-blocks"]["concepts"]["red-lines"]
    assert (concept["label"], concept["translated_by"]) == ("Limites", "human")
    assert translations.LanguageFile.model_validate(data).language == "fr"


def test_the_translations_commands_correct_list_and_export(env_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    made = runner.invoke(
        app, ["translations", "correct", "fr", "Compare", "Mettre en regard", "--by", "ana"]
    )
    assert made.exit_code == 0 and "rewritten (human)" in made.output, made.output
    concept = runner.invoke(
        app,
        [
            "translations",
            "correct",
            "fr",
            "fli-blocks:red-lines",
            "Limites",
            "--kind",
            "concept",
            "--by",
            "ana",
        ],
    )
    assert concept.exit_code == 0, concept.output
    broken = runner.invoke(
        app,
        ["translations", "correct", "fr", "Review sheet applied: %(counts)s.", "x", "--by", "a"],
    )
    assert broken.exit_code == ExitCode.INVALID_INPUT and "leaves out" in broken.output
    english = runner.invoke(app, ["translations", "list", "--language", "en"])
    assert english.exit_code == ExitCode.INVALID_INPUT
    listed = runner.invoke(app, ["translations", "list", "-l", "fr", "--format", "json"])
    rows = json.loads(listed.output)
    assert [(r["key"], r["part"], r["provenance"]) for r in rows] == [
        ("Compare", "", "human"),
        ("fli-blocks:red-lines", "label", "human"),
    ]
    out = tmp_path / "exported"
    exported = runner.invoke(app, ["translations", "export", "-l", "fr", "--to", str(out)])
    assert exported.exit_code == 0, exported.output
    assert (out / "fr" / "LC_MESSAGES" / "messages.po").is_file() and (out / "fr.yaml").is_file()
    assert "1 corrected texts" in exported.output
