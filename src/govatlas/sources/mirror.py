"""Locating a source's folder in the mirror, with a clear error when it is missing."""

from __future__ import annotations

from pathlib import Path

from govatlas.errors import InvalidInputError


def source_folder(mirror: Path | None, folder: str) -> Path:
    """``mirror/folder``, or an error saying how to point govatlas at the data."""
    if mirror is None:
        raise InvalidInputError(
            "no mirror of the public sources is configured",
            "pass --mirror DIR or set GOVATLAS_MIRROR (e.g. to ../shared/corpus)",
        )
    path = mirror / folder
    if not path.is_dir():
        raise InvalidInputError(
            f"the mirror {mirror} has no {folder}/ folder",
            f"check --mirror / GOVATLAS_MIRROR; it should contain {folder}/",
        )
    return path


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise InvalidInputError(f"expected file {path} is missing", "check the mirror's contents")
    return path
