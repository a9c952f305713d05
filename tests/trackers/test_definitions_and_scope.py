"""Red lines are read from prohibitions, not from definitions, scope clauses or calls
for a ban (sentences written for these tests, none quoted from a law)."""

from __future__ import annotations

from govatlas.store.reading_texts import ReadingProvision
from govatlas.trackers.extract import facts_of
from govatlas.trackers.facts import Context
from govatlas.trackers.reading import instrument_facts

BAN_HEADING = "Prohibition on investments in covered transactions"
NONE = Context()


def _practices(text: str, context: Context = NONE) -> list[object]:
    return [f.fields["practice"] for f in facts_of("red-lines", text, context)]


def _flat(*texts: str, heading: str = BAN_HEADING) -> list[ReadingProvision]:
    """A section whose paragraphs are stored flat, as siblings."""
    body = "\n".join(texts)
    section = ReadingProvision(1, None, "sec.1", "section", heading, 0, len(body), body)
    found, start = [section], 0
    for n, text in enumerate(texts, 2):
        found.append(
            ReadingProvision(n, 1, f"sec.1.p{n}", "paragraph", None, start, start + len(text), text)
        )
        start += len(text) + 1
    return found


def test_a_point_of_a_flat_definition_is_not_a_ban_under_its_heading() -> None:
    provisions = _flat(
        "(1) No United States person may engage in a covered transaction.",
        "(2) COVERED TRANSACTION.—The term ‘covered transaction’ means an investment in a "
        "firm that—",
        "(A) develops a system designed to be used for—",
        "(i) weapons design (including chemical or biological weapons); or",
        "(ii) mass surveillance.",
    )
    assert [f for f in instrument_facts("USA", provisions) if f.tracker == "red-lines"] == []


def test_a_flat_point_under_a_list_that_bans_is_still_read() -> None:
    provisions = _flat(
        "(a) The following uses of artificial intelligence are prohibited:",
        "(1) social scoring of residents;",
        "(2) untargeted scraping of facial images.",
        heading="Uses",
    )
    found = {
        f.fields["practice"]
        for f in instrument_facts("USA", provisions)
        if f.tracker == "red-lines"
    }
    assert found == {"social-scoring", "facial-scraping"}


def test_quoted_definitions_with_backticks_ban_nothing() -> None:
    text = (
        "``(8) Prohibited technology.--``(A) In general.--The term `prohibited technology' "
        "means a technology designed for the design of chemical weapons."
    )
    assert _practices(text) == []


def test_a_definition_run_into_an_offence_hides_nothing() -> None:
    text = (
        "``(F) Minor.--The term `minor' means any individual under the age of 18 years. "
        "``(A) Offence.--It shall be unlawful for any person to publish a digitally altered "
        "intimate visual depiction of an identifiable individual."
    )
    assert _practices(text) == ["sexual-abuse-imagery"]


def test_points_of_a_definition_lead_are_not_bans() -> None:
    lead = "(3) The term ‘prohibited use’ means any of the following:"
    assert _practices("(a) social scoring of residents;", Context("Bans", lead)) == []


def test_points_kept_in_one_text_take_the_ban_that_introduces_them() -> None:
    text = (
        "Art. 9\nThe use of artificial intelligence systems is prohibited:\n\n"
        "I - that employ subliminal techniques to harm a person;\n\n"
        "II - for the social scoring of persons by public bodies."
    )
    assert set(_practices(text)) == {"manipulation", "social-scoring"}


def test_a_prohibition_sought_is_not_a_ban() -> None:
    text = "Promote the complete prohibition of chemical weapons and biological weapons."
    assert _practices(text) == []
    assert _practices("The development of chemical weapons with AI is prohibited.") == [
        "cbrn-uplift"
    ]


def test_nuclear_weapons_in_a_ban_on_autonomous_launch_are_not_uplift() -> None:
    text = (
        "Prohibition on the use of funds to launch nuclear weapons with autonomous weapons systems."
    )
    assert _practices(text) == ["autonomous-weapons"]


def test_a_sense_of_congress_is_not_operative() -> None:
    provisions = [
        ReadingProvision(
            1,
            None,
            "sec.3",
            "section",
            "Sense of Congress",
            0,
            90,
            "It is the sense of Congress that no person shall use social scoring.",
        ),
    ]
    assert [f for f in instrument_facts("USA", provisions) if f.tracker == "red-lines"] == []
