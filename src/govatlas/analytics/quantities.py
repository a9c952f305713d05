"""Numbers, sums of money and durations as laws write them, read into values.

Laws spell the same quantity many ways: "15 days", "fifteen days", "NINETY DAYS",
"EUR 35 000 000", "one million dollars ($1,000,000)", "10^26", "10(^26)", "10\\26\\"
(the US Code's markup), "10²⁶", and - where a superscript was lost on the way from the
Official Journal, or its character broken - "10 25", "1025" or "10�25".
Each reader returns the value *and* where it was read, so every figure shown
downstream points at the characters it came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = "|".join(sorted([*UNITS, *SCALES], key=len, reverse=True))
WORD_NUMBER = rf"(?:{_WORD})(?:[\s-]+(?:and\s+)?(?:{_WORD}))*"
# 35 000 000, 1,000,000, 7 500 000, 0.5, 10 000 (spaces or commas between thousands)
DIGITS = r"\d{1,3}(?:(?:,|\u00a0| |\u202f)\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{DIGITS})(?:\s+(?:million|billion))?|{WORD_NUMBER}"
NUMBER_RE = re.compile(rf"\b(?:{NUMBER})\b", re.IGNORECASE)

HOURS = {
    "hour": 1.0,
    "day": 24.0,
    "working day": 24.0,
    "business day": 24.0,
    "calendar day": 24.0,
    "week": 168.0,
    "month": 730.0,  # 365 / 12 days
    "year": 8760.0,
}
DURATION_RE = re.compile(
    # "fourteen (14) days": the figure repeated in brackets
    rf"\b(?P<number>{NUMBER})(?:\s*\(\d{{1,4}}\))?\s+(?P<unit>(?:(?:working|business|calendar)\s+)?"
    r"(?:hour|day|week|month|year)s?)\b",
    re.IGNORECASE,
)
# As US state codes write them: "not later than the 30th day after" ("within the 30-day
# period" is left out: it mostly refers back to a period stated before)
ORDINAL_DURATION_RE = re.compile(
    r"\bthe\s+(?P<number>\d{1,3})(?:st|nd|rd|th)\s+"
    r"(?P<unit>(?:(?:working|business|calendar)\s+)?(?:day|month|year))\b",
    re.IGNORECASE,
)

CURRENCIES = {
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "usd": "USD",
    "us$": "USD",
    "$": "$",  # a dollar: which one is the jurisdiction's (US, Canada...)
    "dollar": "$",
    "dollars": "$",
    "gbp": "GBP",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "krw": "KRW",
    "won": "KRW",
    "jpy": "JPY",
    "yen": "JPY",
    "brl": "BRL",
    "r$": "BRL",
    "reais": "BRL",
    "cad": "CAD",
    "c$": "CAD",
    "try": "TRY",
    "lira": "TRY",
    "liras": "TRY",
    "inr": "INR",
    "rupee": "INR",
    "rupees": "INR",
}
CURRENCY_CODES = frozenset(CURRENCIES.values())
_PREFIX = r"EUR|USD|US\$|GBP|RMB|CNY|KRW|JPY|BRL|CAD|TRY|INR|C\$|R\$|€|£|\$"
_SUFFIX = r"euros?|dollars?|pounds(?: sterling)?|yuan|won|yen|reais|(?:Turkish )?liras?|rupees?"
MONEY_RE = re.compile(
    rf"(?:(?P<prefix>{_PREFIX})\s?(?P<n1>{DIGITS})(?:\s+(?P<s1>million|billion))?"
    rf"|\b(?P<n2>{NUMBER})\s+(?P<suffix>{_SUFFIX})(?:\d{{1,2}})?\b)"
    r"(?:\s*\((?P<paren>[^()]{1,40})\))?",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(r"\b(?P<n>\d{1,3}(?:[.,]\d+)?)\s?(?:%|per\s?cent\b)", re.IGNORECASE)

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A power of ten as typed, as printed, or with its superscript lost. The lost forms
# ("10 25", "1025") are read only where the caller has established that the sentence
# counts operations: elsewhere "1025" is a year, a regulation number or an amount.
POWER_RE = re.compile(
    r"(?:(?P<mantissa>\d(?:\.\d+)?)\s?[x×*]\s?)?"
    r"10\s?(?:\^\s?|\*\*\s?|\(\^\s?|\\)(?P<caret>\d{1,2})\b[)\\]?"
    r"|(?:(?P<mantissa2>\d(?:\.\d+)?)\s?[x×*]\s?)?10(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
    r"|\b(?P<mantissa3>\d(?:\.\d+)?)e\+?(?P<e>\d{1,2})\b"
)
LOST_POWER_RE = re.compile(r"(?<![\d/.,])\b10[\s\ufffd]?(?P<exp>[12]\d|30)\b(?!\s?[/\d,]|\.\d)")


@dataclass(frozen=True)
class Quantity:
    """A value read from ``text[start:end]``."""

    value: float
    start: int
    end: int


@dataclass(frozen=True)
class Money(Quantity):
    currency: str


@dataclass(frozen=True)
class Duration(Quantity):
    """``value`` in hours; ``unit`` as written (singular: "day", "working day")."""

    number: float
    unit: str


def parse_number(text: str) -> float | None:
    """'35 000 000' -> 35e6; '1,000,000' -> 1e6; 'fifteen' -> 15; '2.5 million' -> 2.5e6."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    scale = 1.0
    if len(words) > 1 and words[-1] in ("million", "billion") and re.match(r"[\d.]", words[0]):
        scale = SCALES[words[-1]]
        words = words[:-1]
    joined = "".join(words).replace(",", "").replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", joined):
        return float(joined) * scale
    return _word_number(words)


def _word_number(words: list[str]) -> float | None:
    total, current = 0.0, 0.0
    for word in words:
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
    return total + current


def durations(text: str) -> list[Duration]:
    found = []
    for match in DURATION_RE.finditer(text):
        duration = _duration(match["number"], match["unit"], match)
        if duration is not None:
            found.append(duration)
    for match in ORDINAL_DURATION_RE.finditer(text):
        duration = _duration(match["number"], match["unit"], match)
        if duration is not None:
            found.append(duration)
    return sorted(found, key=lambda d: d.start)


def _duration(written: str, written_unit: str, match: re.Match[str]) -> Duration | None:
    number = parse_number(written)
    if number is None:
        return None
    unit = " ".join(written_unit.lower().split()).rstrip("s")
    # "calendar year", "business week": the hours of the last word's unit
    hours = HOURS.get(unit, HOURS[unit.split()[-1]])
    return Duration(number * hours, match.start(), match.end(), number, unit)


def duration_label(as_written: str) -> str | None:
    """A duration as written, in digits: "NINETY DAYS" -> "90 days", "the 30th day" ->
    "30 days"; None when ``as_written`` is not one duration."""
    flat = " ".join(as_written.split())
    if (plain := DURATION_RE.fullmatch(flat)) is not None:
        value, unit = parse_number(plain["number"]), plain["unit"].lower()
    elif (ordinal := ORDINAL_DURATION_RE.fullmatch(flat)) is not None:
        value, unit = parse_number(ordinal["number"]), f"{ordinal['unit'].lower()}s"
    else:
        return None
    return None if value is None else f"{format_number(value)} {unit}"


def _currency(symbol: str) -> str:
    return CURRENCIES[symbol.lower()]


def money(text: str) -> list[Money]:
    """Sums of money; "one million dollars ($1,000,000)" is one sum, read from its digits."""
    found = []
    for match in MONEY_RE.finditer(text):
        if match["prefix"]:
            value = parse_number(f"{match['n1']} {match['s1'] or ''}".strip())
            currency = _currency(match["prefix"])
        else:
            value = parse_number(match["n2"])
            currency = next(
                _currency(w) for w in match["suffix"].split() if w.lower() in CURRENCIES
            )
        end = match.end()
        paren = match["paren"]
        if paren:
            # "one million dollars ($1,000,000)": the digits in brackets are the sum;
            # "R$ 50,000,000.00 (fifty million reais)": the words repeat it
            inner = MONEY_RE.fullmatch(paren.strip())
            if inner and inner["prefix"]:
                value = parse_number(f"{inner['n1']} {inner['s1'] or ''}".strip())
            elif inner is None:
                end = match.end("n1") if match["prefix"] else match.end("suffix")
                if match["s1"]:
                    end = match.end("s1")
        if value is None or value == 0:
            continue
        found.append(Money(value, match.start(), end, currency))
    return found


def percents(text: str) -> list[Quantity]:
    return [
        Quantity(float(m["n"].replace(",", ".")), m.start(), m.end())
        for m in PERCENT_RE.finditer(text)
    ]


def powers_of_ten(text: str, lost_superscripts: bool = False) -> list[Quantity]:
    """Powers of ten; with ``lost_superscripts``, also "10 25" and "1025" (exponent 10-30)."""
    found = []
    taken: list[tuple[int, int]] = []
    for match in POWER_RE.finditer(text):
        if match["caret"]:
            exponent, mantissa = int(match["caret"]), match["mantissa"]
        elif match["sup"]:
            exponent, mantissa = int(match["sup"].translate(SUPERSCRIPTS)), match["mantissa2"]
        else:
            exponent, mantissa = int(match["e"]), match["mantissa3"]
        value = float(f"{mantissa or 1}e{exponent}")
        found.append(Quantity(value, match.start(), match.end()))
        taken.append((match.start(), match.end()))
    if lost_superscripts:
        for match in LOST_POWER_RE.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            found.append(Quantity(10.0 ** int(match["exp"]), match.start(), match.end()))
    return sorted(found, key=lambda q: q.start)


def counts(text: str) -> list[Quantity]:
    """Plain numbers (digits or words)."""
    found = []
    for match in NUMBER_RE.finditer(text):
        value = parse_number(match.group(0))
        if value is not None:
            found.append(Quantity(value, match.start(), match.end()))
    return found


def format_number(value: float) -> str:
    """35000000 -> '35,000,000'; 1e26 -> '10^26'; 2.5 -> '2.5'."""
    if value >= 1e15:
        exponent = round(math.log10(value))
        if abs(10.0**exponent - value) / value < 1e-9:
            return f"10^{exponent}"
        return f"{value:.3g}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def money_label(amount: float, currency: str) -> str:
    """'EUR 35,000,000'; '$1,000,000' for a dollar whose country the text leaves implicit."""
    if currency == "$":
        return f"${format_number(amount)}"
    return f"{currency} {format_number(amount)}"


def format_hours(hours: float) -> str:
    """A duration in hours, in the largest whole unit: 360 -> '15 days', 24 -> '24 hours'."""
    for unit, size in (("year", 8760.0), ("month", 730.0), ("day", 24.0)):
        if hours >= size and (hours / size) == int(hours / size) and (unit != "day" or hours > 24):
            whole = int(hours / size)
            return f"{whole} {unit}{'s' if whole != 1 else ''}"
    return f"{format_number(hours)} hour{'s' if hours != 1 else ''}"
