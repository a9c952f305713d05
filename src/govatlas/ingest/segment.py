"""Cutting a text into provisions with stable paths and exact character offsets.

The segmenter reads the text line by line and recognises two kinds of
structure:

* headings: parts, titles, annexes, chapters, sections, articles (``Article 5``,
  ``SEC. 2.``, ``§ 3.``, ``第五条``), and Markdown headings; each has a fixed level;
* enumerations inside them: ``1.``, ``(1)``, ``(a)``, ``(A)``, ``(i)``, ``a)``,
  ``（一）``; their nesting is learnt from the order in which marker styles appear,
  as in ``art.5.1.a.i`` (EU) or ``sec.3.a.1.A`` (US).

Each provision spans from its own line to the next provision at the same or a
higher level, so children lie inside their parents and ``text[start:end]`` is the
provision's exact text. Text with no recognisable structure falls back to
paragraphs, and long provisions without children are split into paragraphs,
so a document never becomes one giant provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LONG_LEAF = 4000  # characters; longer childless provisions are split into paragraphs
MARKER_BASE_LEVEL = 10

CJK_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
CJK_NUMBER = "[一二三四五六七八九十百千零〇两0-9０-９]+"
ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")


@dataclass(frozen=True)
class Segment:
    """One provision: ``text[start:end]`` is its text, ``parent`` its parent's path."""

    path: str
    kind: str
    heading: str | None
    start: int
    end: int
    parent: str | None
    ordinal: int
    level: int = field(compare=False, default=0)


@dataclass
class _Open:
    path: str
    kind: str
    heading: str | None
    start: int
    level: int
    style: str | None
    value: str
    parent: str | None
    ordinal: int
    has_children: bool = False


@dataclass(frozen=True)
class _Heading:
    kind: str
    level: int
    ident: str
    heading: str | None
    needs_title: bool  # the title may be on the next line


def cjk_to_int(text: str) -> int:
    """Chinese/Japanese numerals (``二十三``) or digits to an int."""
    digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for char in text:
        if char in CJK_DIGITS:
            current = CJK_DIGITS[char]
        elif char in CJK_UNITS:
            total += (current or 1) * CJK_UNITS[char]
            current = 0
    return total + current


def _ident(raw: str) -> str:
    """A path component: lower case, no dots or spaces."""
    return re.sub(r"[.\s/]+", "-", raw.strip().lower()).strip("-") or "x"


_SEP = r"(?:\s*[:.—–\-]\s*|\s+)"
_PART = re.compile(rf"^(PART|Part|TITLE|Title|BOOK|Book)\s+([IVXLC]+|\d+|[A-Z])(?:{_SEP}(.*))?$")
_CHAPTER = re.compile(rf"^(CHAPTER|Chapter)\s+([IVXLC]+|\d+(?:\.\d+)*[A-Z]?|[A-Z])(?:{_SEP}(.*))?$")
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}")
# "SECTION 3 — Scope", never "SECTION 10-3-1104.9 AND …" (a cross-reference to a code section)
_SECTION_GROUP = re.compile(r"^SECTION\s+(\d+|[IVXLC]+)(?![-.]\d)(?:\s*[:—–-]\s*(.*))?$")
_ARTICLE = re.compile(r"^(?:Article|ARTICLE|Art\.)\s+(\d+[a-z]?)(?:\s*[:.—–-]\s*(.*)|\s*)$")
# "Article 8: When manual tagging is conducted …": an article whose text runs on from its
# number after a colon, however long the paragraph (translations of Chinese measures)
_RUN_IN = re.compile(r"^(?:Article|ARTICLE)\s+\d+[a-z]?\s*[:：]\s*\S")
# "Article 2 These Measures apply to …": the same with only a space after the number,
# when a capitalised sentence follows (a reference in prose reads "Article 2 of …")
_RUN_IN_SPACE = re.compile(r"^(?:Article|ARTICLE)\s+(\d+[a-z]?)\s+([A-Z][a-z]+\b.*)$")
_US_SECTION = re.compile(
    r"^(?:SEC\.|SECTION|Sec\.|Section|§+)\s*(\d+(?:[.\-]\d+)*[A-Za-z]?)\.(?:\s+(.*))?$"
)
# A section of a state code as an act prints it: "6-1-1701. Definitions. As used in …"
# (Colorado Revised Statutes: title, article, section), the section's text often running
# on after its title; a Markdown list mark in front is conversion noise.
_STATUTE_SECTION = re.compile(
    r"^(?:[-*]\s+)?(\d{1,3}[A-Z]?-\d{1,3}(?:\.\d+)?-\d{2,5}(?:\.\d+)?)\.\s+([A-Z][^.]{0,150}\.?)(.*)$"
)
# below an act's own sections and a code's articles ("SECTION 1. … add 1-45-111.5 as
# follows:", "ARTICLE 46"), which hold the code sections they insert
STATUTE_SECTION_LEVEL = 5
_ANNEX = re.compile(
    rf"^(ANNEX|Annex|APPENDIX|Appendix|SCHEDULE|Schedule)(?:\s+([IVXLC]+|\d+|[A-Z]))?(?:{_SEP}(.*))?$"
)
_CJK = re.compile(rf"^第({CJK_NUMBER})([编編章节節条條])(?:[之の]({CJK_NUMBER}))?[\s\u3000]*(.*)$")
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("num-dot", re.compile(r"^(\d{1,3})\.(?:[ \t\u3000]+)(?=\S)")),
    ("num-paren", re.compile(r"^(\d{1,3})\)[ \t]+(?=\S)")),
    ("paren-num", re.compile(r"^\((\d{1,3})\)[ \t]*")),
    ("paren-lower", re.compile(r"^\(([a-z]{1,4})\)[ \t]*")),
    ("paren-upper", re.compile(r"^\(([A-Z]{1,2})\)[ \t]*")),
    ("lower-paren", re.compile(r"^([a-z])\)[ \t]+(?=\S)")),
    ("paren-cjk", re.compile(rf"^[（(]({CJK_NUMBER})[）)]")),
]
_STRUCTURE_KINDS = {"part": 1, "annex": 1, "chapter": 2, "section-group": 3, "article": 4}
_CJK_KINDS = {
    "编": "part",
    "編": "part",
    "章": "chapter",
    "节": "section-group",
    "節": "section-group",
}


def _clean(line: str) -> str:
    """A line without indentation, Markdown emphasis or heading marks ("**Article 2**:"
    reads as "Article 2:")."""
    text = line.strip().strip("*_ ").strip()
    return text.replace("**", "").strip()


def _short_title(rest: str | None) -> str | None:
    if not rest:
        return None
    rest = rest.strip().strip("*").strip()
    if not rest:
        return None
    letters = [c for c in rest if c.isalpha()]
    mostly_upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    if mostly_upper or len(rest) <= 100:
        return rest[:300]
    return None


_SENTENCE_VERB = re.compile(r"\b(?:shall|may|must|is|are)\b", re.IGNORECASE)


def _statute_title(match: re.Match[str]) -> str | None:
    """A code section's title: the words before the first full stop, when they are a
    title ("Definitions.") and not the start of a sentence ("Notwithstanding W.S. …",
    "The sentencing court shall sentence an offender …")."""
    title = " ".join(match.group(2).split())
    if not title.endswith(".") and match.group(3):
        return None
    title = title.rstrip(".").rstrip(" -–—").strip()
    last_word = title.rsplit(" ", 1)[-1]
    if not title or len(last_word) == 1 or _SENTENCE_VERB.search(title):
        return None
    return title


def _match_heading(line: str) -> _Heading | None:
    text = _clean(line)
    if not text or _TOC_LEADER.search(text):
        return None  # blank or a table-of-contents line
    if (m := _ARTICLE.match(text)) and (len(text) <= 400 or _RUN_IN.match(text)):
        return _Heading("article", 4, m.group(1).lower(), _short_title(m.group(2)), not m.group(2))
    if m := _RUN_IN_SPACE.match(text):
        return _Heading("article", 4, m.group(1).lower(), _short_title(m.group(2)), False)
    if m := _STATUTE_SECTION.match(text):
        # "10-3-1104.9" → "10-3-1104_9": a path's dots separate its steps
        ident = m.group(1).lower().replace(".", "_")
        return _Heading("section", STATUTE_SECTION_LEVEL, ident, _statute_title(m), False)
    if len(text) > 400:
        return None  # prose
    if m := _US_SECTION.match(text):
        return _Heading("section", 4, _ident(m.group(1)), _short_title(m.group(2)), False)
    if m := _CJK.match(text):
        kind = _CJK_KINDS.get(m.group(2), "article")
        ident = str(cjk_to_int(m.group(1)))
        if m.group(3):
            ident += f"-{cjk_to_int(m.group(3))}"
        title = m.group(4).strip() or None
        if kind == "article":
            return _Heading(kind, 4, ident, None, False)
        return _Heading(kind, _STRUCTURE_KINDS[kind], ident, title, title is None)
    if m := _CHAPTER.match(text):
        ident = _ident(m.group(2))
        return _Heading("chapter", 2, ident, _short_title(m.group(3)), not m.group(3))
    if m := _SECTION_GROUP.match(text):
        return _Heading("section-group", 3, m.group(1).lower(), _short_title(m.group(2)), True)
    if (m := _PART.match(text)) and (not m.group(3) or _short_title(m.group(3))):
        return _Heading("part", 1, m.group(2).lower(), _short_title(m.group(3)), not m.group(3))
    if (m := _ANNEX.match(text)) and (m.group(2) or not m.group(3)):
        if m.group(3) and not _short_title(m.group(3)):
            return None
        ident = (m.group(2) or "1").lower()
        return _Heading("annex", 1, ident, _short_title(m.group(3)), not m.group(3))
    return None


_CODE_SECTION = re.compile(r"^(\d+(?:\.\d+)+[a-z]?)\.\s+(\S.*)$")


def _code_section(title: str) -> _Heading | None:
    """A code section inserted by an amending act, as a heading: "22757.12. Frontier AI
    Framework Requirements" (a dotted number, a full stop, then a short title)."""
    m = _CODE_SECTION.match(title)
    if not m or len(m.group(2)) > 150:
        return None
    return _Heading("section", 4, _ident(m.group(1)), _short_title(m.group(2)), False)


def _markdown_heading(line: str) -> tuple[int, str] | None:
    m = _MARKDOWN.match(line.strip())
    if not m:
        return None
    return len(m.group(1)), _clean(m.group(2))


_RUNS_ON = re.compile(r"(?:[;:,]|\b(?:or|and|OR|AND))$")


def _enumerated_heading(title: str) -> bool:
    """Whether a Markdown heading is a point a PDF converter set as a heading: a bracketed
    mark opening a clause that runs on ("# (Q) WEB HOSTING …; OR", "#### (b) DOCUMENTATION
    DISCLOSING:"), unlike a digest's heading "### (2) CalCompute Consortium"."""
    marker = _match_marker(title)
    return marker is not None and marker[0].startswith("paren") and bool(_RUNS_ON.search(title))


def _match_marker(line: str) -> tuple[str, str] | None:
    text = line.lstrip(" \t\u3000").lstrip("*").lstrip("-").lstrip()
    for style, pattern in _MARKERS:
        if m := pattern.match(text):
            value = m.group(1)
            if style == "paren-cjk":
                value = str(cjk_to_int(value))
            return style, value
    return None


def _letter_before(value: str) -> str:
    return chr(ord(value[0]) - 1) if len(value) == 1 and value > "a" else ""


_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _roman_value(numeral: str) -> int:
    """The number a lower-case Roman numeral stands for (``ROMAN`` has checked it)."""
    total = 0
    for digit, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_DIGITS[digit]
        total += -value if following and _ROMAN_DIGITS[following] > value else value
    return total


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.done: list[Segment] = []
        self.paths: set[str] = set()
        self.ordinal = 0

    def _unique(self, path: str) -> str:
        candidate, n = path, 1
        while candidate in self.paths:
            n += 1
            candidate = f"{path}~{n}"
        self.paths.add(candidate)
        return candidate

    def _close_from(self, index: int, end: int) -> None:
        while len(self.stack) > index:
            item = self.stack.pop()
            stop = max(item.start, len(self.text[:end].rstrip()))
            self.done.append(
                Segment(
                    item.path,
                    item.kind,
                    item.heading,
                    item.start,
                    stop,
                    item.parent,
                    item.ordinal,
                    item.level,
                )
            )

    def open(
        self,
        *,
        kind: str,
        level: int,
        ident: str,
        heading: str | None,
        start: int,
        style: str | None = None,
        value: str = "",
        top_level_path: str | None = None,
    ) -> _Open:
        index = len(self.stack)
        while index > 0 and self.stack[index - 1].level >= level:
            index -= 1
        self._close_from(index, start)
        parent = self.stack[-1] if self.stack else None
        if parent is not None:
            parent.has_children = True
        if top_level_path is not None:
            path = top_level_path
        elif parent is not None and level >= MARKER_BASE_LEVEL:
            path = f"{parent.path}.{ident}"
        else:
            path = f"{_PATH_PREFIX.get(kind, kind)}.{ident}"
        self.ordinal += 1
        item = _Open(
            self._unique(path),
            kind,
            heading,
            start,
            level,
            style,
            value,
            parent.path if parent else None,
            self.ordinal,
        )
        self.stack.append(item)
        return item

    def marker_level(self, style: str, value: str) -> tuple[int, str]:
        """Level and resolved style of an enumeration marker given the open stack."""
        markers = []
        for item in reversed(self.stack):
            if item.level < MARKER_BASE_LEVEL:
                break
            markers.append(item)
        if style == "paren-lower" and ROMAN.match(value):
            # (c), (d), (i), (v), (x) … are letters and numerals both: a marker is read
            # as the sequence it continues. "(c)" after "(b)" and its points "(i)",
            # "(ii)" is the letter c (EU AI Act Art. 53(1)(c)), not the numeral 100.
            letters = [m for m in markers if m.style == "paren-lower"]
            numerals = [m for m in markers if m.style == "paren-roman"]
            continues_letters = bool(letters) and letters[0].value == _letter_before(value)
            continues_numerals = bool(numerals) and _roman_value(
                numerals[0].value
            ) + 1 == _roman_value(value)
            if continues_numerals or not continues_letters:
                style = "paren-roman"
        for item in markers:
            if item.style == style:
                return item.level, style
        top = self.stack[-1].level if self.stack else 0
        return (top + 1 if top >= MARKER_BASE_LEVEL else MARKER_BASE_LEVEL), style

    def finish(self) -> list[Segment]:
        self._close_from(0, len(self.text))
        return sorted(self.done, key=lambda s: s.ordinal)


_PATH_PREFIX = {
    "article": "art",
    "section": "sec",
    "section-group": "section",
    "chapter": "chapter",
    "part": "part",
    "annex": "annex",
    "heading": "h",
}


def _lines(text: str) -> list[tuple[int, str]]:
    offsets, position = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append((position, line.rstrip("\r\n")))
        position += len(line)
    return offsets


def _next_title(lines: list[tuple[int, str]], index: int) -> str | None:
    for _, line in lines[index + 1 : index + 3]:
        candidate = _clean(line)
        if not candidate:
            continue
        if len(candidate) <= 150 and not _match_heading(line) and not _match_marker(line):
            return candidate
        return None
    return None


def _structure(text: str) -> list[Segment]:
    builder = _Builder(text)
    lines = _lines(text)
    first_start: int | None = None
    heading_counts: dict[int, int] = {}
    for index, (start, line) in enumerate(lines):
        if not line.strip():
            continue
        found = _match_heading(line)
        markdown = _markdown_heading(line)
        if markdown is not None and found is None and _enumerated_heading(markdown[1]):
            markdown = None  # "# (Q) WEB HOSTING …": a point a PDF converter made a heading
        if found is not None:
            title = found.heading
            if found.needs_title and title is None:
                title = _next_title(lines, index)
            level = found.level
            builder.open(
                kind=found.kind, level=level, ident=found.ident, heading=title, start=start
            )
        elif markdown is not None:
            depth, title = markdown
            heading_counts[depth] = heading_counts.get(depth, 0) + 1
            for deeper in [d for d in heading_counts if d > depth]:
                del heading_counts[deeper]
            ident = ".".join(str(heading_counts.get(d, 0)) for d in range(1, depth + 1))
            inner = _match_heading(title) or _code_section(title)
            if inner is not None:
                # "#### 22757.10. Short Title": a numbered section under a Markdown mark
                # keeps its Markdown depth but is a section, so it becomes a reading unit.
                builder.open(
                    kind=inner.kind,
                    level=depth,
                    ident=inner.ident,
                    heading=inner.heading or title,
                    start=start,
                )
            else:
                builder.open(kind="heading", level=depth, ident=ident, heading=title, start=start)
        elif (marker := _match_marker(line.lstrip().lstrip("#"))) is not None:
            style, value = marker
            level, style = builder.marker_level(*marker)
            builder.open(
                kind="point" if style != "num-dot" else "paragraph",
                level=level,
                ident=_ident(value),
                heading=None,
                start=start,
                style=style,
                value=value,
            )
        else:
            continue
        if first_start is None:
            first_start = start
    segments = builder.finish()
    if first_start is not None and text[:first_start].strip():
        lead = len(text) - len(text.lstrip())
        end = len(text[:first_start].rstrip())
        segments.insert(0, Segment("preamble", "preamble", None, lead, end, None, 0, 1))
    return segments


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of blank-line-separated paragraphs within ``text[start:end]``."""
    spans = []
    for match in re.finditer(r"\S(?:.*?)(?=\n[ \t]*\n|\Z)", text[start:end], flags=re.S):
        spans.append((start + match.start(), start + match.end()))
    return spans


def _split_long_leaves(text: str, segments: list[Segment]) -> list[Segment]:
    parents = {s.parent for s in segments if s.parent}
    result: list[Segment] = []
    for segment in segments:
        result.append(segment)
        if segment.path in parents or segment.end - segment.start <= LONG_LEAF:
            continue
        spans = _paragraphs(text, segment.start, segment.end)
        if len(spans) < 2:
            continue
        for n, (start, end) in enumerate(spans, 1):
            result.append(
                Segment(
                    f"{segment.path}.p{n}",
                    "paragraph",
                    None,
                    start,
                    end,
                    segment.path,
                    0,
                    segment.level + 1,
                )
            )
    return result


def segment(text: str) -> list[Segment]:
    """Provisions of ``text`` in document order, with unique paths."""
    if not text.strip():
        return []
    segments = _structure(text)
    if not segments:
        segments = [
            Segment(f"p.{n}", "paragraph", None, start, end, None, n, 1)
            for n, (start, end) in enumerate(_paragraphs(text, 0, len(text)), 1)
        ]
    segments = _split_long_leaves(text, segments)
    return [
        Segment(s.path, s.kind, s.heading, s.start, s.end, s.parent, n, s.level)
        for n, s in enumerate(segments, 1)
    ]
