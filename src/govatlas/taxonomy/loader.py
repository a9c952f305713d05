"""Loading taxonomy files, packaged or from any folder, with errors that name the
file, the concept and the field."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from govatlas.errors import InvalidInputError
from govatlas.near_names import unknown
from govatlas.taxonomy.schema import TaxonomyFile


def packaged_dir() -> Path:
    return Path(str(resources.files("govatlas.taxonomy").joinpath("data")))


def read_taxonomy_file(path: Path) -> TaxonomyFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path.name}: cannot read ({exc})", "check the YAML") from exc
    try:
        return TaxonomyFile.model_validate(data).with_derived_parents()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        concepts = data.get("concepts") if isinstance(data, dict) else None
        loc = error["loc"]
        if loc and loc[0] == "concepts" and len(loc) > 1 and isinstance(concepts, list):
            index = int(loc[1])
            raw = concepts[index] if index < len(concepts) else {}
            where = (
                f"concept #{index + 1} ({raw.get('id', '?')}), field {'.'.join(map(str, loc[2:]))}"
            )
        raise InvalidInputError(
            f"{path.name}: {where}: {error['msg']} ({len(exc.errors())} problem(s) in all)",
            "fix the taxonomy file",
        ) from exc


def load_taxonomies(directory: Path | None = None) -> dict[str, TaxonomyFile]:
    """Every ``*.yaml`` taxonomy in the folder (default: the packaged ones), by id."""
    folder = directory or packaged_dir()
    taxonomies: dict[str, TaxonomyFile] = {}
    for path in sorted(folder.glob("*.yaml")):
        taxonomy = read_taxonomy_file(path)
        if taxonomy.id in taxonomies:
            raise InvalidInputError(f"{path.name}: taxonomy id {taxonomy.id!r} is used twice")
        taxonomies[taxonomy.id] = taxonomy
    return taxonomies


def get_taxonomy(taxonomies: dict[str, TaxonomyFile], taxonomy_id: str) -> TaxonomyFile:
    if taxonomy_id not in taxonomies:
        raise unknown(
            "taxonomy",
            taxonomy_id,
            sorted(taxonomies),
            listing=f"known taxonomies: {', '.join(sorted(taxonomies))}",
            aliases={t.name: t.id for t in taxonomies.values()},
        )
    return taxonomies[taxonomy_id]
