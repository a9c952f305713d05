"""A fuzz run of the parsers that read what other people wrote (Hypothesis).

Each target is fed generated input - random text and bytes, inputs built from the
grammar the parser expects, and mutations of real seeds (the shared corpus's texts
when it is there) - and must either answer or refuse with the project's own error
(``GovatlasError``); any other exception, or a broken invariant (offsets outside the
text, a parent after its child, a cell that a spreadsheet would run), is a crash.
Crashes are recorded, not raised, so one run counts them all: per target the
executions, the seconds and each distinct crash with an input that caused it.
Results go to ``benchmarks/results/fuzz.json``; ``CRASHES_FIXED`` lists what earlier
runs found, each fixed with a regression test.

Run with ``python -m benchmarks.fuzz [EXAMPLES]`` (default 2,000 per target) or as
part of ``python -m benchmarks.run fuzz``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from govatlas.config import load_settings
from govatlas.errors import GovatlasError
from govatlas.horizon.feed_entries import feed_entries
from govatlas.ingest.formats import parse_bytes
from govatlas.ingest.segment import segment
from govatlas.outbound.addresses import check_url
from govatlas.outbound.bodies import decoded_pieces
from govatlas.review_sheets import read_sheet
from govatlas.spreadsheet_cells import neutralise, restore
from govatlas.web.api_answers import cursor_int, decode_cursor, encode_cursor

RESULTS = Path(__file__).parent / "results"
EXAMPLES = 2000

# What earlier fuzz runs found; each was fixed with the regression test named.
CRASHES_FIXED: list[dict[str, str]] = [
    {
        "target": "format parsers (html, xml, pdf, txt)",
        "crash": "PdfiumError at document.py:408 (Failed to load page): a PDF that opens "
        "but whose page tree is damaged escaped the parser",
        "fix": "a page that cannot be loaded is a DocumentError naming the page",
        "test": "tests/ingest/test_formats.py::"
        "test_a_pdf_whose_pages_cannot_be_loaded_is_a_document_error",
    },
    {
        "target": "feed entries",
        "crash": "AttributeError at feedparser util.py:158 (no attribute 'version'): an "
        "empty body crashed the scan, not just the watch",
        "fix": "feed_entries reads the version with .get and refuses the body",
        "test": "tests/horizon/test_feed_entries.py::"
        "test_an_empty_feed_is_a_failed_check_not_a_crashed_scan",
    },
    {
        "target": "feed entries",
        "crash": "UnicodeEncodeError at feedparser mixin.py:359: a lone surrogate "
        "(&#xD800;) in an entry",
        "fix": "feedparser's UnicodeError and ValueError become 'not a readable feed'",
        "test": "tests/horizon/test_feed_entries.py::test_what_is_not_a_feed_is_refused_cleanly",
    },
]


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any], None]
    share: float = 1.0  # of EXAMPLES: slow parsers get fewer


def _seed_lines() -> list[str]:
    """Lines of real texts from the shared corpus, when it is there."""
    mirror = load_settings().mirror_dir
    folder = mirror / "agora" / "fulltext" if mirror else None
    if folder is None or not folder.is_dir():
        return []
    lines: list[str] = []
    for path in sorted(folder.glob("*.txt"))[:60]:
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines()[:200])
    return [line for line in lines if line.strip()]


STRUCTURE = [
    "Article 4: Scope",
    "Article 4a",
    "ARTICLE IV",
    "CHAPTER II",
    "Chapter 3 - Obligations",
    "PART 1",
    "TITLE III",
    "SECTION 2",
    "SEC. 5. TITLE.",
    "§ 12. Definitions",
    "ANNEX III",
    "1.   Paragraph text.",
    "(a) point",
    "(i) sub point",
    "(A) upper",
    "(1) numbered",
    "# Heading",
    "## Sub heading",
    "###### deep",
    "第三条　条文",
    "第一章　总则",
    "第一条の二",
    "（一）项",
    "plain prose line",
    "",
    "   ",
    "\t",
]


def _segment_ok(text: str) -> None:
    found = segment(text)
    index = {s.path: s for s in found}
    assert len(index) == len(found), "duplicate paths"
    seen: set[str] = set()
    for s in found:
        assert 0 <= s.start <= s.end <= len(text), f"{s.path} outside the text"
        if s.parent is not None:
            assert s.parent in seen, f"{s.path}'s parent comes later"
            parent = index[s.parent]
            assert parent.start <= s.start and s.end <= parent.end, f"{s.path} outside parent"
        seen.add(s.path)
    assert bool(found) == bool(text.strip()), "text without provisions"


def _parse(data_and_type: tuple[bytes, str | None, str]) -> None:
    data, content_type, name = data_and_type
    parsed = parse_bytes(name, data, content_type)
    assert parsed.text.strip(), "empty text accepted"
    assert "\x00" not in parsed.text, "NUL in the text"


def _mutate(seed: bytes) -> st.SearchStrategy[bytes]:
    edits = st.lists(
        st.tuples(st.integers(0, max(0, len(seed) - 1)), st.integers(0, 255), st.integers(0, 2)),
        max_size=12,
    )

    def apply(changes: list[tuple[int, int, int]]) -> bytes:
        data = bytearray(seed)
        for at, byte, kind in changes:
            at = min(at, len(data))
            if kind == 0 and at < len(data):
                data[at] = byte
            elif kind == 1:
                data.insert(at, byte)
            else:
                del data[at : at + byte % 64]
        return bytes(data)

    return edits.map(apply)


def _pdf_seed() -> bytes:
    from tests.ingest.pdf_fixture import make_pdf

    return make_pdf(["Article 1 Scope", "Providers shall keep logs."], pages=3)


HTML = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<head><title>T</title></head>",
            "<body>",
            "<p>",
            "Article 1. Providers shall keep records.",
            "<script>alert(1)</script>",
            "<style>p{}</style>",
            "<table><tr><td>x</td></tr></table>",
            "<!--",
            "-->",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "<![CDATA[",
            "]]>",
            "</p>",
            "<div>" * 50,
            "</body></html>",
            "\x00",
            "ü",
        ]
    ),
    max_size=40,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
XML = st.lists(
    st.sampled_from(
        [
            '<?xml version="1.0"?>',
            "<act>",
            "<section>",
            "<p>Providers shall keep records.</p>",
            "</section>",
            "</act>",
            '<!DOCTYPE a [<!ENTITY e "x">]>',
            "&e;",
            '<!ENTITY % p SYSTEM "file:///etc/passwd">',
            "<a>" * 30,
            "&#1;",
            "<heading>",
            "</heading>",
        ]
    ),
    max_size=30,
).map(lambda parts: "".join(parts).encode())


def _documents() -> st.SearchStrategy[tuple[bytes, str | None, str]]:
    types = st.sampled_from([None, "text/html", "application/xml", "text/plain", "application/pdf"])
    names = st.sampled_from(["doc.txt", "doc.html", "doc.xml", "doc.pdf", "doc.md", "doc"])
    data = st.one_of(
        st.binary(max_size=4000),
        st.text(max_size=4000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        HTML,
        XML,
        _mutate(_pdf_seed()),
    )
    return st.tuples(data, types, names)


def _cursor(value: str) -> None:
    try:
        decoded = decode_cursor(value)
    except GovatlasError:
        return
    assert decoded is None or isinstance(decoded, int | str)
    if decoded is not None:
        assert decode_cursor(encode_cursor(decoded)) == decoded
        try:
            key = cursor_int(decoded)
        except GovatlasError:
            return
        assert 0 <= key < 2**31


CURSORS = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=280).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=8,
    ).map(lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode()),
)


def _sheet_text(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # what a reviewer's spreadsheet writes
    return buffer.getvalue().encode("utf-8", "surrogatepass")


CELLS = st.one_of(
    st.sampled_from(["1", "42", "accept", "reject", "correct", "ana", "subset", "", "²", "-1"]),
    st.text(max_size=40),
)
SHEETS = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=30).map(
        lambda rows: _sheet_text([["id", "text", "decision", "type", "reviewer", "note"], *rows])
    ),
)


def _sheet(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_bytes(data)
        rows = read_sheet(path, ("accept", "correct", "reject"), ("equal", "subset"), None)
    for row in rows:
        assert row.decision in ("accept", "correct", "reject") and row.id >= 0 and row.reviewer


FEED_PARTS = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "<title>bills</title>",
    "<entry>",
    "<id>tag:x,2026:1</id>",
    '<link href="https://example.org/a"/>',
    '<link href="/relative/b"/>',
    '<link href="javascript:alert(1)"/>',
    '<link href="file:///etc/passwd"/>',
    '<link href="http://[::1/x"/>',
    "<title>Alpha &amp; Beta</title>",
    "<summary>&#xD800;</summary>",
    "</entry>",
    "</feed>",
    '<rss version="2.0"><channel>',
    "<item><link>https://example.org/c</link><guid>g</guid></item>",
    "</channel></rss>",
    "<![CDATA[x]]>",
    "\x00",
]
FEEDS = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.sampled_from(FEED_PARTS), max_size=30).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


def _feed(data: bytes) -> None:
    for entry in feed_entries(data, "https://feeds.example.org/x/feed.atom"):
        assert entry.link.startswith(("http://", "https://")) and len(entry.key) == 64


def _bodies(case: tuple[str, list[bytes]]) -> None:
    encoding, chunks = case
    for piece in decoded_pieces(encoding, chunks):
        assert len(piece) <= 64 * 1024


def _url(url: str) -> None:
    assert check_url(url) == url


URLS = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda scheme, host, rest: f"{scheme}://{host}{rest}",
        st.sampled_from(["http", "https", "ftp", "HTTP", "file", ""]),
        st.one_of(
            st.ip_addresses().map(lambda ip: f"[{ip}]" if ip.version == 6 else str(ip)),
            st.from_regex(r"[a-z0-9.\-\[\]:%@]{0,30}", fullmatch=True),
        ),
        st.text(max_size=40),
    ),
)


def _cells(text: str) -> None:
    cell = neutralise(text)
    assert isinstance(cell, str) and restore(cell) == text
    assert not (cell.startswith(("=", "+", "-", "@", "\t", "\r")) and cell != text)


def _targets(lines: list[str]) -> list[Target]:
    structured = st.lists(st.sampled_from(STRUCTURE + lines[:2000] or STRUCTURE), max_size=60)
    texts = st.one_of(
        structured.map("\n".join),
        st.text(max_size=3000),
        st.lists(st.one_of(st.sampled_from(STRUCTURE), st.text(max_size=30)), max_size=40).map(
            "\n".join
        ),
    )
    return [
        Target("segmentation", texts, _segment_ok),
        Target("format parsers (html, xml, pdf, txt)", _documents(), _parse, 0.5),
        Target("pagination cursor", CURSORS, _cursor),
        Target("review sheet reader", SHEETS, _sheet, 0.5),
        Target("feed entries", FEEDS, _feed),
        Target(
            "compressed bodies",
            st.tuples(
                st.sampled_from(["gzip", "deflate", "", "identity", "br", "gzip, deflate"]),
                st.lists(st.binary(max_size=500), max_size=5),
            ),
            _bodies,
        ),
        Target("outbound URL check", URLS, _url),
        Target("spreadsheet cells", st.text(max_size=60), _cells),
    ]


def fuzz(target: Target, examples: int) -> dict[str, Any]:
    executions = 0
    crashes: dict[str, str] = {}

    @settings(
        max_examples=max(1, int(examples * target.share)),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def run(value: Any) -> None:
        nonlocal executions
        executions += 1
        try:
            target.run(value)
        except GovatlasError:
            pass  # a clean refusal: what untrusted input should get
        except Exception as exc:  # noqa: BLE001 - a fuzzer records every other failure
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            crashes.setdefault(where, f"{exc!s:.200} <- {value!r:.300}")

    started = time.perf_counter()
    run()
    return {
        "executions": executions,
        "seconds": round(time.perf_counter() - started, 1),
        "crashes": crashes,
    }


def bench_fuzz(examples: int = EXAMPLES) -> dict[str, Any]:
    random.seed(0)
    lines = _seed_lines()
    per_target = {t.name: fuzz(t, examples) for t in _targets(lines)}
    return {
        "tool": "hypothesis (generation only, no shrinking: every crash is kept)",
        "examples_per_target": examples,
        "corpus_seed_lines": len(lines),
        "targets": per_target,
        "executions": sum(t["executions"] for t in per_target.values()),
        "crashes_open": sum(len(t["crashes"]) for t in per_target.values()),
        "crashes_fixed": CRASHES_FIXED,
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    figures = bench_fuzz(int(args[0]) if args else EXAMPLES)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 1 if figures["crashes_open"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
