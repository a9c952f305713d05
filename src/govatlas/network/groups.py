"""Which groups a UN Member State belongs to, for participation analytics.

- **UN geographic region** (M49: Africa, Americas, Asia, Europe, Oceania) and **UN
  regional group** (African, Asia-Pacific, Eastern European, Latin American and
  Caribbean, Western European and others), from the ``countrygroups`` package;
- **least developed countries** (the UN list as it stood in 2025: the package's 46 less
  Bhutan and Sao Tome and Principe, which graduated in December 2023 and December 2024),
  **landlocked developing countries** and **small island developing states**, from
  ``countrygroups``;
- **World Bank income group**, from ``data/income-groups.yaml`` (a fiscal year's
  classification, CC BY 4.0); a state the World Bank left unclassified that year is
  counted as such, never put in a group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import countrygroups
import yaml

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.i18n import N_

GRADUATED_SINCE_PACKAGE = frozenset({"BTN", "STP"})  # left the LDC list in 2023 and 2024
REGIONS = ("AFRICA", "AMERICAS", "ASIA", "EUROPE", "OCEANIA")
# the groups' names are marked for the catalogs: the pages show them translated, the API
# and the exports in English
REGION_NAMES = {
    "AFRICA": N_("Africa"),
    "AMERICAS": N_("Americas"),
    "ASIA": N_("Asia"),
    "EUROPE": N_("Europe"),
    "OCEANIA": N_("Oceania"),
}
REGIONAL_GROUPS = {
    "AFRICAN_GROUP": N_("African Group"),
    "ASIA_PACIFIC_GROUP": N_("Asia-Pacific Group"),
    "EASTERN_EUROPEAN_GROUP": N_("Eastern European Group"),
    "GRULAC": N_("Latin American and Caribbean Group"),
    "WEOG": N_("Western European and Others Group"),
}
INCOME_GROUPS = ("low", "lower-middle", "upper-middle", "high")
UNCLASSIFIED = "unclassified"  # left unclassified by the World Bank that year
# the income groups' words, marked for the catalogs: a page shows "%(group)s income" with
# the word translated (the API and the exports keep the ids)
INCOME_WORDS = (
    # Translators: a World Bank income group, shown in "%(group)s income"
    N_("low"),
    # Translators: a World Bank income group, shown in "%(group)s income"
    N_("lower-middle"),
    # Translators: a World Bank income group, shown in "%(group)s income"
    N_("upper-middle"),
    # Translators: a World Bank income group, shown in "%(group)s income"
    N_("high"),
    # Translators: a World Bank income group, shown in "%(group)s income"
    N_("unclassified"),
)


def _codes(group: Any) -> frozenset[str]:
    return frozenset(code for code in group if isinstance(code, str))


@dataclass(frozen=True)
class Grouping:
    """One way of cutting the Member States into groups: name -> members."""

    name: str
    groups: dict[str, frozenset[str]]
    source: str

    def group_of(self, state: str) -> str | None:
        for label, members in self.groups.items():
            if state in members:
                return label
        return None


@cache
def regions() -> Grouping:
    members = un_member_states()
    geo = countrygroups.UNSTATS_GEOGRAPHICAL_REGIONS
    return Grouping(
        "UN geographic region (M49)",
        {REGION_NAMES[r]: _codes(getattr(geo, r)) & members for r in REGIONS},
        "UN Statistics Division, M49 (countrygroups)",
    )


@cache
def regional_groups() -> Grouping:
    groups = countrygroups.UN_REGIONAL_GROUPS
    return Grouping(
        "UN regional group",
        {name: _codes(getattr(groups, key)) for key, name in REGIONAL_GROUPS.items()},
        "UN regional groups of Member States (countrygroups)",
    )


@cache
def vulnerable_groups() -> dict[str, frozenset[str]]:
    """LDC, LLDC and SIDS among the Member States (a state may be in several)."""
    members = un_member_states()
    return {
        N_("least developed countries"): (_codes(countrygroups.LDC) - GRADUATED_SINCE_PACKAGE)
        & members,
        N_("landlocked developing countries"): _codes(countrygroups.LLDC) & members,
        N_("small island developing states"): _codes(countrygroups.SIDS) & members,
    }


@cache
def income_groups() -> Grouping | None:
    """The World Bank income groups, or None where the data file is absent."""
    path = resources.files("govatlas.network").joinpath("data/income-groups.yaml")
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    groups = data.get("groups") or {}
    return Grouping(
        f"World Bank income group ({data.get('fiscal_year', 'year not given')})",
        {g: frozenset(groups.get(g) or ()) for g in (*INCOME_GROUPS, UNCLASSIFIED) if g in groups},
        str(data.get("source", "")),
    )
