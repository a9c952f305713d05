"""Quality checks on taxonomies: orphans, cycles, duplicate labels, missing
definitions, and mappings or related links that point nowhere."""

from __future__ import annotations

from dataclasses import dataclass

from govatlas.taxonomy.schema import TaxonomyFile


@dataclass(frozen=True)
class Finding:
    taxonomy: str
    concept: str
    problem: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        return f"{self.severity}: {self.taxonomy}:{self.concept}: {self.problem}"


def _cycles(taxonomy: TaxonomyFile) -> list[Finding]:
    parents = {c.id: c.parent for c in taxonomy.concepts}
    findings = []
    for start in parents:
        seen, current = {start}, parents[start]
        while current is not None and current in parents:
            if current in seen:
                findings.append(
                    Finding(taxonomy.id, start, f"is in a parent cycle through {current!r}")
                )
                break
            seen.add(current)
            current = parents[current]
    return findings


def check_taxonomies(taxonomies: dict[str, TaxonomyFile]) -> list[Finding]:
    """Every finding; errors make ``govatlas taxonomy check`` fail, warnings do not."""
    known = {f"{t.id}:{c.id}" for t in taxonomies.values() for c in t.concepts}
    findings: list[Finding] = []
    for taxonomy in taxonomies.values():
        ids = [c.id for c in taxonomy.concepts]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            findings.append(Finding(taxonomy.id, duplicate, "id is used more than once"))
        labels: dict[str, str] = {}
        for concept in taxonomy.concepts:
            key = concept.label.casefold()
            if key in labels and labels[key] != concept.id:
                findings.append(
                    Finding(
                        taxonomy.id,
                        concept.id,
                        f"label {concept.label!r} also used by {labels[key]!r}",
                    )
                )
            labels.setdefault(key, concept.id)
            if concept.parent is not None and concept.parent not in ids:
                findings.append(
                    Finding(
                        taxonomy.id, concept.id, f"orphan: parent {concept.parent!r} does not exist"
                    )
                )
            if not concept.definition:
                findings.append(Finding(taxonomy.id, concept.id, "has no definition", "warning"))
            for related in concept.related:
                if related not in ids and related not in known:
                    findings.append(
                        Finding(taxonomy.id, concept.id, f"related {related!r} does not exist")
                    )
            for mapping in concept.mappings:
                if mapping.to not in known:
                    findings.append(
                        Finding(
                            taxonomy.id, concept.id, f"mapping target {mapping.to!r} does not exist"
                        )
                    )
        findings.extend(_cycles(taxonomy))
    return findings
