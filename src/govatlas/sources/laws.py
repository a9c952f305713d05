"""Other laws and frameworks (``laws/``): Markdown, plain text, XML, CSV and JSON.

Files are grouped by their stem (``ca_sb53.md``, ``ca_sb53.sections.json`` ...);
each group is one instrument, linked to the catalog through the SecID in its
``.metadata.json``, and each file one version of it, cut by the generic
segmenter. Structured CSV/JSON rows are rendered as headed sections first; a
CSV with a JSON twin of the same rows is skipped. Notes about the files
(``*.README.md``, ``*.legisinfo_page.md``) are not versions of the law, and neither is
a saved web page (``ingest.web_pages``): its instrument keeps the metadata, no text.

One text in several files (a law as Markdown, as plain text and as JSON
sections) is one version, not three: within a group, a file whose words match
a file already taken at ``SAME_TEXT`` or more, once markup and spacing are set
aside, is another rendering of the same text and is skipped (Markdown first,
then plain text, XML, JSON, CSV). Translations and different editions differ
in their words and stay separate versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govatlas.ingest.formats import DocumentError, parse_file
from govatlas.ingest.renderings import same_text, text_words
from govatlas.ingest.web_pages import is_web_page
from govatlas.records import (
    InstrumentDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
    web_urls,
)
from govatlas.sources.mirror import source_folder
from govatlas.sources.tables import read_csv, read_json
from govatlas.vocabulary import Binding, InstrumentType

SKIPPED_SUFFIXES = (".metadata.json", ".README.md", ".legisinfo_page.md", "SOURCE.md")
TEXT_SUFFIXES = {".md", ".txt", ".xml"}
ID_FIELDS = ("article", "section", "section_id", "provision_id")
TITLE_FIELDS = ("section_name", "article_name", "name", "title", "short_title", "chapter_name")
BODY_FIELDS = ("body", "content", "content_zh", "content_en", "text")


RENDERING_ORDER = (".md", ".txt", ".xml", ".json", ".csv")


def _group(path: Path) -> str:
    return path.name.split(".")[0]


def render_rows(rows: list[dict[str, Any]]) -> str:
    """Structured rows as Markdown sections: ``## <id> <title>`` then the body. A row
    with no body (a file whose article 12 is only its number and chapter name) becomes
    no section: a heading alone would be a provision that says nothing."""
    blocks = []
    for row in rows:
        if not any(str(row.get(f) or "").strip() for f in BODY_FIELDS):
            continue
        ident = next((str(row[f]).strip() for f in ID_FIELDS if str(row.get(f) or "").strip()), "")
        title = next(
            (str(row[f]).strip() for f in TITLE_FIELDS if str(row.get(f) or "").strip()), ""
        )
        heading = " ".join(part for part in (ident, title) if part) or "Section"
        body = "\n\n".join(
            str(row[f]).strip() for f in BODY_FIELDS if str(row.get(f) or "").strip()
        )
        blocks.append(f"## {heading}\n\n{body}".rstrip())
    return "\n\n".join(blocks)


class LawsConnector:
    name = "laws"
    description = "Other laws and frameworks (US state laws, China, Canada, UK, Japan, ...)"
    folder = "laws"

    def _files(self, root: Path) -> list[Path]:
        files = []
        for path in sorted(source_folder(root, self.folder).iterdir()):
            if not path.is_file() or path.name.endswith(SKIPPED_SUFFIXES):
                continue
            if path.suffix == ".csv" and path.with_suffix(".json").exists():
                continue  # the JSON twin holds the same rows
            if path.suffix in TEXT_SUFFIXES | {".csv", ".json"}:
                files.append(path)
        return files

    def scan(self, root: Path) -> list[str]:
        """One file per distinct text: other renderings of a text already taken are left out."""
        groups: dict[str, list[Path]] = {}
        for path in self._files(root):
            groups.setdefault(_group(path), []).append(path)
        keys: list[str] = []
        for paths in groups.values():
            ordered = sorted(
                paths,
                key=lambda p: RENDERING_ORDER.index(p.suffix) if p.suffix in RENDERING_ORDER else 9,
            )
            taken: list[list[str]] = []
            for path in ordered:
                words = text_words(self.load(root, path.name).text or "")
                if any(same_text(words, other) for other in taken):
                    continue
                taken.append(words)
                keys.append(path.name)
        return sorted(keys)

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        return []

    def _metadata(self, path: Path) -> dict[str, Any]:
        meta_path = path.parent / f"{_group(path)}.metadata.json"
        if not meta_path.exists():
            return {}
        data = read_json(meta_path)
        return data if isinstance(data, dict) else {}

    def load(self, root: Path, key: str) -> SourceDocument:
        path = source_folder(root, self.folder) / key
        if not path.is_file():
            raise DocumentError(f"laws: no file {key}", "check the mirror")
        meta = self._metadata(path)
        if path.suffix == ".json":
            data = read_json(path)
            rows = data if isinstance(data, list) else [data]
            text, fmt = render_rows([r for r in rows if isinstance(r, dict)]), "json"
        elif path.suffix == ".csv":
            text, fmt = render_rows(list(read_csv(path))), "csv"
        else:
            parsed = parse_file(path)
            text, fmt = parsed.text, "md" if path.suffix == ".md" else parsed.format
        if not text.strip():
            raise DocumentError(f"laws: {key} has no text", "check the file")
        stored: str | None = None if is_web_page(text) else text  # a page is no version
        secid = str(meta.get("secid", "")).removeprefix("secid:")
        group = _group(path)
        title = str(meta.get("name") or group.replace("_", " "))
        links = meta.get("links") if isinstance(meta.get("links"), dict) else {}
        url = str((links or {}).get("source") or "")
        return SourceDocument(
            source=self.name,
            key=key,
            name=f"laws/{key}",
            instrument=InstrumentDraft(
                key=f"law-{group.replace('_', '-')}",
                title=title,
                short_name=str(meta.get("acronym") or title)[:200],
                type=InstrumentType.LAW,
                binding=Binding.BINDING,
                jurisdiction="UNSPECIFIED",
                external_ids={"secid": secid} if secid else {},
                urls=web_urls(url),
                summary=str(meta.get("description") or "") or None,
            ),
            text=stored,
            format=fmt,
            source_url=url or None,
            records=(RecordDraft("metadata", group, meta),) if meta else (),
        )
