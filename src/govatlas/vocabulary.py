"""Controlled vocabularies shared by the catalog, the store and the analytics.

They live apart from both so that catalog files can be validated without a
database and the store can enforce the same values with CHECK constraints.
"""

from __future__ import annotations

from enum import StrEnum

from govatlas.i18n import N_


class InstrumentType(StrEnum):
    LAW = "law"
    BILL = "bill"
    REGULATION = "regulation"
    EXECUTIVE_ORDER = "executive_order"
    STRATEGY = "strategy"
    POLICY = "policy"
    GUIDANCE = "guidance"
    FRAMEWORK = "framework"
    STANDARD = "standard"
    TREATY = "treaty"
    DECLARATION = "declaration"
    RESOLUTION = "resolution"
    RECOMMENDATION = "recommendation"
    CODE_OF_CONDUCT = "code_of_conduct"
    COMMITMENT = "commitment"
    COMPANY_FRAMEWORK = "company_framework"
    # Speeches, remarks, position papers and other statements of a government's view.
    STATEMENT = "statement"


# How pages name each type, binding force, stage and lifecycle event (the value with its
# underscores as spaces, or a hyphen in "non-binding"), marked for the catalogs.
TYPE_LABELS: dict[str, str] = {
    "law": N_("law"),
    "bill": N_("bill"),
    "regulation": N_("regulation"),
    "executive_order": N_("executive order"),
    "strategy": N_("strategy"),
    "policy": N_("policy"),
    "guidance": N_("guidance"),
    "framework": N_("framework"),
    "standard": N_("standard"),
    "treaty": N_("treaty"),
    "declaration": N_("declaration"),
    "resolution": N_("resolution"),
    "recommendation": N_("recommendation"),
    "code_of_conduct": N_("code of conduct"),
    "commitment": N_("commitment"),
    "company_framework": N_("company framework"),
    "statement": N_("statement"),
    "binding": N_("binding"),
    "non_binding": N_("non-binding"),
    # stages and lifecycle events, as pages write them (underscores as spaces)
    "proposed": N_("proposed"),
    "adopted": N_("adopted"),
    "signed": N_("signed"),
    "published": N_("published"),
    "partly_in_force": N_("partly in force"),
    "in_force": N_("in force"),
    "amended": N_("amended"),
    "suspended": N_("suspended"),
    "repealed": N_("repealed"),
    "superseded": N_("superseded"),
    "defunct": N_("defunct"),
    # acts towards an international instrument (AdherenceAct), as legends write them
    "ratified": N_("ratified"),
    "adhered": N_("adhered"),
    "endorsed": N_("endorsed"),
    "sponsored": N_("sponsored"),
    "member": N_("member"),
    "committed": N_("committed"),
    "no record": N_("no record"),
}


class Topic(StrEnum):
    """What an instrument is about, for instruments the catalog holds beyond AI law."""

    AI = "ai"  # about AI itself (strategy, law, ethics framework, guidance)
    DATA_PROTECTION = (
        "data_protection"  # a data-protection law, for its rules on automated decisions
    )
    SECTORAL = "sectoral"  # a sector's rules that govern AI there (finance, health, transport)
    DIGITAL = "digital"  # a wider digital or cyber instrument with AI provisions


class Binding(StrEnum):
    BINDING = "binding"
    NON_BINDING = "non_binding"


class LifecycleKind(StrEnum):
    """Events in an instrument's life, in the order they normally happen."""

    PROPOSED = "proposed"  # drafted, introduced, tabled, opened for consultation
    ADOPTED = "adopted"  # enacted, approved, issued
    SIGNED = "signed"
    PUBLISHED = "published"
    PARTLY_IN_FORCE = "partly_in_force"  # some parts apply; the note names them
    IN_FORCE = "in_force"
    AMENDED = "amended"
    # a court enjoined, suspended or struck down its enforcement (the note names the court,
    # the order and what, if anything, still applies); a later in_force event lifts it
    SUSPENDED = "suspended"
    REPEALED = "repealed"
    SUPERSEDED = "superseded"  # replaced by a newer instrument
    DEFUNCT = "defunct"  # failed: died, expired, vetoed or withdrawn (the note says which)


# How an event reads on the pages (What's new, an instrument's timeline): in words, never
# the id ("in force", not "in_force"), marked for the catalogs.
EVENT_LABELS: dict[LifecycleKind, str] = {
    LifecycleKind.PROPOSED: N_("proposed"),
    LifecycleKind.ADOPTED: N_("adopted"),
    LifecycleKind.SIGNED: N_("signed"),
    LifecycleKind.PUBLISHED: N_("published"),
    LifecycleKind.PARTLY_IN_FORCE: N_("partly in force"),
    LifecycleKind.IN_FORCE: N_("in force"),
    LifecycleKind.AMENDED: N_("amended"),
    LifecycleKind.SUSPENDED: N_("suspended"),
    LifecycleKind.REPEALED: N_("repealed"),
    LifecycleKind.SUPERSEDED: N_("superseded"),
    LifecycleKind.DEFUNCT: N_("defunct"),
}


class Status(StrEnum):
    """Where an instrument stands today (its lifecycle stage), derived from its events."""

    PROPOSED = "proposed"
    ADOPTED = "adopted"
    PARTLY_IN_FORCE = "partly_in_force"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    REPEALED = "repealed"
    DEFUNCT = "defunct"


# An amendment changes the text, not the standing, so it is absent here.
STATUS_AFTER_EVENT: dict[LifecycleKind, Status] = {
    LifecycleKind.PROPOSED: Status.PROPOSED,
    LifecycleKind.ADOPTED: Status.ADOPTED,
    LifecycleKind.SIGNED: Status.ADOPTED,
    LifecycleKind.PUBLISHED: Status.ADOPTED,
    LifecycleKind.PARTLY_IN_FORCE: Status.PARTLY_IN_FORCE,
    LifecycleKind.IN_FORCE: Status.IN_FORCE,
    LifecycleKind.SUSPENDED: Status.SUSPENDED,
    LifecycleKind.REPEALED: Status.REPEALED,
    LifecycleKind.SUPERSEDED: Status.REPEALED,
    LifecycleKind.DEFUNCT: Status.DEFUNCT,
}

# The events that end a proposal's pending life: it was made (adopted, in force) or it
# ended otherwise (superseded, repealed, failed). A status fact records one of them, and
# a bill that has one is not "pending" when its session ends.
ENDS_A_PROPOSAL = frozenset(
    {
        LifecycleKind.ADOPTED,
        LifecycleKind.IN_FORCE,
        LifecycleKind.PARTLY_IN_FORCE,
        LifecycleKind.SUPERSEDED,
        LifecycleKind.REPEALED,
        LifecycleKind.DEFUNCT,
    }
)

# How each stage reads to a user: "defunct" bills died, expired, were vetoed or withdrawn.
STAGE_LABELS: dict[Status, str] = {
    Status.PROPOSED: N_("pending"),
    Status.ADOPTED: N_("adopted, in force not recorded"),
    Status.PARTLY_IN_FORCE: N_("partly in force"),
    Status.IN_FORCE: N_("in force"),
    Status.SUSPENDED: N_("suspended by a court"),
    Status.REPEALED: N_("repealed or superseded"),
    Status.DEFUNCT: N_("failed"),
}


class LegalEffect(StrEnum):
    """Binding force as legal form × stage: what an instrument does today.

    A bill is never binding law: it is a binding *proposal* while pending and has
    no effect once it fails. Repealed, failed and court-suspended instruments are
    ``lapsed`` and count in no coverage figure.
    """

    BINDING_IN_FORCE = "binding-in-force"
    BINDING_ADOPTED = "binding-adopted"
    BINDING_PROPOSED = "binding-proposed"
    NON_BINDING = "non-binding"
    LAPSED = "lapsed"


LEGAL_EFFECT_LABELS: dict[LegalEffect, str] = {
    LegalEffect.BINDING_IN_FORCE: N_("binding law in force"),
    LegalEffect.BINDING_ADOPTED: N_("binding law adopted, in force not recorded"),
    LegalEffect.BINDING_PROPOSED: N_("binding proposal (bill or draft)"),
    LegalEffect.NON_BINDING: N_("non-binding"),
    LegalEffect.LAPSED: N_("failed, repealed, superseded or suspended"),
}

# Strongest first: a coverage cell takes the strongest effect among its instruments.
EFFECT_STRENGTH: tuple[LegalEffect, ...] = (
    LegalEffect.BINDING_IN_FORCE,
    LegalEffect.BINDING_ADOPTED,
    LegalEffect.BINDING_PROPOSED,
    LegalEffect.NON_BINDING,
)


def legal_effect(binding: Binding, status: Status) -> LegalEffect:
    """The effect of an instrument of this legal form at this stage."""
    if status in (Status.REPEALED, Status.DEFUNCT, Status.SUSPENDED):
        return LegalEffect.LAPSED
    if binding is not Binding.BINDING:
        return LegalEffect.NON_BINDING
    if status in (Status.IN_FORCE, Status.PARTLY_IN_FORCE):
        return LegalEffect.BINDING_IN_FORCE
    if status is Status.ADOPTED:
        return LegalEffect.BINDING_ADOPTED
    return LegalEffect.BINDING_PROPOSED


class AdherenceAct(StrEnum):
    """How a party stands to an international instrument."""

    SIGNED = "signed"
    RATIFIED = "ratified"  # ratification, acceptance, approval or accession to a treaty
    ADHERED = "adhered"  # adherence to an OECD legal instrument
    ENDORSED = "endorsed"  # signed or endorsed a declaration or statement
    ADOPTED = "adopted"  # voted for or joined the consensus adopting a resolution
    SPONSORED = "sponsored"  # co-sponsored a resolution
    MEMBER = "member"  # member of a network, group or organisation that issued it
    COMMITTED = "committed"  # a company that signed up to voluntary commitments


class ResearchFinding(StrEnum):
    """What is known about a UN Member State that the catalog lists no instrument for."""

    CHECKED_ABSENCE = "checked_absence"  # searched, and no AI-governance instrument was found
    NOT_RESEARCHED = "not_researched"


class JurisdictionKind(StrEnum):
    COUNTRY = "country"
    SUBDIVISION = "subdivision"
    LOCALITY = "locality"
    REGION = "region"
    SUPRANATIONAL = "supranational"
    INTERGOVERNMENTAL = "intergovernmental"
    FORUM = "forum"
    GLOBAL = "global"


# How a jurisdiction's kind reads on its page ("France (FRA, country)"), translated there.
JURISDICTION_KIND_LABELS: dict[str, str] = {
    JurisdictionKind.COUNTRY.value: N_("country"),
    JurisdictionKind.SUBDIVISION.value: N_("subdivision"),
    JurisdictionKind.LOCALITY.value: N_("locality"),
    JurisdictionKind.REGION.value: N_("region"),
    JurisdictionKind.SUPRANATIONAL.value: N_("supranational"),
    JurisdictionKind.INTERGOVERNMENTAL.value: N_("intergovernmental"),
    JurisdictionKind.FORUM.value: N_("forum"),
    JurisdictionKind.GLOBAL.value: N_("global"),
}
# What a dataset release counts (its ``counts``), as the data page names them.
RELEASE_COUNT_LABELS: dict[str, str] = {
    "instruments": N_("instruments"),
    "versions": N_("versions"),
    "provisions": N_("provisions"),
    "labels": N_("labels"),
    "records": N_("records"),
}


class ActorKind(StrEnum):
    LEGISLATURE = "legislature"
    EXECUTIVE = "executive"
    MINISTRY = "ministry"
    REGULATOR = "regulator"
    COURT = "court"
    STANDARDS_BODY = "standards_body"
    INTERGOVERNMENTAL_ORGANISATION = "intergovernmental_organisation"
    COMPANY = "company"
    INSTITUTE = "institute"
    CIVIL_SOCIETY = "civil_society"
    MULTISTAKEHOLDER = "multistakeholder"


class LabelMethod(StrEnum):
    HUMAN = "human"
    MODEL = "model"
    IMPORT = "import"


class ReviewStatus(StrEnum):
    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RelationshipType(StrEnum):
    """NIST IR 8477 set-theory relationships plus ``contrary``.

    ``related`` is IR 8477's untyped concept-crosswalk link: published crosswalks
    say two items correspond without saying how.
    """

    EQUAL = "equal"
    SUBSET = "subset"
    SUPERSET = "superset"
    INTERSECTS = "intersects"
    CONTRARY = "contrary"
    NONE = "none"
    RELATED = "related"


class RationaleKind(StrEnum):
    SYNTACTIC = "syntactic"
    SEMANTIC = "semantic"
    FUNCTIONAL = "functional"


class RelationshipMethod(StrEnum):
    HUMAN = "human"
    AUTOMATED = "automated"
    HYBRID = "hybrid"


class WatchKind(StrEnum):
    """What a horizon-scanning watch looks at."""

    URL = "url"  # one document (an instrument's official page or PDF)
    FEED = "feed"  # an RSS or Atom feed whose entries link to documents
    DATASET = "dataset"  # a source's release file, downloaded into the mirror
    FOLDER = "folder"  # a local mirror folder read by a source connector


class WatchSchedule(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"


class ScanOutcome(StrEnum):
    CHANGED = "changed"  # new instruments or versions were stored
    UNCHANGED = "unchanged"  # fetched, same content as before
    NOT_MODIFIED = "not_modified"  # the server answered 304
    FAILED = "failed"


class ChangeKind(StrEnum):
    NEW_INSTRUMENT = "new_instrument"
    NEW_VERSION = "new_version"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # a webhook still to send (or to retry)
    DELIVERED = "delivered"  # sent, or published in the subscription's feed
    DEAD = "dead"  # gave up after the last retry: the dead-letter record


class AssessmentMethod(StrEnum):
    HUMAN = "human"  # scored by people (FMTI's researchers, an analyst)
    ASSISTED = "assisted"  # suggested by govatlas from a document; a suggestion until accepted


class MappingType(StrEnum):
    """How an indicator relates to another indicator, a concept or a provision."""

    EQUAL = "equal"  # the same question (comparable across editions)
    CLOSE = "close"  # nearly the same question; comparable only once a human accepts it
    RELATED = "related"  # speaks to the same obligation or concept


class ReviewSubject(StrEnum):
    """What a review decision is about."""

    LABEL = "label"
    RELATIONSHIP = "relationship"  # a crosswalk suggestion
    ASSESSMENT = "assessment"  # an industry suggestion (assisted assessment)
    INDICATOR_MAPPING = "indicator_mapping"


class ReviewDecisionKind(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    CORRECT = "correct"  # accepted as another relationship type, or with another score


class ReviewChannel(StrEnum):
    """How a decision reached the store."""

    CLI = "cli"
    WEB = "web"  # a signed-in reviewer's form
    API = "api"  # the JSON API (a signed-in reviewer, or the machine token)
    SHEET = "sheet"  # a filled-in review sheet, from the CLI or the web
    MIGRATED = "migrated"  # parsed from the free-text history older versions kept


class QueueOrder(StrEnum):
    """How the label review queue is sorted."""

    UNCERTAINTY = "uncertainty"  # provision-model labels nearest their threshold first
    SCORE = "score"  # highest score first
