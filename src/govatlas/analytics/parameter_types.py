"""What the divergence rules read from a provision: the parameter families and kinds,
their labels as people read them, and one dataclass per family (``Deadline``,
``Threshold``, ``Penalty``, ``Definition``), each with the ``Span`` of the exact
characters it was read from (``analytics.parameters`` reads them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govatlas.analytics.quantities import (
    CURRENCY_CODES,
    duration_label,
    format_hours,
    format_number,
    money_label,
)
from govatlas.classify.gold.passages import Span

DEADLINE = "deadline"
THRESHOLD = "threshold"
PENALTY = "penalty"
DEFINITION_FAMILY = "definition"
SCOPE = "scope"
FAMILIES = (SCOPE, THRESHOLD, DEADLINE, PENALTY, DEFINITION_FAMILY)

KIND_LABELS = {
    # deadlines
    "incident-reporting": "Reporting an incident or harm",
    "notification": "Notifying an authority or person",
    "publication": "Publishing a document",
    "response": "Answering a request",
    "assessment": "Completing an assessment or review",
    "retention": "Keeping records",
    "authority": "Deadline for an authority",
    "other": "Other deadline",
    # thresholds
    "compute": "Training compute",
    "compute-cost": "Training compute cost",
    "compute-capacity": "Computing capacity",
    "parameters": "Model parameters",
    "casualties": "Harm: people killed or injured",
    "damage": "Harm: damage to property",
    "revenue": "Annual revenue or turnover",
    "users": "Users",
    "employees": "Employees",
    # penalties
    "fine": "Maximum fine",
    # definitions
    "ai-system": "AI system (or model)",
    "general-purpose-model": "General-purpose or foundation model",
    "frontier-model": "Frontier model",
    "severe-risk": "Systemic or catastrophic risk",
    "high-risk-ai-system": "High-risk AI system",
    "generative-ai": "Generative AI",
    "incident": "Serious or critical incident",
    "substantial-modification": "Substantial modification",
    "consequential-decision": "Consequential decision",
    "algorithmic-discrimination": "Algorithmic discrimination",
    "developer": "Provider or developer",
    "large-developer": "Large developer",
    "deployer": "Deployer",
}
SCOPE_KINDS = frozenset(
    {"developer", "large-developer", "deployer", "revenue", "users", "employees"}
)
TRAILING_COMPARATORS = ("or more", "or fewer", "or less")  # written after the value


@dataclass(frozen=True)
class Parameter:
    """A parameter read from ``span`` of a text; ``text`` is exactly what it was read from."""

    family: str
    kind: str
    span: Span
    text: str

    @property
    def label(self) -> str:
        """The value as a person reads it."""
        return self.text

    @property
    def short_label(self) -> str:
        """The value in a few words (a definition: its term)."""
        return self.label

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def same_as(self, other: Parameter) -> bool:
        return type(self) is type(other) and self.label == other.label


@dataclass(frozen=True)
class Deadline(Parameter):
    hours: float
    as_written: str
    # who must meet it ("developer", "deployer", "notified body"...; ``analytics.duties``),
    # None when the text names no one the rules read
    holder: str | None = None

    @property
    def label(self) -> str:
        """As written, in digits ("NINETY DAYS" -> "90 days"); compared by ``hours``."""
        return duration_label(self.as_written) or self.as_written

    @property
    def normalised(self) -> str:
        return format_hours(self.hours)

    def same_as(self, other: Parameter) -> bool:
        return isinstance(other, Deadline) and self.hours == other.hours


@dataclass(frozen=True)
class Threshold(Parameter):
    value: float
    unit: str  # FLOP, users, employees, parameters, people, or a currency code
    comparator: str | None  # as written: "greater than", "at least", "fewer than"...

    @property
    def label(self) -> str:
        number = format_number(self.value)
        if self.unit in CURRENCY_CODES:
            shown = money_label(self.value, self.unit)
        else:
            shown = f"{number} {self.unit}"
        if self.comparator in TRAILING_COMPARATORS:  # "100 or more people"
            return f"{number} {self.comparator} {self.unit}"
        return f"{self.comparator} {shown}" if self.comparator else shown

    def same_as(self, other: Parameter) -> bool:
        return (
            isinstance(other, Threshold) and self.unit == other.unit and self.value == other.value
        )


@dataclass(frozen=True)
class Penalty(Parameter):
    amount: float | None
    currency: str | None
    turnover_percent: float | None
    per: str | None  # "violation", "day"... when the maximum applies per unit
    combine: str | None  # "higher" / "lower": which of amount and share applies
    # "twice the value of the transaction": 2 and "value of the transaction"
    multiple: float | None = None
    multiple_of: str | None = None

    @property
    def label(self) -> str:
        parts = []
        if self.amount is not None:
            parts.append(money_label(self.amount, self.currency or ""))
        if self.turnover_percent is not None:
            parts.append(f"{format_number(self.turnover_percent)} % of turnover")
        if self.multiple is not None:
            times = "twice" if self.multiple == 2 else f"{format_number(self.multiple)} times"
            parts.append(f"{times} the {self.multiple_of}")
        text = " or ".join(parts)
        if self.combine and len(parts) == 2:
            text += f", whichever is {self.combine}"
        if self.per:
            text += f" per {self.per}"
        return text

    def same_as(self, other: Parameter) -> bool:
        return isinstance(other, Penalty) and (
            self.amount,
            self.currency,
            self.turnover_percent,
            self.multiple,
            self.per,
        ) == (other.amount, other.currency, other.turnover_percent, other.multiple, other.per)


@dataclass(frozen=True)
class Definition(Parameter):
    term: str  # as written
    wording: str

    @property
    def label(self) -> str:
        return f"“{self.term}”: {self.wording}"

    @property
    def short_label(self) -> str:
        return f"“{self.term}”"

    def same_as(self, other: Parameter) -> bool:
        if not isinstance(other, Definition):
            return False
        mine, theirs = _words(self.wording), _words(other.wording)
        return bool(mine | theirs) and len(mine & theirs) / len(mine | theirs) >= 0.9


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower())}


def parameter_span(family: str, kind: str, start: int, end: int) -> Span:
    return Span(f"{family}:{kind}", start, end)
