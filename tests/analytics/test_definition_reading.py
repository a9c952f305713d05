"""A definition is read to its end: past its own list items, its parentheses, the line
breaks of a text set in capitals and a sentence that adds to it or takes from it, never
into the next definition (``analytics.definitions._wording``). Texts written for the tests."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from govatlas.analytics.definitions import DEFINITION, _wording


def _read(text: str, term: str, provision_end: int | None = None) -> str:
    matches = list(DEFINITION.finditer(text))
    index = next(i for i, m in enumerate(matches) if m.group(1).lower() == term)
    match = matches[index]
    following = next((m.start() for m in matches[index + 1 :] if m.start() > match.end(2)), None)
    where: Any = SimpleNamespace(end_offset=provision_end or len(text))
    return _wording(text, match, where, following)


def test_the_next_item_of_its_own_list_is_read_on() -> None:
    text = (
        "(4) The term 'artificial intelligence'--\n"
        "    (A) has the meaning given in section 5002 of the Example Act (15 U.S.C. 9401); and\n"
        "    (B) includes machine learning and robotics.\n"
        "(5) The term 'agency' means an executive agency.\n"
    )
    assert _read(text, "artificial intelligence") == (
        "given in section 5002 of the Example Act (15 U.S.C. 9401); and (B) "
        "includes machine learning and robotics"
    )


def test_items_in_roman_numerals_are_read_to_the_last() -> None:
    text = (
        '"Consequential decision" means a decision on (i) parole or release; (ii) '
        "education; or (iii) housing. Other words follow.\n"
    )
    assert _read(text, "consequential decision") == (
        "a decision on (i) parole or release; (ii) education; or (iii) housing"
    )


def test_a_semicolon_inside_parentheses_does_not_end_it() -> None:
    text = (
        "'Artificial intelligence' has the meaning given in section 238(g) of the Example "
        "Defense Act (10 U.S.C. note prec. 4061; Public Law 115-232).\n"
    )
    assert _read(text, "artificial intelligence").endswith(
        "(10 U.S.C. note prec. 4061; Public Law 115-232)"
    )


def test_a_text_in_capitals_goes_on_across_its_line_breaks_to_a_blank_line() -> None:
    text = (
        '"DEVELOPER" MEANS A PERSON, PARTNERSHIP, OR CORPORATION THAT\n'
        "DESIGNS, CODES, OR PRODUCES AN AI SYSTEM\n\n"
        "SECTION 2. OTHER MATTERS.\n"
    )
    assert _read(text, "developer") == (
        "A PERSON, PARTNERSHIP, OR CORPORATION THAT DESIGNS, CODES, OR PRODUCES AN AI SYSTEM"
    )


def test_a_text_in_lower_case_still_stops_at_a_line_that_begins_anew() -> None:
    text = '"Deployer" means a person that uses an AI system\nSection 3. Duties of deployers.\n'
    assert _read(text, "deployer") == "a person that uses an AI system"


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ('"Algorithmic discrimination" does not include self-testing.', True),
        ("The term “algorithmic discrimination” includes disparate impact.", True),
        ('"Algorithmic discrimination" shall not include self-testing.', True),
        ('"Consumer" does not include a business.', False),  # another term's sentence
        ("Self-testing is not algorithmic discrimination.", False),
    ],
)
def test_a_sentence_that_adds_to_it_or_takes_from_it_is_read_with_it(
    sentence: str, kept: bool
) -> None:
    text = f'"Algorithmic discrimination" means unlawful differential treatment. {sentence}\n'
    wording = _read(text, "algorithmic discrimination")
    assert wording.startswith("unlawful differential treatment")
    assert (re.sub(r"[.]$", "", sentence) in wording) is kept


def test_it_never_reads_into_the_next_definition() -> None:
    text = (
        "(1) 'Provider' means a person that develops a system; and\n"
        "(2) 'Deployer' means a person that uses a system.\n"
    )
    assert _read(text, "provider") == "a person that develops a system"
    assert _read(text, "deployer") == "a person that uses a system"


def test_it_never_reads_past_its_provision() -> None:
    text = "'Provider' means a person that develops a system; and (B) other words\n"
    assert _read(text, "provider", provision_end=text.index(";") + 1) == (
        "a person that develops a system"
    )


@pytest.mark.parametrize(
    ("text", "term", "ending"),
    [
        (
            '"Protected class" means any of the following:\n(1) race;\n(2) age; B. '
            '"Deployer" means a person that uses it.',
            "protected class",
            "(2) age;",
        ),
        (
            "(1) 'Artificial intelligence' means a system. It uses inputs to (a) perceive; and "
            "(b) act on them. (2) 'Deployer' means a person that uses a system.",
            "artificial intelligence",
            "(b) act on them",
        ),
    ],
)
def test_the_label_of_the_next_definition_is_never_read_with_it(
    text: str, term: str, ending: str
) -> None:
    assert _read(text, term).endswith(ending)


def test_a_line_the_printed_bill_wraps_goes_on_and_a_paragraph_end_stops() -> None:
    # GPO's plain text: a wrapped line ends in a space, a paragraph does not
    text = (
        "    (1) The term ``artificial intelligence'' has the meaning given \n"
        "    such term in section 5002 of the National Artificial Intelligence \n"
        "    Initiative Act of 2020 (15 U.S.C. 9401) and includes the systems \n"
        "    described in section 238(g).\n"
        "    (2) The term ``model'' means a component of a system\n"
        "    Covered entities follow.\n"
    )
    wording = _read(text, "artificial intelligence")
    assert wording.endswith("and includes the systems described in section 238(g)")
    assert _read(text, "model") == "a component of a system"


def test_a_citation_whose_number_is_on_the_next_line_is_read_to_its_end() -> None:
    # a PDF's lines: the section sign ends one, its number opens the next
    text = (
        '1. The term "artificial intelligence" or "AI" has the meaning set forth in 15 U.S.C. §\n'
        "9401(3): a machine-based system that can, for a given set of human-defined\n"
        "objectives, make predictions.\n"
        '2. The term "generative AI" refers to models that create new content.\n'
    )
    wording = _read(text, "ai")
    assert wording.startswith("set forth in 15 U.S.C. § 9401(3): a machine-based system")
    assert wording.endswith("make predictions")


def test_the_clauses_of_a_list_run_on_within_its_sentence_are_read_to_the_last() -> None:
    # Executive Order 14110's form: unlabelled criteria, one sentence, semicolons between
    text = (
        '(k) The term "dual-use foundation model" means an AI model that is trained on broad '
        "data; generally uses self-supervision; contains at least tens of billions of "
        "parameters; and that exhibits high levels of performance at tasks that pose a "
        "serious risk to security.\n"
        '(l) The term "model weight" means a numerical parameter within an AI model.\n'
    )
    wording = _read(text, "dual-use foundation model")
    assert wording.startswith("an AI model that is trained on broad data; generally uses")
    assert wording.endswith("tasks that pose a serious risk to security")
    # a bare "and" ending a line opens a labelled item (read as before), never a clause
    listed = (
        "(4) The term 'artificial intelligence'--\n"
        "    (A) has the meaning given in section 5002 of the Example Act; and\n"
        "    (B) includes machine learning.\n"
    )
    assert _read(listed, "artificial intelligence").endswith("(B) includes machine learning")


def test_a_quoted_list_ends_at_its_full_stop_before_a_glossary_entry() -> None:
    # OMB memoranda: "Term: The term 'x' has the definition provided in ..., which states
    # that '[t]he term ...— (A) ...; and (B) ....'" then a blank line and the next entry
    text = (
        'AI System: The term "AI system" has the definition provided in Section 9 of the '
        "Example Act, which states that \"[t]he term 'AI system'—\n"
        "(A) means any data system that uses machine learning; and\n"
        '(B) does not include a word processor."\n'
        "\n"
        'Acquisition: The term "acquisition" has the meaning provided in the regulation.\n'
    )
    wording = _read(text, "ai system")
    assert wording.endswith("(B) does not include a word processor.")
    assert "Acquisition" not in wording


def test_a_list_that_opens_at_the_end_of_its_provision_is_read_from_the_next() -> None:
    # the US Code's form: the list's items are provisions of their own
    text = (
        "“(D) ARTIFICIAL INTELLIGENCE SYSTEM.—The term ‘artificial intelligence system’ means "
        "any data system that operates using machine learning, whether—\n\n"
        "“(i) it is established to develop artificial intelligence; or\n\n"
        "“(ii) artificial intelligence capability is integrated into another system.\n\n"
        "“(E) FEDERAL SYSTEM.—The term ‘federal system’ means a system an agency runs.\n"
    )
    provision_end = text.index("“(i)")
    wording = _read(text, "artificial intelligence system", provision_end=provision_end)
    assert wording.endswith("integrated into another system.")
    assert "FEDERAL" not in wording
