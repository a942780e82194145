"""Who may read and write what (phân quyền): roles, their place or organisation, and the checks.

Roles: ``admin`` (quản trị toàn quốc) everything; ``province`` (cán bộ tỉnh) the places of its
new-era province and the old units that went into it; ``commune`` (cán bộ xã) its commune;
``coop`` (hợp tác xã) its own organisation. Anyone else sees only published figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from htx.geo import gazetteer
from htx.stats.facts import COUNTRY, Place

ROLES = ("admin", "province", "commune", "coop")
ROLE_LABELS = {"admin": "Quản trị toàn quốc", "province": "Cán bộ tỉnh", "commune": "Cán bộ xã",
               "coop": "Hợp tác xã"}


class Forbidden(Exception):
    """The user may not see or change this; the message says why, in Vietnamese."""


class NotFound(LookupError):
    """What was asked for does not exist (or not in the user's reach); the message is Vietnamese."""


@dataclass(frozen=True)
class Principal:
    """The logged-in user as the access checks see it."""

    id: int
    username: str
    role: str
    full_name: str = ""
    province_code: str | None = None
    commune_code: str | None = None
    organisation_id: int | None = None
    must_change_password: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def home_place(self) -> Place | None:
        if self.role == "admin":
            return COUNTRY
        if self.role == "province" and self.province_code:
            return Place("new", "province", self.province_code)
        if self.role == "commune" and self.commune_code:
            return Place("new", "commune", self.commune_code)
        return None


def new_provinces_of(place: Place) -> set[str]:
    """New-era province codes a place belongs to (an old unit: the provinces it went into)."""
    gaz = gazetteer()
    unit = gaz.get(place.era, place.level, place.code)
    if unit is None:
        return set()
    if place.era == "new":
        return {unit.province_code}
    return {u.province_code for u, _ in gaz.successors(unit)}


def new_communes_of(place: Place) -> set[str]:
    gaz = gazetteer()
    if place.level != "commune":
        return set()
    unit = gaz.get(place.era, "commune", place.code)
    if unit is None:
        return set()
    if place.era == "new":
        return {unit.code}
    return {u.code for u, _ in gaz.successors(unit)}


def can_access_place(p: Principal | None, place: Place) -> bool:
    """Read and write rights coincide: a user works on the unpublished data of its own places."""
    if p is None:
        return False
    if p.is_admin:
        return True
    if place.level == "country":
        return False
    if p.role == "province" and p.province_code:
        return p.province_code in new_provinces_of(place)
    if p.role == "commune" and p.commune_code:
        return place.level == "commune" and new_communes_of(place) == {p.commune_code}
    return False


def require_place(p: Principal | None, place: Place) -> None:
    if not can_access_place(p, place):
        from htx.geo.places import place_name

        raise Forbidden(f"Bạn không có quyền với số liệu chưa công bố của {place_name(place)}.")


def can_access_org(p: Principal | None, province_code: str | None, commune_code: str | None, org_id: int | None) -> bool:
    if p is None:
        return False
    if p.is_admin:
        return True
    if p.role == "province":
        return province_code is not None and province_code == p.province_code
    if p.role == "commune":
        return commune_code is not None and commune_code == p.commune_code
    if p.role == "coop":
        return org_id is not None and org_id == p.organisation_id
    return False


def province_scope(p: Principal) -> list[tuple[str, str]] | None:
    """(era, code) of the provinces whose documents and findings the user sees (None: all)."""
    if p.is_admin:
        return None
    if p.role != "province" or not p.province_code:
        return []
    gaz = gazetteer()
    out = [("new", p.province_code)]
    unit = gaz.get("new", "province", p.province_code)
    if unit is not None:
        out += [("old", u.code) for u, _ in gaz.predecessors(unit) if u.level == "province"]
    return out


# --- what a cooperative may change in its own record ------------------------------------------

# A cooperative keeps its contact details and the figures it reports itself; its place, kind,
# registration code, sector, status and lifecycle are the officers' acts (issue 16, item 1).
COOP_EDITABLE = frozenset({"name", "tax_code", "charter_capital", "members", "workers"})
FIELD_LABELS = {"kind": "loại hình", "name": "tên", "code": "mã số", "tax_code": "mã số thuế", "sector": "lĩnh vực",
                "commune_code": "xã, phường", "province_code": "tỉnh", "status": "trạng thái",
                "status_on": "ngày chuyển trạng thái", "founded_on": "ngày thành lập",
                "charter_capital": "vốn điều lệ", "members": "số thành viên", "workers": "số lao động"}


def forbidden_changes(p: Principal, current: Mapping[str, object], changes: Mapping[str, object]) -> list[str]:
    """The fields of ``changes`` that differ from ``current`` and that ``p`` may not change (sorted)."""
    if p.role != "coop":
        return []
    return sorted(k for k, v in changes.items() if k not in COOP_EDITABLE and _differs(current.get(k), v))


def _differs(old: object, new: object) -> bool:
    norm = ("" if old is None else str(old)).strip(), ("" if new is None else str(new)).strip()
    return norm[0] != norm[1]


def require_editable(p: Principal, current: Mapping[str, object], changes: Mapping[str, object]) -> None:
    """:class:`Forbidden` naming the fields a cooperative tried to change that only officers may."""
    bad = forbidden_changes(p, current, changes)
    if bad:
        names = ", ".join(FIELD_LABELS.get(f, f) for f in bad)
        raise Forbidden(f"Tài khoản hợp tác xã không được sửa: {names} (việc của cán bộ quản lý).")


def require_lifecycle_right(p: Principal) -> None:
    """Suspension, resumption, stop and dissolution are officers' acts, never the cooperative's own."""
    if p.role == "coop":
        raise Forbidden("Tài khoản hợp tác xã không được ghi sự kiện tạm ngừng, giải thể… (việc của cán bộ quản lý).")
