# ruff: noqa: E501
"""AGORA's fields become the right legal form, stage and place (docs/legal-status.md)."""

from __future__ import annotations

from datetime import date

import pytest

from govatlas.sources.agora import jurisdiction_for
from govatlas.sources.agora_kinds import instrument_kind, lifecycle
from govatlas.vocabulary import Binding, InstrumentType, LifecycleKind

CHINA = "Chinese central government"


@pytest.mark.parametrize(
    ("authority", "parent", "name", "activity", "expected", "binding"),
    [
        # statements of a government's view are never regulation
        (CHINA, "", "The position paper submitted by the Chinese delegation to CCW 5th Review Conference", "Enacted", InstrumentType.STATEMENT, Binding.NON_BINDING),
        (CHINA, "", "Remarks by Ambassador Zhang Jun at the UN Security Council Briefing on AI", "Proposed", InstrumentType.STATEMENT, Binding.NON_BINDING),
        (CHINA, "", "Opinions on Strengthening the Governance of Science and Technology Ethics", "Enacted", InstrumentType.POLICY, Binding.NON_BINDING),
        (CHINA, "", "Security Management Measures for the Application of Facial Recognition Technology", "Enacted", InstrumentType.REGULATION, Binding.BINDING),
        ("Other authorities", "", "Technical Documentation of National Technical Committee 260 on Cybersecurity", "Enacted", InstrumentType.STANDARD, Binding.NON_BINDING),
        # US states: executive orders, agency policies and resolutions are not laws
        ("Mississippi", "State governments", "Mississippi Executive Order No. 1584", "Enacted", InstrumentType.EXECUTIVE_ORDER, Binding.BINDING),
        ("North Dakota", "State governments", "State of North Dakota Artificial Intelligence Policy", "Enacted", InstrumentType.POLICY, Binding.NON_BINDING),
        ("Delaware", "State governments", "Delaware House Concurrent Resolution 7 (2019-2020)", "Enacted", InstrumentType.RESOLUTION, Binding.NON_BINDING),
        ("New Jersey", "State governments", "New Jersey (2019) Assembly Joint Resolution 164", "Enacted", InstrumentType.RESOLUTION, Binding.NON_BINDING),
        ("Kansas", "State governments", "Kansas Policy and Procedures Memorandum 8200.00", "Enacted", InstrumentType.POLICY, Binding.NON_BINDING),
        # a legislature's text is a law once enacted, a bill otherwise
        ("United States Congress", "Federal government", "AI Grand Challenges Act of 2024", "Proposed", InstrumentType.BILL, Binding.BINDING),
        ("United States Congress", "Federal government", "AI Grand Challenges Act of 2024", "Defunct", InstrumentType.BILL, Binding.BINDING),
        ("United States Congress", "Federal government", "National AI Initiative Act of 2020", "Enacted", InstrumentType.LAW, Binding.BINDING),
        ("Private-sector companies", "", "Frontier Safety Framework", "Enacted", InstrumentType.COMPANY_FRAMEWORK, Binding.NON_BINDING),
        # advice, guidance, frameworks and reports of a state are not its laws
        ("California", "State governments", "California Attorney General's Legal Advisory on the Application of Existing California Law to AI", "Enacted", InstrumentType.GUIDANCE, Binding.NON_BINDING),
        ("Vermont", "State governments", "Vermont Agency of Digital Services Report regarding Inventory of Artificial Intelligence", "Enacted", InstrumentType.GUIDANCE, Binding.NON_BINDING),
        ("Texas", "State governments", "Texas AI Advisory Council Act", "Enacted", InstrumentType.LAW, Binding.BINDING),
        ("Utah", "State governments", "HB 452 Artificial Intelligence Guidelines Amendments", "Enacted", InstrumentType.LAW, Binding.BINDING),
        # a code of practice or conduct binds no one, wherever it comes from
        ("Government of Canada", "", "Canadian Guardrails for Generative AI – Code of Practice", "Enacted", InstrumentType.CODE_OF_CONDUCT, Binding.NON_BINDING),
        ("European Union", "", "General Purpose AI Code of Practice, Transparency Chapter", "Enacted", InstrumentType.CODE_OF_CONDUCT, Binding.NON_BINDING),
        ("European Union", "", "Artificial Intelligence Act", "Enacted", InstrumentType.REGULATION, Binding.BINDING),
        # proposed EU legislation is a binding proposal, not a non-binding policy
        ("European Union", "", "AI Liability Directive", "Proposed", InstrumentType.BILL, Binding.BINDING),
        ("European Union", "", "Directive on adapting liability rules", "Enacted", InstrumentType.REGULATION, Binding.BINDING),
        ("European Union", "", "Commission Decision Establishing the European AI Office", "Enacted", InstrumentType.POLICY, Binding.NON_BINDING),
        # a state agency's (draft) regulations are rules, not the legislature's bill
        ("California", "State governments", "Privacy Agency Draft Automated Decisionmaking Technology Regulations", "Proposed", InstrumentType.REGULATION, Binding.BINDING),
        ("California", "State governments", "California AB 12 (Regulations on AI)", "Proposed", InstrumentType.BILL, Binding.BINDING),
    ],
)  # fmt: skip
def test_kinds(
    authority: str,
    parent: str,
    name: str,
    activity: str,
    expected: InstrumentType,
    binding: Binding,
) -> None:
    kind = instrument_kind(authority, parent, name, activity)
    assert (kind.type, kind.binding) == (expected, binding)


def test_a_draft_is_a_proposal_even_when_agora_says_enacted() -> None:
    name = "(Trial) Measures for Science and Technology Ethics Reviews (Draft for Feedback)"
    kind = instrument_kind(CHINA, "", name, "Enacted")
    events = lifecycle(CHINA, kind, "Enacted", None, date(2023, 4, 4))
    assert kind.draft and [e.kind for e in events] == [LifecycleKind.PROPOSED]


def test_federal_statutes_and_executive_orders_are_in_force_on_enactment() -> None:
    law = instrument_kind("United States Congress", "Federal government", "X Act", "Enacted")
    events = lifecycle("United States Congress", law, "Enacted", None, date(2023, 12, 22))
    assert [e.kind for e in events] == [LifecycleKind.ADOPTED, LifecycleKind.IN_FORCE]
    state_law = instrument_kind("Utah", "State governments", "Utah SB 149", "Enacted")
    events = lifecycle("Utah", state_law, "Enacted", None, date(2024, 3, 13))
    assert [e.kind for e in events] == [LifecycleKind.ADOPTED]  # effective date not known


def test_failed_bills_get_a_defunct_event() -> None:
    bill = instrument_kind("United States Congress", "Federal government", "X Act", "Defunct")
    events = lifecycle(
        "United States Congress", bill, "Defunct", date(2023, 1, 3), date(2025, 1, 3)
    )
    assert [e.kind for e in events] == [LifecycleKind.PROPOSED, LifecycleKind.DEFUNCT]


@pytest.mark.parametrize(
    ("authority", "name", "expected"),
    [
        ("Government of Turkey", "Artificial Intelligence Law Proposal", "TUR"),
        ("Other authorities", "Republic of Ghana National Artificial Intelligence Strategy", "GHA"),
        (
            "Other authorities",
            "White Paper on Artificial Intelligence Regulation in Ukraine",
            "UKR",
        ),
        ("Other authorities", "A declaration of France and Germany", "UNSPECIFIED"),
        (
            "Other authorities",
            "White Paper on Artificial Intelligence Standardization 2021",
            "UNSPECIFIED",
        ),
        (
            "Chinese provincial and local governments",
            "Regulations of Shenzhen Special Economic Zone",
            "CN-GD",
        ),
    ],
)
def test_places(authority: str, name: str, expected: str) -> None:
    assert jurisdiction_for(authority, {}, name) == expected


def test_a_document_listed_twice_is_one_instrument() -> None:
    from govatlas.sources.agora import duplicate_ids

    url = "https://www.congress.gov/bill/119th-congress/house-bill/1/text"
    name = 'One Big Beautiful Bill Act 2025, Section 20002 ("Enhancement")'
    rows = {
        "2529": {
            "Official name": name,
            "Official plaintext source": url,
            "Most recent activity": "Proposed",
        },
        "2560": {
            "Official name": name,
            "Official plaintext source": url,
            "Most recent activity": "Enacted",
        },
        "2689": {
            "Official name": "NDAA FY2026, Section 3117",
            "Official plaintext source": url + "s",
            "Most recent activity": "Enacted",
        },
        "2707": {
            "Official name": "NDAA FY2026,  section 3117",
            "Official plaintext source": url + "s/",
            "Most recent activity": "Enacted",
        },
        # companion bills: same name, different texts, both stand
        "849": {
            "Official name": "Preparing Election Administrators for AI Act",
            "Official plaintext source": url + "/849",
            "Most recent activity": "Defunct",
        },
        "896": {
            "Official name": "Preparing Election Administrators for AI Act",
            "Official plaintext source": url + "/896",
            "Most recent activity": "Defunct",
        },
        "1": {
            "Official name": "No text",
            "Official plaintext source": "",
            "Most recent activity": "Enacted",
        },
        "2": {
            "Official name": "No text",
            "Official plaintext source": "",
            "Most recent activity": "Enacted",
        },
    }
    assert duplicate_ids(rows) == {"2529", "2707"}  # the enacted one and the lower id stand


def test_a_proposed_rule_named_only_by_its_register_number_is_read_from_its_casual_name() -> None:
    name = "Federal Register Doc. No. 2024-01580. Taking Additional Steps"
    agency = ("Department of Commerce", "Federal government")
    kind = instrument_kind(*agency, name, "Proposed", "AI Cloud KYC Proposed Rule")
    assert (kind.type, kind.binding, kind.draft) == (
        InstrumentType.REGULATION,
        Binding.BINDING,
        True,
    )
    assert instrument_kind(*agency, name, "Proposed").type is InstrumentType.POLICY


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Artificial Intelligence Law of the People's Republic of China (Draft for Suggestions from Scholars)", InstrumentType.FRAMEWORK),
        ("Artificial Intelligence Safety Commitments (China AI Industry Alliance)", InstrumentType.COMMITMENT),
    ],
)  # fmt: skip
def test_texts_of_scholars_and_industry_bodies_are_no_public_authoritys(
    name: str, expected: InstrumentType
) -> None:
    kind = instrument_kind("Other authorities", "", name, "Proposed")
    assert (kind.type, kind.binding, kind.public) == (expected, Binding.NON_BINDING, False)
    # the same words in a legislature's title change nothing
    bill = instrument_kind(
        "United States Congress", "Federal government", "Scholars Act", "Proposed"
    )
    assert (bill.type, bill.public) == (InstrumentType.BILL, True)
    company = instrument_kind(
        "Private-sector companies", "", "Frontier Safety Framework", "Enacted"
    )
    assert not company.public
