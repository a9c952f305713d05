"""Which currency a sum is in: a bare "$" is the dollar of the instrument's jurisdiction."""

from __future__ import annotations

from govatlas.trackers.facts import Context

DOLLARS = {
    "USA": "USD",
    "CAN": "CAD",
    "AUS": "AUD",
    "NZL": "NZD",
    "SGP": "SGD",
    "HKG": "HKD",
    "TWN": "TWD",
    "LBR": "LRD",
    "JAM": "JMD",
}


def dollar_of(jurisdiction: str) -> str | None:
    """The dollar a bare "$" means in ``jurisdiction`` (US states: USD), if known."""
    country = jurisdiction.split("-")[0].upper()
    if country == "US":
        return "USD"
    return DOLLARS.get(country)


def resolve_currency(currency: str | None, context: Context) -> str | None:
    if currency == "$":
        return dollar_of(context.jurisdiction) or "$"
    return currency
