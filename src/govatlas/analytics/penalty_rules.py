"""Penalties read from a sentence: maximum fines in money, shares of turnover or revenue
tied to their nearest amount ("whichever is higher"), multiples, amounts per violation
or per day, and fines raised by amending a criminal statute; minima and damages a court
awards are not fines."""

from __future__ import annotations

import re

from govatlas.analytics.parameter_types import PENALTY, Parameter, Penalty, parameter_span
from govatlas.analytics.quantities import Money, Quantity, money, parse_number, percents

FINE_WORDS = re.compile(r"\bfine[sd]?\b|\bpenalt|\bsanction", re.IGNORECASE)
TURNOVER = re.compile(r"turnover|revenue", re.IGNORECASE)
PER = re.compile(
    r"\b(?:per|for each|each)\s+(violation|day|infringement|infraction|offen[cs]e)",
    re.IGNORECASE,
)
# A fine written as a multiple of what the violation involved: "an amount that is twice
# the value of the transaction", "3 times the amount of the applicable sports wager"
# (never damages: what a court awards a person is no fine, docs/guidelines/parameters.md)
MULTIPLE = re.compile(
    r"\b(?P<times>twice|double|(?:two|three|four|five|ten|\d{1,2})\s+times)\s+the\s+"
    r"(?P<of>(?:total\s+|gross\s+)?(?:amount|value)\s+of\s+(?!(?:the\s+)?damages)"
    r"(?:the\s+|any\s+|each\s+)?(?:applicable\s+|covered\s+)?[a-z]+"
    r"(?:\s+(?!(?:that|which|who|with|in|of|is|for|to|by|involved|or|and)\b)[a-z]+)?)",
    re.IGNORECASE,
)
MULTIPLE_WORDS = {"twice": 2.0, "double": 2.0}
# An amount that accrues by the day while a violation or default goes on is a fine even
# where the sentence names none ("$25,000 for each day during which such violation ...
# continues"); per violation alone it may be damages a court awards, which is no fine.
# A fine raised by amending a criminal statute: "Section 1341 of title 18, United States
# Code, is amended— (1) by striking “$1,000,000” and inserting “$2,000,000”" sets the
# inserted amount (only where the text amends title 18, the federal criminal code, or a
# fine is named just before: elsewhere the amount may be a grant or an authorisation)
STRIKE_INSERT = re.compile(
    r"\bstriking\s+[“\"‘']*[$€£][\d,.]+[”\"’']*\s+and\s+inserting\s+[“\"‘']*(?=[$€£])",
    re.IGNORECASE,
)
CRIMINAL_CODE = re.compile(r"\btitle\s+18\b", re.IGNORECASE)
AMENDED_FINE_REACH = 300  # characters before the amendment that may name the fine
DAILY = re.compile(r"\b(?:for each|per)\s+(?:calendar\s+)?day\b", re.IGNORECASE)
CONTINUING = re.compile(r"\bcontinues?\b|\bin default\b", re.IGNORECASE)
MINIMUM = re.compile(r"(?:not less than|no less than|at least|minimum of)\s*$", re.IGNORECASE)
COMBINE = re.compile(
    r"whichever (?:thereof )?is (higher|lower|greater|less)|the (higher|greater|lower|lesser) of",
    re.IGNORECASE,
)


def read_penalties(sentence: str, in_fine_list: bool = False) -> list[Parameter]:
    """The fines ``sentence`` sets; ``in_fine_list``: it is an item of a list a sentence
    about a fine opened ("shall be liable for an amount equal to the greater of— (i)
    $5,000; or")."""
    daily = DAILY.search(sentence) and CONTINUING.search(sentence)
    if not (FINE_WORDS.search(sentence) or in_fine_list or daily):
        return []
    # a minimum ("not less than $500") is not the maximum the row compares
    amounts = [
        a for a in money(sentence) if not MINIMUM.search(sentence[max(0, a.start - 30) : a.start])
    ]
    shares = [p for p in percents(sentence) if TURNOVER.search(sentence[p.end : p.end + 80])]
    multiples = list(MULTIPLE.finditer(sentence))
    if not amounts and not shares and not multiples:
        return []
    found_per = PER.search(sentence)
    combine = COMBINE.search(sentence)
    items: list[tuple[Money | None, Quantity | None]]
    if not amounts:
        items = [(None, s) for s in shares]
    elif len(amounts) == 1:
        items = [(amounts[0], shares[0] if len(shares) == 1 else None)]
    else:  # "the greater of $5,000,000 and 2% of revenues ... or $50,000": pair neighbours
        owner = {id(s): _nearest(s, amounts) for s in shares}
        items = [(a, next((s for s in shares if owner[id(s)] is a), None)) for a in amounts]
    # a multiple goes with the amount it is an alternative to ("$250,000 or an amount that
    # is twice the value of the transaction"), or stands alone
    paired: dict[int, re.Match[str]] = {}
    alone: list[re.Match[str]] = []
    for multiple in multiples:
        place = Quantity(0.0, multiple.start(), multiple.end())
        amount = _nearest(place, [a for a, share in items if a is not None and share is None])
        if amount is not None and id(amount) not in paired:
            paired[id(amount)] = multiple
        else:
            alone.append(multiple)
    found: list[Parameter] = [
        _penalty(sentence, amount, share, paired.get(id(amount)), found_per, combine)
        for amount, share in items
    ]
    found += [_penalty(sentence, None, None, m, found_per, combine) for m in alone]
    return found


def read_amended_fines(sentence: str, before: str) -> list[Parameter]:
    """Fines an amendment inserts (see ``STRIKE_INSERT``); ``before``: the words just
    before the sentence."""
    if FINE_WORDS.search(sentence) or not (
        CRIMINAL_CODE.search(before + sentence) or FINE_WORDS.search(before)
    ):
        return []  # a sentence naming a fine is read by ``read_penalties``
    found: list[Parameter] = []
    for inserted in STRIKE_INSERT.finditer(sentence):
        amount = next((a for a in money(sentence) if a.start == inserted.end()), None)
        if amount is not None:
            found.append(_penalty(sentence, amount, None, None, None, None))
    return found


def _penalty(
    sentence: str,
    amount: Money | None,
    share: Quantity | None,
    multiple: re.Match[str] | None,
    per: re.Match[str] | None,
    combine: re.Match[str] | None,
) -> Penalty:
    pieces: list[tuple[int, int]] = []
    if amount is not None:
        pieces.append((amount.start, amount.end))
    if share is not None:
        turnover = TURNOVER.search(sentence, share.end)
        pieces.append((share.start, turnover.end() if turnover else share.end))
    if multiple is not None:
        pieces.append((multiple.start(), multiple.end()))
    if per is not None and (amount is None or 0 <= per.start() - amount.end < 20):
        pieces.append((per.start(), per.end()))
    else:
        per = None
    alternatives = (share is not None) + (multiple is not None)
    if combine is not None and amount is not None and alternatives:
        pieces.append((combine.start(), combine.end()))
    start, end = min(s for s, _ in pieces), max(e for _, e in pieces)
    direction = None
    if combine is not None and amount is not None and alternatives:
        said = (combine[1] or combine[2]).lower()
        direction = "higher" if said in ("higher", "greater") else "lower"
    times = None
    if multiple is not None:
        written = multiple["times"].lower()
        times = MULTIPLE_WORDS.get(written) or parse_number(written.split()[0])
    return Penalty(
        PENALTY,
        "fine",
        parameter_span(PENALTY, "fine", start, end),
        sentence[start:end],
        amount.value if amount else None,
        amount.currency if amount else None,
        share.value if share else None,
        per[1].lower() if per else None,
        direction,
        times,
        " ".join(multiple["of"].split()).lower() if multiple is not None else None,
    )


def _nearest(share: Quantity, amounts: list[Money]) -> Money | None:
    """The amount written within 80 characters of ``share`` (the nearest), if any."""
    near = [
        (min(abs(share.start - a.end), abs(a.start - share.end)), a)
        for a in amounts
        if -1 <= share.start - a.end <= 80 or -1 <= a.start - share.end <= 80
    ]
    return min(near, key=lambda pair: pair[0])[1] if near else None
