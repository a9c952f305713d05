"""How the pages and reports write a tracker's values: "72 hours", "EUR 35,000,000 or 7 % of
turnover per violation", "more than 10^26 FLOP", in the language being rendered.

The figures are formatted by the caller, as before (``format_number``, ``money_label`` or
the template's own format); only the words around them go through the catalogs. Units
that are codes (FLOP, FLOP/s, EUR, USD) stay as they are. The API, the CSV and the command
line keep the stored English values (``deadline``, ``comparator``, ``per``...).
"""

from __future__ import annotations

import re

from govatlas.i18n import N_, gettext, ngettext

# A deadline as the incident-reporting rules store it ("72 hours", "3 working days")
DEADLINE = re.compile(
    r"^(?P<number>\S+) (?P<unit>(?:(?:working|business|calendar) )?(?:hour|day|week|month|year))"
    r"s?$"
)


def _hours(number: str, count: int) -> str:
    return ngettext("%(num)s hour", "%(num)s hours", count, num=number)


def _days(number: str, count: int) -> str:
    return ngettext("%(num)s day", "%(num)s days", count, num=number)


def _working_days(number: str, count: int) -> str:
    return ngettext("%(num)s working day", "%(num)s working days", count, num=number)


def _business_days(number: str, count: int) -> str:
    return ngettext("%(num)s business day", "%(num)s business days", count, num=number)


def _calendar_days(number: str, count: int) -> str:
    return ngettext("%(num)s calendar day", "%(num)s calendar days", count, num=number)


def _weeks(number: str, count: int) -> str:
    return ngettext("%(num)s week", "%(num)s weeks", count, num=number)


def _months(number: str, count: int) -> str:
    return ngettext("%(num)s month", "%(num)s months", count, num=number)


def _years(number: str, count: int) -> str:
    return ngettext("%(num)s year", "%(num)s years", count, num=number)


DURATIONS = {
    "hour": _hours,
    "day": _days,
    "working day": _working_days,
    "business day": _business_days,
    "calendar day": _calendar_days,
    "week": _weeks,
    "month": _months,
    "year": _years,
}

# The comparators the threshold rules read before a value (``analytics.parameters.MORE``
# and ``trackers.thresholds.ABOVE``), lower-cased as stored
COMPARATORS = frozenset(
    {
        N_("not fewer than"),
        N_("not less than"),
        N_("not more than"),
        N_("not greater than"),
        N_("no fewer than"),
        N_("no less than"),
        N_("no more than"),
        N_("no greater than"),
        N_("not exceeding"),
        N_("at most"),
        N_("up to"),
        N_("greater than"),
        N_("more than"),
        N_("in excess of"),
        N_("exceed"),
        N_("exceeds"),
        N_("exceeding"),
        N_("above"),
        N_("over"),
        N_("at least"),
        N_("or more"),
        N_("fewer than"),
        N_("less than"),
        N_("below"),
        N_("under"),
    }
)
# The units of a threshold that are words (FLOP, FLOP/s and currencies are codes)
UNIT_WORDS = frozenset({N_("parameters"), N_("users"), N_("employees")})
# What a fine is counted per (``analytics.parameters.PER``), lower-cased as stored
PER_WORDS = frozenset(
    {
        N_("violation"),
        N_("day"),
        N_("infringement"),
        N_("infraction"),
        N_("offence"),
        N_("offense"),
    }
)


GENERAL_PLURAL = 100


def _plural_count(number: str) -> int:
    """The count that picks a plural form for a number written "1,000" or "1.5": a
    fraction or a word takes the general plural (100 does in every language; 2 would
    pick Arabic's dual, which writes no number: "two days" for "1.5 days")."""
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return GENERAL_PLURAL
    return int(value) if value == int(value) else GENERAL_PLURAL


def deadline_label(deadline: str) -> str:
    """A stored deadline ("72 hours", "1 day", "3 working days") in the language being
    rendered, its number as written; a deadline in another form is shown as stored."""
    found = DEADLINE.match(deadline)
    if found is None:
        return deadline
    number = found["number"]
    return DURATIONS[found["unit"]](number, _plural_count(number))


def penalty_label(amount: str | None, share: str | None, per: str | None) -> str:
    """A maximum fine: the amount (written with its currency by the caller), the share of
    turnover (the percentage, written by the caller), or both, and what it is counted per."""
    if amount is not None and share is not None:
        label = gettext("%(amount)s or %(share)s %% of turnover", amount=amount, share=share)
    elif share is not None:
        label = gettext("%(share)s %% of turnover", share=share)
    else:
        label = amount or ""
    if per:
        shown = gettext(per) if per in PER_WORDS else per
        label = gettext("%(fine)s per %(per)s", fine=label, per=shown)
    return label


def threshold_label(value: str, unit: str, comparator: str | None) -> str:
    """A threshold: its comparator as read ("more than"), the value (written by the caller)
    and its unit."""
    shown_unit = gettext(unit) if unit in UNIT_WORDS else unit
    if not comparator:
        return f"{value} {shown_unit}"
    return gettext(
        "%(comparator)s %(value)s %(unit)s",
        comparator=gettext(comparator) if comparator in COMPARATORS else comparator,
        value=value,
        unit=shown_unit,
    )
