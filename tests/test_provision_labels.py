"""Provision paths read as citations: the numbering of the text, not the store's id."""

from __future__ import annotations

import pytest

from govatlas.provision_labels import provision_label


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("art.53.1.c", "Art. 53(1)(c)"),
        ("art.73", "Art. 73"),
        ("sec.22757-11", "Sec. 22757.11"),
        ("sec.6-1-1703.3.ii", "Sec. 6-1-1703(3)(ii)"),  # a state code: title-article-section
        ("sec.10-3-1104_9", "Sec. 10-3-1104.9"),
        ("sec.63g-31-101.2", "Sec. 63G-31-101(2)"),
        ("annex.xi", "Annex XI"),
        ("annex.iii.1.a", "Annex III(1)(a)"),
        ("recital.12", "Recital 12"),
        ("govern.1.1", "GOVERN 1.1"),
        ("measure.2.11", "MEASURE 2.11"),
        ("sec.2.p36", "Sec. 2 ¶36"),
        ("preamble.p24", "Preamble ¶24"),
        ("appendix-3.c", "Appendix 3(c)"),
        ("sec.7~2.b", "Sec. 7 [2nd](b)"),  # the second "Sec. 7" of its parent
        ("sec.1.a~3", "Sec. 1(a) [3rd]"),
        ("chapter.4", "Chapter 4"),
        ("chapter.vii", "Chapter VII"),
        ("title.iii.2", "Title III(2)"),
        ("h.0.68.2.p38", "h.0.68.2.p38"),  # heading-derived: no numbering to cite
        ("4.1", "4.1"),  # a standard's clause as its crosswalk cites it
        ("", ""),
    ],
)
def test_provision_label(path: str, label: str) -> None:
    assert provision_label(path) == label
