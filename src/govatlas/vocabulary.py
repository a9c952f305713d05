"""Controlled vocabularies shared by the catalog, the store and the analytics.

They live apart from both so that catalog files can be validated without a
database and the store can enforce the same values with CHECK constraints.
"""

from __future__ import annotations

from enum import StrEnum


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


class Binding(StrEnum):
    BINDING = "binding"
    NON_BINDING = "non_binding"


class LifecycleKind(StrEnum):
    """Events in an instrument's life, in the order they normally happen."""

    PROPOSED = "proposed"
    ADOPTED = "adopted"
    SIGNED = "signed"
    PUBLISHED = "published"
    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPEALED = "repealed"
    DEFUNCT = "defunct"


class Status(StrEnum):
    """Where an instrument stands today, derived from its lifecycle events."""

    PROPOSED = "proposed"
    ADOPTED = "adopted"
    IN_FORCE = "in_force"
    REPEALED = "repealed"
    DEFUNCT = "defunct"


# An amendment changes the text, not the standing, so it is absent here.
STATUS_AFTER_EVENT: dict[LifecycleKind, Status] = {
    LifecycleKind.PROPOSED: Status.PROPOSED,
    LifecycleKind.ADOPTED: Status.ADOPTED,
    LifecycleKind.SIGNED: Status.ADOPTED,
    LifecycleKind.PUBLISHED: Status.ADOPTED,
    LifecycleKind.IN_FORCE: Status.IN_FORCE,
    LifecycleKind.REPEALED: Status.REPEALED,
    LifecycleKind.DEFUNCT: Status.DEFUNCT,
}


class JurisdictionKind(StrEnum):
    COUNTRY = "country"
    SUBDIVISION = "subdivision"
    LOCALITY = "locality"
    REGION = "region"
    SUPRANATIONAL = "supranational"
    INTERGOVERNMENTAL = "intergovernmental"
    FORUM = "forum"
    GLOBAL = "global"


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
