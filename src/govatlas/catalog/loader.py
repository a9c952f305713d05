"""Reading and checking the catalog files.

The catalog is a folder of YAML files, each a list of entries: actors
(``actors*.yaml``), instruments (``instruments-*.yaml``), parties' adherence to
international instruments (``adherence-*.yaml``) and research notes on UN
Member States with no instrument listed (``research-*.yaml``). Loading collects every problem
(YAML syntax, schema, unknown jurisdiction or issuer, duplicate ids) with the
file, the entry and the field it concerns, so one run of ``govatlas catalog
validate`` shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from govatlas.catalog.jurisdictions import jurisdiction_ids, un_member_states
from govatlas.catalog.model import Catalog
from govatlas.catalog.resolutions import RESOLUTIONS_FILE, Resolution, read_resolutions
from govatlas.catalog.schema import Actor, Adherence, CatalogEntry, ResearchNote
from govatlas.errors import InvalidInputError

ACTORS_FILE = "actors.yaml"
ACTORS_GLOB = "actors*.yaml"
INSTRUMENT_GLOB = "instruments-*.yaml"
ADHERENCE_GLOB = "adherence-*.yaml"
RESEARCH_GLOB = "research-*.yaml"
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: entry {self.entry}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class CatalogError(InvalidInputError):
    """The catalog files have problems; ``problems`` lists each one."""

    def __init__(self, problems: list[CatalogProblem]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"the catalog has {len(problems)} problem(s):\n{shown}{more}",
            "fix the entries named above; `govatlas catalog validate` lists every problem",
        )
        self.problems = problems


def default_catalog_dir() -> Path:
    return Path(str(resources.files("govatlas.catalog").joinpath("data")))


def _read_yaml_list(path: Path, problems: list[CatalogProblem]) -> list[Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        entry = f"at line {mark.line + 1}" if mark is not None else "(whole file)"
        problems.append(CatalogProblem(path.name, entry, "", f"cannot parse: {exc}"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(CatalogProblem(path.name, "(whole file)", "", "expected a list of entries"))
        return []
    return data


def _entry_name(index: int, raw: Any) -> str:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    return f"#{index + 1} ({raw_id})" if raw_id else f"#{index + 1}"


def _parse(
    path: Path, model: type[ModelT], problems: list[CatalogProblem]
) -> Iterator[tuple[str, ModelT]]:
    for index, raw in enumerate(_read_yaml_list(path, problems)):
        name = _entry_name(index, raw)
        try:
            yield name, model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"])
                problems.append(CatalogProblem(path.name, name, field, error["msg"]))


def _check_references(
    file: str,
    name: str,
    entry: CatalogEntry,
    actors: dict[str, Actor],
    problems: list[CatalogProblem],
) -> None:
    known = jurisdiction_ids()
    if entry.jurisdiction not in known:
        problems.append(
            CatalogProblem(
                file, name, "jurisdiction", f"unknown jurisdiction {entry.jurisdiction!r}"
            )
        )
    for issuer in entry.issuers:
        if issuer not in actors:
            problems.append(
                CatalogProblem(
                    file, name, "issuers", f"unknown actor {issuer!r} (add it to {ACTORS_FILE})"
                )
            )


def read_catalog(directory: Path | None = None) -> tuple[Catalog, list[CatalogProblem]]:
    """Parse the catalog folder and return it with every problem found."""
    folder = directory or default_catalog_dir()
    problems: list[CatalogProblem] = []
    if not folder.is_dir():
        problems.append(CatalogProblem(str(folder), "-", "", "catalog folder not found"))
        return Catalog((), {}), problems

    actors: dict[str, Actor] = {}
    for actors_path in sorted(folder.glob(ACTORS_GLOB)):
        for name, actor in _parse(actors_path, Actor, problems):
            if actor.id in actors:
                problems.append(CatalogProblem(actors_path.name, name, "id", "duplicate actor id"))
            if actor.jurisdiction and actor.jurisdiction not in jurisdiction_ids():
                problems.append(
                    CatalogProblem(
                        actors_path.name,
                        name,
                        "jurisdiction",
                        f"unknown jurisdiction {actor.jurisdiction!r}",
                    )
                )
            actors[actor.id] = actor

    entries: dict[str, CatalogEntry] = {}
    titles: dict[tuple[str, str], str] = {}
    external: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob(INSTRUMENT_GLOB)):
        for name, entry in _parse(path, CatalogEntry, problems):
            if entry.id in entries:
                problems.append(CatalogProblem(path.name, name, "id", "duplicate instrument id"))
                continue
            _check_references(path.name, name, entry, actors, problems)
            for scheme, values in entry.ids.items():
                for value in values:
                    owner = external.setdefault((scheme, value), entry.id)
                    if owner != entry.id:
                        problems.append(
                            CatalogProblem(
                                path.name,
                                name,
                                f"ids.{scheme}",
                                f"{value!r} is already used by {owner!r}",
                            )
                        )
            twin = titles.setdefault((entry.jurisdiction, _title_key(entry.title)), entry.id)
            if twin != entry.id:
                problems.append(
                    CatalogProblem(path.name, name, "title", f"same title and place as {twin!r}")
                )
            entries[entry.id] = entry
    if not entries and not problems:
        problems.append(CatalogProblem(str(folder), "-", "", f"no {INSTRUMENT_GLOB} files found"))
    for (scheme, value), resolution in _resolutions(folder, problems).items():
        if resolution.jurisdiction and resolution.jurisdiction not in jurisdiction_ids():
            problems.append(
                CatalogProblem(
                    RESOLUTIONS_FILE,
                    f"{scheme} {value}",
                    "jurisdiction",
                    f"unknown jurisdiction {resolution.jurisdiction!r}",
                )
            )
    adherence = _adherence(folder, entries, actors, problems)
    research = _research(folder, entries, problems)
    return Catalog(tuple(entries.values()), actors, adherence, research), problems


def _resolutions(folder: Path, problems: list[CatalogProblem]) -> dict[tuple[str, str], Resolution]:
    path = folder / RESOLUTIONS_FILE
    if not path.exists():
        return {}
    try:
        return read_resolutions(path.read_text(encoding="utf-8"))
    except InvalidInputError as exc:
        problems.append(CatalogProblem(RESOLUTIONS_FILE, "-", "", exc.message))
        return {}


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


def _adherence(
    folder: Path,
    entries: dict[str, CatalogEntry],
    actors: dict[str, Actor],
    problems: list[CatalogProblem],
) -> tuple[Adherence, ...]:
    found: list[Adherence] = []
    seen: dict[tuple[str, str, str], str] = {}
    known = jurisdiction_ids()
    for path in sorted(folder.glob(ADHERENCE_GLOB)):
        for name, record in _parse(path, Adherence, problems):
            if record.instrument not in entries:
                problems.append(
                    CatalogProblem(
                        path.name, name, "instrument", f"unknown instrument {record.instrument!r}"
                    )
                )
            for party in record.parties:
                if party not in known and party not in actors:
                    problems.append(
                        CatalogProblem(
                            path.name, name, "parties", f"unknown jurisdiction or actor {party!r}"
                        )
                    )
                key = (record.instrument, record.act.value, party)
                if key in seen:
                    problems.append(
                        CatalogProblem(
                            path.name,
                            name,
                            "parties",
                            f"{party} {record.act.value} {record.instrument} "
                            f"is also in {seen[key]}",
                        )
                    )
                seen[key] = f"{path.name} {name}"
            found.append(record)
    return tuple(found)


def _research(
    folder: Path, entries: dict[str, CatalogEntry], problems: list[CatalogProblem]
) -> tuple[ResearchNote, ...]:
    found: dict[str, ResearchNote] = {}
    members = un_member_states()
    listed = {e.jurisdiction for e in entries.values()}
    for path in sorted(folder.glob(RESEARCH_GLOB)):
        for name, note in _parse(path, ResearchNote, problems):
            if note.jurisdiction not in members:
                problems.append(
                    CatalogProblem(
                        path.name,
                        name,
                        "jurisdiction",
                        f"{note.jurisdiction} is not a UN Member State",
                    )
                )
            elif note.jurisdiction in found:
                problems.append(
                    CatalogProblem(path.name, name, "jurisdiction", "a second note for this state")
                )
            elif note.jurisdiction in listed:
                problems.append(
                    CatalogProblem(
                        path.name,
                        name,
                        "jurisdiction",
                        f"the catalog lists instruments of {note.jurisdiction}: remove the note",
                    )
                )
            found[note.jurisdiction] = note
    return tuple(found.values())


def load_catalog(directory: Path | None = None) -> Catalog:
    """The catalog, or a ``CatalogError`` naming every problem."""
    catalog, problems = read_catalog(directory)
    if problems:
        raise CatalogError(problems)
    return catalog
