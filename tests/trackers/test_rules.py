"""The trackers' rules on sentences written for these tests (none quoted from a law)."""

from __future__ import annotations

from govatlas.trackers.extract import facts_of, passage_facts
from govatlas.trackers.facts import Context
from govatlas.trackers.incident_reporting import recipient

LIST_LEAD = "1. The following practices shall be prohibited:"


NONE = Context()


def _fields(tracker: str, text: str, context: Context = NONE) -> list[dict[str, object]]:
    return [f.fields for f in facts_of(tracker, text, context)]


def test_a_point_under_a_list_that_forbids_names_its_practice() -> None:
    point = "(c) the use of AI systems that assign people a social score from their conduct;"
    found = _fields("red-lines", point, Context("Banned practices", LIST_LEAD))
    assert [f["practice"] for f in found] == ["social-scoring"]


def test_a_sentence_that_forbids_and_names_a_practice() -> None:
    text = "No person shall use remote biometric identification in public parks."
    assert [f["practice"] for f in _fields("red-lines", text)] == [
        "real-time-biometric-identification"
    ]


def test_the_exception_in_the_same_provision_is_kept() -> None:
    text = (
        "A provider shall not offer a system that infers emotions of workers, except "
        "where a doctor asks for it."
    )
    (found,) = _fields("red-lines", text)
    assert found["practice"] == "emotion-recognition"
    assert found["exceptions"] and "except" in str(found["exceptions"])


def test_limits_definitions_and_findings_are_not_bans() -> None:
    for text in (
        "This section shall not apply to social scoring by a bank.",
        '"Social scoring system" means a tool that rates residents.',
        "The legislature could also prohibit social scoring in later acts.",
    ):
        assert _fields("red-lines", text) == [], text


def test_a_rule_of_construction_is_not_a_ban() -> None:
    """'may not be interpreted to prohibit ...' says how not to read the text."""
    sentence = (
        "Nothing in this section shall be construed to prohibit research on weapons of "
        "mass destruction countermeasures."
    )
    assert _fields("red-lines", sentence) == []
    point = "(1) to prohibit the use of AI to design a nuclear weapon; or"
    lead = "(a) The amendments made by this section may not be interpreted--"
    assert _fields("red-lines", point, Context("Rule of construction", lead)) == []
    # the same point under a list that does forbid is still read
    assert _fields("red-lines", "(1) nuclear weapons design with AI;", Context("", LIST_LEAD))


def test_a_heading_reaches_only_a_point_that_states_nothing_itself() -> None:
    assert _fields("red-lines", "(b) social scoring;", Context("Prohibited uses")) != []
    stated = "Agencies shall publish a yearly note on social scoring."
    assert _fields("red-lines", stated, Context("Prohibited uses")) == []


def test_a_list_title_that_only_names_the_article_does_not_forbid_its_paragraphs() -> None:
    paragraph = "2. The use of remote biometric identification shall be authorised by a judge."
    context = Context("Prohibited AI practices", "Article 5: Prohibited AI practices")
    assert _fields("red-lines", paragraph, context) == []


def test_incident_deadlines_in_hours_with_their_recipient() -> None:
    text = (
        "A developer shall report any critical incident to the Office of Digital Safety "
        "within 15 days of discovering it. Where the incident threatens life, the developer "
        "shall notify the Office of Digital Safety within 24 hours."
    )
    found = _fields("incident-reporting", text)
    assert [f["deadline_hours"] for f in found] == [360.0, 24.0]
    assert {f["recipient"] for f in found} == {"the Office of Digital Safety"}


def test_a_duty_without_a_time_is_a_fact_with_no_deadline() -> None:
    (found,) = _fields(
        "incident-reporting", "Operators must immediately notify the regulator of a malfunction."
    )
    assert found["deadline_hours"] is None and found["recipient"] == "the regulator"


def test_periodic_reports_and_reviews_are_not_incident_reports() -> None:
    for text in (
        "The Office shall produce an annual report on incidents reviewed.",
        "The Office shall review incident reports that developers submit.",
        "The Office shall not include trade secrets in a report on incidents.",
    ):
        assert _fields("incident-reporting", text) == [], text


def test_a_list_point_carries_the_duty_its_list_sets() -> None:
    point = "(c) document and report serious incidents to the Safety Office;"
    found = _fields("incident-reporting", point, Context("", "Providers of large models shall:"))
    assert [f["recipient"] for f in found] == ["the Safety Office"]


def test_a_to_that_names_no_one_is_not_a_recipient() -> None:
    assert recipient("A notification related to a serious incident shall be sent.") is None
    assert recipient("Providers shall notify the Commission of any serious incident.") == (
        "the Commission"
    )


def test_fines_with_currency_and_turnover_share() -> None:
    text = (
        "Breaches shall be subject to fines of up to EUR 20 000 000 or 4 % of total "
        "worldwide annual turnover, whichever is higher."
    )
    (found,) = _fields("penalties", text)
    assert found["max_amount"] == 20_000_000 and found["currency"] == "EUR"
    assert found["turnover_share"] == 0.04 and found["combine"] == "higher"


def test_a_bare_dollar_is_the_jurisdictions_dollar() -> None:
    text = "A civil penalty of not more than $50,000 per violation shall be imposed."
    assert _fields("penalties", text, Context(jurisdiction="US-CA"))[0]["currency"] == "USD"
    assert _fields("penalties", text, Context(jurisdiction="CAN"))[0]["currency"] == "CAD"
    assert _fields("penalties", text, Context(jurisdiction="FRA"))[0]["currency"] == "$"


def test_thresholds_in_every_printing_and_the_term_they_define() -> None:
    defined = (
        '"Large model" means a model trained using more than 10^26 integer or '
        "floating-point operations."
    )
    (found,) = _fields("compute-thresholds", defined)
    assert found["threshold_value"] == 1e26 and found["threshold_unit"] == "FLOP"
    assert found["defines"] == "Large model"
    lost = "A model trained with computation measured in floating point operations above 10(^25)."
    assert [f["threshold_value"] for f in _fields("compute-thresholds", lost)] == [1e25]
    capacity = (
        "A computing cluster with a capacity of 10^20 integer or floating-point operations "
        "per second for training AI."
    )
    assert [
        (f["threshold_value"], f["threshold_unit"]) for f in _fields("compute-thresholds", capacity)
    ] == [(1e20, "FLOP/s")]


def test_a_passage_is_read_with_its_introducing_sentence_once() -> None:
    context = Context("", "Violations shall incur a fine of up to EUR 10 000 as follows:", "EU")
    found = passage_facts("(a) for a first breach, a fine of up to EUR 10 000;", context)
    assert [f.fields["max_amount"] for f in found["penalties"]] == [10_000]
