"""The world's jurisdictions as records: ISO 3166 countries and subdivisions,
UN M49 regions, and the supranational and intergovernmental bodies AI
governance deals with, each with its members.

Countries and subdivisions come from ``pycountry``; group membership from
``countrygroups`` (CC0) and ``data/jurisdictions.yaml``. Nothing here touches
the database: ``govatlas.store.jurisdictions`` writes these records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import countrygroups
import pycountry
import yaml

from govatlas.i18n import N_
from govatlas.vocabulary import JurisdictionKind

EU_IN_COUNTRYGROUPS = "EUU"

# UN M49 codes and names of the regions that countrygroups nests by key. The continents'
# names are marked for the catalogs: reports and pages that group by continent translate
# them (the jurisdiction records keep English).
M49_REGIONS: dict[str, tuple[str, str]] = {
    "AFRICA": ("002", N_("Africa")),
    "NORTHERN_AFRICA": ("015", "Northern Africa"),
    "SUB_SAHARAN_AFRICA": ("202", "Sub-Saharan Africa"),
    "EASTERN_AFRICA": ("014", "Eastern Africa"),
    "MIDDLE_AFRICA": ("017", "Middle Africa"),
    "SOUTHERN_AFRICA": ("018", "Southern Africa"),
    "WESTERN_AFRICA": ("011", "Western Africa"),
    "AMERICAS": ("019", N_("Americas")),
    "LATIN_AMERICA_AND_THE_CARIBBEAN": ("419", "Latin America and the Caribbean"),
    "CARIBBEAN": ("029", "Caribbean"),
    "CENTRAL_AMERICA": ("013", "Central America"),
    "SOUTH_AMERICA": ("005", "South America"),
    "NORTHERN_AMERICA": ("021", "Northern America"),
    "ANTARCTICA": ("010", "Antarctica"),
    "ASIA": ("142", N_("Asia")),
    "CENTRAL_ASIA": ("143", "Central Asia"),
    "EASTERN_ASIA": ("030", "Eastern Asia"),
    "SOUTHERN_ASIA": ("034", "Southern Asia"),
    "SOUTH_EASTERN_ASIA": ("035", "South-eastern Asia"),
    "WESTERN_ASIA": ("145", "Western Asia"),
    "EUROPE": ("150", N_("Europe")),
    "EASTERN_EUROPE": ("151", "Eastern Europe"),
    "NORTHERN_EUROPE": ("154", "Northern Europe"),
    "CHANNEL_ISLANDS": ("830", "Channel Islands"),
    "SOUTHERN_EUROPE": ("039", "Southern Europe"),
    "WESTERN_EUROPE": ("155", "Western Europe"),
    "OCEANIA": ("009", N_("Oceania")),
    "AUSTRALIA_AND_NEW_ZEALAND": ("053", "Australia and New Zealand"),
    "MELANESIA": ("054", "Melanesia"),
    "MICRONESIA": ("057", "Micronesia"),
    "POLYNESIA": ("061", "Polynesia"),
}


@dataclass(frozen=True)
class JurisdictionRecord:
    id: str
    name: str
    kind: JurisdictionKind
    iso_alpha2: str | None = None
    iso_numeric: str | None = None
    parent_id: str | None = None
    members: tuple[str, ...] = field(default=())
    un_member: bool = False

    @property
    def population(self) -> str:
        """Which population a count of this jurisdiction belongs to (see ``POPULATIONS``)."""
        return population_of(self.kind, self.un_member, self.id)


def population_of(kind: JurisdictionKind, un_member: bool, jurisdiction: str) -> str:
    """The population a jurisdiction is counted in; "X of N" figures never mix two."""
    if kind is JurisdictionKind.COUNTRY:
        return "un-member-state" if un_member else "other-state-or-territory"
    if kind in (JurisdictionKind.SUBDIVISION, JurisdictionKind.LOCALITY):
        return "subnational"
    if kind is JurisdictionKind.SUPRANATIONAL:
        return "supranational"
    if kind in (JurisdictionKind.INTERGOVERNMENTAL, JurisdictionKind.FORUM):
        return "intergovernmental-body"
    if kind is JurisdictionKind.REGION:
        return "region"
    return "unspecified" if jurisdiction == UNSPECIFIED else "international"


UNSPECIFIED = "UNSPECIFIED"
# The populations that "X of N" figures are stated over; never mixed in one count.
POPULATIONS: dict[str, str] = {
    "un-member-state": "UN Member State",
    "other-state-or-territory": "other state or territory",
    "subnational": "subnational",
    "supranational": "supranational",
    "intergovernmental-body": "intergovernmental body or forum",
    "region": "UN M49 region",
    "international": "international (several states or companies)",
    "unspecified": "unspecified",
}


@cache
def un_member_states() -> frozenset[str]:
    """The 193 UN Member States (ISO 3166 alpha-3), from the UN regional groups."""
    return frozenset(code for code in countrygroups.UN_REGIONAL_GROUPS if isinstance(code, str))


def region_id(m49_code: str) -> str:
    return f"M49-{m49_code}"


def _countries() -> Iterator[JurisdictionRecord]:
    members = un_member_states()
    for country in pycountry.countries:
        yield JurisdictionRecord(
            id=country.alpha_3,
            name=getattr(country, "common_name", None) or country.name,
            kind=JurisdictionKind.COUNTRY,
            iso_alpha2=country.alpha_2,
            iso_numeric=country.numeric,
            un_member=country.alpha_3 in members,
        )


def _subdivisions(alpha2_to_alpha3: dict[str, str]) -> Iterator[JurisdictionRecord]:
    for sub in pycountry.subdivisions:
        parent = sub.parent_code or alpha2_to_alpha3[sub.country_code]
        yield JurisdictionRecord(
            id=sub.code,
            name=sub.name,
            kind=JurisdictionKind.SUBDIVISION,
            parent_id=parent,
        )


def _group_countries(node: Any) -> list[str]:
    return [code for code in node if isinstance(code, str)]


def _regions(node: Any, parent_id: str | None) -> Iterator[JurisdictionRecord]:
    for key, child in vars(node).items():
        code, name = M49_REGIONS[key]
        rid = region_id(code)
        yield JurisdictionRecord(
            id=rid,
            name=name,
            kind=JurisdictionKind.REGION,
            iso_numeric=code,
            parent_id=parent_id,
            members=tuple(sorted(set(_group_countries(child)))),
        )
        yield from _regions(child, rid)


def _countrygroup(path: str) -> list[str]:
    node: Any = countrygroups
    for part in path.split("."):
        node = getattr(node, part)
    return ["EU" if code == EU_IN_COUNTRYGROUPS else code for code in node]


def _body_members(spec: list[str] | dict[str, Any]) -> tuple[str, ...]:
    if isinstance(spec, list):
        return tuple(sorted(spec))
    members = _countrygroup(spec["from"]) + list(spec.get("extra", []))
    return tuple(sorted(set(members)))


@cache
def _data() -> dict[str, Any]:
    text = resources.files("govatlas.catalog").joinpath("data/jurisdictions.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _bodies() -> Iterator[JurisdictionRecord]:
    for body in _data()["bodies"]:
        yield JurisdictionRecord(
            id=body["id"],
            name=body["name"],
            kind=JurisdictionKind(body["kind"]),
            members=_body_members(body["members"]),
        )


def _localities() -> Iterator[JurisdictionRecord]:
    for place in _data()["localities"]:
        yield JurisdictionRecord(
            id=place["id"],
            name=place["name"],
            kind=JurisdictionKind.LOCALITY,
            parent_id=place["parent"],
        )


@cache
def all_jurisdictions() -> tuple[JurisdictionRecord, ...]:
    """Every jurisdiction, parents before children."""
    countries = list(_countries())
    alpha2_to_alpha3 = {c.iso_alpha2: c.id for c in countries if c.iso_alpha2}
    subdivisions = list(_subdivisions(alpha2_to_alpha3))
    parent_of = {s.id: s.parent_id for s in subdivisions}

    def depth(code: str | None) -> int:
        return 0 if code not in parent_of else 1 + depth(parent_of[code])

    subdivisions.sort(key=lambda s: depth(s.parent_id))
    return (
        *countries,
        *subdivisions,
        *_regions(countrygroups.UNSTATS_GEOGRAPHICAL_REGIONS, None),
        *_bodies(),
        *_localities(),
    )


@cache
def jurisdiction_ids() -> frozenset[str]:
    return frozenset(j.id for j in all_jurisdictions())
