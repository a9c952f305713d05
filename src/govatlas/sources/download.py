"""Downloading a source's files from its public origin into a mirror folder.

Connectors whose origin publishes stable per-file URLs list them in ``origin``
(relative path in the mirror, URL, pinned to a commit where the origin is a
repository). Files are fetched with the same guard and limits as ``govatlas ingest URL``
and written atomically, so an interrupted download never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govatlas.errors import InvalidInputError
from govatlas.outbound import OutboundClient
from govatlas.records import Connector
from govatlas.sources.files import fetch

CSA_DATASET = (
    "https://raw.githubusercontent.com/CloudSecurityAlliance-DataSets/"
    "dataset-public-laws-regulations-standards/7d418867b0650a0982683b90af1bd0a42357a227"
)


@dataclass(frozen=True)
class DownloadResult:
    fetched: list[str]
    skipped: list[str]


def origin_files(connector: Connector) -> tuple[tuple[str, str], ...]:
    files: tuple[tuple[str, str], ...] = getattr(connector, "origin", ())
    if not files:
        raise InvalidInputError(
            f"the {connector.name} source has no per-file public download",
            f"download its release by hand into MIRROR/{connector.folder}/ "
            "(see the source's SOURCE.md) and ingest with --mirror MIRROR",
        )
    return files


def download(
    connector: Connector,
    mirror: Path,
    *,
    force: bool = False,
    client: OutboundClient | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> DownloadResult:
    """Fetch the connector's files into ``mirror/<folder>/``; existing files are kept."""
    result = DownloadResult([], [])
    folder = mirror / connector.folder
    folder.mkdir(parents=True, exist_ok=True)
    http = client or OutboundClient()
    try:
        for relative, url in origin_files(connector):
            target = folder / relative
            if target.exists() and not force:
                result.skipped.append(relative)
                progress(relative)
                continue
            data, _ = fetch(url, http)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(data)
            partial.replace(target)
            result.fetched.append(relative)
            progress(relative)
    finally:
        if client is None:
            http.close()
    return result
