"""The access rules live in :mod:`htx.access` (services and pages share them); re-exported here."""

from htx.access import (
    ROLE_LABELS,
    ROLES,
    Forbidden,
    Principal,
    can_access_org,
    can_access_place,
    new_communes_of,
    new_provinces_of,
    province_scope,
    require_place,
)

__all__ = ["ROLES", "ROLE_LABELS", "Forbidden", "Principal", "can_access_org", "can_access_place",
           "new_communes_of", "new_provinces_of", "province_scope", "require_place"]
