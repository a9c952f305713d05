"""Deadlines read by the verb that governs them and bound on a holder, and verdicts
given only between values of the same duty (audit defects: a 48-hour time to request
judicial authorisation filed as "completing an assessment"; a notified body's five
years of keeping files set against a developer's; definitions called "differs")."""

from __future__ import annotations

from govatlas.analytics.compare import ProvisionRef
from govatlas.analytics.divergence import (
    DIFFERS,
    NOT_COMPARED,
    SAME,
    TERMS_ONLY,
    Found,
    divergence_rows,
    parameters_of,
)
from govatlas.analytics.duties import lemma
from govatlas.analytics.parameters import Deadline, extract_parameters


def _deadlines(text: str) -> list[tuple[str, str | None, str]]:
    return [
        (p.kind, p.holder, p.label) for p in extract_parameters(text) if isinstance(p, Deadline)
    ]


def _deadline_kinds(text: str) -> list[str]:
    return [kind for kind, _, _ in _deadlines(text)]


def _ref(unit: int, text: str, instrument: str = "x") -> ProvisionRef:
    return ProvisionRef(unit, instrument, f"art.{unit}", None, text, text)


def test_the_governing_verb_not_the_nearest_noun_gives_the_purpose() -> None:
    text = (
        "The deployer of a remote identification system shall request an authorisation, "
        "ex ante, or without undue delay and no later than 48 hours, by a judicial "
        "authority whose decision is subject to judicial review."
    )
    assert _deadlines(text) == [("other", "deployer", "48 hours")]


def test_verbs_set_off_coordinated_or_light() -> None:
    assert _deadlines("The provider shall, within 15 days, notify the person concerned.") == [
        ("notification", "developer", "15 days")
    ]
    coordinated = (
        "Another notified body will assume responsibility for the systems and completes its "
        "assessment within 12 months."
    )
    assert _deadlines(coordinated) == [("assessment", "notified body", "12 months")]
    light = (
        "Providers shall report any serious incident. The report shall be made not later "
        "than 10 days after the provider becomes aware of the incident."
    )
    assert _deadlines(light) == [("incident-reporting", "developer", "10 days")]
    assert (lemma("notifies"), lemma("kept"), lemma("completes")) == ("notify", "keep", "complete")


def test_a_passive_sentence_continues_the_holder_before_it() -> None:
    text = (
        "Notified bodies shall make a list of their subsidiaries publicly available. The "
        "documents concerning the subcontractor shall be kept at the disposal of the "
        "notifying authority for a period of five years."
    )
    assert _deadlines(text) == [("retention", "notified body", "5 years")]


def test_an_answer_binds_who_answers_not_the_authority_that_asks() -> None:
    text = (
        "The attorney general may require that a developer disclose to the attorney general, "
        "no later than 90 days after the request, the statement."
    )
    assert _deadlines(text) == [("response", "developer", "90 days")]


def test_no_verdict_between_different_holders_of_one_kind() -> None:
    notified = _ref(1, "Notified bodies shall keep the files for a period of five years.", "a")
    provider = _ref(2, "Providers shall keep the documentation for a period of ten years.", "a")
    developer = _ref(3, "A developer shall retain the information for five years.", "b")
    a, b = parameters_of([notified]), parameters_of([developer])
    [row] = divergence_rows(a, b, set())
    assert row.kind == "retention" and row.status == NOT_COMPARED
    assert not row.diverges and not row.judged
    # the developer's own duty is compared with the provider's, not with the notified body's
    [row] = divergence_rows(parameters_of([notified, provider]), b, set())
    assert row.status == DIFFERS and row.judged
    # a crosswalk that aligns the provisions says they are the same duty
    [row] = divergence_rows(a, b, {(1, 3)})
    assert row.status == SAME


def test_deadlines_of_unread_purpose_get_no_verdict() -> None:
    a = parameters_of([_ref(1, "The provider shall request approval within 30 days.", "a")])
    b = parameters_of([_ref(2, "The developer shall request approval within 30 days.", "b")])
    [row] = divergence_rows(a, b, set())
    assert (row.kind, row.status) == ("other", NOT_COMPARED)


def test_a_definition_never_gets_a_value_status() -> None:
    """ "deployer" and "DEPLOYER" were shown as "differs" (they are in the scope family)."""
    a = parameters_of(
        [_ref(1, '"deployer" means a person using an AI system under its authority.')]
    )
    b = parameters_of(
        [_ref(2, '"DEPLOYER" MEANS A PERSON DOING BUSINESS IN THIS STATE THAT DEPLOYS A SYSTEM.')]
    )
    [row] = divergence_rows(a, b, set())
    assert (row.family, row.kind, row.status) == ("scope", "deployer", TERMS_ONLY)
    assert not row.diverges and not row.judged
    assert all(isinstance(f, Found) for f in (*row.a, *row.b))


def test_the_purpose_comes_before_who_must_meet_it() -> None:
    """An authority's report is a notification and its publication a publication; the kind
    "authority" is left for an authority's own decision (docs/guidelines/parameters.md,
    deadline kinds). A duty whose verb is not read is "other", as the guideline's
    annotators read agencies' general acts (rounds 1 to 11: 290 → 307 of 389 kinds)."""
    assert _deadlines(
        "Not later than 2 years after the date of enactment, the Commission shall publish "
        "on its website a report on enforcement."
    ) == [("publication", "authority", "2 years")]
    assert _deadlines("The Commission shall decide within 3 months.") == [
        ("authority", "authority", "3 months")
    ]
    assert _deadlines("The Commission shall develop a repository within 180 days.") == [
        ("other", "authority", "180 days")
    ]
    cut_off = (
        "Within 180 days of the date of this order, the Secretary of Energy, with the heads "
        "of other agencies as the Secretary may deem appropriate, shall:"
    )
    assert _deadlines(cut_off) == [("other", "authority", "180 days")]


def test_an_order_item_that_opens_with_its_deadline_is_read_by_the_verb_after_it() -> None:
    """Executive orders bind agencies: "(vii) within 180 days of the date of this order,
    review ..." is an authority's assessment, and "tracking and reporting" a report."""
    assert _deadlines(
        "(vii) within 180 days of the date of this order, review existing qualifications;"
    ) == [("assessment", "authority", "180 days")]
    assert _deadlines(
        "(i) within 180 days of the date of this order, tracking and reporting progress to "
        "the President on increasing capacity;"
    ) == [("notification", "authority", "180 days")]


def test_answers_to_requests_and_notices_are_responses() -> None:
    assert _deadlines(
        "Signatories will provide such information no later than 14 days of\nreceiving the request."
    ) == [("response", None, "14 days")]
    assert _deadlines(
        "Not later than 60 days after receiving such notice, the Commission shall each or "
        "jointly make a determination and respond to such individual."
    ) == [("response", "authority", "60 days")]


def test_making_available_to_someone_filing_and_registering_are_notifications() -> None:
    assert _deadlines(
        "A developer shall make necessary information available to deployers within 30 days "
        "of the modification."
    ) == [("notification", "developer", "30 days")]
    assert _deadlines(
        "The deployer shall make the statement available on its website within 30 days."
    ) == [("publication", "deployer", "30 days")]
    assert _deadlines(
        "A U.S. person shall file a notification with the Department no later than 30 "
        "calendar days following the completion date of a transaction."
    ) == [("notification", None, "30 calendar days")]


def test_an_expletive_subject_names_no_holder() -> None:
    text = (
        "In an action brought by the Attorney General, it shall be an affirmative defense "
        "that the developer provides notice to the Attorney General no later than 45 days "
        "after discovering the violation."
    )
    assert _deadlines(text) == [("notification", None, "45 days")]


def test_handing_something_to_someone_and_deciding_on_an_application() -> None:
    assert _deadlines(
        "Within 60 days of completing an impact assessment, a deployer shall provide the "
        "impact assessment to the Civil Rights Department."
    ) == [("notification", "deployer", "60 days")]
    assert _deadlines(
        "The committee shall generally make a review decision within 30 days after accepting "
        "the application."
    ) == [("response", None, "30 days")]
    assert _deadlines(
        "Not later than 24 months after the establishment of the Directorate, the Director "
        "shall prepare and submit a report to Congress."
    ) == [("notification", "authority", "24 months")]


def test_decisions_on_a_matter_applications_and_list_items_that_open_with_a_deadline() -> None:
    assert _deadline_kinds(
        "(b) Unless the Secretary determines that additional time is necessary, the Secretary "
        "shall issue the Final Determination within 180 days of serving the Initial "
        "Determination."
    ) == ["authority"]
    assert _deadline_kinds(
        "The Secretary shall issue guidance within 180 days of the date of enactment."
    ) == ["other"]
    assert _deadline_kinds(
        "(1) IN GENERAL.—Not later than 180 days after the date on which the Attorney General "
        "receives a complete application under this section, the Attorney General shall approve "
        "the application."
    ) == ["response"]
    assert _deadline_kinds(
        "(c) Petitions.— (1) IN GENERAL.—Not later than 60 days after the Secretary takes "
        "action under section 3(a), an aggrieved person may apply for review by filing a petition."
    ) == ["notification"]
    assert _deadline_kinds(
        "(c) With respect to incident reports, a developer shall do all of the following:\n"
        "(1) Within 30 days of learning of an incident, file a report with the board.\n"
        "(2) Within 30 days of the substantiation of the incident by the board, publish the "
        "report."
    ) == ["incident-reporting", "publication"]


def test_a_request_named_far_from_the_deadline_is_another_duty() -> None:
    assert _deadline_kinds(
        "The Secretary shall examine the complaint to determine whether a violation has occurred "
        "and shall make any investigation the Secretary considers necessary to establish the "
        "facts of the matter. Except as provided in this subsection, within three business days "
        "of determining that an investigation is necessary, the Secretary shall notify the "
        "person who is the subject of the investigation."
    ) == ["notification"]
    assert _deadline_kinds(
        "A deployer shall, within 30 days after receiving a request from a consumer, provide the "
        "explanation."
    ) == ["response"]


def test_an_authority_deadline_is_its_own_decision_or_appointment_not_any_act() -> None:
    """The guideline's "authority": an authority's decision on a matter or a designation
    of a person; its general acts (initiating a process, establishing a program) are
    "other", like anyone's, and a list opened by "shall—" is read by its first item."""
    assert _deadline_kinds(
        "Not later than 180 days after the date of the enactment of this Act, the Director "
        "shall initiate a process to update the database."
    ) == ["other"]
    assert _deadline_kinds(
        "c. All initial appointments to the task force shall be made no later than 30 days "
        "after the effective date of this act."
    ) == ["authority"]
    assert _deadline_kinds(
        "(a) In general.—Not later than one year after the date of the enactment of this "
        "title, the President shall—\n(1) publish a list of categories of technologies;\n"
        "(2) notify Congress."
    ) == ["publication"]
    assert _deadline_kinds(
        "Not later than 90 days after the date of enactment, the Commission shall decide "
        "whether the system is high-risk."
    ) == ["authority"]


def test_answers_to_questions_applications_submitted_and_lawsuits_kept_up() -> None:
    assert _deadline_kinds(
        "If BIS has additional questions, the covered U.S. person will provide additional "
        "responses to such additional questions within seven (7) calendar days."
    ) == ["response"]
    assert _deadline_kinds(
        "Not later than 90 days after the date on which an application is submitted to the "
        "agency under subparagraph (A), the agency shall review the application."
    ) == ["response"]
    assert _deadline_kinds(
        "No civil action shall be maintained under this Act unless it is commenced within "
        "four years after the party discovered the violation."
    ) == ["other"]


def test_an_act_seen_done_in_the_passive_gives_the_purpose() -> None:
    assert _deadline_kinds(
        "The Director shall ensure an unclassified version of the assessment is published "
        "on the Department's website no later than 30 days following the submission."
    ) == ["publication"]


def test_list_items_without_a_verb_take_the_purpose_their_list_opened_with() -> None:
    assert _deadline_kinds(
        "(2) TIME FOR FILING NOTICE.—The notice required by paragraph (1) shall be submitted—\n"
        "(A) not later than 30 days before the generative AI system is made available; and\n"
        "(B) not later than 30 days after the date on which this Act takes effect."
    ) == ["notification", "notification"]
    # a light verb opens the list: each item keeps its own verb
    assert _deadline_kinds(
        "(c) With respect to incident reports, a developer shall do all of the following:\n"
        "(1) Within 30 days of learning of an incident, file a report with the board.\n"
        "(2) Within 30 days of the substantiation of the incident, publish a description on "
        "the developer's internet website."
    ) == ["incident-reporting", "publication"]


def test_briefings_certifications_and_prepared_reports_are_notifications() -> None:
    assert _deadline_kinds(
        "(b) Annual Briefing.—Not later than 180 days after the date of enactment of this "
        "Act, the Director shall brief the appropriate Congressional committees."
    ) == ["notification"]
    assert _deadline_kinds(
        "Not later than 30 days before the first transfer, the President shall certify to "
        "the Committee on Foreign Affairs that the transfer is lawful."
    ) == ["notification"]
    assert _deadline_kinds(
        "(a) Report.—Not later than 2 years after the date of enactment of this Act, the "
        "Secretary shall prepare a report that describes the data."
    ) == ["notification"]
    assert _deadline_kinds(
        "The notice required by paragraph (1) shall be submitted within 30 days."
    ) == ["notification"]


def test_a_public_body_meeting_is_authority_but_meeting_a_requirement_is_not() -> None:
    """The guideline's ruling before round 26: a meeting, hearing or vote of a public body
    is `authority`; convening a process or meeting requirements is not a sitting."""
    assert _deadline_kinds(
        "(1) INITIAL MEETING.—The Advisory Board shall meet not later than 30 days after the "
        "date on which a majority of its members have been appointed."
    ) == ["authority"]
    assert _deadline_kinds(
        "The Council shall hold its first meeting not later than 45 days after the date of "
        "enactment of this Act."
    ) == ["authority"]
    assert _deadline_kinds(
        "The co-chairs shall schedule the first meeting of the panel, which shall be held not "
        "later than 60 days after the effective date of this section."
    ) == ["authority"]
    assert _deadline_kinds(
        "Each contractor shall meet the requirements of this section within 90 days."
    ) == ["other"]
    assert _deadline_kinds(
        "Within 90 days of this order, the Secretary shall convene a stakeholder process to "
        "encourage best practices."
    ) == ["other"]


def test_a_heading_names_the_purpose_when_the_clause_gives_no_verb() -> None:
    """A sentence that stops at "shall—" or is cut before its verb is read by the heading
    right before its deadline ("In general" passed over); a verb, when read, decides."""
    assert _deadline_kinds(
        "(c) Informing Congress.—Not later than 60 days after the date of enactment of this "
        "Act, the head of each agency shall—"
    ) == ["notification"]
    assert _deadline_kinds(
        "(1) REPORT ON PROGRESS.— (A) IN GENERAL.—Not later than 180 days after the date of "
        "the enactment of this Act, the Director shall"
    ) == ["notification"]
    assert _deadline_kinds(
        "(E) EVALUATION.—Not later than 90 days after the materials are distributed, the "
        "Secretary shall employ a private entity to evaluate the campaign."
    ) == ["other"]


def test_decisions_on_requests_named_in_the_subject_are_responses() -> None:
    assert _deadline_kinds(
        "Decisions to approve, modify, or deny requests by providers shall be made in a "
        "timely fashion, not to exceed 72 hours from the plan's receipt of the information."
    ) == ["response"]
    assert _deadline_kinds(
        "(1) Any licensing application that is related to an agreement must be approved, "
        "returned, or denied within 30 days of submission."
    ) == ["response"]
    assert _deadline_kinds(
        "Not later than 30 days after a rule is referred to an agency, personnel at that "
        "agency shall make a determination as to whether the rule is outdated."
    ) == ["authority"]
    # considering whether to act is no decision on a case
    assert _deadline_kinds(
        "Not later than 30 days after the date of the enactment of this Act, the Secretary "
        "shall consider issuing guidance to exclude the software."
    ) == ["other"]


def test_a_quoted_item_and_an_item_run_on_after_a_full_stop_are_sentences_of_their_own() -> None:
    assert _deadline_kinds(
        "In making a determination, the President shall consider any effects. ``(C) Not later "
        "than 15 days after the certification, the Secretary shall brief the committees."
    ) == ["notification"]
    assert _deadline_kinds(
        "The term means systems identified by personnel.(d) Not later than 90 days after the "
        "date of enactment, the agency shall submit a plan to the Committees."
    ) == ["notification"]
    assert _deadline_kinds(
        "Meeting summaries must be posted to the website of the office within 30 days of any "
        "meeting."
    ) == ["publication"]


def test_the_act_that_completes_a_duty_and_answers_told_to_the_asker() -> None:
    """The guideline's rulings: one deadline over several acts takes the act that
    completes the duty; convening a body of people is an authority's act; completing is
    an assessment only of an assessment; telling the asker the decision on a request is
    a response; an appeal received is answered."""
    assert _deadline_kinds(
        "Not later than 90 days after receiving a copy of an application under paragraph "
        "(1), the head of an applicable agency shall approve or deny the application and "
        "submit to the Director a record of the agency decision."
    ) == ["notification"]
    assert _deadline_kinds(
        "(1) WORKING GROUP.—Not later than 90 days after the date of the enactment of this "
        "Act, the Administrator shall convene a working group of agency officials."
    ) == ["authority"]
    assert _deadline_kinds(
        "Students shall complete participation in the Program within four years of "
        "starting the Program."
    ) == ["other"]
    assert _deadline_kinds("Emergency reviews shall generally be completed within 72 hours.") == [
        "assessment"
    ]
    assert _deadline_kinds(
        "In the case of a request submitted by a provider, the organization shall notify "
        "the enrollee of such determination no later than 7 days after receiving it."
    ) == ["response"]
    assert _deadline_kinds(
        "(2) Response.--Not later than 60 days after receiving an appeal under paragraph "
        "(1), the Director shall determine whether the appeal is sufficient."
    ) == ["response"]
    # a notice of appeal filed is no appeal received
    assert _deadline_kinds(
        "Not later than 5 days after filing a notice of appeal, the appellant shall provide "
        "a copy of the notice to each interested person."
    ) == ["notification"]


def test_identifying_to_an_authority_and_a_section_run_on_after_a_full_stop() -> None:
    assert _deadline_kinds(
        "(a) Within 10 days of the date of this order, each relevant agency shall identify to "
        "the Council on Environmental Quality any categorical exclusions already established."
    ) == ["notification"]
    # the report duty of the section before no longer governs the next section's deadline
    assert _deadline_kinds(
        "Each report shall be submitted in unclassified form.SEC. 5. COLLECTION. (a) In "
        "General.—Not later than 90 days after the date of enactment, the Secretary shall "
        "expand the collection of information."
    ) == ["other"]
    assert _deadline_kinds(
        "The first update to the resource assessment carried out by the Survey under "
        "subsection (c) of section 2501 of the Act, as amended by paragraph (1), shall be "
        "completed by not later than 180 days after the date of the enactment of this Act."
    ) == ["assessment"]


def test_a_conditional_item_a_headed_list_and_a_body_of_people_set_up() -> None:
    assert _deadline_kinds(
        "A United States person shall—\n(A) if such activity is not a secured transaction, "
        "submit to the Secretary a complete written notification of the activity not later "
        "than 14 days before the anticipated completion date."
    ) == ["notification"]
    assert _deadline_kinds(
        "(1) REPORT.—Not later than 1 year after the date of enactment of this Act, the "
        "Comptroller General shall—\n(A) review office space requirements; and\n(B) submit "
        "to Congress a report on the review."
    ) == ["notification"]
    assert _deadline_kinds(
        "(a) Establishment.—Not later than 90 days after the date of the enactment of this "
        "Act, the Secretary of Defense shall establish a working group on AI."
    ) == ["authority"]
    # an office, a program or a process set up is no body of people
    assert _deadline_kinds(
        "Not later than 180 days after the date of enactment, the Secretary shall establish "
        "a pilot program on data sharing."
    ) == ["other"]


def test_mailing_a_notice_and_filling_a_vacancy() -> None:
    assert _deadline_kinds(
        "E. Within twenty-four hours after receiving a challenge, the board shall mail, by "
        "first class mail, a notice of the challenge to the voter."
    ) == ["notification"]
    assert _deadline_kinds(
        "The notice shall be mailed by first class mail to the voter within three days after "
        "the board's determination."
    ) == ["notification"]
    assert _deadline_kinds(
        "Any vacancy shall be filled by the appointing authority within 90 days of such "
        "vacancy arising."
    ) == ["authority"]


def test_an_authority_s_report_to_congress_on_incidents_is_a_notification() -> None:
    # a report on a topic, even a topic of incidents (the guideline's `notification`)
    assert _deadline_kinds(
        "Not later than three years after the date of the enactment of this Act, the "
        "Director shall submit to Congress a report on a process relating to the voluntary "
        "reporting of artificial intelligence security incidents."
    ) == ["notification"]
    # an agency telling of its own incident is still incident reporting
    assert _deadline_kinds(
        "The agency shall report the incident to the Inspector General within 7 days."
    ) == ["incident-reporting"]
