"""The EU AI Act (Regulation (EU) 2024/1689) from its structured edition.

Recitals, chapters, articles and annexes come straight from the CSV/JSON files;
each article's flattened paragraphs and points are put back on their own lines
(only where the numbering continues the sequence, so "paragraph 1." inside a
sentence is left alone) and cut by the generic segmenter, giving paths such as
``art.5.1.a``.
"""

from __future__ import annotations

import re
from pathlib import Path

from govatlas.ingest.segment import segment
from govatlas.records import InstrumentDraft, ProvisionDraft, SourceDocument, TaxonomyDraft
from govatlas.sources.download import CSA_DATASET
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.tables import read_json
from govatlas.vocabulary import Binding, InstrumentType

CELEX = "32024R1689"
TITLE = (
    "Regulation (EU) 2024/1689 of the European Parliament and of the Council of 13 June 2024 "
    "laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)"
)
# The annexes' titles (facts of the Official Journal text). The structured edition runs
# each title on into the annex's first sentence with nothing between them, so the title
# is found by its words and put on a line of its own, as the annex's heading.
ANNEX_TITLES = {
    "I": "List of Union harmonisation legislation",
    "II": "List of criminal offences referred to in Article 5(1), first subparagraph, "
    "point (h)(iii)",
    "III": "High-risk AI systems referred to in Article 6(2)",
    "IV": "Technical documentation referred to in Article 11(1)",
    "V": "EU declaration of conformity",
    "VI": "Conformity assessment procedure based on internal control",
    "VII": "Conformity based on an assessment of the quality management system and an "
    "assessment of the technical documentation",
    "VIII": "Information to be submitted upon the registration of high-risk AI systems in "
    "accordance with Article 49",
    "IX": "Information to be submitted upon the registration of high-risk AI systems listed "
    "in Annex III in relation to testing in real world conditions in accordance with Article 60",
    "X": "Union legislative acts on large-scale IT systems in the area of Freedom, Security "
    "and Justice",
    "XI": "Technical documentation referred to in Article 53(1), point (a) — technical "
    "documentation for providers of general-purpose AI models",
    "XII": "Transparency information referred to in Article 53(1), point (b) — technical "
    "documentation for providers of general-purpose AI models to downstream providers that "
    "integrate the model into their AI system",
    "XIII": "Criteria for the designation of general-purpose AI models with systemic risk "
    "referred to in Article 51",
}
_CANDIDATE = re.compile(r"(?<!\S)(?:(\d{1,3})\.|\(([a-z]{1,4})\)|\((\d{1,3})\))\s")
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def unflatten(content: str) -> str:
    """Put sequential paragraph numbers, numbered definitions, point letters and roman
    points on new lines."""
    out, last = [], 0
    next_paragraph, next_letter, next_roman, next_item = 1, "a", 0, 1
    for match in _CANDIDATE.finditer(content):
        number, letter, item = match.group(1), match.group(2), match.group(3)
        if item is not None and int(item) == next_item:
            next_item, next_letter, next_roman = next_item + 1, "a", 0
        elif number is not None and int(number) == next_paragraph:
            next_paragraph, next_letter, next_roman = next_paragraph + 1, "a", 0
        elif letter is not None and letter == next_letter:
            next_letter, next_roman = chr(ord(letter) + 1), 0
        elif letter is not None and next_roman < len(_ROMANS) and letter == _ROMANS[next_roman]:
            next_roman += 1
        else:
            continue
        out.append(content[last : match.start()].rstrip())
        last = match.start()
    out.append(content[last:])
    return "\n".join(part for part in out if part)


def annex_title(number: str, content: str) -> tuple[str | None, str]:
    """The annex's official title and the content after it, when the content starts
    with it (whitespace aside); else no title and the content unchanged."""
    title = ANNEX_TITLES.get(number)
    if title is None:
        return None, content
    words = re.escape(title).replace(r"\ ", r"\s+")
    found = re.match(rf"\s*{words}\s*", content)
    return (title, content[found.end() :]) if found else (None, content)


class EuAiActConnector:
    name = "eu-ai-act"
    description = "EU AI Act: recitals, articles and annexes from the structured edition"
    folder = "eu_ai_act"
    origin = tuple(
        (name, f"{CSA_DATASET}/regulation/europa.eu/ai-act/{name}")
        for name in ("ai-act-articles.json", "ai-act-recitals.json", "ai-act-annexes.json")
    )

    def scan(self, root: Path) -> list[str]:
        source_folder(root, self.folder)
        return ["regulation-2024-1689"]

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        return []

    def load(self, root: Path, key: str) -> SourceDocument:
        base = source_folder(root, self.folder)
        recitals = read_json(require_file(base / "ai-act-recitals.json"))
        articles = read_json(require_file(base / "ai-act-articles.json"))
        annexes = read_json(require_file(base / "ai-act-annexes.json"))
        parts: list[str] = []
        provisions: list[ProvisionDraft] = []
        position = 0

        def add_block(block: str) -> int:
            nonlocal position
            start = position
            parts.append(block)
            position += len(block) + 2  # blocks are joined by a blank line
            return start

        add_block(TITLE)
        for recital in recitals:
            number = str(recital["recital"]).strip()
            block = f"({number}) {' '.join(str(recital['content']).split())}"
            start = add_block(block)
            provisions.append(
                ProvisionDraft(f"recital.{number}", "recital", None, start, start + len(block))
            )
        chapter_path: str | None = None
        chapter_heading = ""
        chapter_start = 0
        for article in articles:
            chapter = str(article["chapter"]).strip()
            path = f"chapter.{chapter.lower()}"
            if path != chapter_path:
                if chapter_path is not None:
                    provisions.append(
                        _chapter(chapter_path, chapter_heading, chapter_start, position - 2)
                    )
                chapter_heading = str(article["chapter_name"]).strip()
                chapter_path = path
                chapter_start = add_block(f"CHAPTER {chapter}: {chapter_heading}")
            name = str(article["article_name"]).strip().strip("`")
            block = f"Article {article['article']}: {name}\n\n{unflatten(str(article['content']))}"
            start = add_block(block)
            for seg in segment(block):
                parent = seg.parent if seg.parent is not None else chapter_path
                provisions.append(
                    ProvisionDraft(
                        seg.path, seg.kind, seg.heading, start + seg.start, start + seg.end, parent
                    )
                )
        if chapter_path is not None:
            provisions.append(_chapter(chapter_path, chapter_heading, chapter_start, position - 2))
        for annex in annexes:
            number = str(annex["annex"]).strip()
            content = re.sub(rf"^\s*ANNEX\s+{re.escape(number)}\b\s*", "", str(annex["content"]))
            title, content = annex_title(number, content)
            heading = f"{title}\n\n" if title else ""
            block = f"ANNEX {number}\n\n{heading}{unflatten(content)}"
            start = add_block(block)
            for seg in segment(block):
                top = seg.parent is None and title is not None
                provisions.append(
                    ProvisionDraft(
                        seg.path,
                        seg.kind,
                        title if top else seg.heading,
                        start + seg.start,
                        start + seg.end,
                        seg.parent,
                    )
                )
        return SourceDocument(
            source=self.name,
            key=key,
            name="EU AI Act (structured edition)",
            instrument=InstrumentDraft(
                key="eu-ai-act",
                title=TITLE,
                short_name="EU AI Act",
                type=InstrumentType.REGULATION,
                binding=Binding.BINDING,
                jurisdiction="EU",
                external_ids={"celex": CELEX},
            ),
            text="\n\n".join(parts),
            format="json",
            language="en",
            source_url="https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
            provisions=tuple(_parents_first(provisions)),
        )


def _chapter(path: str, heading: str, start: int, end: int) -> ProvisionDraft:
    return ProvisionDraft(path, "chapter", heading, start, end)


def _parents_first(provisions: list[ProvisionDraft]) -> list[ProvisionDraft]:
    return sorted(provisions, key=lambda p: (p.start, -(p.end - p.start)))
