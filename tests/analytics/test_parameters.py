"""Parameters read from provisions: deadlines, thresholds, penalties and definitions,
each with the exact span it was read from (sentences written for these tests)."""

from __future__ import annotations

from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govatlas.analytics.compare import ProvisionRef
from govatlas.analytics.contrary import deontics, propose_contrary
from govatlas.analytics.parameters import (
    Deadline,
    Definition,
    Parameter,
    Penalty,
    Threshold,
    extract_parameters,
)
from govatlas.analytics.quantities import (
    durations,
    format_hours,
    money,
    parse_number,
    powers_of_ten,
)

P = TypeVar("P", bound=Parameter)


def _only(text: str, kind: type[P]) -> list[P]:
    found = extract_parameters(text)
    for p in found:  # every parameter carries the exact characters it was read from
        assert text[p.span.start : p.span.end] == p.text
        assert p.span.concept == f"{p.family}:{p.kind}"
    return [p for p in found if isinstance(p, kind)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35 000 000", 35e6),
        ("1,000,000", 1e6),
        ("7 500 000", 7.5e6),
        ("fifteen", 15),
        ("NINETY", 90),
        ("five hundred million", 5e8),
        ("one billion", 1e9),
        ("2.5 million", 2.5e6),
        ("twenty-four", 24),
        ("banana", None),
    ],
)
def test_numbers_as_laws_write_them(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_compute_thresholds_in_every_notation() -> None:
    sentences = {
        "A frontier model is one trained using a quantity of computing power greater than "
        "10^26 integer or floating-point operations.": 1e26,
        "A model trained with more than 10²⁵ floating-point operations (FLOP) of compute.": 1e25,
        # the superscript lost on the way from the Official Journal, with or without a space
        "the cumulative amount of computation used for its training measured in floating "
        "point operations is greater than 1025.": 1e25,
        "the cumulative amount of computation used for its training measured in floating "
        "point operations is greater than 10 25 .": 1e25,
        "Models trained using at least 3 x 10^24 FLOP of training compute.": 3e24,
    }
    for sentence, value in sentences.items():
        [found] = _only(sentence, Threshold)
        assert (found.kind, found.unit, found.value) == ("compute", "FLOP", value), sentence
    [exact] = _only(next(iter(sentences)), Threshold)
    assert exact.comparator == "greater than"
    assert exact.text == "greater than 10^26 integer or floating-point operations"
    assert exact.label == "greater than 10^26 FLOP"


def test_a_lost_superscript_is_read_only_where_operations_are_counted() -> None:
    for sentence in (
        "Harmonised standards within the meaning of Regulation (EU) No 1025/2012 apply.",
        "The budget for 2025 is 1025 euros for training courses.",
        "Providers shall keep 1025 records of training data.",
    ):
        assert [p for p in extract_parameters(sentence) if p.kind == "compute"] == []
    # a power of ten in a sentence about operations per second is a cluster, not a model
    [cluster] = _only(
        "A computing cluster with a capacity of 10^20 floating-point operations per "
        "second for training AI.",
        Threshold,
    )
    assert (cluster.kind, cluster.unit, cluster.value) == ("compute-capacity", "FLOP/s", 1e20)
    assert powers_of_ten("Regulation No 1025/2012", lost_superscripts=True) == []


def test_computing_capacity_is_read_apart_from_training_compute() -> None:
    both = (
        "(i) any model that was trained using a quantity of computing power greater than "
        "10^26 integer or floating-point operations; and (ii) any computing cluster having "
        "a theoretical maximum computing capacity of 10^20 integer or floating-point "
        "operations per second for training AI."
    )
    assert [(t.kind, t.value, t.unit) for t in _only(both, Threshold)] == [
        ("compute", 1e26, "FLOP"),
        ("compute-capacity", 1e20, "FLOP/s"),
    ]
    [written_out] = _only(
        "having a theoretical maximum greater than 10^20 computational operations (e.g., "
        "integer or floating-point operations) per second (OP/s) for AI training.",
        Threshold,
    )
    assert written_out.label == "greater than 10^20 FLOP/s"
    [in_digits] = _only(
        "a theoretical maximum computing capacity of 100,000,000,000,000,000,000 integer or "
        "floating-point operations per second for training artificial intelligence.",
        Threshold,
    )
    assert (in_digits.kind, in_digits.value) == ("compute-capacity", 1e20)


def test_flops_counted_are_training_compute_not_a_capacity() -> None:
    for sentence in (
        "a model trained using more than 10^26 FLOPs of compute.",
        "trained with 10^25 FLOPS of training compute",
    ):
        assert [(t.kind, t.unit) for t in _only(sentence, Threshold)] == [("compute", "FLOP")]
    [rate] = _only("a cluster capable of 10^20 FLOP/s for training", Threshold)
    assert (rate.kind, rate.unit) == ("compute-capacity", "FLOP/s")


def test_thresholds_written_in_words_or_after_the_value() -> None:
    [size] = _only("(C) Contains at least tens of billions of parameters;", Threshold)
    assert (size.kind, size.value, size.comparator) == ("parameters", 1e10, "at least")
    [visitors] = _only(
        "a generative artificial intelligence system that has over 1,000,000 monthly "
        "visitors or users and is publicly accessible",
        Threshold,
    )
    assert (visitors.kind, visitors.value) == ("users", 1e6)
    [small] = _only("grants to manufacturers that employ 50 or fewer employees.", Threshold)
    assert (small.kind, small.value, small.label) == ("employees", 50, "50 or fewer employees")
    [music] = _only(
        "(B) has annual revenues related to the distribution of music of more than $100 "
        "million; and",
        Threshold,
    )
    assert (music.kind, music.value) == ("revenue", 1e8)
    [revenue] = _only("a person that has $5,000,000 or more in annual revenue.", Threshold)
    assert (revenue.kind, revenue.value, revenue.comparator) == ("revenue", 5e6, "or more")
    # revenue named before the amount is no threshold on it
    assert (
        _only(
            "any expenditure of public funds or loss of revenue to a local agency in the amount "
            "of one hundred thousand dollars ($100,000) or more",
            Threshold,
        )
        == []
    )
    # people reached in a year decide coverage, however few
    [reached] = _only(
        "the deployer deployed an automated decision tool that impacted more than 999 "
        "people per year.",
        Threshold,
    )
    assert (reached.kind, reached.value) == ("users", 999)


def test_deadlines_are_normalised_to_hours() -> None:
    text = (
        "Providers shall report any serious incident not later than 15 days after becoming "
        "aware of it. Where an incident poses an imminent risk of death, the developer shall "
        "disclose that incident within 24 hours to an authority. Where a serious incident "
        "disrupts critical infrastructure, the report shall be provided not later than two days "
        "after. "
        "The deployer shall send a notice to the person within three months."
    )
    found = _only(text, Deadline)
    assert [(d.kind, d.hours, d.label) for d in found] == [
        ("incident-reporting", 360.0, "15 days"),
        ("incident-reporting", 24.0, "24 hours"),
        ("incident-reporting", 48.0, "2 days"),
        ("notification", 730.0 * 3, "3 months"),
    ]
    assert found[0].text == "not later than 15 days"
    assert found[2].same_as(Deadline("deadline", "x", found[2].span, "", 48.0, "48 hours"))
    assert not found[0].same_as(found[1])
    assert (format_hours(360), format_hours(24), format_hours(48)) == (
        "15 days",
        "24 hours",
        "2 days",
    )


def test_every_qualified_unit_has_its_hours() -> None:
    """ "One calendar year" crashed the compare page (a 500 found by the load benchmark)."""
    text = "within one calendar year, 3 business weeks, 2 working  months and 10 calendar days"
    assert [(d.value, d.unit) for d in durations(text)] == [
        (8760.0, "calendar year"),
        (504.0, "business week"),
        (1460.0, "working month"),
        (240.0, "calendar day"),
    ]


def test_durations_that_are_not_deadlines_are_left_out() -> None:
    text = (
        "This Regulation shall apply 24 months after its entry into force. "
        "The term of office of the members is four years. "
        "The Commission shall adopt implementing acts within six months."
    )
    found = _only(text, Deadline)
    # only the one with a deadline's words; adopting is a general act whoever adopts
    # (docs/guidelines/parameters.md, deadline kinds), and the holder says who
    assert [(d.kind, d.label, d.holder) for d in found] == [("other", "6 months", "authority")]


def test_retention_periods_need_a_duty_to_keep() -> None:
    [kept] = _only("The provider shall keep the logs for a period of at least ten years.", Deadline)
    assert (kept.kind, kept.label) == ("retention", "10 years")
    assert _only("The programme runs for five years.", Deadline) == []


def test_look_backs_and_planning_horizons_are_no_deadlines() -> None:
    assert (
        _only(
            "A deceased personality includes any such natural person who has died within 70 "
            "years prior to January 1, 1985.",
            Deadline,
        )
        == []
    )
    assert (
        _only(
            "A covered person shall submit a notification if it engages in, or plans, within "
            "six months, to engage in applicable activities.",
            Deadline,
        )
        == []
    )
    [advance] = _only(
        "The provider shall notify the Commission within 30 days before the change.", Deadline
    )
    assert advance.kind == "notification"


def test_a_fine_raised_by_amending_the_criminal_code() -> None:
    text = (
        "(a) Mail fraud.—Section 1341 of title 18, United States Code, is amended—\n"
        "(1) by striking “$1,000,000” and inserting “$2,000,000”; and\n"
        "(2) by inserting after the period the following: “If the violation is committed "
        "with the assistance of artificial intelligence, such person shall be fined not "
        "more than $1,000,000 or imprisoned not more than 20 years, or both.”."
    )
    assert [p.amount for p in _only(text, Penalty)] == [2e6, 1e6]
    # elsewhere an amended amount may be a grant or an authorisation
    assert (
        _only(
            "Section 105 of the Act is amended by striking “$1,000,000” and inserting "
            "“$2,000,000”.",
            Penalty,
        )
        == []
    )


def test_deadline_words_across_lines_dates_that_are_and_elections_held() -> None:
    [report] = _only(
        "(3) Report.--Not later \n    than one year after the date on which the team is "
        "terminated, the Secretary shall submit a report.",
        Deadline,
    )
    assert (report.label, report.kind) == ("1 year", "notification")
    [cure] = _only(
        "if the developer does not correct the violation by the date that is 90 days after "
        "the date on which the first warning is issued, the company shall remove the app.",
        Deadline,
    )
    assert cure.label == "90 days"
    [warnings] = _only(
        "the covered company shall issue the developer a series of not fewer than 3 warnings "
        "over a period of not more than 90 days; and",
        Deadline,
    )
    assert (warnings.label, warnings.kind) == ("90 days", "notification")
    assert (
        _only(
            "THE PERSON IS A CANDIDATE FOR PUBLIC OFFICE AND AN ELECTION IS SCHEDULED TO BE HELD "
            "FOR THAT PUBLIC OFFICE WITHIN ONE HUNDRED EIGHTY DAYS OF THE DATE THAT THE RELIEF "
            "IS REQUESTED.",
            Deadline,
        )
        == []
    )
    # grants stay no deadlines
    assert (
        _only("Grants under this section shall be for a period of not more than 5 years.", Deadline)
        == []
    )


def test_eu_style_fines_whichever_is_higher() -> None:
    text = (
        "Non-compliance with the prohibition of the AI practices referred to in Article 5 shall "
        "be subject to administrative fines of up to EUR 35 000 000 or, if the offender is an "
        "undertaking, up to 7 % of its total worldwide annual turnover for the preceding "
        "financial year, whichever is higher."
    )
    [fine] = _only(text, Penalty)
    assert (fine.amount, fine.currency, fine.turnover_percent, fine.combine, fine.per) == (
        35e6,
        "EUR",
        7.0,
        "higher",
        None,
    )
    assert fine.text.startswith("EUR 35 000 000") and fine.text.endswith("whichever is higher")
    assert fine.label == "EUR 35,000,000 or 7 % of turnover, whichever is higher"


def test_us_style_penalty_per_violation_reads_the_digits_in_brackets() -> None:
    text = (
        "A large developer that fails to report an incident shall be subject to a civil penalty "
        "that does not exceed one million dollars ($1,000,000) per violation."
    )
    [fine] = _only(text, Penalty)
    assert (fine.amount, fine.currency, fine.per, fine.turnover_percent) == (
        1e6,
        "$",
        "violation",
        None,
    )
    assert fine.text == "one million dollars ($1,000,000) per violation"
    assert fine.label == "$1,000,000 per violation"  # which dollar: the jurisdiction's
    canada = _only(
        "An organization is liable to a fine of not more than the greater of $5,000,000 and 2% "
        "of its gross global revenues, or, for an individual, a fine of not more than $50,000, "
        "and in any case not less than $500.",
        Penalty,
    )
    assert [f.label for f in canada] == [  # shares go with their own amount; a minimum is none
        "$5,000,000 or 2 % of turnover, whichever is higher",
        "$50,000",
    ]
    assert [m.value for m in money("€15 million, RMB 100,000 and GBP 2.5 million")] == [
        15e6,
        1e5,
        2.5e6,
    ]


def test_sums_of_money_are_penalties_only_in_a_sentence_about_fines() -> None:
    assert _only("The programme has a budget of EUR 35 000 000.", Penalty) == []


def test_scope_thresholds() -> None:
    text = (
        '"Large developer" means a developer that together with its affiliates had annual '
        "gross revenues in excess of five hundred million dollars ($500,000,000) in the "
        "preceding calendar year. A deployer that employs fewer than fifty full-time "
        "equivalent employees is exempt. The model is presumed to have a high impact when it "
        "has been made available to at least 10 000 registered business users."
    )
    found = {t.kind: t for t in _only(text, Threshold)}
    assert set(found) == {"revenue", "employees", "users"}
    assert (found["revenue"].value, found["revenue"].unit, found["revenue"].family) == (
        5e8,
        "$",
        "scope",
    )
    assert (found["employees"].value, found["employees"].comparator) == (50, "fewer than")
    assert (found["users"].value, found["users"].comparator) == (10_000, "at least")
    assert _only("Two users may share an account.", Threshold) == []


def test_negated_comparators_are_read_whole() -> None:
    """'not fewer than 500 users' is a floor; reading it as 'fewer than' reverses it."""
    found = _only("A system that is used by not fewer than 500 users annually.", Threshold)
    assert [(t.value, t.comparator) for t in found] == [(500, "not fewer than")]
    found = _only("A deployer with no more than 50 employees is exempt.", Threshold)
    assert [(t.value, t.comparator) for t in found] == [(50, "no more than")]


def test_definitions_of_key_terms() -> None:
    text = (
        "For the purposes of this Act, the following definitions apply:\n"
        "(1) 'AI system' means a machine-based system that infers outputs from inputs;\n"
        '(2) "Critical safety incident" means any of the following:\n'
        "(A) Loss of control of a frontier model causing death.\n"
        "(B) Unauthorised access to model weights.\n"
        "\n"
        "**(3) Other**\n"
        '(3) "Catering" means the provision of food;\n'
        "IV - artificial intelligence system operator: person who uses an AI system;\n"
    )
    found = {d.kind: d for d in _only(text, Definition)}
    assert set(found) == {"ai-system", "incident", "deployer"}  # "catering" is no key term
    assert found["ai-system"].term == "AI system"
    assert found["ai-system"].wording == "a machine-based system that infers outputs from inputs"
    assert "Loss of control" in found["incident"].wording  # the list is the definition
    assert "Unauthorised access" in found["incident"].wording
    assert found["deployer"].family == "scope"
    assert found["deployer"].text.startswith("artificial intelligence system operator:")


@given(st.text(max_size=300))
def test_every_span_is_exact_on_any_text(text: str) -> None:
    for p in extract_parameters(text):
        assert 0 <= p.span.start <= p.span.end <= len(text)
        assert text[p.span.start : p.span.end] == p.text


def _ref(id: int, text: str) -> ProvisionRef:
    return ProvisionRef(id, "x", f"art.{id}", None, text, text)


def test_contrary_is_proposed_only_for_the_same_action() -> None:
    a = [_ref(1, "Providers shall publish the training data summary of the model in full.")]
    b = [
        _ref(2, "Developers shall not publish the training data summary of the model."),
        _ref(3, "Developers shall not apply this section to public bodies."),  # a carve-out
        _ref(4, "Developers shall not sell the training data summary of the model."),
    ]
    [proposal] = propose_contrary(a, b)
    assert (proposal.a.id, proposal.b.id, proposal.verb, proposal.a_requires) == (
        1,
        2,
        "publish",
        True,
    )
    assert {"train", "data", "summary"} <= set(proposal.shared)  # stems
    assert propose_contrary(a, [_ref(5, "Providers shall publish the summary.")]) == []
    assert [d.verb for d in deontics("This Act shall not apply to research.")] == []


def test_a_retention_period_after_a_comma_is_read() -> None:
    """The EU AI Act's logs: "for a period appropriate to ..., of at least six months"."""
    text = (
        "The logs shall be kept for a period appropriate to the intended purpose of the "
        "high-risk AI system, of at least six months, unless provided otherwise."
    )
    found = [p for p in extract_parameters(text) if p.kind == "retention"]
    assert [p.text for p in found] == ["of at least six months"]


def test_unquoted_and_referring_definitions_under_a_definitions_heading() -> None:
    """The Federal Register lists terms without quotation marks ("AI model means ..."),
    sometimes with the definition as a list after "means:"; a term can be defined by
    reference to another statute."""
    text = (
        "Definitions.\n"
        "AI model means a component of an information system that implements AI technology.\n"
        "Dual-use foundation model means:\n"
        "(1) An AI model that is trained on broad data;\n"
        "(2) that exhibits high levels of performance.\n"
        "Customer means any person who buys a service.\n"
    )
    found = {d.term: d for d in _only(text, Definition)}
    assert set(found) == {"AI model", "Dual-use foundation model"}  # "customer": no key term
    assert "trained on broad data" in found["Dual-use foundation model"].wording
    [harm] = _only(
        "“critical harm” has the same meaning as defined in Section 22602 of the Code.",
        Definition,
    )
    assert (harm.kind, harm.wording) == ("severe-risk", "as defined in Section 22602 of the Code")


def test_harm_and_compute_cost_thresholds_as_new_york_writes_them() -> None:
    text = (
        '"Frontier model" means a model trained using greater than 10^26 computational '
        "operations (e.g., integer or floating-point operations), the compute cost of which "
        "exceeds one hundred million dollars. "
        '"Critical harm" means the death or serious injury of one hundred or more people or '
        "at least one billion dollars of damages to rights in money or property."
    )
    found = {(t.kind, t.value, t.comparator) for t in _only(text, Threshold)}
    assert found == {
        ("compute", 1e26, "greater than"),
        ("compute-cost", 1e8, "exceeds"),
        ("casualties", 100.0, "or more"),
        ("damage", 1e9, "at least"),
    }
    [people] = [t for t in _only(text, Threshold) if t.kind == "casualties"]
    assert people.label == "100 or more people"
    # an amount that is a fine is never a compute cost
    fine = "A civil penalty of up to $10,000 may be imposed for compute costs not disclosed."
    assert not [t for t in _only(fine, Threshold) if t.kind == "compute-cost"]


def test_ordinal_days_are_deadlines_and_prison_terms_are_not() -> None:
    [notice] = _only(
        "The developer shall provide notice to the attorney general not later than the 10th "
        "day after the date on which the developer discovers the risk.",
        Deadline,
    )
    assert (notice.label, notice.hours, notice.kind) == ("10 days", 240.0, "notification")
    assert not _only(
        "Whoever violates this section shall be imprisoned not more than 5 years.", Deadline
    )


def test_key_terms_with_an_abbreviation_or_under_other_names() -> None:
    text = (
        "(i) “Artificial intelligence” (AI) means technology that simulates human intelligence;\n"
        "(ii) “General purpose artificial intelligence” (“general AI”) means AI with broad "
        "cognitive capabilities;\n"
        '(iii) "Safety incident" means a known incidence of critical harm;\n'
        '(iv) "Large developer" means a person that has trained at least one frontier model;\n'
    )
    kinds = {d.term: d.kind for d in _only(text, Definition)}
    assert kinds == {
        "Artificial intelligence": "ai-system",
        "General purpose artificial intelligence": "general-purpose-model",
        "Safety incident": "incident",
        "Large developer": "large-developer",
    }


def test_a_definition_laid_out_over_several_lines_is_read_whole() -> None:
    """Texts laid out from PDFs break lines mid-sentence; a line that goes on in lower case
    continues the definition, one that opens a new item ends it, and so does the text."""
    text = (
        '9. "Large developer" means a person that has trained at least one\n'
        "frontier model and has spent over one hundred million dollars in compute\n"
        "costs in aggregate in training frontier models.\n"
        '10. "Foundation model" means an artificial intelligence model\n'
        "that:"
    )
    found = {d.term: d.wording for d in _only(text, Definition)}
    assert found["Large developer"].endswith("in aggregate in training frontier models")
    assert found["Foundation model"].startswith("an artificial intelligence model")
    [cost] = [t for t in _only(text, Threshold) if t.kind == "compute-cost"]
    assert (cost.value, cost.comparator) == (1e8, "over")


def test_validity_periods_comma_after_means_and_two_names() -> None:
    assert not _only(
        "The prescription explicitly states an expiration date of not more than 12 months "
        "from the date of the examination.",
        Deadline,
    )
    text = (
        "(a) “System” or “Systems” shall mean any machine-based system operating autonomously;\n"
        "(b) “Deployer” means, with respect to a System, the natural or legal person under "
        "whose authority the System is used;\n"
        '"Critical risk" means a foreseeable and non-trivial risk of critical harm;\n'
    )
    kinds = {d.term: d.kind for d in _only(text, Definition)}
    assert kinds == {"Deployer": "deployer", "Critical risk": "severe-risk"}
    [cost] = _only(
        "A developer that has trained a foundation model with computational power that costs "
        "at least $100,000,000 when measured using prevailing market prices of cloud computing.",
        Threshold,
    )
    assert (cost.kind, cost.value, cost.comparator) == ("compute-cost", 1e8, "at least")


def test_figures_repeated_in_brackets_and_notice_given_in_advance() -> None:
    [answer] = _only(
        "If an agency head provides no response within fourteen (14) days of receiving the "
        "notice, the Secretary may presume concurrence.",
        Deadline,
    )
    assert (answer.label, answer.hours) == ("14 days", 336.0)
    [kept] = _only(
        "A notified person must retain such records for no less than ten (10) years.", Deadline
    )
    assert (kept.kind, kept.hours) == ("retention", 87600.0)
    [report] = _only(
        "(II) a public report to Congress, submitted not less than 30 days before such "
        "determination, describing the concern.",
        Deadline,
    )
    [notice] = _only(
        "(2) Provide at least twenty-one (21) calendar days’ notice to the agency heads of the "
        "proposed determination.",
        Deadline,
    )
    assert (report.kind, report.hours, notice.kind, notice.hours) == (
        "notification",
        720.0,
        "notification",
        504.0,
    )
    # when something is barred is no time to act; a time after something is no notice
    assert not _only("(b) The distribution occurs within 90 days before an election.", Deadline)
    assert not _only("(a) Takes place within ninety (90) days of an election;", Deadline)
    assert not _only("This Act shall take effect not less than 30 days after enactment.", Deadline)


def test_fines_upon_conviction_and_fines_written_as_multiples() -> None:
    [fined] = _only(
        "Any person who willfully commits an unlawful act shall, upon conviction, be fined not "
        "more than $1,000,000, or if a natural person, may be imprisoned for not more than 20 "
        "years, or both.",
        Penalty,
    )
    assert fined.amount == 1e6
    [either] = _only(
        "(1) A fine of not more than $250,000 or an amount that is twice the value of the "
        "transaction that is the basis of the violation, whichever is greater.",
        Penalty,
    )
    assert (either.amount, either.multiple, either.multiple_of, either.combine) == (
        250000.0,
        2.0,
        "value of the transaction",
        "higher",
    )
    assert either.label == "$250,000 or twice the value of the transaction, whichever is higher"
    [wager] = _only(
        "Any person who violates subsection (a) shall be subject to a civil penalty of not more "
        "than the greater of $10,000 or 3 times the amount of the applicable sports wager.",
        Penalty,
    )
    assert (wager.amount, wager.multiple) == (10000.0, 3.0)
    [alone] = _only(
        "“(B) an amount that is twice the amount of the covered activity that is the basis of "
        "the violation with respect to which the penalty is imposed.",
        Penalty,
    )
    assert (alone.amount, alone.multiple) == (None, 2.0)
    # damages a court awards are no fine
    assert not _only(
        "The violator shall be liable for a civil penalty and three times the amount of damages "
        "sustained by the United States.",
        Penalty,
    )


def test_people_counted_for_coverage_are_a_users_threshold() -> None:
    [covered] = _only(
        "(6) software designed for connecting with and communicating via the internet that is in "
        "use by greater than 1,000,000 persons in the United States at any point during the year.",
        Threshold,
    )
    assert (covered.kind, covered.value, covered.comparator) == ("users", 1e6, "greater than")
    assert not _only("The council shall consist of not fewer than 5 individuals.", Threshold)


def test_a_population_and_a_staffing_floor_are_no_thresholds() -> None:
    """Parameter rounds 21 and 26: the people of a place are no users, and employees an
    authority must keep in an office are no size of employer."""
    assert not _only(
        "the Administrator shall use not more than 25 percent to make grants to owners and "
        "operators of community water systems that serve a population of not more than "
        "10,000 individuals.",
        Threshold,
    )
    assert not _only(
        "The Secretary of Homeland Security shall ensure that there are always not fewer than "
        "10,000 full-time equivalent employees in the Office of Enforcement and Removal "
        "Operations of U.S. Immigration and Customs Enforcement.",
        Threshold,
    )
    # employers' sizes, wherever they are, still are
    [employer] = _only(
        "An employer with 50 or more employees in the State shall notify.", Threshold
    )
    assert (employer.kind, employer.value) == ("employees", 50)


def test_gross_annual_sales_and_aggregate_subscribers_are_scope_thresholds() -> None:
    """Parameter rounds 21 and 29."""
    text = (
        "The term small and medium manufacturers means manufacturing firms (B) with gross "
        "annual sales of less than $100,000,000; (C) with fewer than 500 employees at the plant "
        "site. An entity in the tech industry means an entity that (B) has over 10 million "
        "aggregate subscribers or users of social media platforms provided by such entity."
    )
    read = {(t.kind, t.value, t.comparator) for t in _only(text, Threshold)}
    assert read == {
        ("revenue", 1e8, "less than"),
        ("employees", 500, "fewer than"),
        ("users", 1e7, "over"),
    }
    assert not _only("a sale of goods worth $500 or more", Threshold)  # "sales" alone is not


def test_us_code_definitions_and_more_key_terms() -> None:
    text = (
        "“(1) ARTIFICIAL INTELLIGENCE.—The term ‘artificial intelligence’—\n"
        "“(A) has the meaning given the term in section 238(g) of the Act; and\n"
        "(q) “Substantially modify” means to create a new version of a covered product.\n"
        "(l) “Incident” means a discreet occurrence of an adverse impact to a child.\n"
        "(2) Chatbot.--The term ``chatbot''-- (A) means any interactive computer service.\n"
    )
    kinds = {d.term: d.kind for d in _only(text, Definition)}
    # a chatbot is not a key term (docs/guidelines/parameters.md): read, then left out
    assert kinds == {
        "artificial intelligence": "ai-system",
        "Substantially modify": "substantial-modification",
        "Incident": "incident",
    }


def test_of_a_name_and_its_abbreviation_the_full_name_is_the_term() -> None:
    text = (
        "(a) “Artificial intelligence” or “AI” means an engineered or machine-based system "
        "that varies in its level of autonomy.\n"
        "(c) “Generative artificial intelligence system” or “GenAI system” means an "
        "artificial intelligence that can generate derived synthetic content.\n"
        '(22) "Intentional and substantial modification" or "Substantial modification" '
        "means a deliberate change made to an artificial intelligence system.\n"
        '(23) "Intentional and substantial modification" or "intentionally and '
        'substantially modifies" means a deliberate change to a system.\n'
    )
    assert [(d.term, d.kind) for d in _only(text, Definition)] == [
        ("Artificial intelligence", "ai-system"),
        ("Generative artificial intelligence system", "generative-ai"),
        # of two full names, the one nearest the verb, unless only the other is a key term
        ("Substantial modification", "substantial-modification"),
        ("Intentional and substantial modification", "substantial-modification"),
    ]


def test_definitions_by_reference_and_more_key_terms() -> None:
    text = (
        "Definitions\n\n"
        "Artificial intelligence or AI has the meaning set forth in 15 U.S.C. 9401(3).\n\n"
        'AI System: The term "AI system" has the definition provided in Section 7223 of '
        "the Advancing American AI Act.\n"
        "(3) The terms “AI” and “artificial intelligence” have the meaning given the term in "
        "section 5002 of the Act.\n"
        "(4) The term “frontier AI” means a model trained with very large compute.\n"
        "(5) The term “artificial intelligence deployer” means a person that uses a system.\n"
        "Significant Modification: The term “significant modification” refers to an update "
        "to an AI application.\n"
        "(6) “Train automated decisionmaking technology or artificial intelligence” means the "
        "process through which a system learns.\n"
    )
    assert [(d.term, d.kind) for d in _only(text, Definition)] == [
        ("Artificial intelligence", "ai-system"),
        ("AI system", "ai-system"),
        ("artificial intelligence", "ai-system"),
        ("frontier AI", "frontier-model"),
        ("artificial intelligence deployer", "deployer"),
        ("significant modification", "substantial-modification"),
    ]


def test_key_terms_in_words_of_their_own_and_covered_terms_that_still_name_ai() -> None:
    text = (
        "(2) Adverse AI incident.--The term ``adverse AI incident'' means an incident "
        "relating to an artificial intelligence system.\n"
        "(9) FOUNDATION MODEL PROVIDER.—The term “foundation model provider” means any "
        "company engaged in the provision of foundation models.\n"
        "(a) A “large-scale generative artificial intelligence model” shall mean a machine "
        "learning model with a capacity of at least one billion parameters.\n"
        "(1) the term ``advanced artificial intelligence system'' means an artificial "
        "intelligence system that was trained using a large quantity of computing power.\n"
        "(5) COVERED PROVIDER.—The term “covered provider” means any cloud provider or data "
        "infrastructure provider that has entered into contracts with the Department.\n"
        "(6) The term “covered frontier artificial intelligence model” means a frontier "
        "model trained by a large developer.\n"
    )
    assert [(d.term, d.kind) for d in _only(text, Definition)] == [
        ("adverse AI incident", "incident"),
        ("foundation model provider", "developer"),
        ("large-scale generative artificial intelligence model", "generative-ai"),
        ("advanced artificial intelligence system", "frontier-model"),
        ("covered frontier artificial intelligence model", "frontier-model"),
    ]


def test_fines_in_a_list_a_penalty_opens_and_fines_by_the_day() -> None:
    listed = (
        "(B) PENALTIES.—Any person that violates subparagraph (A) shall be liable for an amount "
        "equal to the greater of—\n(i) $5,000; or\n(ii) any actual damages incurred."
    )
    assert [p.amount for p in _only(listed, Penalty)] == [5000.0]
    forfeit = (
        "the person shall forfeit to the United States—\n"
        "(i) $10,000 for each day the person continues to be in default; and\n"
        "(ii) an amount determined appropriate by the Commission for each subsequent day, which "
        "may not exceed 1 percent of the total global revenue of the person."
    )
    fines = _only(forfeit, Penalty)
    assert [(p.amount, p.turnover_percent, p.per) for p in fines] == [
        (10000.0, None, "day"),
        (None, 1.0, None),
    ]
    [daily] = _only(
        "(I) $25,000 for each day during which such violation or failure to pay continues; or",
        Penalty,
    )
    assert (daily.amount, daily.per) == (25000.0, "day")
    # damages a court awards, listed or per violation, are no fine
    assert not _only(
        "shall be liable to the injured party in an amount equal to the greater of—\n"
        "(i) $5,000 per violation; or\n(ii) any actual damages.",
        Penalty,
    )
    assert not _only("(ii) the amount of the sports wager does not exceed $10,000;", Penalty)


def test_thresholds_in_digits_per_month_and_in_receipts() -> None:
    [compute] = _only(
        "(A) was trained with a total quantity of compute power greater than "
        "100,000,000,000,000,000,000,000,000 operations; and",
        Threshold,
    )
    assert (compute.kind, compute.value, compute.comparator) == ("compute", 1e26, "greater than")
    # capacity per second, not the compute a model was trained with
    [capacity] = _only(
        "a data center with a theoretical maximum computing capacity of "
        "100,000,000,000,000,000,000 integer or floating-point operations per second",
        Threshold,
    )
    assert (capacity.kind, capacity.unit) == ("compute-capacity", "FLOP/s")
    [users] = _only("an online platform with over 30,000 monthly users in the state", Threshold)
    assert (users.kind, users.value) == ("users", 30000.0)
    [receipts] = _only("had greater than $50,000,000 in average annual gross receipts", Threshold)
    assert (receipts.kind, receipts.value) == ("revenue", 5e7)


def test_decisions_not_to_exceed_a_time_and_time_given_to_act() -> None:
    [decision] = _only(
        "The plan shall make the decision in a timely fashion, not to exceed 72 hours after "
        "receipt of the request.",
        Deadline,
    )
    assert (decision.hours, decision.kind) == (72.0, "response")
    [filing] = _only(
        "Each covered entity shall have eighteen months from such effective date to complete and "
        "file the reports.",
        Deadline,
    )
    assert filing.hours == 18 * 730.0
    assert not _only(
        "Whoever violates this section shall be imprisoned not to exceed 5 years.", Deadline
    )


def test_covered_frontier_models_and_generative_ai_are_key_terms() -> None:
    text = (
        "(2) the term “covered frontier artificial intelligence model” means a type of "
        "artificial intelligence model that is trained on broad data;\n"
        "(3) The term “generative artificial intelligence” means the class of models and "
        "algorithms that generate synthetic content.\n"
        "(4) The term “covered entity” means any person.\n"
    )
    kinds = {d.term: d.kind for d in _only(text, Definition)}
    assert kinds == {
        "covered frontier artificial intelligence model": "frontier-model",
        "generative artificial intelligence": "generative-ai",
    }


def test_grant_lengths_are_no_deadlines_and_coverage_counts_need_whom() -> None:
    assert not _only(
        "(3) DURATION.—Grants awarded under this section shall be for a period of not more "
        "than 5 years.",
        Deadline,
    )
    assert not _only(
        "A grant made under this title shall be for a term of not more than 5 years.", Deadline
    )
    [answer] = _only("The agency shall respond within a period of not more than 30 days.", Deadline)
    assert answer.hours == 720.0
    [users] = _only(
        "(A) provides an online service that has more than 100,000,000 authenticated users of an "
        "online service in any 30-day period; and",
        Threshold,
    )
    assert (users.kind, users.value) == ("users", 1e8)
    [workers] = _only("an employer that employs 11 or more workers", Threshold)
    assert (workers.kind, workers.value) == ("employees", 11.0)
    # a count of people in a finding is no threshold
    assert not _only(
        "(1) According to a report, more than 4,000,000 individuals have been granted "
        "eligibility for a security clearance.",
        Threshold,
    )
