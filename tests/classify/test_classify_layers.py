"""Inside ``classify``, sub-packages point down too: the order in its docstring.

A module may import from its own sub-package and from those listed before it; the
root's ``pickled`` sits below them all and ``labelling_runs`` above them all.
"""

from __future__ import annotations

from pathlib import Path

import govatlas.classify
from tests.test_layers import imported_modules

CLASSIFY = Path(__file__).parents[2] / "src" / "govatlas" / "classify"
ORDER: tuple[str, ...] = (
    "pickled",
    "gold",
    "encoders",
    "measured",
    "concepts",
    "agora",
    "labels",
    "provisions",
    "risks",
    "labelling_runs",
)


def part_of(path: Path) -> str:
    """``gold`` for ``classify/gold/files.py``, ``pickled`` for ``classify/pickled.py``."""
    relative = path.relative_to(CLASSIFY)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_part_has_a_place() -> None:
    parts = {part_of(p) for p in CLASSIFY.rglob("*.py")} - {"__init__"}
    assert sorted(parts ^ set(ORDER)) == []


def test_the_docstring_lists_the_sub_packages_in_order() -> None:
    text = govatlas.classify.__doc__ or ""
    places = [text.index(f"- ``{name}``") for name in ORDER[1:-1]]
    assert places == sorted(places)


def test_classify_imports_point_down() -> None:
    rank = {name: i for i, name in enumerate(ORDER)}
    upward = []
    for path in sorted(CLASSIFY.rglob("*.py")):
        source = part_of(path)
        if source == "__init__":
            continue
        for line, module in imported_modules(path):
            parts = module.split(".")
            if parts[:2] != ["govatlas", "classify"] or len(parts) < 3:
                continue
            target = parts[2]
            if target != source and rank[target] > rank[source]:
                upward.append(f"{path.relative_to(CLASSIFY)}:{line}: {source} imports {target}")
    assert upward == []
