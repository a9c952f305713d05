"""An instrument's concept chips as its page shows them: one chip per concept, grouped
by taxonomy, with the strongest label behind it.

An instrument often carries a concept twice: imported from AGORA and predicted by the
model, or labelled by a person too. The page shows the concept once, styled by the
strongest evidence (a person's label, then an imported one, then the model's), and says
how many labels stand behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govatlas.i18n import N_

# Strongest first: what a person decided, what a dataset's annotators decided, a model.
METHOD_ORDER = ("human", "import", "model")
METHOD_WORDS = {
    "human": N_("labelled by a person (the source dataset's annotators or a reviewer here)"),
    "import": N_("labelled by the source dataset's annotators (AGORA)"),
    "model": N_("predicted by a model, not reviewed"),
}


def _strength(label: Mapping[str, Any]) -> tuple[int, int]:
    method = label.get("method", "model")
    rank = METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER)
    return rank, 1 if label.get("experimental") else 0


def chip_groups(
    labels: Sequence[Mapping[str, Any]], taxonomy_names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Taxonomies in name order, each with its concepts in label order, one chip each."""
    groups: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for label in labels:
        taxonomy = label.get("taxonomy") or "other"
        groups.setdefault(taxonomy, {}).setdefault(label["concept"], []).append(label)
    result = []
    for taxonomy, concepts in groups.items():
        chips = []
        for found in concepts.values():
            best = min(found, key=_strength)
            chips.append(
                {
                    **best,
                    "count": len(found),
                    "methods": sorted({str(x.get("method")) for x in found}, key=_method_rank),
                }
            )
        chips.sort(key=lambda chip: str(chip["concept_label"]).lower())
        result.append(
            {"taxonomy": taxonomy, "name": taxonomy_names.get(taxonomy, taxonomy), "chips": chips}
        )
    result.sort(key=lambda group: str(group["name"]).lower())
    return result


def _method_rank(method: str) -> int:
    return METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER)


def methods_present(groups: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The label methods on the page, for its legend, strongest first."""
    found = {chip["method"] for group in groups for chip in group["chips"]}
    return [(m, METHOD_WORDS[m]) for m in METHOD_ORDER if m in found]
