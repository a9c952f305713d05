"""Where two sides of a comparison diverge in substance: the parameters they set.

For each kind of parameter (incident-reporting deadline, training-compute
threshold, maximum fine, definition of "AI system"...) found on either side, one
row lists every value each side sets, each with its provision and the exact
words it was read from, and says whether the sides set the same values. Kinds are
compared across the whole of both sides, not only across aligned provisions
(crosswalks are sparse); a row is marked *aligned* when a provision of A and one of
B that carry it are linked by an overlap of the comparison.

A verdict (same, partly the same, differs) is given only between values that are the
same duty: two deadlines of the same purpose (read from the verb that governs them,
``analytics.duties``) bound on the same holder - or set by provisions the comparison
aligns. A notified body's five years of keeping its subcontractors' files are not a
developer's five years of keeping unredacted documents: such a row lists both sides'
values without a verdict (``NOT_COMPARED``). Deadlines whose purpose the rules could
not read, or that bind authorities, never get one. A definition never gets a value
verdict either (``TERMS_ONLY``): terms are compared by meaning in the definitions
table.

Alongside the rows, ``contrary`` proposals: pairs where one side requires what the
other prohibits (see ``analytics.contrary``), for a person to review; nothing is
stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from govatlas.analytics.compare import Comparison, ProvisionRef
from govatlas.analytics.contrary import ContraryProposal, propose_contrary
from govatlas.analytics.parameter_quality import (
    ALL_PARAMETERS,
    DEADLINE_KINDS_COMPARED,
    DEADLINE_KINDS_SAME,
    FAMILY_QUALITY,
    GOLD_PROVISIONS,
    GOLD_TEXTS,
    family_headlines,
    family_provisions,
)
from govatlas.analytics.parameters import (
    FAMILIES,
    KIND_LABELS,
    Deadline,
    Definition,
    Parameter,
    extract_parameters,
)
from govatlas.analytics.parameters import sentences as split_sentences
from govatlas.excerpts import excerpt
from govatlas.i18n import N_

SAME = "same"
PARTLY = "partly the same"
DIFFERS = "differs"
ONLY_A = "only in A"
ONLY_B = "only in B"
# A definition's value is the term it defines: two texts defining "provider" and
# "frontier developer" differ in their words, not necessarily in what they cover, so a
# definition row set by both sides names the terms and leaves the comparison to the
# definitions table (``analytics.definitions``, by meaning); it never diverges.
TERMS_ONLY = "terms named; compared by meaning in the definitions table"
# Both sides set the kind, but no value of one is the same duty as a value of the other
# (different purposes or holders): the values are listed side by side, with no verdict.
NOT_COMPARED = N_("not compared: not the same duty")
VERDICTS = frozenset({SAME, PARTLY, DIFFERS})
CONTEXT_CHARS = 320
# Deadlines that bind authorities, or whose purpose the rules could not tell: listed,
# but not what a reader comparing obligations looks for first, and never given a verdict.
MINOR_KINDS = frozenset({"authority", "other"})
FAMILY_LABELS = {
    "scope": "Scope",
    "threshold": "Threshold",
    "deadline": "Deadline",
    "penalty": "Penalty",
    "definition": "Definition",
}


@dataclass(frozen=True)
class Found:
    """A parameter as one provision sets it."""

    parameter: Parameter
    provision: ProvisionRef

    @property
    def evidence(self) -> str:
        """The exact words the value was read from."""
        return " ".join(self.parameter.text.split())

    @property
    def context(self) -> str:
        """The sentence around the evidence, on one line."""
        text, span = self.provision.text, self.parameter.span
        for start, end in split_sentences(text):
            if start <= span.start < end:
                return excerpt(text[start : max(end, span.end)], CONTEXT_CHARS)
        return excerpt(text[span.start : span.end], CONTEXT_CHARS)


@dataclass(frozen=True)
class DivergenceRow:
    family: str
    kind: str
    a: tuple[Found, ...]
    b: tuple[Found, ...]
    status: str
    aligned: bool  # a provision of A and one of B carrying this kind are aligned

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def family_label(self) -> str:
        return FAMILY_LABELS.get(self.family, self.family)

    @property
    def minor(self) -> bool:
        return self.kind in MINOR_KINDS

    @property
    def diverges(self) -> bool:
        return self.status in (DIFFERS, PARTLY)

    @property
    def judged(self) -> bool:
        """Both sides set a value of the same duty, so the row has a verdict."""
        return self.status in VERDICTS


@dataclass
class Divergence:
    a: str
    b: str
    rows: list[DivergenceRow] = field(default_factory=list)
    contrary: list[ContraryProposal] = field(default_factory=list)

    @property
    def differing(self) -> list[DivergenceRow]:
        return [r for r in self.rows if r.diverges]

    @property
    def compared(self) -> list[DivergenceRow]:
        """Rows where both sides set a value."""
        return [r for r in self.rows if r.a and r.b]

    @property
    def judged(self) -> list[DivergenceRow]:
        """Rows with a verdict: the parameters both sides set for the same duty (not
        definitions, not values of different duties listed side by side)."""
        return [r for r in self.rows if r.judged]


def parameters_of(units: Iterable[ProvisionRef]) -> list[Found]:
    """Every parameter of every unit, once per (kind, value, provision)."""
    found, seen = [], set()
    for unit in units:
        for parameter in extract_parameters(unit.text):
            key = (parameter.family, parameter.kind, parameter.label, unit.id)
            if key not in seen:
                seen.add(key)
                found.append(Found(parameter, unit))
    return found


def same_duty(x: Found, y: Found, aligned_units: set[tuple[int, int]]) -> bool:
    """Whether two values of one kind can be set against each other: two deadlines only
    when their purpose was read and they bind the same holder, or their provisions are
    aligned; thresholds and fines measure the same thing by their kind."""
    p, q = x.parameter, y.parameter
    if not (isinstance(p, Deadline) and isinstance(q, Deadline)):
        return True
    if p.kind in MINOR_KINDS:
        return False
    if (x.provision.id, y.provision.id) in aligned_units:
        return True
    return p.holder is not None and p.holder == q.holder


def _status(
    a: Sequence[Found], b: Sequence[Found], aligned_units: set[tuple[int, int]] | None = None
) -> str:
    if not b:
        return ONLY_A
    if not a:
        return ONLY_B
    if any(isinstance(f.parameter, Definition) for f in (*a, *b)):
        return TERMS_ONLY
    pairs = [(x, y) for x in a for y in b if same_duty(x, y, aligned_units or set())]
    if not pairs:
        return NOT_COMPARED
    same = {(id(x), id(y)) for x, y in pairs if x.parameter.same_as(y.parameter)}
    a_judged = {id(x) for x, _ in pairs}
    b_judged = {id(y) for _, y in pairs}
    a_matched = {x for x, _ in same}
    b_matched = {y for _, y in same}
    if a_matched == a_judged and b_matched == b_judged:
        return SAME
    if same:
        return PARTLY
    return DIFFERS


def divergence_rows(
    a: Sequence[Found], b: Sequence[Found], aligned_units: set[tuple[int, int]]
) -> list[DivergenceRow]:
    by_kind: dict[tuple[str, str], tuple[list[Found], list[Found]]] = defaultdict(lambda: ([], []))
    for found in a:
        by_kind[(found.parameter.family, found.parameter.kind)][0].append(found)
    for found in b:
        by_kind[(found.parameter.family, found.parameter.kind)][1].append(found)
    kinds = list(KIND_LABELS)
    rows = []
    for (family, kind), (on_a, on_b) in by_kind.items():
        aligned = any((x.provision.id, y.provision.id) in aligned_units for x in on_a for y in on_b)
        rows.append(
            DivergenceRow(
                family,
                kind,
                tuple(on_a),
                tuple(on_b),
                _status(on_a, on_b, aligned_units),
                aligned,
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            FAMILIES.index(r.family),
            not (r.a and r.b),
            kinds.index(r.kind) if r.kind in kinds else len(kinds),
        ),
    )


def divergence(comparison: Comparison, contrary: bool = True) -> Divergence:
    """The parameter-level divergence of the two sides of ``comparison``."""
    a, b = parameters_of(comparison.a_units), parameters_of(comparison.b_units)
    result = Divergence(comparison.a, comparison.b, divergence_rows(a, b, comparison.aligned_units))
    if contrary:
        result.contrary = propose_contrary(comparison.a_units, comparison.b_units)
    return result


def _values(parameter: Parameter) -> dict[str, object]:
    """The typed fields of a parameter (hours, value and unit, amount and currency...)."""
    # the holder is kept out of the API's typed value until its schema declares it
    skip = {"family", "kind", "span", "text", "holder"}
    return {k: v for k, v in asdict(parameter).items() if k not in skip}


def found_record(found: Found) -> dict[str, object]:
    provision = found.provision
    return {
        "value": found.parameter.label,
        "short": found.parameter.short_label,
        "parameter": _values(found.parameter),
        "evidence": found.evidence,
        "start": found.parameter.span.start,
        "end": found.parameter.span.end,
        "context": found.context,
        "provision": {
            "id": provision.id,
            "instrument": provision.instrument,
            "path": provision.path,
            "heading": provision.heading,
        },
    }


def divergence_record(result: Divergence) -> dict[str, object]:
    """The divergence as plain data (API, JSON): every value with its evidence."""
    return {
        "rows": [
            {
                "family": row.family,
                "kind": row.kind,
                "label": row.label,
                "status": row.status,
                "aligned": row.aligned,
                "a": [found_record(f) for f in row.a],
                "b": [found_record(f) for f in row.b],
            }
            for row in result.rows
        ],
        "contrary_proposals": [
            {
                "a": {"id": p.a.id, "instrument": p.a.instrument, "path": p.a.path},
                "b": {"id": p.b.id, "instrument": p.b.instrument, "path": p.b.path},
                "a_sentence": p.a_sentence,
                "b_sentence": p.b_sentence,
                "verb": p.verb,
                "shared_words": list(p.shared),
                "requires": "a" if p.a_requires else "b",
                "review_status": "proposed",
            }
            for p in result.contrary
        ],
        "quality": reading_quality(),
    }


def reading_quality() -> dict[str, object]:
    """The rules' measured recall, precision and deadline-kind agreement (``parameter_quality``)."""
    return {
        "gold_provisions": GOLD_PROVISIONS,
        "gold_texts": GOLD_TEXTS,
        "listed": ALL_PARAMETERS.listed,
        "found": ALL_PARAMETERS.right,
        "reported": ALL_PARAMETERS.reported,
        "recall": round(ALL_PARAMETERS.recall, 3),
        "precision": round(ALL_PARAMETERS.precision, 3),
        "deadline_kinds_compared": DEADLINE_KINDS_COMPARED,
        "deadline_kinds_same": DEADLINE_KINDS_SAME,
        "families": {
            family: {
                "provisions": family_provisions(family),
                "listed": quality.listed,
                "reported": quality.reported,
                "right": quality.right,
                "precision": round(quality.precision, 3) if quality.reported else None,
                "recall": round(quality.recall, 3) if quality.listed else None,
                "headline": family_headlines(family),
            }
            for family, quality in FAMILY_QUALITY.items()
        },
    }
