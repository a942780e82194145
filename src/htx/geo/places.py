"""Turn what a user types ("Lạng Sơn", "xã Hợp Tiến", "cả nước") into a ``Place`` or a clear error."""

from __future__ import annotations

import difflib

from htx.geo.gazetteer import gazetteer
from htx.geo.model import COUNTRY, Place, era_of
from htx.geo.text import fold
from htx.periods import Period, PeriodError

COUNTRY_WORDS = {"ca nuoc", "toan quoc", "viet nam", "vn", "country", "national"}


class PlaceNotFound(LookupError):
    """No unit matches; the message lists the closest names."""


def to_place(text: str, era: str = "new", level: str | None = None) -> Place:
    """The unit meant by ``text`` in ``era`` (provinces first), or :class:`PlaceNotFound`.

    A code such as ``20`` or ``new:province:20`` is accepted too.
    """
    t = text.strip()
    if fold(t, accents=False) in COUNTRY_WORDS:
        return COUNTRY
    if t.count(":") == 2:
        return Place.parse(t)
    gaz = gazetteer()
    if t.isdigit():
        lvl = level or ("province" if len(t) <= 2 else "commune")
        if gaz.get(era, lvl, t.zfill(2) if lvl == "province" else t.zfill(5)):
            return Place.checked(era, lvl, t.zfill(2) if lvl == "province" else t.zfill(5))
    for lvl in ([level] if level else ["province", "commune"]):
        found = gaz.find(t, level=lvl, era=era, limit=5)
        if found:
            u = found[0]
            return Place.of(u)
    names = sorted({u.short_name for u in gaz.provinces(era)})
    folded = {fold(n, accents=False): n for n in names}
    close = difflib.get_close_matches(t, names, n=5, cutoff=0.4) or [
        folded[m] for m in difflib.get_close_matches(fold(t, accents=False), list(folded), n=5, cutoff=0.4)]
    hint = f" Gần giống / closest: {', '.join(close)}." if close else ""
    raise PlaceNotFound(f"Không tìm thấy địa danh '{text}' ({era}) / no such place.{hint}")


def place_name(place: Place) -> str:
    """``Tỉnh Lạng Sơn``, ``Xã Hợp Tiến``, or ``Toàn quốc``."""
    if place.level == "country":
        return "Toàn quốc"
    u = gazetteer().get(place.era, place.level, place.code)
    return u.name if u else str(place)


def era_for(period: str | None) -> str:
    """``old`` for a period that starts before the 1 July 2025 reform, else ``new``."""
    try:
        return era_of(Period.parse(period).start) if period else "new"
    except PeriodError:
        return "new"


def document_place(meta: dict[str, object]) -> Place | None:
    """The province a report's statistics describe, in the era of its period (None when unknown)."""
    name = meta.get("province")
    if not name:
        return None
    try:
        return to_place(str(name), era=era_for(meta.get("period")), level="province")  # type: ignore[arg-type]
    except PlaceNotFound:
        return None
