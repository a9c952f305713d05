"""Finding source connectors: built-ins and plug-ins share the ``govatlas.sources``
entry-point group, so an outside package adds a source the same way ours do."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from govatlas.errors import NotFoundError
from govatlas.records import Connector

ENTRY_POINT_GROUP = "govatlas.sources"


@cache
def connectors() -> dict[str, Connector]:
    """Every registered connector by name, in registration order."""
    found: dict[str, Connector] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        connector = entry.load()()
        found[connector.name] = connector
    return found


def get_connector(name: str) -> Connector:
    available = connectors()
    if name not in available:
        raise NotFoundError(
            f"no source called {name!r}",
            f"choose one of: {', '.join(available)}",
        )
    return available[name]
