"""A long text read in parts: the instrument page shows one part at a time.

The EU AI Act holds about 3,000 provisions; shown at once its page weighed 2 MB and took
a third of a second to assemble before rendering. Parts hold about ``PART_SIZE``
provisions and begin, where they can, at an article, section or chapter (depth 0 or 1);
a part never holds more than twice ``PART_SIZE``. Links to one provision go through
``/instruments/{id}/provisions/{pid}``, which finds its part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govatlas.errors import InvalidInputError

PART_SIZE = 150


def split_parts(
    ids: Sequence[int], depth: Mapping[int, int], size: int = PART_SIZE
) -> list[list[int]]:
    """Provision ids (in reading order) cut into parts of about ``size``."""
    parts: list[list[int]] = []
    current: list[int] = []
    for pid in ids:
        boundary = depth.get(pid, 0) <= 1 and len(current) >= size
        if current and (boundary or len(current) >= 2 * size):
            parts.append(current)
            current = []
        current.append(pid)
    if current or not parts:
        parts.append(current)
    return parts


def part_index(parts: Sequence[Sequence[int]], part: int | None, provision: int | None) -> int:
    """0-based index of the part asked for: by number (from 1), or the one holding
    ``provision``; the first when neither is given."""
    if provision is not None:
        for index, ids in enumerate(parts):
            if provision in ids:
                return index
        raise InvalidInputError(
            f"provision {provision} is not in this version", "follow a link from search"
        )
    if part is None:
        return 0
    if not 1 <= part <= len(parts):
        raise InvalidInputError(
            f"part {part} does not exist", f"this text has parts 1 to {len(parts)}"
        )
    return part - 1
