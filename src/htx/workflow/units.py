"""Reporting units (đơn vị báo cáo): a cooperative, a commune, an old district or a province, and who stands above it.

A unit is keyed by text: ``org:12`` for an organisation, ``new:commune:00004`` (a place) for
the others. Every unit carries the new-era province (and commune) it belongs to, which is
what the roles are scoped by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from htx.geo import gazetteer
from htx.stats.facts import Place


class Actor(Protocol):
    """Who acts: the web's ``Principal`` or the CLI's user satisfy this."""

    @property
    def username(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def province_code(self) -> str | None: ...
    @property
    def commune_code(self) -> str | None: ...
    @property
    def organisation_id(self) -> int | None: ...


@dataclass(frozen=True)
class ReportingUnit:
    """One unit that owes reports: its level, key, name and the new-era province/commune it falls under."""

    level: str
    key: str
    name: str
    province_code: str
    commune_code: str | None = None
    organisation_id: int | None = None
    kind: str | None = None

    @property
    def place(self) -> Place | None:
        """The place whose figures this unit reports (None for a cooperative)."""
        if self.level == "coop":
            return None
        return Place.parse(self.key)


def place_unit(place: Place) -> ReportingUnit:
    """The unit of a commune, district or province (``KeyError`` when the gazetteer has no such unit)."""
    gaz = gazetteer()
    unit = gaz.unit(place.era, place.level, place.code)
    province = unit.province_code
    commune = unit.code if place.level == "commune" and place.era == "new" else None
    if place.era == "old":
        succ = gaz.successors(gaz.province_of(unit))
        province = succ[0][0].province_code if succ else unit.province_code
        if place.level == "commune":
            new = gaz.successors(unit)
            commune = new[0][0].code if len(new) == 1 else None
    return ReportingUnit(place.level, str(place), unit.name, province, commune)


def org_unit(org_id: int, name: str, province_code: str, commune_code: str | None,
             kind: str | None = None) -> ReportingUnit:
    """The unit of an organisation (``kind``: HTX, THT, LHHTX, QTDND)."""
    return ReportingUnit("coop", f"org:{org_id}", name, province_code, commune_code, org_id, kind)


def relations(actor: Actor | None, unit: ReportingUnit) -> frozenset[str]:
    """What ``actor`` is to ``unit``: ``owner`` (reports it), ``approver`` (level above),
    ``accepter`` (two levels above), ``admin``. Empty for the public.

    Approver of a cooperative: its commune's officer (the province's when the commune is
    unknown); of a commune or an old district: the province officer; of a province: the
    national administrator. The district level is gone since 1 July 2025, so a district's
    report is filed by the province officer on its behalf.
    """
    if actor is None:
        return frozenset()
    out: set[str] = set()
    role = actor.role
    if role == "admin":
        out.update({"admin", "accepter"})
        if unit.level == "province":
            out.add("approver")
        return frozenset(out)
    same_province = actor.province_code is not None and actor.province_code == unit.province_code
    if unit.level == "coop":
        if role == "coop" and actor.organisation_id == unit.organisation_id:
            out.add("owner")
        if role == "commune" and unit.commune_code and actor.commune_code == unit.commune_code:
            out.add("approver")
        if role == "province" and same_province:
            out.add("accepter")
            if not unit.commune_code:
                out.add("approver")
    elif unit.level in ("commune", "district"):
        if role == "commune" and unit.level == "commune" and actor.commune_code == unit.commune_code:
            out.add("owner")
        if role == "province" and same_province:
            out.add("approver")
            if unit.level == "district":
                out.add("owner")
    elif unit.level == "province" and role == "province" and same_province:
        out.add("owner")
    return frozenset(out)


def can_see(actor: Actor | None, unit: ReportingUnit) -> bool:
    return bool(relations(actor, unit))
