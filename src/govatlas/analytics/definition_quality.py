"""How often the definition verdicts are people's, as measured: the figures reports print.

Measured by ``benchmarks/definition_pairs.py`` on pairs of key-term definitions that two
annotators judged independently from ``docs/guidelines/definition-pairs.md``, a third
reader deciding where they differed (``eval/gold/definition-pairs/``). The figures are
those of the pairs the verdicts (``analytics.definition_verdicts``) were not set on:
round 1's test half (69 pairs, halved by a hash before anyone read them), round 2 (60
pairs drawn after the verdicts were frozen, 20 per verdict), round 4 (40 pairs whose
definitions both point to known statutes, drawn after that reading was frozen), round 5
(45 pairs with a definition that opens a list, drawn after lists were read) and round 7
(40 pairs of a definition in words against one pointing to a single known statute,
drawn after such pairs were compared with what the statute says) and round 8 (37 pairs:
17 that only one side's exclusion or long addition turns from agree to differ, and 20
still agreeing, drawn after that rule was frozen) and round 10 (27 pairs with a
definition of GPO's printed bills read past its wrapped lines, drawn after that reading
was frozen) and round 11 (40 pairs: 20 that the OECD's definitions before and since its
2023 revision turn from agree to differ, and 20 still agreeing, drawn after that rule
was frozen) and round 12 (40 pairs: 20 that the agree threshold raised from 0.85 to 0.87
turns from agree to differ, and 20 still agreeing) and round 13 (37 pairs with a
definition that only points to a stored text, read as that text's, drawn after that
reading was frozen; 10 pairs of earlier rounds that reading turned were judged again with
the text pointed to shown, and that judgement counts) and round 14 (59 pairs with a side
that cites section 7223 of the Advancing American AI Act, read as a known statute, or
whose wording a citation read on past its line or a cited text read where a source filed
its document changed, drawn after those readings were frozen; 15 pairs of earlier rounds
they turned were judged again with the guideline describing section 7223, and that
judgement counts) and round 16 (29 pairs: pairs of two lists whose items differ, which
that rule turns from agree to differ, pairs of lists still agreeing, and wordings ending
"by ... means" no longer read as cut off, drawn after those rules were frozen). Rounds 3
and 6 served to change the rules, round 9 to revert one and round 15 (which measured
lists read from the provisions that follow and pointers to two statutes once: differ 20
of 20, agree 16 of 20) to set two more: they are development data. Each is measured with
the reading of today.

A verdict is right when people's is the same: ``agree`` when people say the two
definitions pick out the same things, ``differ`` when they say partly or wholly
different things. ``not comparable`` is no verdict: the words compared cannot say
(a definition cut off where its list begins, or one that only points to another text).
"""

from __future__ import annotations

from govatlas.classify.measured.shipped import PRECISION_FLOOR
from govatlas.i18n import gettext
from govatlas.proportions import jeffreys_interval

HELD_OUT_PAIRS = 523
AGREE_SHOWN = 204
AGREE_RIGHT = 183  # people saw a partial or a whole difference in the other 21
DIFFER_SHOWN = 304
DIFFER_RIGHT = 282  # 0.89 at the lower end of the 95 % interval; people could not tell 5
NOT_COMPARABLE = 15  # of HELD_OUT_PAIRS, given no verdict (people could not tell in 14)


def differ_reliable() -> bool:
    """Whether "differ" is people's verdict often enough for a headline or a policy
    option to rest on it: the lower end of its precision's 95 % Jeffreys interval at the
    project's precision floor."""
    if not DIFFER_SHOWN:
        return False
    low, _ = jeffreys_interval(DIFFER_RIGHT, DIFFER_SHOWN)
    return low >= PRECISION_FLOOR


def measured() -> str:
    """How sure a definition verdict is, as reports and the CLI say it."""
    return gettext(
        "in %(pairs)s pairs of definitions the rule was not set on, people judged the same "
        "way in %(agree_right)s of the %(agree)s it said agree and %(differ_right)s of the "
        "%(differ)s it said differ; %(not_comparable)s it could not compare",
        pairs=HELD_OUT_PAIRS,
        agree_right=AGREE_RIGHT,
        agree=AGREE_SHOWN,
        differ_right=DIFFER_RIGHT,
        differ=DIFFER_SHOWN,
        not_comparable=NOT_COMPARABLE,
    )
