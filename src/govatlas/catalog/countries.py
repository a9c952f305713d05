"""Countries named in free text: "Government of Turkey", "(Ghana)", "Russian Federation".

Sources often give a country only by name, and not always by the ISO name
(Türkiye is still "Turkey" in most titles, Korea is "South Korea"). ISO 3166
names, official and common names come from ``pycountry``; the usual English
short names that ISO does not use are listed here.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# English names in common use that are not among pycountry's names for the country.
ALIASES: dict[str, str] = {
    "Turkey": "TUR",
    "Russia": "RUS",
    "South Korea": "KOR",
    "Republic of Korea": "KOR",
    "Korea": "KOR",
    "North Korea": "PRK",
    "Vietnam": "VNM",
    "Iran": "IRN",
    "Syria": "SYR",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Czech Republic": "CZE",
    "Ivory Coast": "CIV",
    "Cape Verde": "CPV",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "Brunei": "BRN",
    "Taiwan": "TWN",
    "Palestine": "PSE",
    "Micronesia": "FSM",
    "United States": "USA",
    "U.S.": "USA",
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "People's Republic of China": "CHN",
    "People’s Republic of China": "CHN",
    "UAE": "ARE",
    "Holy See": "VAT",
    "Vatican": "VAT",
}


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value:
                names[value] = country.alpha_3
    names.update(ALIASES)
    return names


@cache
def _pattern() -> re.Pattern[str]:
    # Longest names first, so "South Korea" wins over "Korea".
    names = sorted(_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def country_code(name: str) -> str | None:
    """The alpha-3 code of a country given by one of its names, or None."""
    cleaned = re.sub(r"^(?:Government of )?(?:the )?", "", name.strip())
    return _names().get(cleaned)


def country_in_text(text: str) -> str | None:
    """The one country a text names; None when it names none or several."""
    found = {_names()[m.group(1)] for m in _pattern().finditer(text)}
    return found.pop() if len(found) == 1 else None
