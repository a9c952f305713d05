"""One text in several files is one version; different texts stay apart."""

from __future__ import annotations

import json
from pathlib import Path

from govatlas.sources.laws import LawsConnector, same_text, text_words


def test_renderings_of_one_text_are_one_version(tmp_path: Path) -> None:
    folder = tmp_path / "laws"
    folder.mkdir()
    body = " ".join(f"Section {n}. The developer shall keep record number {n}." for n in range(60))
    (folder / "xx_act.md").write_text(f"# XX Act\n\n**Section 1.** {body}\n", encoding="utf-8")
    (folder / "xx_act.txt").write_text(f"XX Act\n\nSection 1. {body}\n", encoding="utf-8")
    rows = [{"section": "1", "title": "XX Act", "body": body}]
    (folder / "xx_act.sections.json").write_text(json.dumps(rows), encoding="utf-8")
    (folder / "xx_act.zh.txt").write_text("第一条 " * 50, encoding="utf-8")
    amended = body.replace("record number 5.", "records for ten years, number 5, and more.")
    (folder / "yy_act.md").write_text(body, encoding="utf-8")
    (folder / "yy_act.txt").write_text(amended[: len(amended) // 2], encoding="utf-8")
    keys = LawsConnector().scan(tmp_path)
    assert keys == ["xx_act.md", "xx_act.zh.txt", "yy_act.md", "yy_act.txt"]


def test_same_text_is_strict() -> None:
    words = text_words("The provider shall report incidents within fifteen days. " * 20)
    changed = text_words(
        ("The provider shall report incidents within fifteen days. " * 19)
        + "The provider shall report incidents within two days."
    )
    assert same_text(words, words)
    assert not same_text(words, text_words("Something else entirely. " * 20))
    assert same_text(words, changed)  # one word in 200: within the tolerance for markup


def test_a_saved_web_page_is_not_a_version_of_the_law(tmp_path: Path) -> None:
    from govatlas.ingest.web_pages import is_web_page, link_share

    folder = tmp_path / "laws"
    folder.mkdir()
    menu = "\n".join(f"  * [Menu item {n}](https://example.org/section/{n}/)" for n in range(40))
    page = f"[Skip to content](#content)\n\n{menu}\n\nA framework that helps firms test AI.\n"
    (folder / "zz_page.md").write_text(page, encoding="utf-8")
    law = " ".join(f"Section {n}. A deployer shall keep records, see [1](#fn1)." for n in range(40))
    (folder / "zz_law.md").write_text(law, encoding="utf-8")
    assert is_web_page(page) and link_share(page) > 0.5
    assert not is_web_page(law) and not is_web_page("[a short note](https://example.org)")
    connector = LawsConnector()
    paged = connector.load(tmp_path, "zz_page.md")
    assert paged.text is None and paged.instrument is not None  # metadata only
    assert connector.load(tmp_path, "zz_law.md").text == law
