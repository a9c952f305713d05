"""JSON Lines: a record holding a line separator other than "\\n" stays one record."""

from __future__ import annotations

from pathlib import Path

from govatlas.jsonl import parse_jsonl, read_jsonl, write_jsonl


def test_a_text_with_unicode_line_separators_round_trips(tmp_path: Path) -> None:
    rows = [
        {"id": "p001", "text": "Sec. 1.\u2028The Secretary shall\u2029report\x85within 90 days."},
        {"id": "p002", "text": "plain\r\nline"},
    ]
    path = tmp_path / "deep" / "gold.jsonl"
    write_jsonl(path, rows)
    assert "\u2028" in path.read_text(encoding="utf-8")  # written as it is, not escaped
    assert read_jsonl(path) == rows
    # what str.splitlines would have done: four pieces, none of them JSON
    assert len(path.read_text(encoding="utf-8").splitlines()) > len(rows)


def test_blank_lines_are_skipped() -> None:
    assert parse_jsonl('{"a": 1}\n\n{"a": 2}\n') == [{"a": 1}, {"a": 2}]
    assert parse_jsonl("") == []
