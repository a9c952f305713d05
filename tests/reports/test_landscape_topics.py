"""The white paper counts AI law and the data-protection laws held for their AI rules apart."""

from __future__ import annotations

from datetime import date

from govatlas.analytics.places import MemberStateKnowledge
from govatlas.reports.citations import Citations
from govatlas.reports.landscape import InstrumentRow
from govatlas.reports.white_paper import landscape_section
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, LegalEffect, Topic


def _row(ident: str, effect: LegalEffect, topic: Topic) -> InstrumentRow:
    return InstrumentRow(
        ident, ident, ident, "KEN", "KEN", "Kenya", "Africa", "law", True, "in_force",
        date(2020, 1, 1), (), True, effect.value, topic=topic.value,
    )  # fmt: skip


def test_each_legal_effect_is_split_by_topic() -> None:
    rows = [
        _row("ai-act", LegalEffect.BINDING_IN_FORCE, Topic.AI),
        _row("dp-act", LegalEffect.BINDING_IN_FORCE, Topic.DATA_PROTECTION),
        _row("cyber-act", LegalEffect.BINDING_IN_FORCE, Topic.DIGITAL),
        _row("dp-bill", LegalEffect.BINDING_PROPOSED, Topic.DATA_PROTECTION),
    ]
    knowledge = MemberStateKnowledge(193, 1, 1, 0, 0, 192, 0)
    section = landscape_section(rows, Citations(None), {"KEN": "404"}, knowledge)
    by_label = {label: counts for label, *counts in section["effects"]}
    assert by_label[LEGAL_EFFECT_LABELS[LegalEffect.BINDING_IN_FORCE]] == [3, 1, 1, 1]
    assert by_label[LEGAL_EFFECT_LABELS[LegalEffect.BINDING_PROPOSED]] == [1, 0, 1, 0]
    assert (section["in_force"], section["in_force_ai"], section["in_force_data_protection"]) == (
        3,
        1,
        1,
    )
