"""The structure-aware segmenter: paths, nesting, offsets and fallbacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govatlas.ingest.segment import LONG_LEAF, Segment, cjk_to_int, segment

EU_TEXT = """REGULATION ON TESTING

CHAPTER I: GENERAL PROVISIONS

Article 1: Subject matter

1.   This Regulation lays down rules.

2.   It applies to:

(a)\tproviders;

(b)\tdeployers, including:

(i)\tpublic bodies;

(ii)\tcompanies.

Article 2
Definitions

For the purposes of this Regulation:

(1) 'system' means a machine.

CHAPTER II: PROHIBITIONS

Article 3: Prohibited practices

1.   Social scoring is prohibited.

ANNEX I

List of areas
"""

US_TEXT = """SEC. 2. SAFETY TESTING.
    (a) In General.--A developer shall test.
        (1) Red-teaming.--The test shall include red-teaming.
            (A) by independent experts; and
            (B) by the developer.
                (i) before deployment;
                (ii) after updates.
        (2) Publication.--Results shall be published.
    (b) Reporting.--Incidents shall be reported.
SEC. 3. EFFECTIVE DATE.
This Act takes effect on January 1.
"""

CHINESE_TEXT = """第一章　总则
第一条　为了促进生成式人工智能健康发展，制定本办法。
第二条　提供服务，应当遵守以下规定：
（一）坚持正确方向；
（二）采取有效措施。
第二章　附则
第十二条　本办法自公布之日起施行。
"""


def by_path(segments: list[Segment]) -> dict[str, Segment]:
    return {s.path: s for s in segments}


def test_eu_structure_and_paths() -> None:
    found = by_path(segment(EU_TEXT))
    assert found["chapter.i"].heading == "GENERAL PROVISIONS"
    assert found["art.1"].parent == "chapter.i"
    assert found["art.1"].heading == "Subject matter"
    assert found["art.1.2.b.ii"].parent == "art.1.2.b"
    assert found["art.2"].heading == "Definitions"  # title on the next line
    assert found["art.2.1"].kind == "point"
    assert found["art.3"].parent == "chapter.ii"
    assert found["annex.i"].heading == "List of areas"
    assert found["preamble"].end <= found["chapter.i"].start


LETTERS_AND_NUMERALS = """Article 5

1.   Providers shall:

(a)	keep records;

(b)	inform deployers, so as to:

(i)	describe the model;

(ii)	list its limits;

(c)	cooperate with the authorities;

(h)	publish a summary;

(i)	appoint a representative, who shall:

(i)	answer requests;

(ii)	keep copies;

(iii)	inform the provider;

(j)	report incidents.
"""


def test_a_letter_that_is_also_a_numeral_continues_its_own_sequence() -> None:
    paths = [s.path for s in segment(LETTERS_AND_NUMERALS)]
    # (c) after (b)'s points (i), (ii) is the letter c, not the numeral 100; (i) after
    # (h) is the letter i; the numerals under it run on to (iii)
    assert paths == [
        "art.5",
        "art.5.1",
        "art.5.1.a",
        "art.5.1.b",
        "art.5.1.b.i",
        "art.5.1.b.ii",
        "art.5.1.c",
        "art.5.1.h",
        "art.5.1.i",
        "art.5.1.i.i",
        "art.5.1.i.ii",
        "art.5.1.i.iii",
        "art.5.1.j",
    ]


def test_offsets_give_exact_text() -> None:
    found = by_path(segment(EU_TEXT))
    point = found["art.1.2.a"]
    assert EU_TEXT[point.start : point.end] == "(a)\tproviders;"
    article = found["art.1"]
    assert EU_TEXT[article.start : article.end].startswith("Article 1: Subject matter")
    assert EU_TEXT[article.start : article.end].endswith("(ii)\tcompanies.")


def test_us_nesting_learns_marker_order() -> None:
    found = by_path(segment(US_TEXT))
    assert found["sec.2"].heading == "SAFETY TESTING."
    assert found["sec.2.a.1.b.ii"].parent == "sec.2.a.1.b"
    assert found["sec.2.a.2"].parent == "sec.2.a"
    assert found["sec.2.b"].parent == "sec.2"
    assert found["sec.3"].parent is None


def test_chinese_numbering() -> None:
    found = by_path(segment(CHINESE_TEXT))
    assert found["chapter.1"].heading == "总则"
    assert found["art.1"].parent == "chapter.1"
    assert found["art.2.2"].parent == "art.2"
    assert found["art.12"].parent == "chapter.2"


LONG_SENTENCE = "Providers shall keep records of the data they use, " * 12  # > 400 characters


def test_run_in_articles_are_articles_however_long_their_paragraph() -> None:
    # translations of Chinese measures run each article on from its number
    text = (
        "Chapter I: General Provisions\n\n"
        f"Article 1: {LONG_SENTENCE}\n\n"
        "Article 2: Short article.\n\n"
        f"**Article 3**: {LONG_SENTENCE}\n\n"
        f"Article 4 These Measures apply to services. {LONG_SENTENCE}\n\n"
        "Article 5 Establishment\n\nThe Office is established.\n"
    )
    found = by_path(segment(text))
    assert {"art.1", "art.2", "art.3", "art.4", "art.5"} <= set(found)
    assert all(found[f"art.{n}"].parent == "chapter.i" for n in range(1, 6))
    assert found["art.5"].heading == "Establishment"
    assert "Article 2" not in text[found["art.1"].start : found["art.1"].end]


def test_a_reference_in_prose_is_not_an_article() -> None:
    text = (
        "Article 1: Scope\n\nText.\n\n"
        "Article 2 of the Regulation applies to providers as follows.\n\n"
        f"Article 5(1) applies. {LONG_SENTENCE}\n"
    )
    paths = [s.path for s in segment(text)]
    assert "art.2" not in paths and "art.5" not in paths


def test_state_code_sections_are_sections_under_the_act_section_that_inserts_them() -> None:
    # an amending act prints the code sections it adds: "6-1-1701. Definitions. …"
    text = (
        "SECTION 1. In Revised Statutes, add article 46 to title 1 as follows:\n\n"
        "ARTICLE 46 Model Rules\n\n"
        "1-46-101. Definitions. AS USED IN THIS ARTICLE, UNLESS THE CONTEXT REQUIRES:\n"
        '(1) "MODEL" MEANS A TRAINED SYSTEM.\n'
        '(2) "PROVIDER" MEANS A PERSON.\n\n'
        f"- 1-46-102. Duties of providers - records. (1) {LONG_SENTENCE}\n\n"
        "1-46-103. The provider shall keep records under section 1-46-101.\n\n"
        "22-6-11. Notwithstanding W.S. 9-2-1008, any provider may apply.\n\n"
        "SECTION 2. Effective date. This act takes effect on July 1.\n"
    )
    found = by_path(segment(text))
    assert found["sec.1-46-101"].heading == "Definitions"
    assert found["sec.1-46-101"].parent == "art.46"
    assert found["sec.1-46-101.1"].parent == "sec.1-46-101"
    assert found["sec.1-46-102"].heading == "Duties of providers - records"
    # a sentence after the number is not a title
    assert found["sec.1-46-103"].heading is None
    assert found["sec.22-6-11"].heading is None
    assert found["sec.2"].parent is None


def test_a_cross_reference_to_a_code_section_is_no_heading() -> None:
    text = (
        "SECTION 1. Scope\n\nText.\n\n"
        "SECTION 10-3-1104.9 AND ANY RULES ADOPTED BY THE COMMISSIONER APPLY.\n"
    )
    assert [s.path for s in segment(text) if s.kind in {"section", "section-group"}] == ["sec.1"]


def test_markdown_headings_a_converter_made_of_points_are_points() -> None:
    text = (
        "# PART 17 ARTIFICIAL INTELLIGENCE\n\n"
        "- 6-1-1701. Definitions. AS USED IN THIS PART 17:\n"
        '- (1) "CONSUMER" MEANS A RESIDENT;\n'
        '# (2) "DEPLOYER" MEANS A PERSON DOING BUSINESS; OR\n'
        '- (3) "DEVELOPER" MEANS A PERSON.\n\n'
        "- 6-1-1702. Developer duty. (1) A DEVELOPER SHALL USE CARE.\n\n"
        "## Digest\n\n### (1) Existing Law\n\nExisting law regulates.\n"
    )
    found = by_path(segment(text))
    assert found["sec.6-1-1701.2"].parent == "sec.6-1-1701"
    assert found["sec.6-1-1702"].parent == "part.17"
    # a heading whose words are a title stays a heading
    assert found["h.1.1.1"].heading == "(1) Existing Law"


def test_japanese_branch_articles() -> None:
    found = by_path(segment("第一条　目的\n本文。\n第一条の二　定義\n本文。\n"))
    assert {"art.1", "art.1-2"} <= set(found)


def test_markdown_headings_nest() -> None:
    text = "# Act\n\nIntro.\n\n## Part one\n\nText.\n\n### Detail\n\nMore.\n\n## Part two\n\nEnd.\n"
    found = by_path(segment(text))
    assert found["h.1.2"].parent == "h.1"
    assert found["h.1.1.1"].heading == "Detail"


def test_table_of_contents_lines_are_not_headings() -> None:
    text = "Part 1 Purpose ........ 3\nPart 2 Scope ........ 5\n\nPart 1 Purpose\n\nText.\n"
    paths = [s.path for s in segment(text)]
    assert paths.count("part.1") == 1 and "part.1~2" not in paths


def test_unstructured_text_falls_back_to_paragraphs() -> None:
    text = "First paragraph of prose.\n\nSecond paragraph.\n\nThird."
    assert [s.path for s in segment(text)] == ["p.1", "p.2", "p.3"]


def test_long_childless_provisions_are_split() -> None:
    body = "\n\n".join(f"Paragraph {n} " + "word " * 200 for n in range(6))
    text = f"Article 1: Long\n\n{body}\n"
    segments = segment(text)
    assert len(text) > LONG_LEAF
    assert [s.path for s in segments][:3] == ["art.1", "art.1.p1", "art.1.p2"]
    assert max(s.end - s.start for s in segments if s.path != "art.1") < LONG_LEAF


def test_duplicate_numbers_get_unique_paths() -> None:
    paths = [s.path for s in segment("SEC. 1. A.\nText.\nSEC. 1. B.\nText.\n")]
    assert paths == ["sec.1", "sec.1~2"]


def test_empty_text() -> None:
    assert segment("  \n\n ") == []


def test_cjk_numerals() -> None:
    assert [cjk_to_int(x) for x in ("一", "十", "十二", "二十三", "一百零五", "12")] == [
        1,
        10,
        12,
        23,
        105,
        12,
    ]


LINES = st.sampled_from(
    [
        "Article 4: Scope",
        "CHAPTER II",
        "SEC. 5. TITLE.",
        "1.   Paragraph text.",
        "(a) point",
        "(i) sub point",
        "(A) upper",
        "# Heading",
        "## Sub heading",
        "第三条　条文",
        "plain prose line",
        "",
        "   ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=40))
def test_segments_are_well_formed(lines: list[str]) -> None:
    text = "\n".join(lines)
    segments = segment(text)
    paths = [s.path for s in segments]
    assert len(paths) == len(set(paths))
    index = {s.path: s for s in segments}
    seen: set[str] = set()
    for s in segments:
        assert 0 <= s.start <= s.end <= len(text)
        if s.parent is not None:
            parent = index[s.parent]
            assert s.parent in seen
            assert parent.start <= s.start and s.end <= parent.end
        seen.add(s.path)
    if text.strip():
        assert segments
