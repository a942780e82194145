"""Places as users and reports name them: thin entry points over :mod:`htx.geo.resolve`.

Kept for the callers written before the one resolver existed; every function here goes
through :func:`htx.geo.resolve.resolve_place`.
"""

from __future__ import annotations

from htx.geo.gazetteer import gazetteer
from htx.geo.model import REFORM_DAY, Place
from htx.geo.resolve import (
    COUNTRY_WORDS,
    AmbiguousPlace,
    PlaceNotFound,
    era_of_period,
    resolve_place,
)

__all__ = ["COUNTRY_WORDS", "AmbiguousPlace", "PlaceNotFound", "REFORM_DAY", "document_place", "era_for",
           "place_name", "to_place"]


def to_place(text: str, era: str | None = None, level: str | None = None, period: object = None) -> Place:
    """The unit meant by ``text`` (see :func:`htx.geo.resolve.resolve_place`).

    ``era`` restricts the geography (None: decided by the name and ``period``).
    """
    return resolve_place(text, era=era, period=period, level=level)


def place_name(place: Place) -> str:
    """``Tỉnh Lạng Sơn``, ``Xã Hợp Tiến``, or ``Toàn quốc``."""
    if place.level == "country":
        return "Toàn quốc"
    u = gazetteer().get(place.era, place.level, place.code)
    return u.name if u else str(place)


def era_for(period: str | None) -> str:
    """``old`` for a period that starts before the 1 July 2025 reform, else ``new``."""
    return era_of_period(period) or "new"


def document_place(meta: dict[str, object]) -> Place | None:
    """The province a report's statistics describe, in the era of its period (None when unknown or ambiguous)."""
    name = meta.get("province")
    if not name:
        return None
    try:
        return resolve_place(str(name), era=era_for(str(meta.get("period") or "")), level="province")
    except PlaceNotFound:
        return None
