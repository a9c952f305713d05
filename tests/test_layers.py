"""Dependencies point down: every import between govatlas's packages follows ``LAYERS``.

DESIGN.md: the CLI, the web and the reports call the domain packages; the domain
packages call the store; shared record types and text utilities sit below them all;
nothing but the CLI's ``serve`` reaches the web (and it names the app by a string, for
uvicorn, so nothing imports it); no two packages import each other. The order below
writes that down, lowest first: a package may import only packages before it. A new
package goes where its imports put it; an import that points up fails here, with the
file and the line, so the back-edge is fixed where it appears. And the store owns the
queries: no module outside ``store/`` builds a SELECT itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).parents[1] / "src" / "govatlas"

LAYERS: tuple[str, ...] = (
    # shared below everything: errors, words, dates, settings, record types, text utilities
    "errors",
    "i18n",
    "near_names",
    "vocabulary",
    "dates",
    "config",
    "threads",
    "interrupts",
    "run_events",
    "spreadsheet_cells",
    "tabular",
    "shipped_figures",
    "proportions",
    "agreement",
    "jsonl",
    "excerpts",
    "provision_labels",
    "outbound",
    "records",
    "text_similarity",
    "html",
    "graphics",
    # facts as package data, then the store that persists them and owns the queries
    "catalog",
    "store",
    "accounts",
    "taxonomy",
    "translation_review",
    # reading sources: parsing and segmenting, then the connectors that use them
    "ingest",
    "sources",
    "review_sheets",
    # the domain
    "classify",
    "crosswalk",
    "analytics",
    "trackers",
    "incidents",
    "horizon",
    "registry",
    "network",
    "industry",
    "batch",
    "build",
    "build_links",
    "doctor",
    # what people use: knowledge products, the web atlas, the CLI
    "reports",
    "web",
    "commands",
    "cli",
)


def package_of(path: Path) -> str:
    """``store`` for ``src/govatlas/store/models.py``, ``build`` for ``build.py``."""
    relative = path.relative_to(SOURCE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) for every govatlas import in a file, at any depth (inside
    functions and ``TYPE_CHECKING`` blocks too); ``from a.b import c`` gives ``a.b.c``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.extend((node.lineno, name) for name in names if name.startswith("govatlas."))
    return found


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, package) for every import of a govatlas package or top-level module in a
    file (``from govatlas import __version__`` names neither)."""
    found = []
    for line, name in imported_modules(path):
        part = name.split(".")[1]
        if (SOURCE / part).is_dir() or (SOURCE / f"{part}.py").is_file():
            found.append((line, part))
    return found


def edges() -> list[tuple[str, str, str]]:
    """(importing package, imported package, where) for every cross-package import."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # Alembic's scripts belong to the store and import nothing else
        source = package_of(path)
        for line, target in imported_packages(path):
            if target != source:
                found.append((source, target, f"{path.relative_to(SOURCE.parent)}:{line}"))
    return found


def test_every_package_has_a_place_in_the_layers() -> None:
    packages = {package_of(p) for p in SOURCE.rglob("*.py")} - {"__init__"}
    assert sorted(packages - set(LAYERS)) == [], "add the new package to LAYERS"
    assert sorted(set(LAYERS) - packages) == [], "a package in LAYERS no longer exists"
    assert len(set(LAYERS)) == len(LAYERS)


def test_imports_point_down() -> None:
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = [
        f"{where}: {source} imports {target}"
        for source, target, where in edges()
        if rank[target] > rank[source]
    ]
    assert upward == []


def test_nothing_imports_the_web() -> None:
    assert [where for _, target, where in edges() if target == "web"] == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The scan itself: an import inside a function is found, with its line."""
    module = tmp_path / "probe.py"
    module.write_text(
        "from govatlas.errors import GovatlasError\n\n"
        "def late() -> None:\n"
        "    from govatlas.web.app import create_app\n",
        encoding="utf-8",
    )
    assert imported_packages(module) == [(1, "errors"), (4, "web")]


QUERY_NAMES = {"select", "text", "union", "union_all", "exists"}


def queries_in(path: Path) -> list[tuple[int, str]]:
    """(line, what) wherever a module builds a query itself: imports one of
    ``QUERY_NAMES`` from SQLAlchemy, or calls ``session.query(...)`` (the legacy style)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            names = {alias.name for alias in node.names} & QUERY_NAMES
            found.extend((node.lineno, f"imports {name}") for name in sorted(names))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "query"
            and isinstance(node.func.value, ast.Name)
            and "session" in node.func.value.id
        ):
            found.append((node.lineno, "session.query(...)"))
    return found


def test_the_store_owns_the_queries() -> None:
    """DESIGN.md: the store owns the queries. Every SELECT is a named function in a
    repository module under ``store/``; the domain, the reports, the web and the CLI
    call those (writes through the ORM session may stay where the work is)."""
    outside = [
        f"{path.relative_to(SOURCE.parent)}:{line}: {what}"
        for path in sorted(SOURCE.rglob("*.py"))
        if package_of(path) != "store"
        for line, what in queries_in(path)
    ]
    assert outside == []


def test_the_query_check_sees_a_select_and_a_legacy_query(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from sqlalchemy import delete, select\n\ndef rows(session):\n"
        "    return session.query(object)\n",
        encoding="utf-8",
    )
    assert queries_in(module) == [(1, "imports select"), (4, "session.query(...)")]
